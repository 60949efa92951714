// Unit tests for sim/input/spelling: worlds and names as users write them. Every
// documented spelling reads to the intended value, World::name() reads back to
// the same world, and every malformed text throws InputError naming its bad part.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/input/errors.hpp"
#include "sim/input/spelling.hpp"

using Catch::Matchers::Contains;
using pacsim::InputError;
using pacsim::kInfiniteM;
using pacsim::kMaxCount;
using pacsim::parse_world;
using pacsim::Rank;
using pacsim::World;

TEST_CASE("input/spelling: world names are canonical, each number its shortest round-trip text", "[input][spelling]") {
  CHECK(parse_world("zm:a=4.1667,M=inf").name() == "zm:a=4.1667,b=0,M=inf");
  CHECK(parse_world("zm:a=5.0,b=0.10,M=1e3").name() == "zm:a=5,b=0.1,M=1000");
  CHECK(parse_world("zm:a=0.3,b=1e-7,M=10").name() == "zm:a=0.3,b=1e-07,M=10");
  CHECK(parse_world("zm:a=5,M=inf").name() == parse_world("zm:a=5.000,b=0,M=inf").name());
  // The name reads back as the same world, to the bit.
  for (const char* s : {"zm:a=1.2,M=1e6", "zm:a=4.1666999999999996,M=inf", "zm:a=2.718281828459045,b=3.14159,M=77"}) {
    const World w = parse_world(s);
    const World back = parse_world(w.name());
    CHECK(back.a() == w.a());
    CHECK(back.b() == w.b());
    CHECK(back.M() == w.M());
    CHECK(back.name() == w.name());
  }
}

TEST_CASE("input/spelling: worlds in their documented spellings", "[input][spelling]") {
  {
    const World w = parse_world("zm:a=1.2,b=0,M=1e6");
    CHECK(w.a() == 1.2);
    CHECK(w.b() == 0.0);
    CHECK(w.M() == 1000000u);
    CHECK_FALSE(w.infinite());
    CHECK(w.name() == "zm:a=1.2,b=0,M=1000000");
  }
  {
    const World w = parse_world("zm:a=2.5,M=inf");
    CHECK(w.a() == 2.5);
    CHECK(w.b() == 0.0);  // b defaults to 0
    CHECK(w.infinite());
    CHECK(w.M() == kInfiniteM);
    CHECK(w.name() == "zm:a=2.5,b=0,M=inf");
  }
  {
    const World w = parse_world("zm:a=1.2,M=1e6");
    CHECK(w.b() == 0.0);
    CHECK(w.M() == 1000000u);
  }
  {
    const World w = parse_world("zm:M=2^20,a=0");  // any key order; a=0 is uniform
    CHECK(w.M() == (Rank{1} << 20));
    CHECK(w.a() == 0.0);
    CHECK_THAT(w.normaliser(), Catch::Matchers::WithinRel(1048576.0, 1e-15));
  }
  {
    const World w = parse_world("zm: a = 0.5 , b = -0.25 , M = 1000 ");
    CHECK(w.a() == 0.5);
    CHECK(w.b() == -0.25);
    CHECK(w.M() == 1000u);
    CHECK(w.name() == "zm:a=0.5,b=-0.25,M=1000");
  }
  CHECK(parse_world("zm:a=1,M=2^62").M() == kMaxCount);
  CHECK(parse_world("zm:a=1,M=4611686018427387904").M() == kMaxCount);
  CHECK(parse_world("zm:a=1,M=1").M() == 1u);
  CHECK(parse_world("zm:a=1,b=-0.999,M=5").b() == -0.999);
  CHECK(parse_world("zm:a=1.0000001,M=inf").infinite());
  CHECK(World(1, 0, kMaxCount).name() == "zm:a=1,b=0,M=4611686018427387904");
  // World::name() reads back exactly (17 significant digits).
  for (const World& w : {World(0.1, 0.3, 12345), World(1.0 / 3, -2.0 / 3, Rank{1} << 40),
                         World(2.718281828459045, 0, kInfiniteM), World(0, 0, 7)}) {
    const World v = parse_world(w.name());
    INFO(w.name());
    CHECK(v.a() == w.a());
    CHECK(v.b() == w.b());
    CHECK(v.M() == w.M());
  }
}

