// Tests of theory/bounds: the paper's printed numbers follow from its formulas.
#include <catch2/catch.hpp>

#include <cmath>

#include "theory/bounds.hpp"

using namespace pacsim;

TEST_CASE("bounds: Proposition 1's presets reproduce the paper's numbers", "[theory][bounds]") {
  const auto p = presets(0.28);  // Chinchilla's beta
  REQUIRE(p.size() == 4);
  // draft: C4 D^0.14 <= |S| <= C6 D^0.24 ((1-2b)/3 = 0.1467, printed as 0.14; (1-b)/3 = 0.24).
  CHECK(p[0].name == "draft");
  CHECK(p[0].lo == Approx(0.44 / 3).epsilon(1e-12));
  CHECK(p[0].hi == Approx(0.24).epsilon(1e-12));
  // "to double the skills ... over 18 fold": 2^(1/0.24) = 17.96.
  CHECK(p[0].doubling_low() == Approx(17.959).epsilon(1e-4));
  // arxiv-v1: N ~ D^0.58, "three to five fold" = 2^(1/0.72) .. 2^(1/0.44).
  CHECK(p[1].lo == Approx(0.58).epsilon(1e-12));
  CHECK(p[3].doubling_low() == Approx(2.62).epsilon(1e-3));
  CHECK(p[3].doubling_high() == Approx(4.83).epsilon(1e-3));
  // arxiv-v3: N proportional to D^0.44, "more than 4x".
  CHECK(p[2].lo == Approx(0.44).epsilon(1e-12));
  CHECK(p[2].doubling_high() > 4);
  // arxiv-v4: gamma in [0.44, 0.72].
  CHECK(p[3].lo == Approx(0.44).epsilon(1e-12));
  CHECK(p[3].hi == Approx(0.72).epsilon(1e-12));
  // The Besiroglu et al. refit moves every preset: beta = 0.3658.
  const auto q = presets(chinchilla_besiroglu().beta);
  CHECK(q[3].lo == Approx(1 - 2 * 0.3658).epsilon(1e-12));
  CHECK(q[0].hi == Approx((1 - 0.3658) / 3).epsilon(1e-12));
}

TEST_CASE("bounds: verdicts of an interval against a range", "[theory][bounds]") {
  const Preset p{"x", "", 0.2, 0.3};
  CHECK(verdict(0.22, 0.28, p) == "inside");
  CHECK(verdict(0.10, 0.19, p) == "below");
  CHECK(verdict(0.31, 0.40, p) == "above");
  CHECK(verdict(0.15, 0.25, p) == "straddling");
  CHECK(verdict(0.25, 0.35, p) == "straddling");
}

TEST_CASE("bounds: Chinchilla constants and Theorem 1", "[theory][bounds]") {
  const Chinchilla h = chinchilla_hoffmann();
  CHECK(h.loss(1e30, 1e30) == Approx(1.69).epsilon(1e-6));
  CHECK(h.loss(1e9, 1e12) == Approx(1.69 + 406.4 / std::pow(1e9, 0.34) + 410.7 / std::pow(1e12, 0.28)));
  const Chinchilla b = chinchilla_besiroglu();
  CHECK(b.E == 1.8172);
  CHECK(b.B == 2085.43);
  // eps scales as D^(-1/2) and d^(+1/2) (for d >> log(1/delta)).
  const double e1 = theorem1_eps_lower(1, 1e6, 0.1, 1e8), e2 = theorem1_eps_lower(1, 1e6, 0.1, 4e8);
  CHECK(e1 / e2 == Approx(2).epsilon(1e-12));
  CHECK(theorem1_eps_upper(1, 100, std::exp(1.0), 1.0, 100) == Approx(1).epsilon(1e-12));
  // Karlin: a = 2, Z = zeta(2): Gamma(1/2) sqrt(D / Z) = sqrt(pi D / zeta(2)).
  const double z2 = M_PI * M_PI / 6;
  CHECK(karlin_unique(2, z2, 1e6) == Approx(std::sqrt(M_PI * 1e6 / z2)).epsilon(1e-12));
}
