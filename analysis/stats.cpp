// Summary statistics; see stats.hpp.
#include "analysis/stats.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace pacsim {

double mean(const std::vector<double>& xs) {
  double s = 0;
  for (const double x : xs) s += x;
  return xs.empty() ? std::numeric_limits<double>::quiet_NaN() : s / static_cast<double>(xs.size());
}

double quantile(std::vector<double> v, double q) {
  if (v.empty()) throw std::invalid_argument("quantile of no values");
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const std::size_t i = static_cast<std::size_t>(std::floor(pos));
  const double f = pos - static_cast<double>(i);
  // At an order statistic (f = 0) its value alone: 0 * inf would be NaN.
  return i + 1 < v.size() && f > 0 ? v[i] * (1 - f) + v[i + 1] * f : v[i];
}

double median(std::vector<double> v) {
  return v.empty() ? std::numeric_limits<double>::quiet_NaN() : quantile(std::move(v), 0.5);
}

std::vector<double> least_squares(const std::vector<std::vector<double>>& regressors, const std::vector<double>& y) {
  const auto n = static_cast<Eigen::Index>(y.size());
  const auto p = static_cast<Eigen::Index>(regressors.size());
  Eigen::MatrixXd X(n, p + 1);
  Eigen::VectorXd Y(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    X(i, 0) = 1;
    for (Eigen::Index j = 0; j < p; ++j) X(i, j + 1) = regressors[static_cast<std::size_t>(j)].at(static_cast<std::size_t>(i));
    Y(i) = y[static_cast<std::size_t>(i)];
  }
  const Eigen::VectorXd beta = X.colPivHouseholderQr().solve(Y);
  return std::vector<double>(beta.data(), beta.data() + beta.size());
}

double slope(const std::vector<double>& x, const std::vector<double>& y) { return least_squares({x}, y)[1]; }

double unexplained_share(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size()) throw std::invalid_argument("unexplained_share: size mismatch");
  const double mx = mean(x), my = mean(y);
  double sxx = 0, syy = 0, sxy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
    sxy += (x[i] - mx) * (y[i] - my);
  }
  if (!(sxx > 0 && syy > 0)) return std::numeric_limits<double>::quiet_NaN();
  return std::max(0.0, 1 - sxy / sxx * (sxy / syy));
}

MeanSE mean_se(const std::vector<double>& xs) {
  MeanSE r;
  double mean = 0, m2 = 0;
  std::size_t n = 0;
  for (const double x : xs) {
    ++n;
    const double d = x - mean;
    mean += d / static_cast<double>(n);
    m2 += d * (x - mean);
  }
  r.n = n;
  r.mean = mean;
  r.variance = n > 1 ? m2 / static_cast<double>(n - 1) : 0.0;
  r.se = n > 0 ? std::sqrt(r.variance / static_cast<double>(n)) : 0.0;
  return r;
}

double integer_variance_floor(double mean) {
  const double f = mean - std::floor(mean);
  return f * (1 - f);
}

double integer_z_score(const MeanSE& m, double expected) {
  const double var = std::max(m.variance, integer_variance_floor(expected));
  if (var == 0) return m.mean == expected ? 0.0 : std::copysign(INFINITY, m.mean - expected);
  return (m.mean - expected) / std::sqrt(var / static_cast<double>(m.n));
}

double z_score(double mean, double expected, double variance_per_draw, std::size_t n) {
  const double se = std::sqrt(variance_per_draw / static_cast<double>(n));
  if (se == 0) return mean == expected ? 0.0 : std::copysign(INFINITY, mean - expected);
  return (mean - expected) / se;
}

ChiSquare chi_square(const std::vector<double>& observed, const std::vector<double>& expected,
                     double min_expected) {
  if (observed.size() != expected.size()) throw std::invalid_argument("chi_square: size mismatch");
  // Pool adjacent cells until each expects at least min_expected; a short last
  // cell joins the one before it.
  std::vector<double> po, pe;
  double o = 0, e = 0;
  for (std::size_t i = 0; i < observed.size(); ++i) {
    o += observed[i];
    e += expected[i];
    if (e >= min_expected) {
      po.push_back(o);
      pe.push_back(e);
      o = e = 0;
    }
  }
  if (e > 0 || o > 0) {
    if (pe.empty()) {
      po.push_back(o);
      pe.push_back(e);
    } else {
      po.back() += o;
      pe.back() += e;
    }
  }
  ChiSquare r;
  for (std::size_t i = 0; i < pe.size(); ++i) r.statistic += (po[i] - pe[i]) * (po[i] - pe[i]) / pe[i];
  const int cells = static_cast<int>(pe.size());
  r.dof = cells - 1;
  r.p_value = r.dof > 0 ? boost::math::gamma_q(0.5 * r.dof, 0.5 * r.statistic) : 1.0;
  return r;
}

}  // namespace pacsim
