// Unit tests for sim/study/study: load_study() on study files written to the test
// scratch folder. The defaults of every key; single values in place of lists;
// the spellings of counts; the exact order and size of the grid (worlds x D x
// mode corpus cells, then k x rounding x min_one_over_k x class (x N for top) x
// estimator (x beta for add)); and bad files: each is an InputError whose message
// begins "FILE:LINE: key: " with the line of the offending value (or element).
//
// Tolerances: none. Every value read is an integer, a name or a double written
// exactly in the file, so every check is exact (==).
#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "sim/input/errors.hpp"
#include "sim/study/study.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using pacsim::Estimator;
using pacsim::HypothesisClass;
using pacsim::InputError;
using pacsim::Rounding;
using pacsim::SamplingMode;
using pacsim::Study;

namespace fs = std::filesystem;

namespace {

const std::string kHead = "worlds = [\"zm:a=1,M=100\"]\nD = [10]\n";  // lines 1 and 2

std::string work_dir() {
  const std::string d = std::string(PACSIM_TEST_WORK) + "/study";
  fs::create_directories(d);
  return d;
}

// Writes `text` to a study file named for the test (unique per call site).
std::string write_study(const std::string& name, const std::string& text) {
  const std::string path = work_dir() + "/" + name + ".toml";
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// The message of the InputError load_study throws for `text` (fails if none).
std::string load_error(const std::string& name, const std::string& text) {
  const std::string path = write_study(name, text);
  try {
    pacsim::load_study(path);
  } catch (const InputError& e) {
    return e.what();
  }
  FAIL("no InputError for " << name << ":\n" << text);
  return "";
}

// A bad file: its error begins "PATH:LINE: KEY: ".
void expect_error(const std::string& name, const std::string& text, int line, const std::string& key,
                  const std::string& also = "") {
  const std::string path = work_dir() + "/" + name + ".toml";
  const std::string msg = load_error(name, text);
  INFO(name << ": " << msg);
  CHECK_THAT(msg, StartsWith(path + ":" + std::to_string(line) + ": " + key + ": "));
  if (!also.empty()) CHECK_THAT(msg, Contains(also));
}

struct CellSpec {
  std::size_t corpus;
  std::uint64_t k;
  Rounding rounding;
  bool min;
  HypothesisClass cls;
  std::uint64_t N;
  Estimator est;
  double beta;
};

CellSpec spec_of(const pacsim::Cell& c) {
  return {c.corpus, c.spec.Q.k, c.spec.Q.rounding, c.spec.Q.min_one_over_k, c.spec.cls, c.spec.N,
          c.spec.estimator, c.spec.beta};
}

bool operator==(const CellSpec& a, const CellSpec& b) {
  return a.corpus == b.corpus && a.k == b.k && a.rounding == b.rounding && a.min == b.min && a.cls == b.cls &&
         a.N == b.N && a.est == b.est && a.beta == b.beta;
}

std::string describe(const CellSpec& c) {
  return "corpus " + std::to_string(c.corpus) + " k " + std::to_string(c.k) + " " + pacsim::to_string(c.rounding) +
         (c.min ? " min" : " nomin") + " " + pacsim::to_string(c.cls) + " N " + std::to_string(c.N) + " " +
         pacsim::to_string(c.est) + " beta " + std::to_string(c.beta);
}

// Restores the working directory when it goes out of scope.
struct CwdGuard {
  fs::path saved = fs::current_path();
  ~CwdGuard() { fs::current_path(saved); }
};

}  // namespace

TEST_CASE("study: defaults of every optional key", "[study][study]") {
  const std::string path = write_study("defaults", kHead);
  const Study s = pacsim::load_study(path);
  CHECK(s.path == path);
  CHECK(s.text == kHead);
  CHECK(s.title.empty());
  CHECK(s.reps == 10);
  CHECK(s.seed == 1);
  REQUIRE(s.worlds.size() == 1);
  CHECK(s.worlds[0].name() == "zm:a=1,b=0,M=100");
  REQUIRE(s.corpus_cells.size() == 1);
  CHECK(s.corpus_cells[0].world == 0);
  CHECK(s.corpus_cells[0].D == 10);
  CHECK(s.corpus_cells[0].mode == SamplingMode::multinomial);
  REQUIRE(s.cells.size() == 1);
  const pacsim::Cell& c = s.cells[0];
  CHECK(c.corpus == 0);
  CHECK(c.spec.Q.k == 10);
  CHECK(c.spec.Q.rounding == Rounding::nearest);
  CHECK(c.spec.Q.min_one_over_k == false);
  CHECK(c.spec.cls == HypothesisClass::all);
  CHECK(c.spec.N == 0);  // N does not apply to all
  CHECK(c.spec.estimator == Estimator::ml);
  CHECK(c.spec.beta == 0.0);  // beta does not apply to ml

  // beta's default 0.5 shows once the estimator is add.
  const Study a = pacsim::load_study(write_study("defaults_add", kHead + "estimator = \"add\"\n"));
  REQUIRE(a.cells.size() == 1);
  CHECK(a.cells[0].spec.estimator == Estimator::add);
  CHECK(a.cells[0].spec.beta == 0.5);
}

TEST_CASE("study: single values in place of lists", "[study][study]") {
  const std::string text =
      "title = \"one of each\"\n"
      "worlds = \"zm:a=1.5,b=0.25,M=1e3\"\n"
      "D = 20\n"
      "mode = \"poisson\"\n"
      "k = 4\n"
      "rounding = \"ceil\"\n"
      "min_one_over_k = true\n"
      "class = \"top\"\n"
      "N = 3\n"
      "estimator = \"add\"\n"
      "beta = 2\n"  // an integer where a real is expected
      "reps = 3\n"
      "seed = 99\n";
  const Study s = pacsim::load_study(write_study("single", text));
  CHECK(s.title == "one of each");
  CHECK(s.reps == 3);
  CHECK(s.seed == 99);
  REQUIRE(s.worlds.size() == 1);
  CHECK(s.worlds[0].name() == "zm:a=1.5,b=0.25,M=1000");
  REQUIRE(s.corpus_cells.size() == 1);
  CHECK(s.corpus_cells[0].D == 20);
  CHECK(s.corpus_cells[0].mode == SamplingMode::poisson);
  REQUIRE(s.cells.size() == 1);
  const pacsim::HypothesisSpec& h = s.cells[0].spec;
  CHECK(h.Q.k == 4);
  CHECK(h.Q.rounding == Rounding::ceil);
  CHECK(h.Q.min_one_over_k == true);
  CHECK(h.cls == HypothesisClass::top);
  CHECK(h.N == 3);
  CHECK(h.estimator == Estimator::add);
  CHECK(h.beta == 2.0);
}

TEST_CASE("study: counts as integers, integral floats and strings, seed up to 2^63-1", "[study][study]") {
  const Study s = pacsim::load_study(write_study(
      "counts", "worlds = [\"zm:a=1.2,M=1e6\"]\nD = [7, 1e3, \"2^10\", \"1e4\", 2.5e3]\n"
                "k = [\"2^40\", 1]\nreps = \"2^5\"\nseed = 9223372036854775807\n"));
  std::vector<std::uint64_t> Ds;
  for (const auto& cc : s.corpus_cells) Ds.push_back(cc.D);
  CHECK(Ds == std::vector<std::uint64_t>{7, 1000, 1024, 10000, 2500});
  REQUIRE(s.cells.size() == 10);
  CHECK(s.cells[0].spec.Q.k == (std::uint64_t{1} << 40));
  CHECK(s.cells[1].spec.Q.k == 1);
  CHECK(s.reps == 32);
  CHECK(s.seed == 9223372036854775807ULL);
  CHECK(pacsim::load_study(write_study("seed0", kHead + "seed = 0\n")).seed == 0);
  // Integral floats whose shortest spelling has an exponent ("1e+16").
  const Study big = pacsim::load_study(write_study("counts_big", "worlds = \"zm:a=3,M=inf\"\nD = [1e16, 2.5e15]\n"));
  REQUIRE(big.corpus_cells.size() == 2);
  CHECK(big.corpus_cells[0].D == 10000000000000000ULL);
  CHECK(big.corpus_cells[1].D == 2500000000000000ULL);
}

TEST_CASE("study: the grid's exact order and size", "[study][study]") {
  const std::string text =
      "worlds = [\"zm:a=1,M=100\", \"zm:a=1.5,b=0.5,M=200\"]\n"
      "D = [10, 20]\n"
      "mode = [\"multinomial\", \"poisson\"]\n"
      "k = [2, 3]\n"
      "rounding = [\"floor\", \"ceil\"]\n"
      "min_one_over_k = [false, true]\n"
      "class = [\"all\", \"top\"]\n"
      "N = [1, 2]\n"
      "estimator = [\"ml\", \"add\"]\n"
      "beta = [0.5, 1.0]\n";
  const Study s = pacsim::load_study(write_study("grid", text));
  REQUIRE(s.worlds.size() == 2);
  CHECK(s.worlds[1].name() == "zm:a=1.5,b=0.5,M=200");

  // Corpus cells: worlds x D x mode, the last fastest.
  const SamplingMode m = SamplingMode::multinomial, p = SamplingMode::poisson;
  const std::vector<pacsim::CorpusCell> corpus = {{0, 10, m}, {0, 10, p}, {0, 20, m}, {0, 20, p},
                                                  {1, 10, m}, {1, 10, p}, {1, 20, m}, {1, 20, p}};
  REQUIRE(s.corpus_cells.size() == corpus.size());
  for (std::size_t i = 0; i < corpus.size(); ++i) {
    INFO("corpus cell " << i);
    CHECK(s.corpus_cells[i].world == corpus[i].world);
    CHECK(s.corpus_cells[i].D == corpus[i].D);
    CHECK(s.corpus_cells[i].mode == corpus[i].mode);
  }

  // Per corpus cell: 2 k x 2 rounding x 2 min x (all: ml + 2 add; top: 2 N x (ml + 2 add)) = 8 x 9.
  REQUIRE(s.cells.size() == 8 * 8 * 9);
  // The first ten, literally.
  const auto all = HypothesisClass::all, top = HypothesisClass::top;
  const auto ml = Estimator::ml, add = Estimator::add;
  const auto fl = Rounding::floor;
  const std::vector<CellSpec> first = {
      {0, 2, fl, false, all, 0, ml, 0},   {0, 2, fl, false, all, 0, add, 0.5}, {0, 2, fl, false, all, 0, add, 1},
      {0, 2, fl, false, top, 1, ml, 0},   {0, 2, fl, false, top, 1, add, 0.5}, {0, 2, fl, false, top, 1, add, 1},
      {0, 2, fl, false, top, 2, ml, 0},   {0, 2, fl, false, top, 2, add, 0.5}, {0, 2, fl, false, top, 2, add, 1},
      {0, 2, fl, true, all, 0, ml, 0}};
  for (std::size_t i = 0; i < first.size(); ++i) {
    INFO("cell " << i << ": " << describe(spec_of(s.cells[i])));
    CHECK(spec_of(s.cells[i]) == first[i]);
  }
  // All of them, in the documented nesting (the last list fastest).
  std::vector<CellSpec> expected;
  for (std::size_t c = 0; c < 8; ++c)
    for (const std::uint64_t k : {2, 3})
      for (const Rounding r : {Rounding::floor, Rounding::ceil})
        for (const bool mn : {false, true}) {
          for (const Estimator e : {ml, add})
            for (const double b : (e == add ? std::vector<double>{0.5, 1.0} : std::vector<double>{0.0}))
              expected.push_back({c, k, r, mn, all, 0, e, b});
          for (const std::uint64_t N : {1, 2})
            for (const Estimator e : {ml, add})
              for (const double b : (e == add ? std::vector<double>{0.5, 1.0} : std::vector<double>{0.0}))
                expected.push_back({c, k, r, mn, top, N, e, b});
        }
  REQUIRE(expected.size() == s.cells.size());
  std::size_t wrong = 0;
  for (std::size_t i = 0; i < expected.size(); ++i)
    if (!(spec_of(s.cells[i]) == expected[i])) {
      if (wrong++ < 5) UNSCOPED_INFO("cell " << i << ": " << describe(spec_of(s.cells[i])) << ", expected "
                                             << describe(expected[i]));
    }
  CHECK(wrong == 0);
}

TEST_CASE("study: N applies to top only and beta to add only", "[study][study]") {
  // class all and top with three N: all once (N 0), top three times.
  const Study s = pacsim::load_study(
      write_study("n_top_only", kHead + "class = [\"top\", \"all\"]\nN = [5, 6, 7]\nestimator = \"ml\"\n"));
  REQUIRE(s.cells.size() == 4);
  CHECK(s.cells[0].spec.cls == HypothesisClass::top);
  CHECK(s.cells[0].spec.N == 5);
  CHECK(s.cells[1].spec.N == 6);
  CHECK(s.cells[2].spec.N == 7);
  CHECK(s.cells[3].spec.cls == HypothesisClass::all);
  CHECK(s.cells[3].spec.N == 0);
  // estimator add then ml, two betas: add twice, ml once (beta 0).
  const Study b = pacsim::load_study(
      write_study("beta_add_only", kHead + "estimator = [\"add\", \"ml\"]\nbeta = [0.25, 4]\n"));
  REQUIRE(b.cells.size() == 3);
  CHECK(b.cells[0].spec.estimator == Estimator::add);
  CHECK(b.cells[0].spec.beta == 0.25);
  CHECK(b.cells[1].spec.beta == 4.0);
  CHECK(b.cells[2].spec.estimator == Estimator::ml);
  CHECK(b.cells[2].spec.beta == 0.0);
}

TEST_CASE("study: unknown keys and wrong types name file, line and key", "[study][study]") {
  expect_error("unknown_key", kHead + "foo = 1\n", 3, "foo", "unknown key");
  expect_error("unknown_key_case", kHead + "Reps = 1\n", 3, "Reps", "unknown key");
  expect_error("type_title", kHead + "title = 5\n", 3, "title", "expected a string");
  expect_error("type_worlds", "worlds = [1]\nD = [10]\n", 1, "worlds", "expected a string");
  expect_error("type_D", "worlds = [\"zm:a=1,M=100\"]\nD = true\n", 2, "D", "expected a count");
  expect_error("type_mode", kHead + "mode = 5\n", 3, "mode", "expected a string");
  expect_error("type_k", kHead + "k = [\"x\"]\n", 3, "k");
  expect_error("type_rounding", kHead + "rounding = [true]\n", 3, "rounding", "expected a string");
  expect_error("type_min", kHead + "min_one_over_k = \"yes\"\n", 3, "min_one_over_k", "expected true or false");
  expect_error("type_class", kHead + "class = 1\n", 3, "class", "expected a string");
  expect_error("type_estimator", kHead + "estimator = [1]\n", 3, "estimator", "expected a string");
  expect_error("type_beta", kHead + "estimator = \"add\"\nbeta = [\"0.5\"]\n", 4, "beta", "expected a number");
  expect_error("type_reps", kHead + "reps = [1, 2]\n", 3, "reps", "expected a count");
  expect_error("type_seed", kHead + "seed = \"x\"\n", 3, "seed");
  expect_error("negative_seed", kHead + "seed = -1\n", 3, "seed", "negative");
  expect_error("type_N", kHead + "class = \"top\"\nN = true\n", 4, "N", "expected a count");
  expect_error("bad_world", "worlds = [\"zm:a=1\"]\nD = [10]\n", 1, "worlds", "missing M");
  expect_error("bad_mode", kHead + "mode = [\"binomial\"]\n", 3, "mode", "'binomial'");
  expect_error("bad_class", kHead + "class = [\"bottom\"]\n", 3, "class", "'bottom'");
  // A list's element: the line of the element, not of the key.
  expect_error("element_line", "worlds = [\"zm:a=1,M=100\"]\nD = [\n  10,\n  \"ten\",\n]\n", 4, "D", "'ten'");
}

TEST_CASE("study: counts out of range name file, line and key", "[study][study]") {
  const std::string w = "worlds = [\"zm:a=1,M=100\"]\n";
  expect_error("D_fraction", w + "D = [10, 1.5]\n", 2, "D");
  expect_error("D_fraction_string", w + "D = [\"1.5\"]\n", 2, "D");
  expect_error("D_zero", w + "D = [0]\n", 2, "D", "minimum");
  expect_error("D_negative", w + "D = [-5]\n", 2, "D", "negative");
  expect_error("D_2_63", w + "D = [\"2^63\"]\n", 2, "D");
  expect_error("D_2_62_plus_1", w + "D = [4611686018427387905]\n", 2, "D");
  expect_error("D_1e19", w + "D = [1e19]\n", 2, "D");
  // A D that parses but cannot be sampled: a uniform world of 2^62 ranks at
  // D = 2^62 has a head of 2^62 ranks, far beyond any machine's memory.
  expect_error("D_refused", "worlds = [\"zm:a=0,M=2^62\"]\nD = [\"2^62\"]\n", 2, "D", "zm:a=0,b=0,M=4611686018427387904");
  expect_error("k_zero", kHead + "k = 0\n", 3, "k", "minimum");
  expect_error("k_2_41", kHead + "k = [\"2^41\"]\n", 3, "k");
  expect_error("N_zero", kHead + "class = \"top\"\nN = [0]\n", 4, "N", "minimum");
  expect_error("reps_zero", kHead + "reps = 0\n", 3, "reps", "minimum");
  expect_error("reps_2_32_plus_1", kHead + "reps = 4294967297\n", 3, "reps");
  expect_error("beta_zero", kHead + "estimator = \"add\"\nbeta = [1, 0]\n", 4, "beta", "> 0");
  expect_error("beta_negative", kHead + "estimator = \"add\"\nbeta = -1\n", 4, "beta", "> 0");
  expect_error("beta_nan", kHead + "estimator = \"add\"\nbeta = nan\n", 4, "beta", "> 0");
  expect_error("beta_inf", kHead + "estimator = \"add\"\nbeta = inf\n", 4, "beta", "> 0");
}

TEST_CASE("study: empty lists and keys that do not apply", "[study][study]") {
  expect_error("empty_k", kHead + "k = []\n", 3, "k", "empty list");
  expect_error("empty_worlds", "worlds = []\nD = [10]\n", 1, "worlds", "empty list");
  expect_error("empty_D", "worlds = [\"zm:a=1,M=100\"]\nD = []\n", 2, "D", "empty list");
  // top without N: reported at class's line.
  expect_error("top_without_N", kHead + "class = [\"all\", \"top\"]\n", 3, "N", "top");
  // N without top, with and without a class key.
  expect_error("N_without_top", kHead + "N = [3]\n", 3, "N", "top only");
  expect_error("N_with_all", kHead + "class = \"all\"\nN = [3]\n", 4, "N", "top only");
  // beta without add.
  expect_error("beta_without_add", kHead + "beta = [0.5]\n", 3, "beta", "add only");
  // add over an infinite world: the line of that world.
  expect_error("add_infinite", "worlds = [\n  \"zm:a=1,M=100\",\n  \"zm:a=2,M=inf\",\n]\nD = [10]\nestimator = \"add\"\n",
               3, "worlds", "infinite");
}

TEST_CASE("study: required keys, TOML syntax errors and unreadable paths", "[study][study]") {
  // A missing key has no line; the message names the file and the key.
  {
    const std::string path = work_dir() + "/no_worlds.toml";
    const std::string msg = load_error("no_worlds", "D = [10]\n");
    CHECK_THAT(msg, StartsWith(path + ": worlds: "));
    CHECK_THAT(msg, Contains("required"));
  }
  {
    const std::string path = work_dir() + "/no_D.toml";
    const std::string msg = load_error("no_D", "worlds = [\"zm:a=1,M=100\"]\n");
    CHECK_THAT(msg, StartsWith(path + ": D: "));
    CHECK_THAT(msg, Contains("required"));
  }
  // TOML syntax: the file and the line of the error.
  {
    const std::string path = work_dir() + "/syntax.toml";
    const std::string msg = load_error("syntax", kHead + "mode = \"multinomial\nk = 3\n");
    CHECK_THAT(msg, StartsWith(path + ":3: "));
  }
  {
    const std::string path = work_dir() + "/duplicate.toml";
    const std::string msg = load_error("duplicate", kHead + "D = [20]\n");
    CHECK_THAT(msg, StartsWith(path + ":3: "));
  }
  // Unreadable: a path that does not exist.
  {
    const std::string path = work_dir() + "/does_not_exist.toml";
    CHECK_THROWS_AS(pacsim::load_study(path), InputError);
    CHECK_THROWS_WITH(pacsim::load_study(path), path + ": cannot read the study file");
  }
}

TEST_CASE("study: a directory given as the study file is refused", "[study][study]") {
  const std::string dir = work_dir() + "/a_directory.toml";
  fs::create_directories(dir);
  CHECK_THROWS_AS(pacsim::load_study(dir), InputError);
  CHECK_THROWS_WITH(pacsim::load_study(dir), dir + ": is a directory, not a study file");
}

TEST_CASE("study: a relative path that is a prefix of a key still gets FILE:LINE: key", "[study][study]") {
  // Errors of parse_count ("reps: '1.5' ...") are re-prefixed with the file and
  // line unless they already begin with the file's path: a study file named "r"
  // (a prefix of "reps") must still get "r:3: reps: ".
  const CwdGuard guard;
  fs::current_path(work_dir());
  std::ofstream("r", std::ios::binary) << kHead << "reps = 1.5\n";
  try {
    pacsim::load_study("r");
    FAIL("no InputError");
  } catch (const InputError& e) {
    CHECK_THAT(std::string(e.what()), StartsWith("r:3: reps: "));
  }
}

// TOML gives a float as a double; the count is that double's exact value. A
// detour through 17 printed digits made 4.611686018427388e18 (exactly 2^62)
// 4611686018427387900, and 2^63 9223372036854775800.
TEST_CASE("study: integral floats from 1e17 up are their exact double values", "[study][study]") {
  const Study s = pacsim::load_study(write_study(
      "floats_exact", "worlds = [\"zm:a=6,M=inf\"]\nD = [4.611686018427388e18, 1.2345678901234567e17]\n"
                      "class = \"top\"\nN = [4.611686018427388e18, 1e17]\nseed = 9.223372036854776e18\n"
                      "reps = 4294967296.0\n"));
  REQUIRE(s.corpus_cells.size() == 2);
  CHECK(s.corpus_cells[0].D == (std::uint64_t{1} << 62));
  CHECK(s.corpus_cells[1].D == 123456789012345664ULL);  // the double nearest 1.2345678901234567e17
  REQUIRE(s.cells.size() == 4);
  CHECK(s.cells[0].spec.N == (std::uint64_t{1} << 62));
  CHECK(s.cells[1].spec.N == 100000000000000000ULL);
  CHECK(s.seed == (std::uint64_t{1} << 63));
  CHECK(s.reps == (std::uint64_t{1} << 32));
  // The largest double below 2^64 is a seed; 2^64 is not.
  CHECK(pacsim::load_study(write_study("seed_top_float", kHead + "seed = 1.8446744073709550e19\n")).seed ==
        18446744073709549568ULL);
}

TEST_CASE("study: floats that are no count name the key and the value", "[study][study]") {
  const std::string w = "worlds = [\"zm:a=1,M=100\"]\n";
  expect_error("float_seed_2_64", kHead + "seed = 1.8446744073709552e19\n", 3, "seed",
               "18446744073709551616 exceeds the maximum 18446744073709551615");
  expect_error("float_D_above", w + "D = [4.611686018427389e18]\n", 2, "D",
               "4611686018427388928 exceeds the maximum 4611686018427387904");
  expect_error("float_D_fraction", w + "D = [2.5]\n", 2, "D", "2.5 is not an integer");
  expect_error("float_D_negative", w + "D = [-1e3]\n", 2, "D", "-1000 is negative");
  expect_error("float_D_inf", w + "D = [inf]\n", 2, "D", "inf is not a finite number");
  expect_error("float_D_nan", w + "D = [nan]\n", 2, "D", "nan is not a finite number");
  expect_error("float_reps_above", kHead + "reps = 4294967297.0\n", 3, "reps", "exceeds the maximum 4294967296");
  expect_error("float_reps_1e300", kHead + "reps = 1e300\n", 3, "reps", "1e+300 exceeds the maximum 4294967296");
  expect_error("float_k_zero", kHead + "k = 0.0\n", 3, "k", "0 is below the minimum 1");
}

// A TOML integer where a real is expected is converted only when the double
// holds it exactly.
TEST_CASE("study: an integer beta beyond 2^53 is refused, not rounded", "[study][study]") {
  expect_error("beta_2_53_plus_1", kHead + "estimator = \"add\"\nbeta = 9007199254740993\n", 4, "beta", "2^53");
  const Study s =
      pacsim::load_study(write_study("beta_2_53", kHead + "estimator = \"add\"\nbeta = 9007199254740992\n"));
  CHECK(s.cells[0].spec.beta == 9007199254740992.0);
}

TEST_CASE("study: counts in strings follow parse_count, 1e--5 included", "[study][study]") {
  expect_error("reps_double_sign", kHead + "reps = \"1e--5\"\n", 3, "reps", "'1e--5' is not a count");
  expect_error("D_newline", "worlds = [\"zm:a=1,M=100\"]\nD = [\"1\\n0\"]\n", 2, "D", "'1\\n0' is not a count");
}

TEST_CASE("study: what is not a regular file of UTF-8 text is refused before it is read", "[study][study]") {
  {
    const std::string path = work_dir() + "/fifo.toml";
    fs::remove(path);
    REQUIRE(mkfifo(path.c_str(), 0600) == 0);  // opening it to read would wait for a writer
    CHECK_THROWS_WITH(pacsim::load_study(path), path + ": is a FIFO, not a regular file");
  }
  CHECK_THROWS_WITH(pacsim::load_study("/dev/zero"), "/dev/zero: is a device, not a regular file");
  {
    const std::string path = write_study("too_big", kHead + std::string(pacsim::kMaxStudyBytes, '#'));
    CHECK_THROWS_WITH(pacsim::load_study(path),
                      path + ": is larger than 1048576 bytes (1 MiB), the most a study file may have");
  }
  {  // The largest file allowed is read.
    const std::string text = kHead + "#" + std::string(pacsim::kMaxStudyBytes - kHead.size() - 2, 'x') + "\n";
    REQUIRE(text.size() == pacsim::kMaxStudyBytes);
    CHECK(pacsim::load_study(write_study("largest", text)).text == text);
  }
  const std::vector<std::pair<std::string, std::string>> not_text = {
      {"nul", kHead + std::string(1, '\0')},           {"latin1", kHead + "title = \"caf\xe9\"\n"},
      {"overlong", kHead + "# \xc0\xaf\n"},            {"surrogate", kHead + "# \xed\xa0\x80\n"},
      {"beyond_10ffff", kHead + "# \xf4\x90\x80\x80\n"}, {"cut", kHead + "# \xe2\x82"},
      {"png", std::string("\x89PNG\r\n\x1a\n", 8)}};
  for (const auto& [name, text] : not_text) {
    const std::string path = write_study(name, text);
    const std::string msg = load_error(name, text);
    INFO(msg);
    CHECK_THAT(msg, StartsWith(path + ": is not UTF-8 text (byte "));
  }
  // UTF-8 in a comment and a title is text.
  const std::string utf8 = kHead + "# \xe2\x82\xac \xf0\x9f\x98\x80\ntitle = \"\xc3\xa9t\xc3\xa9\"\n";
  const Study u = pacsim::load_study(write_study("utf8", utf8));
  CHECK(u.title == "\xc3\xa9t\xc3\xa9");
}

TEST_CASE("study: paths and keys in messages are escaped onto one line", "[study][study]") {
  const std::string path = work_dir() + "/new\nline.toml";
  std::ofstream(path, std::ios::binary) << kHead << "reps = 0\n";
  const std::string shown = work_dir() + "/new\\nline.toml";
  CHECK_THROWS_WITH(pacsim::load_study(path), shown + ":3: reps: 0 is below the minimum 1");
  expect_error("key_newline", kHead + "\"col\\nour\" = 3\n", 3, "col\\nour", "unknown key");
}

// The grid is a product of lists: a file of a few kilobytes can ask for more
// cells than any machine holds. It is refused, with the count, before one is made.
TEST_CASE("study: a grid beyond kMaxCells is refused before it is built", "[study][study]") {
  const auto one_to = [](int n) {  // "1,2,...,n"
    std::string s;
    for (int i = 1; i <= n; ++i) s += (i > 1 ? "," : "") + std::to_string(i);
    return s;
  };
  const std::string head = "worlds = \"zm:a=2,M=100\"\n";
  const std::string path =
      write_study("grid_too_big", head + "D = [" + one_to(1025) + "]\nk = [" + one_to(1024) + "]\n");
  CHECK_THROWS_WITH(pacsim::load_study(path), path + ": the grid has 1049600 cells, more than the 1048576 (2^20) "
                                                     "a study may have; shorten its lists");
  // Far beyond 2^64: the count is a double.
  std::string ws;
  for (int i = 0; i < 1000; ++i) ws += std::string(i ? "," : "") + "\"zm:a=2,M=" + std::to_string(100 + i) + "\"";
  const std::string huge = "worlds = [" + ws + "]\nD = [" + one_to(1000) + "]\nk = [" + one_to(1000) + "]\n" +
                           "rounding = [\"floor\", \"ceil\"]\nmin_one_over_k = [true, false]\n" +
                           "class = [\"all\", \"top\"]\nN = [" + one_to(1000) + "]\n" +
                           "estimator = [\"ml\", \"add\"]\nbeta = [" + one_to(1000) + "]\n";
  CHECK_THROWS_WITH(pacsim::load_study(write_study("grid_huge", huge)), Contains("cells, more than the 1048576"));
  // Exactly the maximum is built.
  const Study s =
      pacsim::load_study(write_study("grid_max", head + "D = [" + one_to(1024) + "]\nk = [" + one_to(1024) + "]\n"));
  CHECK(s.cells.size() == pacsim::kMaxCells);
}

TEST_CASE("study: a list that names one value twice is refused, in any spelling", "[study][study]") {
  CHECK(load_error("repeat_world", "worlds = [\"zm:a=5,M=inf\", \"zm:a=2,M=inf\",\n  \"zm:a=5.0,b=0,M=inf\"]\nD = [10]\n") ==
        work_dir() + "/repeat_world.toml:2: worlds: 'zm:a=5.0,b=0,M=inf' is zm:a=5,b=0,M=inf, already listed as "
                     "'zm:a=5,M=inf' on line 1; list each value once");
  CHECK_THAT(load_error("repeat_D", "worlds = \"zm:a=2,M=100\"\nD = [1000, \"1e3\"]\n"), Contains("D: '1e3' is 1000, already listed as '1000'"));
  CHECK_THAT(load_error("repeat_D_float", "worlds = \"zm:a=2,M=100\"\nD = [1e3, 1000]\n"),
             Contains("D: '1000' is 1000, already listed as '1000'"));
  CHECK_THAT(load_error("repeat_k", kHead + "k = [10, 10]\n"), Contains(":3: k: '10' is 10, already listed"));
  CHECK_THAT(load_error("repeat_class", kHead + "class = [\"all\", \"all\"]\n"), Contains("class: 'all' is all"));
  CHECK_THAT(load_error("repeat_min", kHead + "min_one_over_k = [true, true]\n"), Contains("min_one_over_k: 'true'"));
  CHECK_THAT(load_error("repeat_N", kHead + "class = \"top\"\nN = [5, 5.0]\n"), Contains("N: '5' is 5"));
  CHECK_THAT(load_error("repeat_beta", "worlds = \"zm:a=2,M=100\"\nD = 10\nestimator = \"add\"\nbeta = [0.5, 0.50]\n"),
             Contains("beta: '0.5' is 0.5, already listed as '0.5'"));
  // Different values are fine, and so is a single world.
  CHECK(pacsim::load_study(write_study("distinct", "worlds = [\"zm:a=5,M=inf\", \"zm:a=5,b=1,M=inf\"]\nD = [10, 100]\n"))
            .worlds.size() == 2);
}
