// Unit tests for theory/quantiser: the grid K = {0, 1/k, ..., 1} and
// Q_k with rounding nearest (halves round up), floor, ceil and the paper's
// "rounded up to avoid overflow" rule min_one_over_k; index() on doubles and the
// exact index_ratio() on integer ratios.
//
// Known answers:
//  - hand values on dyadic inputs (x * k exact in double, so the rounding of the
//    real number x k is unambiguous);
//  - index_ratio() against (a) brute force over every grid index j for small k
//    (nearest: the j minimising |num k - j den|, ties to the larger j; floor: the
//    largest j with j den <= num k; ceil: the smallest j with j den >= num k), and
//    (b) boost::multiprecision::cpp_int quotient/remainder arithmetic for den up to
//    2^62 and k up to 2^40 (exact; no tolerance);
//  - index() against the exact rounding of the double x (x k computed exactly in
//    long double, 64-bit mantissa, for k <= 2^11) and against index_ratio() for
//    x = c/n, skipping inputs within 1e-6 (in units of the grid step) of a rounding
//    boundary, where the double c/n and the product x k may legitimately round
//    across it. No tolerance otherwise: grid indices are integers.
#include <catch2/catch.hpp>

#include <boost/multiprecision/cpp_int.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>

#include "theory/quantiser.hpp"

using pacsim::Quantiser;
using pacsim::Rounding;

namespace {

Quantiser make_q(std::uint64_t k, Rounding r, bool min1 = false) {
  Quantiser q;
  q.k = k;
  q.rounding = r;
  q.min_one_over_k = min1;
  return q;
}

// Brute force over the grid: exact comparisons of num/den with j/k in 128 bits.
std::int64_t brute_ratio(const Quantiser& Q, std::uint64_t num, std::uint64_t den) {
  __extension__ using u128 = unsigned __int128;
  const u128 nk = static_cast<u128>(num) * Q.k;
  std::int64_t best = 0;
  if (Q.rounding == Rounding::floor) {
    for (std::uint64_t j = 0; j <= Q.k; ++j)
      if (static_cast<u128>(j) * den <= nk) best = static_cast<std::int64_t>(j);
  } else if (Q.rounding == Rounding::ceil) {
    best = static_cast<std::int64_t>(Q.k);
    for (std::uint64_t j = Q.k + 1; j-- > 0;)
      if (static_cast<u128>(j) * den >= nk) best = static_cast<std::int64_t>(j);
  } else {
    u128 best_d = ~u128{0};
    for (std::uint64_t j = 0; j <= Q.k; ++j) {
      const u128 jd = static_cast<u128>(j) * den;
      const u128 d = jd > nk ? jd - nk : nk - jd;
      if (d <= best_d) {  // <=: ties go to the larger j (halves round up)
        best_d = d;
        best = static_cast<std::int64_t>(j);
      }
    }
  }
  if (Q.min_one_over_k && best < 1) best = 1;
  return best;
}

// Exact rounding of a double x in [0, 1] for k <= 2^11: x k is exact in long double.
std::int64_t exact_double_index(const Quantiser& Q, double x) {
  static_assert(std::numeric_limits<long double>::digits >= 64, "needs x87 long double");
  const long double y = static_cast<long double>(x) * static_cast<long double>(Q.k);
  const long double f = std::floor(y);
  long double j;
  if (Q.rounding == Rounding::floor) j = f;
  else if (Q.rounding == Rounding::ceil) j = (y == f) ? f : f + 1;
  else j = (y - f >= 0.5L) ? f + 1 : f;  // y - f is exact
  if (j < 0) j = 0;
  if (j > static_cast<long double>(Q.k)) j = static_cast<long double>(Q.k);
  std::int64_t r = static_cast<std::int64_t>(j);
  if (Q.min_one_over_k && r < 1) r = 1;
  return r;
}

using boost::multiprecision::cpp_int;

// Exact grid index by cpp_int: q = floor(num k / den), rem = num k - q den.
std::int64_t bigint_ratio(const Quantiser& Q, std::uint64_t num, std::uint64_t den) {
  const cpp_int nk = cpp_int(num) * Q.k;
  cpp_int q = nk / den;
  const cpp_int rem = nk - q * den;
  if (Q.rounding == Rounding::ceil && rem != 0) q += 1;
  if (Q.rounding == Rounding::nearest && 2 * rem >= cpp_int(den)) q += 1;
  if (q > Q.k) q = Q.k;
  std::int64_t r = q.convert_to<std::int64_t>();
  if (Q.min_one_over_k && r < 1) r = 1;
  return r;
}

const Rounding kModes[] = {Rounding::nearest, Rounding::floor, Rounding::ceil};

}  // namespace

