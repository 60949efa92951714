// Euler–Maclaurin corrections; see euler_maclaurin.hpp.
#include "theory/euler_maclaurin.hpp"

namespace pacsim {

namespace {
// B_2 .. B_12 (Bernoulli numbers); the formula uses B_{2j} / (2j).
constexpr double kBernoulli[] = {1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730};
constexpr int kTerms = 6;
static_assert(2 * kTerms - 1 <= kJetOrder, "jet order too low for the EM terms");
}  // namespace

double euler_maclaurin_corrections(const Jet& at_n, const Jet* at_m) {
  double s = 0.5 * (at_n.c[0] + (at_m ? at_m->c[0] : 0.0));
  // Sum the smallest terms first.
  for (int j = kTerms; j >= 1; --j) {
    const double tm = at_m ? at_m->c[2 * j - 1] : 0.0;
    s += kBernoulli[j - 1] / (2 * j) * (tm - at_n.c[2 * j - 1]);
  }
  return s;
}

}  // namespace pacsim
