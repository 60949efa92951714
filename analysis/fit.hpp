// `pacsim fit`: what a study's results imply about Proposition 1, per (world,
// mode) in order of first appearance:
//  - the growth exponent gamma of |S| over the largest half of the study's D
//    values (or D >= from_D), its interval, each preset's verdict and the
//    skill-doubling factor (growth.hpp);
//  - Theorem 1's exponents and constants over the group's cells (theorem1.hpp);
//  - eq. (11) and (15)'s constants at the largest D (constants.hpp).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/results/study_results.hpp"
#include "theory/bounds.hpp"

namespace pacsim {

struct FitOptions {
  std::string law_name = "hoffmann";  ///< the law's name, recorded with the fits
  Chinchilla law = chinchilla_hoffmann();
  double delta = 0.1;                 ///< Theorem 1's confidence parameter, in (0, 1)
  std::uint64_t bootstrap = 1000;
  std::uint64_t seed = 1;
  double from_D = 0;                  ///< fit gamma over D >= from_D (0: the largest half)
};

struct FitRow {
  std::string world, mode;
  std::size_t points = 0;  ///< D values in the fit of gamma
  double gamma, gamma_lo, gamma_hi;
  double doubling, doubling_lo, doubling_hi;  ///< at gamma, gamma_hi and gamma_lo
  std::vector<std::string> verdicts;          ///< one per preset
  double eps_exp_D, eps_exp_d, C1, C2;
  double C3, C3_drift, C5, C5_drift;
};

struct Fits {
  FitOptions options;
  std::vector<Preset> presets;  ///< at the law's beta
  std::vector<FitRow> rows;
};

/// The per-replicate metrics fit_study() reads: unique and eps.
std::vector<std::string> fit_metrics();

/// Requires: the metrics of fit_metrics() in `results`.
Fits fit_study(const StudyResults& results, const FitOptions& options);

/// The fits as TSV, with a header (verdict columns named after their presets).
std::string fits_tsv(const Fits& fits);

/// The fits as the /fits group of a results file (sim/io/SCHEMA.md).
Table fits_table(const Fits& fits);

}  // namespace pacsim
