// Unit tests for theory/world.hpp: the Zipf–Mandelbrot world, its closed-form /
// Euler–Maclaurin sums over ranks, and the validation of its parameters (the
// spelling users type is tests/sim/input/test_spelling.cpp's).
//
// Reference values come from (i) direct sums over ranks, each term computed in
// double (relative error ~1e-16 per term) and accumulated in long double with
// Neumaier compensation, smallest terms first; (ii) Riemann and Hurwitz zeta
// values and their s-derivatives computed with mpmath 1.3 at 40 digits from the
// exact double inputs:
//   mp.dps = 40; q = 1 + mpf(b); Z = zeta(mpf(a), q); d = -zeta(mpf(a), q, 1)
//   splp = -a d / Z - log(Z)          (sum p log p)
// (iii) Boost's
// zeta and polygamma, using zeta(n, q) = (-1)^n psi^(n-1)(q) / (n-1)! for
// integer n; (iv) textbook closed forms (pi^2/6, pi^4/90, the uniform world).
#include <catch2/catch.hpp>

#include "tests/support.hpp"

#include <boost/math/special_functions/polygamma.hpp>
#include <boost/math/special_functions/trigamma.hpp>
#include <boost/math/special_functions/zeta.hpp>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "theory/world.hpp"

using pacsim::kInfiniteM;
using pacsim::kMaxCount;
using pacsim::Rank;
using pacsim::World;

namespace {

constexpr double kPi = 3.14159265358979323846264338327950288;

using pacsim::test::Acc;

/// sum_{r=lo}^{hi} (r+b)^(-s) and sum (r+b)^(-s) log(r+b), smallest terms first
/// (for s >= 0 the terms of e = 0 decrease with r; the order is immaterial with
/// compensation anyway).
struct DirectPair {
  long double e0, e1;
};
DirectPair direct_power_sums(Rank lo, Rank hi, double s, double b) {
  Acc a0, a1;
  for (Rank r = hi + 1; r-- > lo;) {
    const double u = static_cast<double>(r) + b;  // exact for r < 2^52
    const double w = std::pow(u, -s);
    a0.add(w);
    a1.add(static_cast<long double>(w) * std::log(u));
  }
  return {a0.value(), a1.value()};
}

double rel_err(double got, long double want) {
  return static_cast<double>(std::fabs((static_cast<long double>(got) - want) / want));
}

}  // namespace

// ---------------------------------------------------------------------------
// power_sum: Euler–Maclaurin against direct sums
// ---------------------------------------------------------------------------

TEST_CASE("theory/world: power_sum matches direct long double sums over long ranges",
          "[theory][world]") {
  // hi - lo >= 64, so power_sum takes its Euler–Maclaurin branch (with a direct head
  // while n + b < 32 when lo is small). Tolerance: relative 1e-12 (the brief's bound;
  // the formula's remainder with 6 Bernoulli terms from n + b >= 32 is ~1e-17).
  struct Range {
    Rank lo, hi;
  };
  const std::vector<Range> ranges = {{1, 1000000}, {17, 17 + 262144}, {1000, 1000 + 262143},
                                     {40, 104}, {1, 65}, {2, 66}, {30, 94}};
  const std::vector<double> ss = {0, 0.5, 0.999, 1, 1.001, 1.2, 2, 3.5, 6};
  const std::vector<double> bs = {0, -0.5, 2.5};
  for (const double b : bs) {
    const World w(1.0, b, 10);  // power_sum only uses b of the world
    for (const auto& rg : ranges) {
      for (const double s : ss) {
        const DirectPair want = direct_power_sums(rg.lo, rg.hi, s, b);
        const double got0 = w.power_sum(rg.lo, rg.hi, s, 0);
        const double got1 = w.power_sum(rg.lo, rg.hi, s, 1);
        INFO("b=" << b << " lo=" << rg.lo << " hi=" << rg.hi << " s=" << s);
        INFO("e=0: got " << got0 << " want " << static_cast<double>(want.e0));
        INFO("e=1: got " << got1 << " want " << static_cast<double>(want.e1));
        CHECK(rel_err(got0, want.e0) <= 1e-12);
        CHECK(rel_err(got1, want.e1) <= 1e-12);
      }
    }
  }
}

TEST_CASE("theory/world: power_sum over 1e7 terms", "[theory][world]") {
  const World w(1.0, 0.0, 10);
  for (const double s : {0.5, 1.001}) {
    const DirectPair want = direct_power_sums(1, 10000000, s, 0.0);
    const double got0 = w.power_sum(1, 10000000, s, 0);
    const double got1 = w.power_sum(1, 10000000, s, 1);
    INFO("s=" << s << " e=0 got " << got0 << " want " << static_cast<double>(want.e0) << "; e=1 got "
              << got1 << " want " << static_cast<double>(want.e1));
    CHECK(rel_err(got0, want.e0) <= 1e-12);
    CHECK(rel_err(got1, want.e1) <= 1e-12);
  }
}

