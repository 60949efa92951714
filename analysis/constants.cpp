// The constants of eq. (11) and (15); see constants.hpp.
#include "analysis/constants.hpp"

#include <cmath>
#include <limits>

namespace pacsim {

ConstantsFit implied_constants(const Chinchilla& law, double D, double S, double k, double gamma) {
  ConstantsFit c{std::numeric_limits<double>::quiet_NaN(), 0, 0, 0};
  if (k > 1) c.C3 = law.B * std::pow(D, 0.5 - law.beta) / (std::log(k) * std::pow(S, 1.5));
  c.C5 = law.B * std::pow(D, 1 - law.beta) / (S * S * S);
  c.C3_drift = 0.5 - law.beta - 1.5 * gamma;
  c.C5_drift = 1 - law.beta - 3 * gamma;
  return c;
}

}  // namespace pacsim
