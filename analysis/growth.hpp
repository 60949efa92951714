// The growth exponent gamma of |S| ~ D^gamma (Proposition 1): least squares of
// log mean |S| on log D, with a percentile bootstrap interval from resampling
// replicates within each D, each preset's verdict on the interval, and the
// skill-doubling factor 2^(1/gamma), the D ratio at which |S| doubles.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/random/rng.hpp"
#include "theory/bounds.hpp"

namespace pacsim {

struct GrowthFit {
  double gamma, lo, hi;               ///< the estimate and its 95% interval (NaN when undefined)
  std::vector<std::string> verdicts;  ///< per preset: inside, below, above, straddling; n/a without an interval
};

/// Fits gamma over the corpus sizes D[i] with the replicates of |S| unique[i]
/// (each as many as the first; at least two D for an estimate), `bootstrap`
/// resamples drawn from `eng`. An interval needs two replicates or more.
GrowthFit fit_growth(const std::vector<double>& D, const std::vector<std::vector<double>>& unique,
                     std::uint64_t bootstrap, Engine& eng, const std::vector<Preset>& presets);

}  // namespace pacsim
