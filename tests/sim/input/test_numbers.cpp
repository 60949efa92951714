// Unit tests for sim/input/numbers: the strict number parsers behind every flag
// and world string. The contract (numbers.hpp): counts are non-negative integers written
// as "123", "1e6", "2.5e3" or "2^40", integral and at most `max`; reals are finite
// with no trailing junk; every failure throws InputError naming `what` and the text;
// "nothing is clamped or rounded silently".
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "sim/input/errors.hpp"
#include "sim/input/numbers.hpp"

using Catch::Matchers::Contains;
using pacsim::InputError;
using pacsim::kMaxCount;
using pacsim::parse_count;
using pacsim::parse_count_list;
using pacsim::parse_real;
using pacsim::trim;

TEST_CASE("input/numbers: parse_count accepts the documented spellings", "[input][numbers]") {
  CHECK(parse_count("0", "n") == 0u);
  CHECK(parse_count("123", "n") == 123u);
  CHECK(parse_count("1e6", "n") == 1000000u);
  CHECK(parse_count("1E6", "n") == 1000000u);
  CHECK(parse_count("2.5e3", "n") == 2500u);
  CHECK(parse_count("1e0", "n") == 1u);
  CHECK(parse_count("1e18", "n") == 1000000000000000000u);
  CHECK(parse_count("2^0", "n") == 1u);
  CHECK(parse_count("2^10", "n") == 1024u);
  CHECK(parse_count("10^3", "n") == 1000u);
  CHECK(parse_count("2^40", "n") == (std::uint64_t{1} << 40));
  CHECK(parse_count("2^62", "n") == (std::uint64_t{1} << 62));
  // The maximum itself, written in plain digits (exact, no detour through double).
  CHECK(parse_count("4611686018427387904", "n") == kMaxCount);
  CHECK(parse_count("4611686018427387903", "n") == kMaxCount - 1);
  // Blanks around the number are trimmed.
  CHECK(parse_count("  42\t", "n") == 42u);
  // A leading '+' is accepted (the code strips it before the scientific path, as
  // parse_real does); the header neither documents nor forbids it.
  CHECK(parse_count("+7", "n") == 7u);
  CHECK(parse_count("+1e3", "n") == 1000u);
}

TEST_CASE("input/numbers: parse_count honours the max argument", "[input][numbers]") {
  CHECK(parse_count("10", "n", 10) == 10u);
  CHECK(parse_count("1e1", "n", 10) == 10u);
  CHECK(parse_count("2^3", "n", 8) == 8u);
  CHECK_THROWS_AS(parse_count("11", "n", 10), InputError);
  CHECK_THROWS_AS(parse_count("1.1e1", "n", 10), InputError);
  CHECK_THROWS_AS(parse_count("2^4", "n", 15), InputError);
  // The full uint64 range when asked for (the --seed flag uses max = ~0).
  CHECK(parse_count("18446744073709551615", "seed", ~std::uint64_t{0}) == ~std::uint64_t{0});
  CHECK_THROWS_AS(parse_count("18446744073709551616", "seed", ~std::uint64_t{0}), InputError);
}

TEST_CASE("input/numbers: parse_count rejects malformed, negative, fractional and too large values",
          "[input][numbers]") {
  const std::vector<std::string> bad = {
      "1.5",                  // not integral
      "1.5e0",                // not integral
      "0.1",                  // not integral
      "-3",                   // negative
      "2^63",                 // exceeds 2^62
      "4^32",                 // 2^64, overflows uint64 in a naive loop
      "3^40",                 // > 2^62
      "4611686018427387905",  // 2^62 + 1
      "99999999999999999999", // beyond uint64
      "1e19",                 // > 2^62
      "1e300",                // > 2^62
      "abc", "", "   ", "nan", "NaN", "inf", "infinity", "-inf",
      "1e6x", "12 34", "1,000", "0x10", "2^", "^3", "2^-1", "2^1.5", "1.5^2", "2^^3",
      "e6", "1e", "++1", "+-1", "--1",
  };
  for (const auto& s : bad) {
    INFO("text = '" << s << "'");
    CHECK_THROWS_AS(parse_count(s, "--D"), InputError);
  }
}

