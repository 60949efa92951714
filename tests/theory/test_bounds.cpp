// Tests of theory/bounds: the bands as the paper prints them, the same computed
// from beta (the computed ones reproduce the printed numbers up to the draft's
// truncation of 0.1467 to 0.14), verdicts, doubling factors, the Chinchilla
// constants and Theorem 1. Tolerances: 1e-12 relative on formulas of a few
// operations; doubling factors to the digits the paper prints.
#include <catch2/catch.hpp>

#include <cmath>

#include "theory/bounds.hpp"

using namespace pacsim;

TEST_CASE("bounds: Proposition 1's presets reproduce the paper's numbers", "[theory][bounds]") {
  const auto p = presets(0.28);  // Chinchilla's beta
  REQUIRE(p.size() == 4);
  // draft: C4 D^0.14 <= |S| <= C6 D^0.24 ((1-2b)/3 = 0.1467, printed as 0.14; (1-b)/3 = 0.24).
  CHECK(p[0].name == "draft@beta");
  CHECK(p[1].name == "arxiv-v1@beta");
  CHECK(p[2].name == "arxiv-v3@beta");
  CHECK(p[3].name == "arxiv-v4@beta");
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

TEST_CASE("bounds: the bands as the paper prints them", "[theory][bounds]") {
  const auto p = printed_presets();
  REQUIRE(p.size() == 4);
  const std::pair<const char*, std::pair<double, double>> want[] = {
      {"draft", {0.14, 0.24}}, {"arxiv-v1", {0.58, 0.58}}, {"arxiv-v3", {0.44, 0.44}}, {"arxiv-v4", {0.44, 0.72}}};
  for (std::size_t i = 0; i < 4; ++i) {
    INFO(p[i].name);
    CHECK(p[i].name == want[i].first);
    CHECK(p[i].lo == want[i].second.first);
    CHECK(p[i].hi == want[i].second.second);
  }
  // "to double the number of skills ... between 2^(1/0.14) and 2^(1/0.24)".
  CHECK(p[0].doubling_high() == Approx(std::pow(2.0, 1 / 0.14)).epsilon(1e-12));
  // gamma 0.142 (a = 7.14) is inside the printed draft band and below the computed one.
  CHECK(verdict(0.142, 0.142, p[0]) == "inside");
  CHECK(verdict(0.142, 0.142, presets(0.28)[0]) == "below");
}

TEST_CASE("bounds: the computed bands' arithmetic shows the numbers at their beta", "[theory][bounds]") {
  const auto p = presets(0.28);
  CHECK(p[0].formula.find("= [0.1467, 0.24] at b = 0.28") != std::string::npos);
  CHECK(p[1].formula.find("= 0.58 at b = 0.28") != std::string::npos);
  CHECK(p[2].formula.find("= 0.44 at b = 0.28") != std::string::npos);
  CHECK(p[3].formula.find("= [0.44, 0.72] at b = 0.28") != std::string::npos);
  // At Besiroglu et al.'s beta no number of beta = 0.28 is left in the text.
  const auto q = presets(0.3658);
  CHECK(q[0].formula.find("= [0.08947, 0.2114] at b = 0.3658") != std::string::npos);
  CHECK(q[1].formula.find("= 0.4513 at b = 0.3658") != std::string::npos);
  CHECK(q[2].formula.find("= 0.2684 at b = 0.3658") != std::string::npos);
  CHECK(q[3].formula.find("= [0.2684, 0.6342] at b = 0.3658") != std::string::npos);
  for (const Preset& x : q)
    for (const char* old : {"0.58", "0.44", "0.72", "0.24", "0.1467"}) {
      INFO(x.formula);
      CHECK(x.formula.find(old) == std::string::npos);
    }
}

TEST_CASE("bounds: doubling factor 2^(1/gamma), undefined unless finite and gamma > 0", "[theory][bounds]") {
  CHECK(doubling_factor(1) == 2);
  CHECK(doubling_factor(0.5) == 4);
  CHECK(doubling_factor(0.24) == Approx(17.959).epsilon(1e-4));  // the draft's "over 18 fold"
  for (const double g : {0.1, 0.37, 0.72, 3.0}) CHECK(std::pow(doubling_factor(g), g) == Approx(2).epsilon(1e-14));
  // 2^(1/gamma) overflows below gamma = 1/1024: undefined, never inf.
  CHECK(std::isnan(doubling_factor(2e-16)));
  CHECK(std::isnan(doubling_factor(1.0 / 1025)));
  CHECK(std::isfinite(doubling_factor(1.0 / 1023)));
  CHECK(std::isnan(doubling_factor(0)));
  CHECK(std::isnan(doubling_factor(-0.3)));
  CHECK(std::isnan(doubling_factor(std::nan(""))));
  const Preset p{"x", "", 0, 0.5};
  CHECK(std::isnan(p.doubling_high()));
  CHECK(p.doubling_low() == 4);
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