TEST_CASE("theory/world: power_sum short ranges, empty ranges and single terms", "[theory][world]") {
  const World w(1.0, 0.5, 10);
  CHECK(w.power_sum(5, 4, 2.0) == 0.0);
  CHECK(w.power_sum(100, 1, 2.0, 1) == 0.0);
  // One term: (5 + 0.5)^-2.
  CHECK_THAT(w.power_sum(5, 5, 2.0), Catch::Matchers::WithinRel(std::pow(5.5, -2.0), 1e-15));
  CHECK_THAT(w.power_sum(5, 5, 2.0, 1), Catch::Matchers::WithinRel(std::pow(5.5, -2.0) * std::log(5.5), 1e-15));
  // hi - lo = 63: still the direct branch; 64: Euler–Maclaurin. Both against direct sums.
  for (Rank lo : {1u, 7u, 31u, 32u, 33u, 1000u}) {
    for (Rank len : {62u, 63u, 64u, 65u}) {
      for (double s : {0.0, 0.7, 1.0, 2.5}) {
        const DirectPair want = direct_power_sums(lo, lo + len, s, 0.5);
        INFO("lo=" << lo << " len=" << len << " s=" << s);
        CHECK(rel_err(w.power_sum(lo, lo + len, s, 0), want.e0) <= 1e-13);
        CHECK(rel_err(w.power_sum(lo, lo + len, s, 1), want.e1) <= 1e-13);
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Infinite worlds: zeta values
// ---------------------------------------------------------------------------

TEST_CASE("theory/world: normaliser of M=inf, b=0 worlds is the Riemann zeta value", "[theory][world]") {
  // Known closed forms.
  CHECK_THAT(World(2.0, 0, kInfiniteM).normaliser(), Catch::Matchers::WithinRel(kPi * kPi / 6, 1e-13));
  CHECK_THAT(World(3.0, 0, kInfiniteM).normaliser(),
             Catch::Matchers::WithinRel(1.2020569031595942854, 1e-13));  // Apery's constant
  CHECK_THAT(World(4.0, 0, kInfiniteM).normaliser(),
             Catch::Matchers::WithinRel(kPi * kPi * kPi * kPi / 90, 1e-13));
  // mpmath: zeta(mpf(s)) at the exact double s, 40 digits.
  struct Known {
    double s, zeta;
  };
  for (const Known k : {Known{1.001, 1000.577288476011626848067}, Known{1.2, 5.591582441177751883613671},
                        Known{1.5, 2.612375348685488343348568}, Known{3.5, 1.126733867317056646427812},
                        Known{6.0, 1.017343061984449139714518}}) {
    INFO("s=" << k.s);
    CHECK_THAT(World(k.s, 0, kInfiniteM).normaliser(), Catch::Matchers::WithinRel(k.zeta, 1e-13));
  }
  // Boost's Riemann zeta on a grid of s.
  for (double s : {1.01, 1.05, 1.1, 1.3, 1.7, 2.5, 4.5, 8.0, 12.0, 20.0}) {
    INFO("s=" << s);
    CHECK_THAT(World(s, 0, kInfiniteM).normaliser(), Catch::Matchers::WithinRel(boost::math::zeta(s), 1e-13));
  }
}

TEST_CASE("theory/world: normaliser of M=inf worlds with b != 0 is a Hurwitz zeta value",
          "[theory][world]") {
  // Z = sum_{r>=1} (r+b)^-a = zeta(a, 1+b). b = 1: sum_{r>=1} (r+1)^-2 = pi^2/6 - 1.
  CHECK_THAT(World(2.0, 1.0, kInfiniteM).normaliser(), Catch::Matchers::WithinRel(kPi * kPi / 6 - 1, 1e-13));
  // zeta(2, 1/2) = pi^2/2 (b = -1/2); zeta(2, 3/2) = pi^2/2 - 4 (b = 1/2).
  CHECK_THAT(World(2.0, -0.5, kInfiniteM).normaliser(), Catch::Matchers::WithinRel(kPi * kPi / 2, 1e-13));
  CHECK_THAT(World(2.0, 0.5, kInfiniteM).normaliser(), Catch::Matchers::WithinRel(kPi * kPi / 2 - 4, 1e-13));
  // mpmath zeta(s, 1+b).
  struct Known {
    double a, b, Z;
  };
  for (const Known k : {Known{1.2, 2.5, 4.009344062235321014944541}, Known{3.5, -0.5, 11.62080466344189447768118},
                        Known{1.001, 2.5, 998.8974471324691393401343}, Known{6.0, -0.5, 64.09261290502029580201463},
                        Known{1.5, -0.9, 34.0529755150756135583667}, Known{3.0, 0.5, 0.4143983221171599977981671}}) {
    INFO("a=" << k.a << " b=" << k.b);
    CHECK_THAT(World(k.a, k.b, kInfiniteM).normaliser(), Catch::Matchers::WithinRel(k.Z, 1e-13));
  }
  // Integer a through Boost's polygamma: zeta(2,q) = psi'(q), zeta(3,q) = -psi''(q)/2,
  // zeta(4,q) = psi'''(q)/6, with q = 1 + b.
  for (double b : {-0.9, -0.5, 0.0, 0.3, 2.5, 10.0, 1000.0}) {
    const double q = 1.0 + b;
    INFO("b=" << b);
    CHECK_THAT(World(2.0, b, kInfiniteM).normaliser(),
               Catch::Matchers::WithinRel(boost::math::trigamma(q), 1e-13));
    CHECK_THAT(World(3.0, b, kInfiniteM).normaliser(),
               Catch::Matchers::WithinRel(-boost::math::polygamma(2, q) / 2, 1e-13));
    CHECK_THAT(World(4.0, b, kInfiniteM).normaliser(),
               Catch::Matchers::WithinRel(boost::math::polygamma(3, q) / 6, 1e-13));
  }
}

TEST_CASE("theory/world: log-weighted infinite sums are -d/ds zeta(s, 1+b), sum p log p",
          "[theory][world]") {
  // mpmath: -zeta(s, q, 1) = sum_{n>=0} (n+q)^-s log(n+q), and
  // sum p log p = -a * that / Z - log Z, all at 40 digits.
  struct Known {
    double a, b, Z, d, splp;
  };
  const std::vector<Known> known = {
      {2.0, 0.0, 1.644934066848226436472415, 0.9375482543158437537025741, -1.637622288659810960274106},
      {3.0, 0.0, 1.202056903159594285399738, 0.1981262428856368533306818, -0.678502221866323142064439},
      {1.001, 0.0, 1000.577288476011626848067, 999999.9271940661742939136, 0},
      {1.2, 0.0, 5.591582441177751883613671, 24.92916025682888865751545, 0},
      {1.5, 0.0, 2.612375348685488343348568, 3.932239737431101510706389, 0},
      {3.5, 0.0, 1.126733867317056646427812, 0.1131191696081024719011983, 0},
      {6.0, 0.0, 1.017343061984449139714518, 0.0128521651317957250759454, 0},
      {2.0, 1.0, 0.6449340668482264364724152, 0.9375482543158437537025741, -2.468816383099603504141358},
      {2.0, 0.5, 0.9348022005446793094172455, 1.024507842615901468878331, -2.124504005696338596341217},
      {2.0, -0.5, 4.934802200544679309417245, -1.748080879623879768790597, -0.8878420958347331598900656},
      {1.2, 2.5, 4.009344062235321014944541, 24.47681889638828296270585, -8.714559829803352099020732},
      {3.5, -0.5, 11.62080466344189447768118, -7.669242250689649566619165, -0.142944224078786490077781},
      {1.001, 2.5, 998.8974471324691393401343, 999999.3964458373803974954, -1009.010920895244594459297},
      {6.0, -0.5, 64.09261290502029580201463, -44.32109600160839576328109, -0.01123042763340021974097467},
      {1.5, -0.9, 34.0529755150756135583667, -68.82358581559166537113382, -0.4963063106052518410495193},
      {3.0, 0.5, 0.4143983221171599977981671, 0.2664423182974845010865295, -1.047957959864342703035367},
  };
  for (const auto& k : known) {
    const World w(k.a, k.b, kInfiniteM);
    INFO("a=" << k.a << " b=" << k.b);
    CHECK_THAT(w.power_sum(1, kInfiniteM, k.a, 1), Catch::Matchers::WithinRel(k.d, 1e-12));
    const double splp = k.splp != 0 ? k.splp : -k.a * k.d / k.Z - std::log(k.Z);
    CHECK_THAT(w.sum_p_log_p(), Catch::Matchers::WithinRel(splp, 1e-12));
    CHECK_THAT(w.log_normaliser(), Catch::Matchers::WithinAbs(std::log(k.Z), 1e-13));
  }
}

// ---------------------------------------------------------------------------
// Uniform worlds
// ---------------------------------------------------------------------------

TEST_CASE("theory/world: uniform world a=0 has p=1/M, Z=M, sum p log p = -log M", "[theory][world]") {
  const std::vector<Rank> Ms = {1, 2, 7, 63, 64, 65, 66, 1000, 1000000, Rank{1} << 40, Rank{1} << 53,
                                 Rank{3} << 55, kMaxCount};
  for (const double b : {0.0, 2.5}) {
    for (const Rank M : Ms) {
      const World w(0.0, b, M);
      const double Md = static_cast<double>(M);
      INFO("M=" << M << " b=" << b);
      CHECK_THAT(w.normaliser(), Catch::Matchers::WithinRel(Md, 1e-14));
      CHECK_THAT(w.pmf(1), Catch::Matchers::WithinRel(1.0 / Md, 1e-14));
      CHECK_THAT(w.pmf(Md), Catch::Matchers::WithinRel(1.0 / Md, 1e-14));
      CHECK_THAT(w.pmf(std::floor(Md / 2) + 1), Catch::Matchers::WithinRel(1.0 / Md, 1e-14));
      CHECK(w.pmf(0) == 0.0);
      CHECK(w.pmf(0.5) == 0.0);
      if (M < (Rank{1} << 52)) CHECK(w.pmf(Md + 1) == 0.0);
      CHECK_THAT(w.log_pmf(1), Catch::Matchers::WithinAbs(-std::log(Md), 1e-13 * (1 + std::log(Md))));
      CHECK_THAT(w.sum_p_log_p(), Catch::Matchers::WithinAbs(-std::log(Md), 1e-13 * (1 + std::log(Md))));
      // P(r) = r/M and tail = (M-r)/M at ranks far from M (relative to the double
      // spacing of M; the next test looks at ranks close to M).
      for (const Rank r : {Rank{1}, M / 3, M / 2}) {
        if (r == 0 || r > M) continue;
        INFO("r=" << r);
        CHECK_THAT(w.partial_mass(r),
                   Catch::Matchers::WithinRel(static_cast<double>(r) / Md, 1e-13));
        if (r < M)
          CHECK_THAT(w.tail_mass(r),
                     Catch::Matchers::WithinRel(static_cast<double>(static_cast<long double>(M - r) /
                                                                     static_cast<long double>(M)),
                                                1e-13));
      }
      CHECK(w.partial_mass(0) == 0.0);
      CHECK(w.partial_mass(M) == 1.0);
      CHECK(w.tail_mass(M) == 0.0);
    }
  }
}

// tail_mass(r) is documented as "sum_{j>r} p_j, computed directly (no 1 - P(r)
// cancellation)", and M may be as large as 2^62. In the uniform world with M = 2^62
// the tail beyond r = M - k is exactly k / M. Ranks near 2^62 are not representable as
// doubles (spacing 512-1024), so a sum over (M-k, M] must not be computed from the
// rounded endpoints.
TEST_CASE("theory/world: tail_mass near M for M = 2^62", "[theory][world]") {
  const World uni(0.0, 0.0, kMaxCount);
  const double Md = static_cast<double>(kMaxCount);
  for (const Rank k : {Rank{1}, Rank{10}, Rank{64}, Rank{65}, Rank{100}, Rank{1000}, Rank{100000}}) {
    INFO("uniform M=2^62, tail_mass(M-" << k << "): got " << uni.tail_mass(kMaxCount - k) * Md
                                          << "/M, want " << k << "/M");
    CHECK_THAT(uni.tail_mass(kMaxCount - k), Catch::Matchers::WithinRel(static_cast<double>(k) / Md, 1e-12));
  }
  // Same for a Zipf world a = 0.5: the last k weights, directly in long double.
  const World zipf(0.5, 0.0, kMaxCount);
  for (const Rank k : {Rank{100}, Rank{1000}}) {
    Acc acc;
    for (Rank j = kMaxCount; j > kMaxCount - k; --j) acc.add(1.0L / std::sqrt(static_cast<long double>(j)));
    const long double want = acc.value() / zipf.normaliser();
    INFO("zm a=0.5 M=2^62, tail_mass(M-" << k << "): got " << zipf.tail_mass(kMaxCount - k) << " want "
                                          << static_cast<double>(want));
    CHECK(rel_err(zipf.tail_mass(kMaxCount - k), want) <= 1e-12);
  }
}

// ---------------------------------------------------------------------------
// Finite worlds against direct sums; masses
// ---------------------------------------------------------------------------

TEST_CASE("theory/world: Z, pmf, partial and tail masses, sum p log p of M=1e5 worlds vs direct sums",
          "[theory][world]") {
  const Rank M = 100000;
  const std::vector<Rank> rs = {0, 1, 2, 5, 31, 32, 63, 64, 65, 100, 1000, 12345, 50000, 99935, 99936, 99990, 99999, M};
  for (const double a : {0.0, 0.5, 1.0, 1.5, 2.0, 3.0}) {
    for (const double b : {0.0, -0.5, 2.5}) {
      const World w(a, b, M);
      INFO("a=" << a << " b=" << b);
      std::vector<double> wt(M + 1);
      for (Rank r = 1; r <= M; ++r) wt[r] = std::pow(static_cast<double>(r) + b, -a);
      // suffix[r] = sum_{j>r} w_j, accumulated from the smallest terms.
      std::vector<long double> suffix(M + 1);
      Acc acc;
      suffix[M] = 0;
      for (Rank r = M; r >= 1; --r) {
        acc.add(wt[r]);
        suffix[r - 1] = acc.value();
      }
      const long double Z = suffix[0];
      CHECK(rel_err(w.normaliser(), Z) <= 1e-13);
      Acc splp;
      for (Rank r = M; r >= 1; --r) {
        const long double p = wt[r] / Z;
        splp.add(p * std::log(p));
      }
      CHECK(rel_err(w.sum_p_log_p(), splp.value()) <= 1e-12);
      for (const Rank r : rs) {
        INFO("r=" << r);
        const long double tail = suffix[r] / Z;
        if (r == 0) {
          CHECK(w.partial_mass(0) == 0.0);
        } else {
          // P(r) as a forward sum (no cancellation).
          Acc head;
          for (Rank j = 1; j <= r; ++j) head.add(wt[j]);
          CHECK(rel_err(w.partial_mass(r), head.value() / Z) <= 1e-12);
          CHECK(rel_err(w.pmf(static_cast<double>(r)), wt[r] / Z) <= 1e-13);
          CHECK_THAT(w.log_pmf(static_cast<double>(r)),
                     Catch::Matchers::WithinAbs(static_cast<double>(std::log(wt[r] / Z)), 1e-12));
          CHECK_THAT(w.weight(static_cast<double>(r)), Catch::Matchers::WithinRel(wt[r], 1e-15));
        }
        if (r == M) {
          CHECK(w.tail_mass(M) == 0.0);
        } else {
          CHECK(rel_err(w.tail_mass(r), tail) <= 1e-12);
        }
      }
    }
  }
}

TEST_CASE("theory/world: partial_mass(r) + tail_mass(r) = 1", "[theory][world]") {
  struct W {
    double a, b;
    Rank M;
  };
  const std::vector<W> worlds = {{1.2, 0, kInfiniteM}, {2.0, -0.5, kInfiniteM}, {1.001, 2.5, kInfiniteM},
                                 {0.5, 0, 3000000},    {1.0, 2.5, kMaxCount},   {0.0, 0, 1000},
                                 {3.0, 0, 10},         {1.0, -0.9, 1 << 20}};
  const std::vector<Rank> rs = {0, 1, 10, 31, 32, 63, 64, 65, 1000, 100000, 10000000, 1000000000000ULL};
  for (const auto& ww : worlds) {
    const World w(ww.a, ww.b, ww.M);
    INFO(w.name());
    std::vector<Rank> rr = rs;
    if (!w.infinite()) {
      rr.push_back(ww.M - 1);
      rr.push_back(ww.M);
    }
    std::sort(rr.begin(), rr.end());
    double prev = -1;
    for (const Rank r : rr) {
      if (!w.infinite() && r > ww.M) continue;
      INFO("r=" << r);
      const double P = w.partial_mass(r), T = w.tail_mass(r);
      CHECK_THAT(P + T, Catch::Matchers::WithinAbs(1.0, 1e-14));
      CHECK(P >= 0.0);
      CHECK(T >= 0.0);
      CHECK(P <= 1.0 + 1e-15);
      CHECK(P >= prev);  // P is nondecreasing in r (rr is sorted)
      prev = P;
    }
  }
}

TEST_CASE("theory/world: tail mass of infinite worlds", "[theory][world]") {
  // Exact: sum_{j>r} (j+b)^-2 = psi'(r+1+b), sum_{j>r} j^-3 = -psi''(r+1)/2.
  const World w2(2.0, 0.0, kInfiniteM), w2h(2.0, 0.5, kInfiniteM), w3(3.0, 0.0, kInfiniteM);
  for (const Rank r : {Rank{0}, Rank{1}, Rank{10}, Rank{31}, Rank{63}, Rank{64}, Rank{100}, Rank{1000},
                       Rank{1000000}, Rank{1000000000}, Rank{1000000000000}, Rank{1000000000000000}}) {
    const double x = static_cast<double>(r);
    INFO("r=" << r);
    CHECK_THAT(w2.tail_mass(r), Catch::Matchers::WithinRel(boost::math::trigamma(x + 1) / (kPi * kPi / 6), 1e-12));
    CHECK_THAT(w2h.tail_mass(r),
               Catch::Matchers::WithinRel(boost::math::trigamma(x + 1.5) / boost::math::trigamma(1.5), 1e-12));
    CHECK_THAT(w3.tail_mass(r), Catch::Matchers::WithinRel(
                                    -boost::math::polygamma(2, x + 1) / 2 / 1.2020569031595942854, 1e-12));
  }
  // Asymptote for large r (b = 0): Euler–Maclaurin from r gives
  //   sum_{j>r} j^-a = r^(1-a)/(a-1) - r^-a/2 + a r^(-a-1)/12 + O(r^(-a-3)),
  // so tail_mass(r) -> r^(1-a) / ((a-1) Z) with relative deviation -(a-1)/(2r).
  for (const double a : {1.2, 1.5, 2.0, 3.0, 6.0}) {
    const World w(a, 0.0, kInfiniteM);
    const double Z = w.normaliser();
    double prev_dev = 1;
    for (const double r : {1e4, 1e6, 1e9}) {
      const double three = (std::pow(r, 1 - a) / (a - 1) - std::pow(r, -a) / 2 + a * std::pow(r, -a - 1) / 12) / Z;
      const double lead = std::pow(r, 1 - a) / ((a - 1) * Z);
      const double t = w.tail_mass(static_cast<Rank>(r));
      INFO("a=" << a << " r=" << r << " tail=" << t << " leading asymptote=" << lead);
      CHECK_THAT(t, Catch::Matchers::WithinRel(three, 1e-12));
      const double dev = t / lead - 1;
      CHECK(std::fabs(dev) <= (a - 1) / r);  // |dev| ~ (a-1)/(2r)
      CHECK(std::fabs(dev) <= prev_dev);     // converges as r grows
      prev_dev = std::fabs(dev);
    }
  }
}

TEST_CASE("theory/world: masses stay in 0..1 and the entropy in 0..log M for nearly flat worlds",
          "[theory][world]") {
  // With b >> M every weight is nearly (1+b)^(-a): sum p log p = -a/Z sum w log(r+b)
  // - log Z cancels to a few ulps of a log b, which put the entropy past log M
  // (4.1431347263929865 > log 63 at a = 1, b = 1e300), and a tail summed on its own
  // past 1 (1.0000000000000027 at a = 0.5, b = 1e15, M = 2^62, r = 2). No tolerance.
  struct W {
    double a, b;
    Rank M;
  };
  for (const W ww : {W{1, 1e300, 63}, W{1.0000001, 1e300, 2}, W{3, 1e15, 65}, W{0.5, 1e15, 2},
                     W{0.5, 1e15, kMaxCount}, W{0.001, 1e6, kMaxCount - 1}, W{1e-6, 1e15, kMaxCount},
                     W{0, 0, kMaxCount}, W{0, 0, 65537}}) {
    const World w(ww.a, ww.b, ww.M);
    INFO(w.name() << ": entropy " << -w.sum_p_log_p() << ", log M " << std::log(static_cast<double>(ww.M)));
    CHECK(-w.sum_p_log_p() >= 0);
    CHECK(-w.sum_p_log_p() <= std::log(static_cast<double>(ww.M)));
    for (const Rank r : {Rank{1}, Rank{2}, Rank{64}, Rank{1000}, Rank{1} << 40, kMaxCount - 1}) {
      if (r > ww.M) continue;
      INFO("r=" << r << ": P " << w.partial_mass(r) << ", tail " << w.tail_mass(r));
      CHECK(w.partial_mass(r) >= 0);
      CHECK(w.partial_mass(r) <= 1);
      CHECK(w.tail_mass(r) >= 0);
      CHECK(w.tail_mass(r) <= 1);
    }
  }
}

// ---------------------------------------------------------------------------
// Steep sums: large a (s > 32/3) end after their first terms
// ---------------------------------------------------------------------------

namespace {

// |got - want| within relative `rel`, or within the smallest normal double for
// sums that underflow into subnormals (which carry absolute, not relative, precision).
bool close_to(double got, long double want, double rel) {
  const long double tol = rel * std::fabs(want) + std::numeric_limits<double>::min();
  return std::fabs(static_cast<long double>(got) - want) <= tol;
}

}  // namespace

TEST_CASE("theory/world: steep power sums at s = 50, 500, 1e4 match direct sums", "[theory][world]") {
  // Ranges from lo = 1 and from later ranks, finite (short and long) and infinite,
  // e = 0 and the log form e = 1 (whose first term is negative when lo + b < 1).
  // An infinite range is summed directly over 20000 ranks: beyond them every term
  // is below 1e-17 of the first. From lo + b >= 3 s on the sum is Euler–Maclaurin's,
  // whose (n+b)^(-s) = e^(-s log(n+b)) carries s log(n+b) ulps (1e-12, as above);
  // before, it is the terms themselves (1e-14). Sums beyond double's range are skipped.
  const std::vector<double> ss = {50, 500, 1e4};
  const std::vector<double> bs = {-0.95, -0.5, -0.05, 0, 0.3, 2.5, 40};
  const std::vector<Rank> los = {1, 2, 3, 7, 40, 140, 1000};
  for (const double b : bs) {
    const World w(1.0, b, 10);  // power_sum only uses b of the world
    for (const double s : ss)
      for (const Rank lo : los)
        for (const Rank len : {Rank{63}, Rank{64}, Rank{1000}, kInfiniteM}) {
          const Rank hi = len == kInfiniteM ? kInfiniteM : lo + len;
          const DirectPair want = direct_power_sums(lo, len == kInfiniteM ? lo + 20000 : hi, s, b);
          if (!std::isfinite(static_cast<double>(want.e0))) continue;
          const double rel = static_cast<double>(lo) + b < 3 * s ? 1e-14 : 1e-12;
          const double got0 = w.power_sum(lo, hi, s, 0), got1 = w.power_sum(lo, hi, s, 1);
          INFO("b=" << b << " s=" << s << " lo=" << lo << " len=" << len);
          INFO("e=0: got " << got0 << " want " << static_cast<double>(want.e0));
          INFO("e=1: got " << got1 << " want " << static_cast<double>(want.e1));
          CHECK(close_to(got0, want.e0, rel));
          CHECK(close_to(got1, want.e1, rel));
        }
  }
}

TEST_CASE("theory/world: steep worlds a = 50, 500, 1e4 against direct sums", "[theory][world]") {
  // b away from 0 (where (1+b)^(-a) stays a double) so later ranks still count,
  // and 1 + b < 3 a: the sums are steep ones from rank 1.
  struct W {
    double a, b;
  };
  for (const W ww : {W{50, -0.5}, W{50, 3}, W{50, 100}, W{500, -0.3}, W{500, 2.5}, W{1e4, -0.05}, W{1e4, 0.07}}) {
    for (const Rank M : {Rank{200}, Rank{100000}, kInfiniteM}) {
      const World w(ww.a, ww.b, M);
      const Rank top = M == kInfiniteM ? 200000 : M;
      const DirectPair all = direct_power_sums(1, top, ww.a, ww.b);
      INFO(w.name());
      CHECK(rel_err(w.normaliser(), all.e0) <= 1e-14);
      // sum p log p = -a/Z sum (r+b)^(-a) log(r+b) - log Z
      const long double splp = -ww.a * all.e1 / all.e0 - std::log(all.e0);
      CHECK_THAT(w.sum_p_log_p(), Catch::Matchers::WithinAbs(static_cast<double>(splp),
                                                             1e-13 * (1 + std::fabs(static_cast<double>(splp)))));
      for (const Rank r : {Rank{1}, Rank{2}, Rank{5}, Rank{100}}) {
        const DirectPair tail = direct_power_sums(r + 1, top, ww.a, ww.b);
        INFO("r=" << r);
        // From r + 1 + b >= 3 a on the tail is Euler–Maclaurin's (1e-12, as above).
        const double rel = static_cast<double>(r + 1) + ww.b < 3 * ww.a ? 1e-14 : 1e-12;
        CHECK(close_to(w.tail_mass(r), tail.e0 / all.e0, rel));
        CHECK(close_to(w.partial_mass(r), (all.e0 - tail.e0) / all.e0, 1e-14));
      }
    }
  }
}

TEST_CASE("theory/world: steep power sums add few terms whatever s and lo are", "[theory][world]") {
  // Below s = 32/3 the direct head runs to n + b = 32 (at most 32 terms); above,
  // it ends once the rest is below 1e-17 of the sum. lo is taken from 1 up to just
  // below 3 s, where Euler–Maclaurin takes over, and at the far ranks 2^53 and 2^62.
  std::uint64_t worst = 0;
  for (const double s : {0.5, 2.0, 10.0, 10.7, 11.0, 20.0, 50.0, 500.0, 1e4, 1e8, 1e12, 1e19, 1e300})
    for (const double b : {-0.999, -0.5, -1e-17, 0.0, 1e-300, 0.3, 2.5, 1000.0})
      for (const double frac : {0.0, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999}) {
        const double lo_d = std::min(4e18, frac * 3 * std::max(s, 32.0 / 3));
        for (const Rank lo : {std::max<Rank>(1, static_cast<Rank>(lo_d)), Rank{1} << 53, kMaxCount})
          for (const int e : {0, 1})
            for (const bool inf : {false, true}) {
              const World w(2.0, b, kInfiniteM);
              const Rank hi = inf ? kInfiniteM : std::min(kMaxCount, lo + 1000000);
              const std::uint64_t n = w.power_sum_terms(lo, hi, s, e);
              INFO("s=" << s << " b=" << b << " lo=" << lo << " e=" << e << " inf=" << inf << ": " << n << " terms");
              CHECK(n <= 128);
              worst = std::max(worst, n);
            }
      }
  INFO("most terms " << worst);
  CHECK(worst >= 30);  // the grid does reach the long heads
}

TEST_CASE("theory/world: worlds with a = 1e19 and 1e300 put all mass on rank 1", "[theory][world]") {
  for (const double a : {1e8, 1e19, 1e300})
    for (const Rank M : {Rank{10}, Rank{1000}, kMaxCount, kInfiniteM}) {
      const World w(a, 0.0, M);
      INFO(w.name());
      CHECK(w.normaliser() == 1.0);  // 1 + 2^-a + ...: the rest is below 2^-53
      CHECK(w.sum_p_log_p() == 0.0);
      CHECK(w.partial_mass(1) == 1.0);
      CHECK(w.tail_mass(1) == 0.0);
      CHECK(w.pmf(1) == 1.0);
      if (M > 64) {  // shorter ranges are summed term by term
        CHECK(w.power_sum_terms(1, M, a, 0) <= 2);
        CHECK(w.power_sum_terms(1, M, a, 1) <= 3);
      }
    }
}

// ---------------------------------------------------------------------------
// The stable helpers
// ---------------------------------------------------------------------------

TEST_CASE("theory/world: expm1_over_x, log1p_over_x, exp_x_minus_one_over_x2", "[theory][world]") {
  CHECK(pacsim::expm1_over_x(0) == 1.0);
  CHECK(pacsim::log1p_over_x(0) == 1.0);
  CHECK(pacsim::exp_x_minus_one_over_x2(0) == 0.5);
  for (const double x : {-5.0, -2.0, -0.3, -0.0501, -0.05, -0.0499, -0.01, -1e-8, 1e-8, 0.01, 0.0499, 0.05,
                         0.0501, 0.3, 2.0, 5.0, 30.0}) {
    const long double X = x;
    // Long double direct formulas, or for the last one the Taylor series when |x| < 1.
    long double want_e1 = std::expm1(X) / X;
    long double want_l1 = x > -1 ? std::log1p(X) / X : 0;
    long double want_q = (std::exp(X) * (X - 1) + 1) / (X * X);
    if (std::fabs(x) < 1) {  // the series sum_n x^n (n+1)/(n+2)!, 60 terms in long double
      long double sum = 0, xn = 1, fact = 2;
      for (int n = 0; n < 60; ++n, xn *= X, fact *= (n + 2)) sum += xn * (n + 1) / fact;
      want_q = sum;
    }
    INFO("x=" << x);
    CHECK_THAT(pacsim::expm1_over_x(x), Catch::Matchers::WithinRel(static_cast<double>(want_e1), 1e-15));
    if (x > -1)  // log1p's domain
      CHECK_THAT(pacsim::log1p_over_x(x), Catch::Matchers::WithinRel(static_cast<double>(want_l1), 1e-15));
    // For |x| >= 0.05 the helper evaluates e^x (x-1) + 1 directly: the numerator
    // ~x^2/2 = 1.25e-3 is formed from O(1) terms, so up to ~eps / 1.25e-3 ~ 2e-13
    // relative is lost there (measured 7e-14 at x = -0.0501); hence 1e-12.
    CHECK_THAT(pacsim::exp_x_minus_one_over_x2(x), Catch::Matchers::WithinRel(static_cast<double>(want_q), 1e-12));
  }
}

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

TEST_CASE("theory/world: constructor validates a, b, M", "[theory][world]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  CHECK_THROWS_AS(World(-0.5, 0, 10), std::invalid_argument);
  CHECK_THROWS_AS(World(nan, 0, 10), std::invalid_argument);
  CHECK_THROWS_AS(World(inf, 0, 10), std::invalid_argument);
  CHECK_THROWS_AS(World(1, -1, 10), std::invalid_argument);
  CHECK_THROWS_AS(World(1, -1.5, 10), std::invalid_argument);
  CHECK_THROWS_AS(World(1, nan, 10), std::invalid_argument);
  CHECK_THROWS_AS(World(1, inf, 10), std::invalid_argument);
  CHECK_THROWS_AS(World(1, 0, 0), std::invalid_argument);
  CHECK_THROWS_AS(World(1, 0, kMaxCount + 1), std::invalid_argument);
  CHECK_THROWS_AS(World(1, 0, kInfiniteM), std::invalid_argument);
  CHECK_THROWS_AS(World(0, 0, kInfiniteM), std::invalid_argument);
  CHECK_NOTHROW(World(1.0000001, 0, kInfiniteM));
  CHECK_NOTHROW(World(0, 0, kMaxCount));
  CHECK_NOTHROW(World(1, -0.999999, 1));
  // M = 1: p_1 = 1 exactly, no entropy.
  const World one(1.7, 0.3, 1);
  CHECK(one.pmf(1) == 1.0);
  CHECK(one.pmf(2) == 0.0);
  CHECK_THAT(one.sum_p_log_p(), Catch::Matchers::WithinAbs(0.0, 1e-15));
  CHECK(one.tail_mass(0) == 1.0);
  CHECK(one.tail_mass(1) == 0.0);
}