TEST_CASE("Quantiser nearest: halves round up, hand values", "[theory][quantiser]") {
  const Quantiser q4 = make_q(4, Rounding::nearest);
  CHECK(q4.index(0.0) == 0);
  CHECK(q4.index(0.1) == 0);    // 0.4
  CHECK(q4.index(0.125) == 1);  // 0.5: half, up
  CHECK(q4.index(0.375) == 2);  // 1.5
  CHECK(q4.index(0.625) == 3);  // 2.5
  CHECK(q4.index(0.875) == 4);  // 3.5
  CHECK(q4.index(0.3) == 1);    // 1.2
  CHECK(q4.index(0.35) == 1);   // 1.4
  CHECK(q4.index(0.4) == 2);    // 1.6
  CHECK(q4.index(1.0) == 4);
  CHECK(q4.index(std::nextafter(0.125, 1.0)) == 1);
  CHECK(q4.index(std::nextafter(0.375, 0.0)) == 1);
  CHECK(q4.index(std::nextafter(0.375, 1.0)) == 2);

  CHECK(q4.index_ratio(1, 8) == 1);  // 1/2 grid step: up
  CHECK(q4.index_ratio(3, 8) == 2);
  CHECK(q4.index_ratio(7, 8) == 4);
  CHECK(q4.index_ratio(1, 3) == 1);  // 4/3
  CHECK(q4.index_ratio(2, 3) == 3);  // 8/3
  CHECK(q4.index_ratio(5, 5) == 4);
  CHECK(q4.index_ratio(0, 5) == 0);
  // Exact halves for many k: (2j+1)/(2k) -> j+1; and one below / above a half.
  for (std::uint64_t k = 1; k <= 200; ++k) {
    const Quantiser q = make_q(k, Rounding::nearest);
    for (std::uint64_t j = 0; j < k; ++j) {
      INFO("k=" << k << " j=" << j);
      REQUIRE(q.index_ratio(2 * j + 1, 2 * k) == static_cast<std::int64_t>(j + 1));
      // (2j+1)/(2k) -/+ 1/(2k * 1000): the numerator (2j+1)*1000 -/+ 1 over 2k*1000
      REQUIRE(q.index_ratio((2 * j + 1) * 1000 - 1, 2 * k * 1000) == static_cast<std::int64_t>(j));
      REQUIRE(q.index_ratio((2 * j + 1) * 1000 + 1, 2 * k * 1000) == static_cast<std::int64_t>(j + 1));
    }
  }
}

TEST_CASE("Quantiser nearest: the largest double below a half rounds down", "[theory][quantiser]") {
  // x k is exact here (k a power of two), so the real value x k is strictly below
  // j + 1/2 and nearest must give j. floor(y + 0.5) in double gets this wrong:
  // 0.49999999999999994 + 0.5 rounds to 1.0.
  const double below_half = std::nextafter(0.5, 0.0);  // 0.5 - 2^-54
  CHECK(make_q(1, Rounding::nearest).index(below_half) == 0);
  CHECK(make_q(2, Rounding::nearest).index(below_half / 2) == 0);  // y = 0.5 - 2^-54
  CHECK(make_q(4, Rounding::nearest).index(std::nextafter(0.125, 0.0)) == 0);
  // The exact index_ratio() has no such problem.
  CHECK(make_q(1, Rounding::nearest).index_ratio((std::uint64_t{1} << 61) - 1, std::uint64_t{1} << 62) == 0);
}

TEST_CASE("Quantiser floor and ceil: hand values", "[theory][quantiser]") {
  const Quantiser f = make_q(4, Rounding::floor), c = make_q(4, Rounding::ceil);
  CHECK(f.index(0.0) == 0);
  CHECK(f.index(0.25) == 1);
  CHECK(f.index(std::nextafter(0.25, 0.0)) == 0);
  CHECK(f.index(0.74) == 2);
  CHECK(f.index(std::nextafter(1.0, 0.0)) == 3);
  CHECK(f.index(1.0) == 4);
  CHECK(c.index(0.0) == 0);
  CHECK(c.index(1e-300) == 1);
  CHECK(c.index(std::numeric_limits<double>::denorm_min()) == 1);
  CHECK(c.index(0.25) == 1);
  CHECK(c.index(std::nextafter(0.25, 1.0)) == 2);
  CHECK(c.index(0.51) == 3);
  CHECK(c.index(1.0) == 4);

  CHECK(f.index_ratio(1, 4) == 1);
  CHECK(f.index_ratio(1, 5) == 0);   // 0.8
  CHECK(f.index_ratio(4, 5) == 3);   // 3.2
  CHECK(f.index_ratio(9, 10) == 3);  // 3.6
  CHECK(c.index_ratio(1, 4) == 1);
  CHECK(c.index_ratio(1, 5) == 1);
  CHECK(c.index_ratio(4, 5) == 4);
  CHECK(c.index_ratio(0, 7) == 0);
  CHECK(c.index_ratio(1, std::uint64_t{1} << 62) == 1);  // tiny but positive
  CHECK(f.index_ratio((std::uint64_t{1} << 62) - 1, std::uint64_t{1} << 62) == 3);
}

