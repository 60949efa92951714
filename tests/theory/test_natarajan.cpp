// Tests of theory/natarajan: the Natarajan dimension by brute force over the
// definition, on classes whose dimension is known by hand, and Natarajan's lemma.
#include <catch2/catch.hpp>

#include "theory/natarajan.hpp"

using namespace pacsim;

TEST_CASE("natarajan: every function X -> K has dimension |X|", "[theory][natarajan]") {
  // Any Y is shattered by f = 0 and g = 1 on Y: all mixtures are functions.
  for (int n = 1; n <= 6; ++n)
    for (int k = 1; k <= 3; ++k) {
      if (n * k > 12) continue;
      const auto H = all_functions(n, k);
      REQUIRE(H.size() == static_cast<std::size_t>(std::pow(k + 1, n) + 0.5));
      const auto r = natarajan_dimension(H, n, k, 1000000000ull);
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
      const auto r = natarajan_dimension(H, n, 2, 1000000000ull);
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
    const auto r = natarajan_dimension(H, n, k, 1000000ull);
    CHECK(r.dimension == 1);
    CHECK(r.lemma_lhs == 4);
    CHECK(r.lemma_rhs == Approx(5.0 * 16.0));
  }
  SECTION("a single function: dimension 0, lemma 1 <= 1") {
    const std::vector<Function> H = {Function(n, 2)};
    const auto r = natarajan_dimension(H, n, k, 1000000ull);
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
    const auto r = natarajan_dimension(H, n, k, 1000000ull);
    CHECK(r.dimension == 2);
    CHECK(r.witness == std::vector<int>{0, 1});
  }
  SECTION("two functions that differ everywhere: dimension 1") {
    // Y = {x} is shattered; Y = {x, y} would need the mixtures (f(x), g(y)).
    const std::vector<Function> H = {Function(n, 0), Function(n, 1)};
    CHECK(natarajan_dimension(H, n, k, 1000000ull).dimension == 1);
  }
}

TEST_CASE("natarajan: a search stops at the work limit and says so", "[theory][natarajan]") {
  const auto H = all_functions(6, 2);
  const NatarajanResult cut = natarajan_dimension(H, 6, 2, 10);
  CHECK_FALSE(cut.finished);
  CHECK(cut.work <= 10 + 1);  // the look-up that crossed the limit is counted
  CHECK(cut.dimension < 6);   // a lower bound only
  const NatarajanResult whole = natarajan_dimension(H, 6, 2, 1000000000ull);
  CHECK(whole.finished);
  CHECK(whole.dimension == 6);
}