TEST_CASE("input/numbers: errors name the flag and the offending text", "[input][numbers]") {
  CHECK_THROWS_WITH(parse_count("abc", "--D"), Contains("--D") && Contains("abc"));
  CHECK_THROWS_WITH(parse_count("2^63", "--D"), Contains("--D") && Contains("2^63"));
  CHECK_THROWS_WITH(parse_real("1.2x", "a"), Contains("1.2x"));
  CHECK_THROWS_WITH(parse_count_list("1e5,,2", "--D"), Contains("--D"));
}

// parse.hpp promises "nothing is clamped or rounded silently". A count in
// scientific notation above 2^53 goes through a double, so a literal that is an
// exact integer but not representable must either be returned exactly or refused;
// 9.007199254740993e15 = 2^53 + 1 is integral and far below 2^62.
TEST_CASE("input/numbers: parse_count does not round large scientific-notation counts silently",
          "[input][numbers]") {
  const std::string text = "9.007199254740993e15";
  const std::uint64_t exact = (std::uint64_t{1} << 53) + 1;
  bool threw = false;
  std::uint64_t got = 0;
  try {
    got = parse_count(text, "--D");
  } catch (const InputError&) {
    threw = true;
  }
  INFO("parse_count(\"" << text << "\") returned " << got << ", exact value " << exact);
  CHECK((threw || got == exact));
}

TEST_CASE("input/numbers: parse_count_list", "[input][numbers]") {
  CHECK(parse_count_list("1e5,1e6", "--D") == std::vector<std::uint64_t>{100000, 1000000});
  CHECK(parse_count_list("7", "--D") == std::vector<std::uint64_t>{7});
  CHECK(parse_count_list(" 1e5 , 2^20,3 ", "--D") ==
        std::vector<std::uint64_t>{100000, std::uint64_t{1} << 20, 3});
  // Order and repeats are kept as given.
  CHECK(parse_count_list("3,1,3", "--D") == std::vector<std::uint64_t>{3, 1, 3});
  // Empty items anywhere, empty lists and bad items are refused.
  for (const std::string s : {"1e5,,2", "1e5,", ",1e5", "", " ", ",", "1e5,abc", "1e5;1e6", "1e5,1.5"}) {
    INFO("text = '" << s << "'");
    CHECK_THROWS_AS(parse_count_list(s, "--D"), InputError);
  }
  // min defaults to 1: 0 is below it.
  CHECK_THROWS_AS(parse_count_list("0,5", "--D"), InputError);
  CHECK_THROWS_AS(parse_count_list("5,0", "--D"), InputError);
  CHECK(parse_count_list("0,5", "--D", 0) == std::vector<std::uint64_t>{0, 5});
  // Explicit bounds.
  CHECK_THROWS_AS(parse_count_list("10,9", "--D", 10, 100), InputError);
  CHECK_THROWS_AS(parse_count_list("10,101", "--D", 10, 100), InputError);
  CHECK(parse_count_list("10,100", "--D", 10, 100) == std::vector<std::uint64_t>{10, 100});
  CHECK_THROWS_AS(parse_count_list("1e5,2^63", "--D"), InputError);
}

TEST_CASE("input/numbers: parse_real accepts finite numbers", "[input][numbers]") {
  CHECK(parse_real("1.2", "a") == 1.2);
  CHECK(parse_real("-0.5", "b") == -0.5);
  CHECK(parse_real("3e-2", "a") == 3e-2);
  CHECK(parse_real("0", "a") == 0.0);
  CHECK(parse_real("+2.5", "a") == 2.5);
  CHECK(parse_real(" 1.5\t", "a") == 1.5);
  CHECK(parse_real("1e300", "a") == 1e300);
  CHECK(parse_real("7", "a") == 7.0);
}

TEST_CASE("input/numbers: parse_real rejects non-finite values and junk", "[input][numbers]") {
  for (const std::string s : {"inf", "-inf", "+inf", "infinity", "nan", "-nan", "NaN", "1.2x", "", "  ",
                              "abc", "1.2.3", "1e400", "-1e400", "1e", "++1", "--1", "1,5", "0x1p3",
                              "1.2 3"}) {
    INFO("text = '" << s << "'");
    CHECK_THROWS_AS(parse_real(s, "a"), InputError);
  }
}