TEST_CASE("Quantiser min_one_over_k: values below 1/k become 1/k", "[theory][quantiser]") {
  for (Rounding r : kModes) {
    INFO("rounding " << pacsim::to_string(r));
    const Quantiser q = make_q(10, r, true);
    CHECK(q.index(0.0) == 1);
    CHECK(q.index(1e-300) == 1);
    CHECK(q.index(0.04) == 1);
    CHECK(q.index(-0.5) == 1);  // clamped to 0, then raised
    CHECK(q.index(0.5) == 5);   // unaffected above 1/k
    CHECK(q.index(1.0) == 10);
    CHECK(q.index_ratio(0, 9) == 1);
    CHECK(q.index_ratio(1, 1000) == 1);
    CHECK(q.index_ratio(1, 2) == 5);
    CHECK(q.index_ratio(7, 7) == 10);
    const Quantiser one = make_q(1, r, true);  // k = 1: everything becomes 1
    CHECK(one.index(0.0) == 1);
    CHECK(one.index(0.2) == 1);
    CHECK(one.index_ratio(0, 3) == 1);
    CHECK(one.index_ratio(1, 3) == 1);
  }
  // Without the rule the same inputs give 0 (nearest / floor).
  CHECK(make_q(10, Rounding::nearest).index(0.04) == 0);
  CHECK(make_q(10, Rounding::floor).index_ratio(1, 1000) == 0);
}

TEST_CASE("Quantiser k = 1: the grid {0, 1}", "[theory][quantiser]") {
  const Quantiser n = make_q(1, Rounding::nearest), f = make_q(1, Rounding::floor),
                  c = make_q(1, Rounding::ceil);
  CHECK(n.index(0.0) == 0);
  CHECK(n.index(0.49) == 0);
  CHECK(n.index(0.5) == 1);
  CHECK(n.index(1.0) == 1);
  CHECK(f.index(0.99) == 0);
  CHECK(f.index(1.0) == 1);
  CHECK(c.index(0.0) == 0);
  CHECK(c.index(1e-300) == 1);
  CHECK(n.index_ratio(1, 2) == 1);
  CHECK(n.index_ratio(1, 3) == 0);
  CHECK(n.index_ratio(2, 3) == 1);
  CHECK(f.index_ratio(2, 3) == 0);
  CHECK(f.index_ratio(3, 3) == 1);
  CHECK(c.index_ratio(1, 3) == 1);
  CHECK(c.index_ratio(0, 3) == 0);
  CHECK(n.value(0) == 0.0);
  CHECK(n.value(1) == 1.0);
}

TEST_CASE("Quantiser clamps index() to 0..k and value() is j/k", "[theory][quantiser]") {
  for (Rounding r : kModes) {
    INFO("rounding " << pacsim::to_string(r));
    const Quantiser q = make_q(7, r);
    CHECK(q.index(-0.5) == 0);
    CHECK(q.index(-1e-300) == 0);
    CHECK(q.index(1.5) == 7);
    CHECK(q.index(std::nextafter(1.0, 2.0)) == 7);
    CHECK(q.index(1e300) == 7);
    for (std::int64_t j = 0; j <= 7; ++j) {
      CHECK(q.value(j) == static_cast<double>(j) / 7.0);
      CHECK(q.index(q.value(j)) == j);  // grid points are fixed points (j/7 * 7 == j in double)
    }
  }
  const Quantiser big = make_q(std::uint64_t{1} << 40, Rounding::nearest);
  CHECK(big.index(1.0) == (std::int64_t{1} << 40));
  CHECK(big.index(2.0) == (std::int64_t{1} << 40));
  CHECK(big.value(std::int64_t{1} << 39) == 0.5);
}