TEST_CASE("input/spelling: every malformed world is refused, naming the bad part", "[input][spelling]") {
  const std::vector<std::string> bad = {
      "zm:M=10",                          // missing a
      "zm:a=1",                           // missing M
      "zm:b=0",                           // missing both
      "zm:a=1,M=10,c=3",                  // unknown key
      "zm:a=1,M=10,A=3",                  // keys are case-sensitive
      "zm:a=1,a=2,M=10",                  // duplicate a
      "zm:a=1,M=10,M=20",                 // duplicate M
      "zm:a=1,b=0,b=1,M=3",               // duplicate b
      "zm:a=-0.1,M=10",                   // a < 0
      "zm:a=-1e-300,M=10",                // a < 0
      "zm:a=1,b=-1,M=10",                 // b <= -1
      "zm:a=1,b=-2,M=10",                 // b <= -1
      "zm:a=1,M=1.5",                     // M not integral
      "zm:a=1,M=1.5e0",                   // M not integral
      "zm:a=1,M=0",                       // M = 0
      "zm:a=1,M=-5",                      // negative
      "zm:a=1,M=4611686018427387905",     // 2^62 + 1
      "zm:a=1,M=2^63",                    // > 2^62
      "zm:a=1,M=1e19",                    // > 2^62
      "zm:a=1,M=inf",                     // M=inf needs a > 1
      "zm:a=0.5,M=inf",                   //
      "zm:a=0,M=inf",                     //
      "zm:a=1,M=Inf",                     // only "inf" spells infinity
      "zm:a=1.5,M=infinity",              //
      "foo:a=1,M=10",                     // unknown kind
      "spectrum:a=1,M=10",                // not (yet) a parametric kind
      "a=1,M=10",                         // no kind
      "zm:",                              // no parameters
      "zm",                               // no colon
      "",                                 //
      "zm:a=1.2x,M=10",                   // garbage number
      "zm:a=1,b=0.5.5,M=10",              //
      "zm:a=1,M=10x",                     //
      "zm:a=nan,M=10",                    //
      "zm:a=inf,M=10",                    //
      "zm:a=1,b=nan,M=10",                //
      "zm:a=1,b=inf,M=10",                //
      "zm:a=,M=10",                       // empty value
      "zm:a=1,M=",                        //
      "zm:a=1,M=10,",                     // trailing comma
      "zm:a=1,,M=10",                     // empty item
      "zm:,a=1,M=10",                     // leading comma
      "zm:a,M=10",                        // not key=value
      "zm:a=1;M=10",                      // wrong separator
      "zm:=1,a=1,M=10",                   // empty key
  };
  for (const auto& s : bad) {
    INFO("world text = '" << s << "'");
    CHECK_THROWS_AS(parse_world(s), InputError);
  }
  // The message names the bad part.
  CHECK_THROWS_WITH(parse_world("zm:a=1.2x,M=10"), Contains("1.2x"));
  CHECK_THROWS_WITH(parse_world("zm:a=1,M=1.5"), Contains("1.5"));
  CHECK_THROWS_WITH(parse_world("zm:a=1,zeta=3,M=10"), Contains("zeta"));
  CHECK_THROWS_WITH(parse_world("foo:a=1,M=10"), Contains("foo"));
  CHECK_THROWS_WITH(parse_world("zm:a=1"), Contains("M"));
}

