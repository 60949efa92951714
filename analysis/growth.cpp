// The growth exponent of |S| and the straightness of its window; see growth.hpp.
#include "analysis/growth.hpp"

#include <algorithm>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <numeric>
#include <tuple>

#include "analysis/stats.hpp"

namespace pacsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double log_mean(const std::vector<double>& xs) { return std::log(mean(xs)); }

// The change of the slope of y over x's range that a quadratic in x gives:
// 2 c2 (x_max - x_min). NaN with fewer than three points.
double curvature_of(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() < 3) return kNaN;
  const double centre = mean(x);
  std::vector<double> xc, xc2;
  for (const double v : x) {
    xc.push_back(v - centre);
    xc2.push_back((v - centre) * (v - centre));
  }
  const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
  return 2 * least_squares({xc, xc2}, y)[2] * (*hi - *lo);
}

// The mean of one resample of `reps`, indices drawn from `pick`.
double resampled_mean(const std::vector<double>& reps, boost::random::uniform_int_distribution<std::size_t>& pick,
                      Engine& eng) {
  double s = 0;
  for (std::size_t r = 0; r < reps.size(); ++r) s += reps[pick(eng)];
  return s / static_cast<double>(reps.size());
}

struct Resampled {
  std::vector<double> slopes, curvatures;
};

// The bootstrap of gamma and the curvature: replicates resampled with
// replacement within each point, both statistics from the same resample.
Resampled bootstrap_fits(const std::vector<double>& x, const std::vector<GrowthPoint>& window,
                         std::uint64_t bootstrap, Engine& eng) {
  boost::random::uniform_int_distribution<std::size_t> pick(0, window.front().unique.size() - 1);
  std::vector<double> y(x.size());
  Resampled out;
  out.slopes.reserve(bootstrap);
  for (std::uint64_t b = 0; b < bootstrap; ++b) {
    for (std::size_t i = 0; i < x.size(); ++i) y[i] = std::log(resampled_mean(window[i].unique, pick, eng));
    out.slopes.push_back(slope(x, y));
    out.curvatures.push_back(curvature_of(x, y));
  }
  return out;
}

// The 95% percentile interval; NaN when any value is (a curvature of < 3 points).
std::pair<double, double> interval(const std::vector<double>& v) {
  if (v.empty() || std::any_of(v.begin(), v.end(), [](double s) { return std::isnan(s); })) return {kNaN, kNaN};
  return {quantile(v, 0.025), quantile(v, 0.975)};
}

// The local slopes over the window: exact where every point has one, else
// sampled between consecutive D (point estimates).
void local_range(const std::vector<GrowthPoint>& window, GrowthFit& g) {
  std::vector<double> s;
  const bool exact = std::all_of(window.begin(), window.end(), [](const GrowthPoint& p) { return std::isfinite(p.exact_slope); });
  if (exact) {
    for (const GrowthPoint& p : window) s.push_back(p.exact_slope);
    g.slopes_from = "exact";
  } else {
    std::vector<std::size_t> order(window.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return window[i].D < window[j].D; });
    for (std::size_t k = 0; k + 1 < order.size(); ++k) {
      const GrowthPoint &a = window[order[k]], &b = window[order[k + 1]];
      s.push_back((log_mean(b.unique) - log_mean(a.unique)) / std::log(b.D / a.D));
    }
    g.slopes_from = "sampled";
  }
  if (s.empty() || std::any_of(s.begin(), s.end(), [](double v) { return std::isnan(v); })) {
    g.slopes_from.clear();
    return;
  }
  const auto [lo, hi] = std::minmax_element(s.begin(), s.end());
  g.slope_min = *lo;
  g.slope_max = *hi;
}

std::string shape_of(const GrowthFit& g, double tolerance) {
  if (g.slopes_from == "exact") return g.slope_max - g.slope_min <= tolerance ? "straight" : "curved";
  if (g.slopes_from.empty() || std::isnan(g.curvature_lo)) return "n/a";
  if (g.curvature_lo > tolerance || g.curvature_hi < -tolerance) return "curved";
  if (g.curvature_lo >= -tolerance && g.curvature_hi <= tolerance) return "straight";
  return "n/a";
}

std::string judged(const GrowthFit& g, const Preset& band) {
  if (g.shape == "curved") return "curved";
  if (g.shape != "straight" || std::isnan(g.lo)) return "n/a";
  return verdict(g.total_lo, g.total_hi, band);
}

}  // namespace

GrowthFit fit_growth(const std::vector<GrowthPoint>& window, const GrowthOptions& opt, Engine& eng,
                     const std::vector<Preset>& bands) {
  GrowthFit g{kNaN, kNaN, kNaN, kNaN, kNaN, "", kNaN, kNaN, kNaN, "n/a", kNaN, kNaN,
              std::vector<std::string>(bands.size(), "n/a")};
  if (window.size() < 2) return g;
  std::vector<double> x, y;
  for (const GrowthPoint& p : window) {
    x.push_back(std::log(p.D));
    y.push_back(log_mean(p.unique));
  }
  g.gamma = slope(x, y);
  g.curvature = curvature_of(x, y);
  const Resampled boot = bootstrap_fits(x, window, opt.bootstrap, eng);
  // One replicate, or no resamples, leaves no interval.
  if (window.front().unique.size() >= 2 && !boot.slopes.empty()) {
    std::tie(g.lo, g.hi) = interval(boot.slopes);
    std::tie(g.curvature_lo, g.curvature_hi) = interval(boot.curvatures);
  }
  local_range(window, g);
  g.shape = shape_of(g, opt.tolerance);
  g.total_lo = std::fmin(g.lo, g.slope_min);  // fmin: the other where one is NaN
  g.total_hi = std::fmax(g.hi, g.slope_max);
  if (std::isnan(g.lo)) g.total_lo = g.total_hi = kNaN;
  for (std::size_t b = 0; b < bands.size(); ++b) g.verdicts[b] = judged(g, bands[b]);
  return g;
}

std::vector<LocalSlope> local_slopes(const std::vector<GrowthPoint>& points, std::uint64_t bootstrap, Engine& eng) {
  std::vector<LocalSlope> out;
  if (points.size() < 2) return out;
  const auto slopes_of = [&](const std::vector<double>& log_means) {
    std::vector<double> s;
    for (std::size_t i = 0; i + 1 < points.size(); ++i)
      s.push_back((log_means[i + 1] - log_means[i]) / std::log(points[i + 1].D / points[i].D));
    return s;
  };
  std::vector<double> y;
  for (const GrowthPoint& p : points) y.push_back(log_mean(p.unique));
  for (const double s : slopes_of(y)) out.push_back({std::isfinite(s) ? s : kNaN, kNaN, kNaN});
  const std::size_t reps = points.front().unique.size();
  if (reps < 2 || bootstrap == 0) return out;
  boost::random::uniform_int_distribution<std::size_t> pick(0, reps - 1);
  std::vector<std::vector<double>> resampled(out.size());
  for (std::uint64_t b = 0; b < bootstrap; ++b) {
    for (std::size_t i = 0; i < points.size(); ++i) y[i] = std::log(resampled_mean(points[i].unique, pick, eng));
    const std::vector<double> s = slopes_of(y);
    for (std::size_t i = 0; i < s.size(); ++i) resampled[i].push_back(s[i]);
  }
  for (std::size_t i = 0; i < out.size(); ++i)
    if (!std::isnan(out[i].slope)) std::tie(out[i].lo, out[i].hi) = interval(resampled[i]);
  return out;
}

}  // namespace pacsim
