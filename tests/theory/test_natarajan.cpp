// Tests of theory/natarajan: the Natarajan dimension by brute force over the
// definition, on classes whose dimension is known by hand, and Natarajan's lemma.
#include <catch2/catch.hpp>

#include "theory/natarajan.hpp"

using namespace pacsim;

namespace {

// The search under a fresh meter of `limit` units.
NatarajanResult dimension_of(const std::vector<Function>& H, int n, int k, std::uint64_t limit) {
  WorkMeter meter(limit);
  return natarajan_dimension(H, n, k, meter);
}

}  // namespace

TEST_CASE("natarajan: every function X -> K has dimension |X|", "[theory][natarajan]") {
  // Any Y is shattered by f = 0 and g = 1 on Y: all mixtures are functions.
  for (int n = 1; n <= 6; ++n)
    for (int k = 1; k <= 3; ++k) {
      if (n * k > 12) continue;
      const auto H = all_functions(n, k);
      REQUIRE(H.size() == static_cast<std::size_t>(std::pow(k + 1, n) + 0.5));
      const auto r = dimension_of(H, n, k, 1000000000ull);
      INFO("n=" << n << " k=" << k);
      CHECK(r.dimension == n);
      CHECK(r.witness.size() == static_cast<std::size_t>(n));
      CHECK(r.lemma_lhs <= r.lemma_rhs);
    }
}

TEST_CASE("natarajan: the top-N class has dimension min(|X|, N + 1)", "[theory][natarajan]") {
  // N own values plus one shared value: a set with two shared elements is never
  // shattered (they always agree), a set of the N own and one shared element is.
  for (int n = 2; n <= 6; ++n)
    for (int N = 1; N <= n; ++N) {
      const auto H = top_functions(n, 2, N);
      const auto r = dimension_of(H, n, 2, 1000000000ull);
      INFO("n=" << n << " N=" << N);
      CHECK(r.dimension == std::min(n, N + 1));
      CHECK(r.lemma_lhs <= r.lemma_rhs);
    }
}

TEST_CASE("natarajan: hand-built classes of known dimension", "[theory][natarajan]") {
  const int n = 5, k = 3;
  SECTION("constant functions: dimension 1") {
    // One point is shattered by two different constants; two points never are,
    // since a constant cannot take f's value on one and g's on the other.
    std::vector<Function> H;
    for (int v = 0; v <= k; ++v) H.push_back(Function(n, static_cast<std::uint8_t>(v)));
    const auto r = dimension_of(H, n, k, 1000000ull);
    CHECK(r.dimension == 1);
    CHECK(r.lemma_lhs == 4);
    CHECK(r.lemma_rhs == Approx(5.0 * 16.0));
  }
  SECTION("a single function: dimension 0, lemma 1 <= 1") {
    const std::vector<Function> H = {Function(n, 2)};
    const auto r = dimension_of(H, n, k, 1000000ull);
    CHECK(r.dimension == 0);
    CHECK(r.witness.empty());
    CHECK(r.lemma_lhs == 1);
    CHECK(r.lemma_rhs == 1);
  }
  SECTION("free on the first two points, 0 elsewhere: dimension 2, witness {0,1}") {
    std::vector<Function> H;
    for (int a = 0; a <= 1; ++a)
      for (int b = 0; b <= 1; ++b) {
        Function f(n, 0);
        f[0] = static_cast<std::uint8_t>(a);
        f[1] = static_cast<std::uint8_t>(b);
        H.push_back(f);
      }
    const auto r = dimension_of(H, n, k, 1000000ull);
    CHECK(r.dimension == 2);
    CHECK(r.witness == std::vector<int>{0, 1});
  }
  SECTION("two functions that differ everywhere: dimension 1") {
    // Y = {x} is shattered; Y = {x, y} would need the mixtures (f(x), g(y)).
    const std::vector<Function> H = {Function(n, 0), Function(n, 1)};
    CHECK(dimension_of(H, n, k, 1000000ull).dimension == 1);
  }
}

TEST_CASE("natarajan: a search stops at the work limit and says so", "[theory][natarajan]") {
  const auto H = all_functions(6, 2);
  WorkMeter small(10);
  const NatarajanResult cut = natarajan_dimension(H, 6, 2, small);
  CHECK_FALSE(cut.finished);
  CHECK(small.exhausted());
  CHECK(small.used() <= 10);  // a charge that would pass the limit is refused
  CHECK(cut.dimension < 6);   // a lower bound only
  const NatarajanResult whole = dimension_of(H, 6, 2, 1000000000ull);
  CHECK(whole.finished);
  CHECK(whole.dimension == 6);
}