// A sign followed by another sign is junk, like "++1" and "--1" (which are refused);
// parse_real strips one '+' and hands "-1" to from_chars.
TEST_CASE("input/numbers: parse_real rejects a doubled sign '+-'", "[input][numbers]") {
  CHECK_THROWS_AS(parse_real("+-1", "a"), InputError);
  CHECK_THROWS_AS(parse_real("+-0.5", "b"), InputError);
}

TEST_CASE("input/numbers: trim removes ASCII blanks at both ends only", "[input][numbers]") {
  CHECK(trim("  a b\t") == "a b");
  CHECK(trim("\t\t") == "");
  CHECK(trim("") == "");
  CHECK(trim("x") == "x");
}

// from_chars reads a sign of its own: after the exponent's '-' was taken, a
// second one turned "1e--3" into 1e3 (and "1e--3000000000" into a string of
// three billion zeros). Exactly one optional sign is allowed there.
TEST_CASE("input/numbers: parse_count refuses a doubled sign in the exponent", "[input][numbers]") {
  for (const std::string s : {"1e--3", "1E--5", "1e--3000000000", "1e+-3", "1e-+3", "1e++3", "2.5e--3"}) {
    INFO("text = '" << s << "'");
    CHECK_THROWS_WITH(parse_count(s, "--D"), Contains("'" + s + "'") && Contains("is not a count"));
  }
  CHECK(parse_count("1e+3", "n") == 1000u);
  CHECK(parse_count("10e-1", "n") == 1u);
}

TEST_CASE("input/numbers: parse_count decides huge exponents from the digits, not by writing them out",
          "[input][numbers]") {
  CHECK_THROWS_WITH(parse_count("1e3000000000", "--D"), Contains("exceeds the maximum"));
  CHECK_THROWS_WITH(parse_count("1e99999999999999999999999999", "--D"), Contains("exceeds the maximum"));
  CHECK_THROWS_WITH(parse_count("1.5e3000000000", "--D"), Contains("exceeds the maximum"));
  CHECK_THROWS_WITH(parse_count("1e-3000000000", "--D"), Contains("is not an integer"));
  CHECK_THROWS_WITH(parse_count("1e-99999999999999999999999999", "--D"), Contains("is not an integer"));
  CHECK_THROWS_WITH(parse_count("0.5", "--D"), Contains("is not an integer"));
  // Zero, however written, with any exponent.
  CHECK(parse_count("0e99999999999999999999999999", "n") == 0u);
  CHECK(parse_count("0.000e-99999999999999999999999999", "n") == 0u);
  CHECK(parse_count("000", "n") == 0u);
  // Long mantissas whose exponent brings them back to an integer, exactly.
  CHECK(parse_count("1" + std::string(100000, '0') + "e-100000", "n") == 1u);
  CHECK(parse_count("0." + std::string(100000, '0') + "7e100001", "n") == 7u);
  CHECK(parse_count("4611686018427387904000e-3", "n") == kMaxCount);
  CHECK(parse_count("461168601842738790.4e1", "n") == kMaxCount);
  CHECK(parse_count("18446744073709551615e0", "seed", ~std::uint64_t{0}) == ~std::uint64_t{0});
  CHECK_THROWS_WITH(parse_count("18446744073709551616e0", "seed", ~std::uint64_t{0}), Contains("exceeds"));
  CHECK_THROWS_WITH(parse_count("1844674407370955161.6e1", "seed", ~std::uint64_t{0}), Contains("exceeds"));
  CHECK_THROWS_WITH(parse_count(std::string(1 << 20, '9'), "--D"), Contains("exceeds the maximum"));
  // Decimal points without digits on one side, as in C.
  CHECK(parse_count("5.", "n") == 5u);
  CHECK(parse_count(".5e1", "n") == 5u);
  CHECK(parse_count("1.e3", "n") == 1000u);
  for (const std::string s : {".", ".e3", "1..2", "1.2.3", "1e3.0", "1e3e4", "1e 3", "1 e3", "e", "E5"}) {
    INFO("text = '" << s << "'");
    CHECK_THROWS_WITH(parse_count(s, "n"), Contains("is not a count"));
  }
}

