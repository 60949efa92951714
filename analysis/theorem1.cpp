// Theorem 1 measured; see theorem1.hpp.
#include "analysis/theorem1.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "analysis/stats.hpp"

namespace pacsim {

Theorem1Fit fit_theorem1(const std::vector<EpsCell>& cells, double delta) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> lq, lD, ld, C1s, C2s;
  for (const EpsCell& c : cells) {
    std::vector<double> e;
    for (const double v : c.eps)
      if (std::isfinite(v)) e.push_back(v);
    if (e.empty()) continue;
    const double q = quantile(e, 1 - delta);
    if (!(q > 0) || !(c.d > 0)) continue;
    lq.push_back(std::log(q));
    lD.push_back(std::log(c.D));
    ld.push_back(std::log(c.d));
    C1s.push_back(c.D * q * q / (c.d + std::log(1 / delta)));
    C2s.push_back(c.D * q * q / (c.d * std::log(std::max(c.k, 2.0)) + std::log(1 / delta)));
  }
  Theorem1Fit fit{kNaN, kNaN, median(C1s), median(C2s)};
  if (lq.size() >= 3) {
    const std::vector<double> beta = least_squares({lD, ld}, lq);
    // A regressor without spread (a single D, or a single d) leaves its exponent undefined.
    if (std::set<double>(lD.begin(), lD.end()).size() > 1) fit.exp_D = beta[1];
    if (std::set<double>(ld.begin(), ld.end()).size() > 1) fit.exp_d = beta[2];
    // Nearly collinear regressors: neither exponent is measured.
    if (unexplained_share(lD, ld) < kMinIndependentShare) fit.exp_D = fit.exp_d = kNaN;
  }
  return fit;
}

}  // namespace pacsim
