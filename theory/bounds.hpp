// The paper's bounds as formulas (no sampling): the Chinchilla loss law, the
// exponents of Proposition 1 in each version of the paper as functions of the
// data exponent beta, Theorem 1's sample-complexity bounds, and the
// Karlin / Gnedin–Hansen–Pitman asymptote of E|S|.
//
// Proposition 1's arithmetic. With Delta = B / D^beta (N -> inf) and Theorem 1's
// eps ~ (d/D)^(1/2), d -> |S|:
//   eq. (11)  B/D^beta <= C3 log(k) |S|^1.5 / D^0.5  =>  |S| >= C4 D^((1 - 2 beta)/3)
//   eq. (15)  B/D^beta >= C5 |S|^3 / D               =>  |S| <= C6 D^((1 - beta)/3)
// At beta = 0.28 these are 0.1467 and 0.24; the draft prints 0.14 and 0.24
// (eq. (12), (16), (17)). The |S| factor of eq. (9) and (13) is what raises
// |S|^0.5 to |S|^1.5 and |S| to |S|^3; without it the same steps give
//   |S|^0.5 >= D^(0.5 - beta)  =>  |S| >= D^(1 - 2 beta)      (0.44: arXiv v3)
//   |S|     <= D^(1 - beta)                                    (0.72: arXiv v4's upper end)
// and arXiv v1's N ~ D^0.58 is the middle of [0.44, 0.72].
// So each version has two bands: as printed (printed_presets(): fixed numbers,
// what the paper claims) and as computed from beta (presets(beta), named
// NAME@beta: what its arithmetic gives at any beta).
#pragma once
#include <string>
#include <vector>

namespace pacsim {

struct Chinchilla {
  double E, A, B, alpha, beta;
  /// L = E + A / N^alpha + B / D^beta
  double loss(double N, double D) const;
};
/// Hoffmann et al. (2022): E = 1.69, A = 406.4, B = 410.7, alpha = 0.34, beta = 0.28.
Chinchilla chinchilla_hoffmann();
/// Besiroglu et al. (2024) refit: E = 1.8172, A = 482.01, B = 2085.43, alpha = 0.3478, beta = 0.3658.
Chinchilla chinchilla_besiroglu();

/// A band: a range [lo, hi] claimed for the exponent gamma of |S| ~ D^gamma, by
/// a version of Proposition 1 (a preset) or by a user.
struct Preset {
  std::string name;     ///< draft, arxiv-v1, ... as printed; draft@beta, ... as computed
  std::string formula;  ///< where lo and hi come from, with their values
  double lo, hi;
  /// The skill-doubling factor 2^(1/gamma) at gamma = hi and at gamma = lo
  /// (doubling_factor: NaN where undefined).
  double doubling_low() const;
  double doubling_high() const;
};

/// The bands as the paper prints them: draft [0.14, 0.24] (eq. (17)), arxiv-v1
/// 0.58 (N ~ D^0.58), arxiv-v3 0.44, arxiv-v4 [0.44, 0.72].
std::vector<Preset> printed_presets();

/// The same four computed from the data exponent beta, named draft@beta,
/// arxiv-v1@beta, arxiv-v3@beta, arxiv-v4@beta; each formula shows the
/// arithmetic with the numbers at this beta.
std::vector<Preset> presets(double beta);

/// The skill-doubling factor 2^(1/gamma), the D ratio at which |S| ~ D^gamma
/// doubles; NaN (undefined) unless gamma > 0 and the factor is finite (gamma
/// 2e-16 would give inf).
double doubling_factor(double gamma);

/// Where a fitted interval [ci_lo, ci_hi] lies against a preset's [lo, hi]:
/// "inside", "below", "above" or "straddling".
std::string verdict(double ci_lo, double ci_hi, const Preset& p);

/// Theorem 1, eq. (6), solved for eps at sample size D, dimension d, precision k
/// and confidence delta: sqrt(C1 (d + log(1/delta)) / D) and
/// sqrt(C2 (d log k + log(1/delta)) / D).
double theorem1_eps_lower(double C1, double d, double delta, double D);
double theorem1_eps_upper(double C2, double d, double k, double delta, double D);

/// E|S| ~ Gamma(1 - 1/a) (D / Z)^(1/a) for p_r = r^(-a) / Z, a > 1, b = 0
/// (Karlin 1967; Gnedin, Hansen & Pitman 2007).
double karlin_unique(double a, double Z, double D);

}  // namespace pacsim