TEST_CASE("Quantiser index_ratio equals brute force over the grid (small k, n)", "[theory][quantiser]") {
  std::size_t n_checked = 0;
  for (Rounding r : kModes)
    for (bool min1 : {false, true})
      for (std::uint64_t k = 1; k <= 12; ++k) {
        const Quantiser q = make_q(k, r, min1);
        for (std::uint64_t den = 1; den <= 40; ++den)
          for (std::uint64_t num = 0; num <= den; ++num) {
            const std::int64_t want = brute_ratio(q, num, den), got = q.index_ratio(num, den);
            if (got != want) {
              INFO("rounding " << pacsim::to_string(r) << " min1=" << min1 << " k=" << k << " num=" << num
                               << " den=" << den);
              CHECK(got == want);
            }
            ++n_checked;
          }
      }
  CHECK(n_checked == 3u * 2u * 12u * (40u * 43u / 2u));  // sum_{den=1}^{40} (den + 1) = 860
}

TEST_CASE("Quantiser index_ratio is exact where a double misrounds (den up to 2^62, k up to 2^40)",
          "[theory][quantiser]") {
  const std::uint64_t k = std::uint64_t{1} << 40, den = std::uint64_t{1} << 62;
  const std::uint64_t j = std::uint64_t{1} << 39;  // the grid index near 1/2
  // num k / den = num / 2^22. The doubles of these numerators (61 bits) lose
  // their low bits: each is rounded onto the boundary it sits next to.
  const std::uint64_t half_below = (2 * j + 1) * (std::uint64_t{1} << 21) - 1;  // (j + 1/2) 2^22 - 1
  const std::uint64_t int_below = (j + 1) * (std::uint64_t{1} << 22) - 1;       // (j + 1) 2^22 - 1
  const std::uint64_t int_above = j * (std::uint64_t{1} << 22) + 1;             // j 2^22 + 1
  const Quantiser n = make_q(k, Rounding::nearest), f = make_q(k, Rounding::floor), c = make_q(k, Rounding::ceil);
  CHECK(n.index_ratio(half_below, den) == static_cast<std::int64_t>(j));
  CHECK(n.index_ratio(half_below + 1, den) == static_cast<std::int64_t>(j + 1));
  CHECK(f.index_ratio(int_below, den) == static_cast<std::int64_t>(j));
  CHECK(f.index_ratio(int_below + 1, den) == static_cast<std::int64_t>(j + 1));
  CHECK(c.index_ratio(int_above, den) == static_cast<std::int64_t>(j + 1));
  CHECK(c.index_ratio(int_above - 1, den) == static_cast<std::int64_t>(j));
  // What the double route gives (shows the cases are discriminating): the double
  // ratio is the boundary itself, so index() answers for the boundary.
  CHECK(static_cast<double>(half_below) / static_cast<double>(den) * static_cast<double>(k) ==
        static_cast<double>(j) + 0.5);
  CHECK(n.index(static_cast<double>(half_below) / static_cast<double>(den)) == static_cast<std::int64_t>(j + 1));
  CHECK(f.index(static_cast<double>(int_below) / static_cast<double>(den)) == static_cast<std::int64_t>(j + 1));
  CHECK(c.index(static_cast<double>(int_above) / static_cast<double>(den)) == static_cast<std::int64_t>(j));
  // Ends of the range: num = den gives k; num = den - 1 with k = 2^40 is k - 2^-22 below k.
  CHECK(n.index_ratio(den, den) == static_cast<std::int64_t>(k));
  CHECK(f.index_ratio(den - 1, den) == static_cast<std::int64_t>(k - 1));
  CHECK(c.index_ratio(den - 1, den) == static_cast<std::int64_t>(k));
  CHECK(n.index_ratio(den - 1, den) == static_cast<std::int64_t>(k));
  CHECK(c.index_ratio(1, den) == 1);
  CHECK(n.index_ratio(1, den) == 0);
}

TEST_CASE("Quantiser index_ratio equals cpp_int arithmetic for random large inputs", "[theory][quantiser]") {
  std::mt19937_64 gen(0x5eed0001);
  std::size_t n_cases = 0;
  for (int it = 0; it < 20000; ++it) {
    const int den_bits = 1 + static_cast<int>(gen() % 62);
    const std::uint64_t den = 1 + (gen() >> (64 - den_bits)) % (std::uint64_t{1} << 62);
    const std::uint64_t num = (it % 10 == 0) ? den - (gen() % std::min<std::uint64_t>(den, 3)) : gen() % (den + 1);
    const int k_bits = static_cast<int>(gen() % 41);  // k in [1, 2^40]
    const std::uint64_t k = std::max<std::uint64_t>(1, gen() >> (64 - std::max(k_bits, 1)));
    for (Rounding r : kModes)
      for (bool min1 : {false, true}) {
        const Quantiser q = make_q(std::min(k, std::uint64_t{1} << 40), r, min1);
        const std::int64_t want = bigint_ratio(q, num, den), got = q.index_ratio(num, den);
        if (got != want) {
          INFO("rounding " << pacsim::to_string(r) << " min1=" << min1 << " k=" << q.k << " num=" << num
                           << " den=" << den);
          CHECK(got == want);
        }
        ++n_cases;
      }
  }
  CHECK(n_cases == 120000u);
}

