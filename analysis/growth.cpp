// The growth exponent of |S|; see growth.hpp.
#include "analysis/growth.hpp"

#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <limits>

#include "analysis/stats.hpp"

namespace pacsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The bootstrap's slopes: replicates resampled with replacement within each D.
std::vector<double> bootstrap_slopes(const std::vector<double>& x, const std::vector<std::vector<double>>& unique,
                                     std::uint64_t bootstrap, Engine& eng) {
  const std::size_t reps = unique.front().size();
  boost::random::uniform_int_distribution<std::size_t> pick(0, reps - 1);
  std::vector<double> y(x.size()), slopes;
  slopes.reserve(bootstrap);
  for (std::uint64_t b = 0; b < bootstrap; ++b) {
    for (std::size_t i = 0; i < x.size(); ++i) {
      double s = 0;
      for (std::size_t r = 0; r < reps; ++r) s += unique[i][pick(eng)];
      y[i] = std::log(s / static_cast<double>(reps));
    }
    slopes.push_back(slope(x, y));
  }
  return slopes;
}

}  // namespace

GrowthFit fit_growth(const std::vector<double>& D, const std::vector<std::vector<double>>& unique,
                     std::uint64_t bootstrap, Engine& eng, const std::vector<Preset>& presets) {
  GrowthFit g{kNaN, kNaN, kNaN, std::vector<std::string>(presets.size(), "n/a")};
  if (D.size() < 2) return g;
  std::vector<double> x, y;
  for (std::size_t i = 0; i < D.size(); ++i) {
    x.push_back(std::log(D[i]));
    y.push_back(std::log(mean(unique[i])));
  }
  g.gamma = slope(x, y);
  const std::vector<double> slopes = bootstrap_slopes(x, unique, bootstrap, eng);
  // One replicate, or no resamples, leaves no interval and so no verdict.
  if (unique.front().size() >= 2 && !slopes.empty()) {
    g.lo = quantile(slopes, 0.025);
    g.hi = quantile(slopes, 0.975);
    for (std::size_t p = 0; p < presets.size(); ++p) g.verdicts[p] = verdict(g.lo, g.hi, presets[p]);
  }
  return g;
}

}  // namespace pacsim