TEST_CASE("input/spelling: a world whose weights double precision cannot hold is bad input", "[input][spelling]") {
  // a = 400 with b near -1 overflows (r+b)^(-a) at r = 1: the constructor's
  // std::invalid_argument reaches the user as InputError.
  CHECK_THROWS_AS(parse_world("zm:a=400,b=-0.999,M=10"), InputError);
  CHECK_THROWS_WITH(parse_world("zm:a=400,b=-0.999,M=10"), Contains("over- or underflow"));
}

TEST_CASE("input/spelling: names of modes, roundings, classes and estimators", "[input][spelling]") {
  using pacsim::Estimator;
  using pacsim::HypothesisClass;
  using pacsim::Rounding;
  using pacsim::SamplingMode;
  for (const auto m : {SamplingMode::multinomial, SamplingMode::poisson, SamplingMode::draws})
    CHECK(pacsim::parse_sampling_mode(pacsim::to_string(m)) == m);
  for (const auto r : {Rounding::nearest, Rounding::floor, Rounding::ceil})
    CHECK(pacsim::parse_rounding(pacsim::to_string(r)) == r);
  for (const auto c : {HypothesisClass::all, HypothesisClass::top})
    CHECK(pacsim::parse_hypothesis_class(pacsim::to_string(c)) == c);
  for (const auto e : {Estimator::ml, Estimator::add}) CHECK(pacsim::parse_estimator(pacsim::to_string(e)) == e);
  for (const char* bad : {"round", "", "Nearest", "nearest "}) CHECK_THROWS_AS(pacsim::parse_rounding(bad), InputError);
  CHECK_THROWS_WITH(pacsim::parse_sampling_mode("exact"),
                    Contains("'exact'") && Contains("multinomial, poisson, draws"));
  CHECK_THROWS_WITH(pacsim::parse_hypothesis_class("some"), Contains("'some'") && Contains("all, top"));
  CHECK_THROWS_WITH(pacsim::parse_estimator("mle"), Contains("'mle'") && Contains("ml, add"));
}

// What the user typed comes back quoted and escaped: one line however many
// newlines or control characters it holds, and short however long it is.
TEST_CASE("input/spelling: messages quote the text on one line", "[input][spelling]") {
  CHECK_THROWS_WITH(parse_world("zm:a=1\n,M=10"), "world 'zm:a=1\\n,M=10': a: '1\\n' is not a number");
  CHECK_THROWS_WITH(parse_world("zm:a=1,c\n=2,M=10"),
                    "world 'zm:a=1,c\\n=2,M=10': unknown parameter 'c\\n' (known: a, b, M)");
  CHECK_THROWS_WITH(parse_world("z\x1bm:a=1,M=10"), "world 'z\\x1bm:a=1,M=10': unknown kind 'z\\x1bm' (known: zm)");
  CHECK_THROWS_WITH(parse_world("zm:a=1,M\n10"), "world 'zm:a=1,M\\n10': 'M\\n10' is not key=value");
  CHECK_THROWS_WITH(parse_world("zm:a=-0.5,M=10"), "world 'zm:a=-0.5,M=10': a=-0.5 must be >= 0");
  CHECK_THROWS_WITH(pacsim::parse_sampling_mode("poisson\n"),
                    "mode: 'poisson\\n' is not one of multinomial, poisson, draws");
  CHECK_THROWS_WITH(pacsim::parse_sampling_mode(""), "mode: '' is not one of multinomial, poisson, draws");
  CHECK_THROWS_WITH(pacsim::parse_law("it's"), "law: 'it\\'s' is not one of hoffmann, besiroglu");
  const std::string long_world = "zm:a=1,M=" + std::string(100000, '9');
  CHECK_THROWS_WITH(parse_world(long_world),
                    Contains("world 'zm:a=1,M=999") && Contains("...' (100009 bytes)") && !Contains("\n"));
  const std::string long_a = "zm:a=-" + std::string(100000, '1') + ",M=10";
  try {
    parse_world(long_a);
    FAIL("no InputError");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).size() < 400);
  }
}