TEST_CASE("input/numbers: parse_count B^E, exact for any B and E", "[input][numbers]") {
  CHECK(parse_count("0^0", "n") == 1u);
  CHECK(parse_count("0^5", "n") == 0u);
  CHECK(parse_count("0^99999999999999999999", "n") == 0u);
  CHECK(parse_count("1^99999999999999999999", "n") == 1u);
  CHECK(parse_count("99999999999999999999^0", "n") == 1u);
  CHECK(parse_count("+2^3", "n") == 8u);
  CHECK(parse_count("002^03", "n") == 8u);
  CHECK_THROWS_WITH(parse_count("2^99999999999999999999", "--D"), Contains("exceeds the maximum"));
  CHECK_THROWS_WITH(parse_count("99999999999999999999^2", "--D"), Contains("exceeds the maximum"));
  CHECK_THROWS_WITH(parse_count("2^64", "seed", ~std::uint64_t{0}), Contains("exceeds the maximum"));
  CHECK(parse_count("2^63", "seed", ~std::uint64_t{0}) == (std::uint64_t{1} << 63));
  // The maximum applies to every form, 0^0 and 1^E included.
  CHECK_THROWS_WITH(parse_count("1^5", "n", 0), Contains("exceeds the maximum 0"));
  CHECK_THROWS_WITH(parse_count("0^0", "n", 0), Contains("exceeds the maximum 0"));
  CHECK(parse_count("0^3", "n", 0) == 0u);
  for (const std::string s : {"+2^+3", "2^+3", "2^-1", "-2^3", "2 ^3", "2^ 3", "2^3 ^4", "2^3^4", "2^3e1", "2.0^3",
                              "0x2^3", "^", "2^", "^3"}) {
    INFO("text = '" << s << "'");
    CHECK_THROWS_AS(parse_count(s, "n"), InputError);
  }
}

TEST_CASE("input/numbers: messages quote the text on one line", "[input][numbers]") {
  CHECK_THROWS_WITH(parse_count("1\n0", "--D"), "--D: '1\\n0' is not a count (write it as 1000, 1e6, 2.5e3 or 2^40)");
  CHECK_THROWS_WITH(parse_count("", "--D"), "--D: '' is empty");
  CHECK_THROWS_WITH(parse_count("-3", "--D"), "--D: '-3' is negative");
  CHECK_THROWS_WITH(parse_count("2.5", "--D"), "--D: '2.5' is not an integer");
  CHECK_THROWS_WITH(parse_count("2^63", "--D"), "--D: '2^63' exceeds the maximum 4611686018427387904");
  CHECK_THROWS_WITH(parse_real("1\x1b", "a"), "a: '1\\x1b' is not a number");
  CHECK_THROWS_WITH(parse_count_list("10,,20", "--D"), "--D: '10,,20' has an empty item");
  CHECK_THROWS_WITH(parse_count_list("10, ", "--D"), "--D: '10, ' has an empty item");
  CHECK_THROWS_WITH(parse_count_list("10,0", "--D"), "--D: '0' is below the minimum 1");
  const std::string long_text(100000, '5');
  CHECK_THROWS_WITH(parse_count(long_text, "--D"),
                    "--D: '" + std::string(64, '5') + "...' (100000 bytes) exceeds the maximum 4611686018427387904");
}

TEST_CASE("input/numbers: parse_real refuses values double precision cannot hold", "[input][numbers]") {
  CHECK_THROWS_WITH(parse_real("1e-400", "a"), Contains("out of double precision's range"));
  CHECK_THROWS_WITH(parse_real("1e400", "a"), Contains("out of double precision's range"));
  CHECK_THROWS_WITH(parse_real("1e-3000000000", "a"), Contains("out of double precision's range"));
  CHECK(parse_real("0e-400", "a") == 0.0);
  CHECK(parse_real("0e99999999999999999999", "a") == 0.0);
  CHECK(parse_real("5.", "a") == 5.0);
  CHECK(parse_real("-.5", "a") == -0.5);
  for (const std::string s : {"1e--3", "1e+-3", "-+1", "- 1", "1 e3", ".", "-", "+", "1e", "1e+", "nan(1)", "0x10",
                              "1_000", "\xef\xbc\x91"}) {
    INFO("text = '" << s << "'");
    CHECK_THROWS_AS(parse_real(s, "a"), InputError);
  }
}
