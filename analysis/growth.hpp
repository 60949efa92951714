// The growth exponent gamma of |S| ~ D^gamma (Proposition 1) over a window of
// corpus sizes, and whether a power law describes the window at all:
//  - gamma: least squares of log mean |S| on log D, with a 95% percentile
//    bootstrap interval (replicates resampled within each D);
//  - the local slopes d log |S| / d log D over the window: exact from theory
//    (theory/expect.hpp, given by the caller) where it exists, else sampled
//    between consecutive D; their range [slope_min, slope_max];
//  - curvature: the change of the slope across the window that a quadratic in
//    log D fitted to log mean |S| gives (a lack-of-fit statistic), with a
//    bootstrap interval from the same resamples as gamma's;
//  - shape: straight or curved (the criterion below), n/a when it cannot tell;
//  - a verdict against each band only when straight, judged on the union of
//    gamma's interval and [slope_min, slope_max] (sampling and model error).
#pragma once
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sim/random/rng.hpp"
#include "theory/bounds.hpp"

namespace pacsim {

/// The default tolerance on the local slope's variation over a window. The
/// paper states every exponent to two decimals (0.14, 0.24, 0.44, 0.58, 0.72):
/// a slope that moves by at most 0.01 across the window is one exponent at the
/// precision the bands have, so a verdict on it means what it says. Measured
/// over D = 1e7..1e12 (the default study's window), exact slopes of M = inf
/// worlds vary by 6e-5 (a = 2) to 0.0045 (a = 6); zm:a=1.2,M=1e6, which
/// saturates at |S| = M, by 0.57.
inline constexpr double kSlopeTolerance = 0.01;

/// One corpus size of a (world, mode).
struct GrowthPoint {
  double D = 0;
  std::vector<double> unique;  ///< the replicates of |S| (each point as many)
  /// d log E|S| / d log D at D from theory; NaN where theory has none.
  double exact_slope = std::numeric_limits<double>::quiet_NaN();
};

struct GrowthOptions {
  std::uint64_t bootstrap = 1000;      ///< resamples for the intervals
  double tolerance = kSlopeTolerance;  ///< on slope_max - slope_min (or |curvature|)
};

struct GrowthFit {
  double gamma, lo, hi;          ///< the estimate and its 95% bootstrap interval (NaN when undefined)
  double slope_min, slope_max;   ///< range of the local slopes over the window (NaN when none)
  std::string slopes_from;       ///< "exact", "sampled", or "" (no slopes)
  double curvature, curvature_lo, curvature_hi;  ///< change of slope across the window (>= 3 D)
  std::string shape;             ///< straight, curved or n/a
  double total_lo, total_hi;     ///< the interval the verdicts judge: [lo, hi] united with [slope_min, slope_max]
  std::vector<std::string> verdicts;  ///< per band: inside, below, above, straddling, curved or n/a
};

/// Fits gamma over the window's points (at least two for an estimate; any
/// order), `bootstrap` resamples drawn from `eng`; an interval needs two
/// replicates or more.
/// Shape: with the exact slope at every point, straight when slope_max -
/// slope_min <= tolerance, curved otherwise. Without it, the sampled slopes
/// give slope_min and slope_max and the curvature decides: curved when its
/// interval lies beyond +-tolerance, straight when inside [-tolerance,
/// tolerance], n/a otherwise or with fewer than three points (sampling noise
/// of a few replicates can hide a bend, so it does not call that straight).
/// Verdicts: curved when the shape is; n/a without gamma's interval or a
/// shape; otherwise verdict() of [total_lo, total_hi] against the band.
GrowthFit fit_growth(const std::vector<GrowthPoint>& window, const GrowthOptions& options, Engine& eng,
                     const std::vector<Preset>& bands);

/// A sampled local slope between consecutive corpus sizes and its 95% interval.
struct LocalSlope {
  double slope, lo, hi;  ///< NaN when undefined
};

/// log(mean |S|_{i+1} / mean |S|_i) / log(D_{i+1} / D_i) between consecutive
/// points (sorted by increasing D), one fewer than the points, with percentile
/// bootstrap intervals: `bootstrap` resamples from `eng`, replicates resampled
/// within each D, every slope from the same resampled means. NaN where a mean
/// is not positive; no interval from one replicate.
std::vector<LocalSlope> local_slopes(const std::vector<GrowthPoint>& points, std::uint64_t bootstrap, Engine& eng);

}  // namespace pacsim