TEST_CASE("natarajan: the work meter never passes its limit", "[theory][natarajan]") {
  WorkMeter meter(10);
  CHECK(meter.charge(4));
  CHECK(meter.charge(6));  // exactly the limit
  CHECK_FALSE(meter.exhausted());
  CHECK_FALSE(meter.charge(1));  // refused, and not counted
  CHECK(meter.exhausted());
  CHECK(meter.used() == 10);
  WorkMeter huge(~std::uint64_t{0});
  CHECK(huge.charge(~std::uint64_t{0} - 1));
  CHECK_FALSE(huge.charge(2));  // no wrap-around past 2^64
  CHECK(huge.used() == ~std::uint64_t{0} - 1);
  // Every limit from 0 up: the search stops within it, and finishes once the
  // limit covers what an unlimited search uses.
  const auto H = top_functions(5, 2, 2);
  WorkMeter unlimited(~std::uint64_t{0});
  const NatarajanResult whole = natarajan_dimension(H, 5, 2, unlimited);
  REQUIRE(whole.finished);
  for (std::uint64_t limit = 0; limit <= unlimited.used(); limit += 1 + limit / 8) {
    WorkMeter m(limit);
    const NatarajanResult r = natarajan_dimension(H, 5, 2, m);
    INFO("limit " << limit);
    CHECK(m.used() <= limit);
    CHECK(r.dimension <= whole.dimension);
    CHECK(r.finished == !m.exhausted());
  }
  WorkMeter exact(unlimited.used());
  CHECK(natarajan_dimension(H, 5, 2, exact).finished);
}

TEST_CASE("natarajan: least work is a lower bound of the work a search does", "[theory][natarajan]") {
  // The classes all (dimension n) and top (min(n, N+1)), for k = 1 (top's
  // dimension reaches log2 |H|: no size beyond it is tried) and k = 2 (it does
  // not: every (d+1)-subset is projected). The build, |H| n units, is charged too.
  for (int n = 1; n <= 6; ++n)
    for (int k = 1; k <= 2; ++k)
      for (int N = 1; N <= n + 1; ++N) {
        const bool all = N > n;
        const auto H = all ? all_functions(n, k) : top_functions(n, k, N);
        const int d = all ? n : std::min(n, N + 1);
        WorkMeter meter(~std::uint64_t{0});
        REQUIRE(meter.charge(H.size() * static_cast<std::uint64_t>(n)));
        const NatarajanResult r = natarajan_dimension(H, n, k, meter);
        const double least = natarajan_least_work(n, static_cast<double>(H.size()), d);
        INFO("n=" << n << " k=" << k << (all ? " all" : " top N=") << N << ": used " << meter.used()
                  << ", least " << least);
        CHECK(r.dimension == d);
        CHECK(static_cast<double>(meter.used()) >= least);
      }
  // Top N = 2 over 6 points, k = 2: 27 functions, dimension 3, and all 15
  // 4-subsets projected: 27*6 + 27*(1+2+3) + 15*27*4.
  CHECK(natarajan_least_work(6, 27, 3) == 27 * 6 + 27 * 6 + 15 * 27 * 4);
  // Top N = 5 over 64 points, k = 1: 64 functions, dimension 6 = log2 64: the
  // search ends there, 64*64 + 64*(1+...+6).
  CHECK(natarajan_least_work(64, 64, 6) == 64 * 64 + 64 * 21);
  // Unknown dimension: the build only.
  CHECK(natarajan_least_work(10, 5000, -1) == 50000);
}

TEST_CASE("natarajan: no size beyond log2 of the class is tried", "[theory][natarajan]") {
  // 64 functions over 64 points: sizes 1..6 only, each found at its first subset,
  // where trying size 7 would project the class onto all C(64, 7) = 621216192 sets.
  const auto H = top_functions(64, 1, 5);
  REQUIRE(H.size() == 64);
  WorkMeter meter(100000);
  const NatarajanResult r = natarajan_dimension(H, 64, 1, meter);
  CHECK(r.finished);
  CHECK(r.dimension == 6);
  CHECK(r.witness == std::vector<int>{0, 1, 2, 3, 4, 5});
  CHECK(meter.used() < 100000);
}
