// Tests of analysis/constants: the constants of eq. (11) and (15) a study
// implies, C3 = B D^(0.5-beta) / (log k |S|^1.5) and C5 = B D^(1-beta) / |S|^3,
// and the exponents of their drift in D, 0.5 - beta - 1.5 gamma and
// 1 - beta - 3 gamma.
//
// Tolerances:
//  - 1e-12 relative on C3 and C5 against values computed independently to 30
//    digits (mpmath) from the formulas of constants.hpp (a few pows and a log:
//    ~1e-15 rounding);
//  - 1e-12 absolute on the drifts (a sum of three numbers of order one);
//  - 1e-10 relative on drift exponents measured from C at two D (the log of a
//    ratio of two pows over log 100).
#include <catch2/catch.hpp>

#include <cmath>

#include "analysis/constants.hpp"
#include "theory/bounds.hpp"

using namespace pacsim;

TEST_CASE("constants: C3 and C5 under Hoffmann's law, hand numbers", "[analysis][constants]") {
  const Chinchilla h = chinchilla_hoffmann();  // B = 410.7, beta = 0.28
  // D = 1e6, |S| = 1000, k = 10: 410.7 * 10^1.32 / (ln 10 * 1000^1.5), 410.7 * 10^4.32 / 1e9.
  const ConstantsFit a = implied_constants(h, 1e6, 1000, 10, 0.2);
  CHECK(a.C3 == Approx(0.117844417529815634).epsilon(1e-12));
  CHECK(a.C5 == Approx(0.00858073920941754016).epsilon(1e-12));
  CHECK(a.C3_drift == Approx(0.5 - 0.28 - 0.3).margin(1e-12));  // -0.08
  CHECK(a.C5_drift == Approx(1 - 0.28 - 0.6).margin(1e-12));    // 0.12
  // D = 1e9, |S| = 31622.5, k = 2.
  const ConstantsFit b = implied_constants(h, 1e9, 31622.5, 2, 0.5);
  CHECK(b.C3 == Approx(0.0100624779090864318).epsilon(1e-12));
  CHECK(b.C5 == Approx(3.92225747282740898e-5).epsilon(1e-12));
  CHECK(b.C3_drift == Approx(-0.53).margin(1e-12));
  CHECK(b.C5_drift == Approx(-0.78).margin(1e-12));
}

TEST_CASE("constants: Besiroglu's law", "[analysis][constants]") {
  const Chinchilla b = chinchilla_besiroglu();  // B = 2085.43, beta = 0.3658
  const ConstantsFit c = implied_constants(b, 1e7, 5000, 16, 0.1);
  CHECK(c.C3 == Approx(0.0185035542575241243).epsilon(1e-12));
  CHECK(c.C5 == Approx(4.58865708663529224e-4).epsilon(1e-12));
  CHECK(c.C3_drift == Approx(0.5 - 0.3658 - 0.15).margin(1e-12));
  CHECK(c.C5_drift == Approx(1 - 0.3658 - 0.3).margin(1e-12));
}

TEST_CASE("constants: C3 needs a precision k > 1", "[analysis][constants]") {
  const Chinchilla h = chinchilla_hoffmann();
  for (const double k : {1.0, 0.0, 0.5}) {
    INFO("k " << k);
    const ConstantsFit c = implied_constants(h, 1e6, 1000, k, 0.2);
    CHECK(std::isnan(c.C3));
    // The rest does not depend on k.
    CHECK(c.C5 == Approx(0.00858073920941754016).epsilon(1e-12));
    CHECK(c.C3_drift == Approx(-0.08).margin(1e-12));
    CHECK(c.C5_drift == Approx(0.12).margin(1e-12));
  }
  CHECK(std::isfinite(implied_constants(h, 1e6, 1000, 2, 0.2).C3));
  // C3 scales as 1 / log k.
  CHECK(implied_constants(h, 1e6, 1000, 4, 0.2).C3 * 2 ==
        Approx(implied_constants(h, 1e6, 1000, 2, 0.2).C3).epsilon(1e-12));
}

TEST_CASE("constants: drifts are the exponents of C3 and C5 in D when |S| ~ D^gamma", "[analysis][constants]") {
  // With |S| = s D^gamma exactly, C(D2) / C(D1) = (D2 / D1)^drift; a true
  // constant (drift 0) at gamma = (1 - beta) / 3 for C5, (1 - 2 beta) / 3 for C3.
  const Chinchilla h = chinchilla_hoffmann();
  for (const double g : {0.1, 0.24, 0.44 / 3, 0.5}) {
    INFO("gamma " << g);
    const double D1 = 1e5, D2 = 1e7;
    const ConstantsFit c1 = implied_constants(h, D1, 3 * std::pow(D1, g), 8, g);
    const ConstantsFit c2 = implied_constants(h, D2, 3 * std::pow(D2, g), 8, g);
    const double l = std::log(D2 / D1);
    CHECK(std::log(c2.C3 / c1.C3) / l == Approx(c1.C3_drift).epsilon(1e-10).margin(1e-12));
    CHECK(std::log(c2.C5 / c1.C5) / l == Approx(c1.C5_drift).epsilon(1e-10).margin(1e-12));
    CHECK(c1.C3_drift == c2.C3_drift);  // the drift does not depend on D
  }
  CHECK(implied_constants(h, 1e6, 100, 8, (1 - 0.28) / 3).C5_drift == Approx(0).margin(1e-15));
  CHECK(implied_constants(h, 1e6, 100, 8, (1 - 2 * 0.28) / 3).C3_drift == Approx(0).margin(1e-15));
  // Without a growth exponent there is no drift.
  const ConstantsFit n = implied_constants(h, 1e6, 100, 8, std::nan(""));
  CHECK(std::isnan(n.C3_drift));
  CHECK(std::isnan(n.C5_drift));
  CHECK(std::isfinite(n.C3));
}