TEST_CASE("Quantiser index(x) is the exact rounding of x away from boundaries", "[theory][quantiser]") {
  // Exhaustive over x = c/n (as a double) for small grids, compared with the
  // exact rounding of that double; inputs within 1e-9 grid steps of a boundary are
  // skipped (x k is rounded once in double; its error is < 2^-52 k <= 1e-12);
  // inputs exactly on a boundary (exact in double too) are compared.
  std::size_t compared = 0, skipped = 0;
  for (Rounding r : kModes)
    for (bool min1 : {false, true})
      for (std::uint64_t k : {1u, 2u, 3u, 5u, 7u, 10u, 64u, 100u, 1000u, 2048u}) {
        const Quantiser q = make_q(k, r, min1);
        for (std::uint64_t n = 1; n <= 60; ++n)
          for (std::uint64_t c = 0; c <= n; ++c) {
            const double x = static_cast<double>(c) / static_cast<double>(n);
            const long double y = static_cast<long double>(x) * k;
            const long double frac = y - std::floor(y);
            const long double dist = (r == Rounding::nearest) ? std::fabs(frac - 0.5L) : std::min(frac, 1 - frac);
            if (dist < 1e-9L && dist != 0) {  // exact boundaries (y exact) are compared
              ++skipped;
              continue;
            }
            const std::int64_t want = exact_double_index(q, x), got = q.index(x);
            if (got != want) {
              INFO("rounding " << pacsim::to_string(r) << " min1=" << min1 << " k=" << k << " x=" << c << "/" << n);
              CHECK(got == want);
            }
            ++compared;
          }
      }
  CHECK(compared > 10 * skipped);
}

TEST_CASE("Quantiser index(c/n) agrees with index_ratio(c, n) away from grid boundaries", "[theory][quantiser]") {
  // Random c <= n <= 2^62, k <= 2^20. The double c/n times k is within a relative
  // 2^-51 of c k / n, i.e. < 2^-31 grid steps; inputs within 1e-6 grid steps of a
  // rounding boundary (measured exactly with cpp_int) are skipped.
  std::mt19937_64 gen(0x5eed0002);
  std::size_t compared = 0, skipped = 0;
  for (int it = 0; it < 30000; ++it) {
    const int n_bits = 1 + static_cast<int>(gen() % 62);
    const std::uint64_t n = std::max<std::uint64_t>(1, gen() >> (64 - n_bits));
    const std::uint64_t c = gen() % (n + 1);
    const std::uint64_t k = std::max<std::uint64_t>(1, gen() >> (64 - 1 - static_cast<int>(gen() % 20)));
    const cpp_int nk = cpp_int(c) * k;
    const cpp_int rem = nk % n;
    // frac = rem / n exactly; distance to the boundary in grid steps.
    const long double frac = static_cast<long double>(rem.convert_to<long double>()) / static_cast<long double>(n);
    for (Rounding r : kModes)
      for (bool min1 : {false, true}) {
        const long double dist = (r == Rounding::nearest) ? std::fabs(frac - 0.5L) : std::min(frac, 1 - frac);
        if (dist < 1e-6L) {
          ++skipped;
          continue;
        }
        const Quantiser q = make_q(k, r, min1);
        const double x = static_cast<double>(c) / static_cast<double>(n);
        const std::int64_t a = q.index(x), b = q.index_ratio(c, n);
        if (a != b) {
          INFO("rounding " << pacsim::to_string(r) << " min1=" << min1 << " k=" << k << " c=" << c << " n=" << n);
          CHECK(a == b);
        }
        ++compared;
      }
  }
  // Of 180000 (input, mode) pairs most are compared; the skipped ones are mostly
  // small n where c k / n is exactly an integer (floor / ceil boundary).
  CHECK(compared > 150000u);
  CHECK(compared + skipped == 180000u);
}

TEST_CASE("Quantiser rounding names", "[theory][quantiser]") {
  CHECK(pacsim::to_string(Rounding::nearest) == "nearest");
  CHECK(pacsim::to_string(Rounding::floor) == "floor");
  CHECK(pacsim::to_string(Rounding::ceil) == "ceil");
}
