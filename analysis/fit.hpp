// `pacsim fit`: what a study's numbers imply about Proposition 1 (SPEC §1.5).
// Per (world, mode), from the file's /metrics:
//  - gamma, the growth exponent of |S| in D: least squares of log mean|S| on
//    log D over the largest half of the study's D values (or D >= from_D), with a
//    percentile bootstrap interval from resampling replicates within each D;
//  - each preset's verdict on that interval (inside, below, above, straddling)
//    and the skill-doubling factor 2^(1/gamma);
//  - Theorem 1: the (1-delta) quantile of eps per cell, regressed jointly on
//    log D and log d (d = |S| for class all, min(|S|, N+1) for top; theory:
//    -1/2 and +1/2), and the implied constants C1 = D q^2 / (d + log(1/delta)),
//    C2 = D q^2 / (d log k + log(1/delta)) (medians over cells);
//  - eq. (11) and (15): C3 = B D^(0.5-beta) / (log k |S|^1.5) and
//    C5 = B D^(1-beta) / |S|^3 at the largest D, and the exponents of their drift
//    in D, 0.5 - beta - 1.5 gamma and 1 - beta - 3 gamma (0 for a true constant).
// Results are printed as TSV and written to /fits of the same file.
#pragma once
#include <cstdint>
#include <string>

namespace pacsim {

struct FitOptions {
  std::string law = "hoffmann";  ///< hoffmann (beta 0.28, B 410.7) | besiroglu (0.3658, 2085.43)
  double delta = 0.1;            ///< Theorem 1's confidence parameter
  std::uint64_t bootstrap = 1000;
  std::uint64_t seed = 1;
  double from_D = 0;             ///< fit gamma over D >= from_D (0: the largest half)
};

/// Fit, write /fits into `path` (replacing an earlier one), return the table.
std::string fit_study(const std::string& path, const FitOptions& options);

}  // namespace pacsim
