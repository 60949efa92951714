// `pacsim fit`: what a study's results imply about Proposition 1, per (world,
// mode) in order of first appearance:
//  - the growth exponent gamma of |S| over the largest half of the study's D
//    values (or D >= from_D), its interval, the local slopes over that window
//    (exact from theory, theory/expect.hpp, with the world built from /cells a,
//    b, M), whether the window is straight, each band's verdict and the
//    skill-doubling factor (growth.hpp);
//  - per D, mean |S|, E|S|, the exact local slope and the sampled one to the
//    next D with its interval (the slopes table);
//  - Theorem 1's exponents and constants over the group's cells (theorem1.hpp);
//  - eq. (11) and (15)'s constants at the largest D (constants.hpp).
// Bands: the presets as printed, the same computed from the law's beta, then
// the user's; their verdict columns are named by verdict_column().
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/growth.hpp"
#include "analysis/report.hpp"
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
  double tolerance = kSlopeTolerance; ///< of the straightness criterion (growth.hpp)
  std::vector<Preset> user_bands;     ///< --band, after the printed and computed presets
};

struct FitRow {
  std::string world, mode;
  double a, b, M;              ///< the world's parameters (M = inf for an infinite world)
  std::size_t points = 0;      ///< D values in the fit of gamma
  double window_lo, window_hi; ///< the smallest and largest of them (NaN without any)
  double gamma, gamma_lo, gamma_hi;
  double slope_min, slope_max;  ///< local slopes over the window
  std::string slopes_from;      ///< exact, sampled or ""
  double curvature, curvature_lo, curvature_hi;
  std::string shape;                  ///< straight, curved, n/a
  double gamma_total_lo, gamma_total_hi;  ///< the interval the verdicts judge
  double doubling, doubling_lo, doubling_hi;  ///< at gamma, gamma_hi and gamma_lo (NaN where undefined)
  std::vector<std::string> verdicts;          ///< one per band
  double eps_exp_D, eps_exp_d, C1, C2;
  double C3, C3_drift, C5, C5_drift;
};

/// One D of a (world, mode).
struct SlopeRow {
  std::string world, mode;
  double a, b, M, D;
  bool in_window = false;  ///< D is one of gamma's window
  double mean_unique;      ///< mean |S| over replicates
  double E_unique, slope_exact;  ///< theory (NaN without)
  double slope_sampled, slope_sampled_lo, slope_sampled_hi;  ///< to the next D (NaN at the largest)
};

struct Fits {
  FitOptions options;
  std::vector<Preset> bands;  ///< printed presets, presets at the law's beta, user bands
  std::vector<FitRow> rows;
  std::vector<SlopeRow> slopes;
};

/// The per-replicate metrics fit_study() reads: unique and eps.
std::vector<std::string> fit_metrics();

/// Requires: the metrics of fit_metrics() in `results`, and band names that
/// give distinct verdict columns.
Fits fit_study(const StudyResults& results, const FitOptions& options);

/// "verdict_" and the band's name, '@' written '_': verdict_draft,
/// verdict_draft_beta, verdict_band_0.2_0.3.
std::string verdict_column(const Preset& band);

/// The fits as printed (`pacsim fit --table fits`).
Report fits_report(const Fits& fits);
/// The local slopes as printed (`pacsim fit --table slopes`).
Report slopes_report(const Fits& fits);

/// The fits as the /fits group of a results file (sim/io/SCHEMA.md).
Table fits_table(const Fits& fits);
/// The local slopes as the /slopes group.
Table slopes_table(const Fits& fits);

}  // namespace pacsim
