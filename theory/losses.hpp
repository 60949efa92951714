// The losses of a finite-precision hypothesis q against a target t, summed over
// a set of sequences, the scope (the paper's eq. (2) and (4)):
//   kl       = sum t_s log(t_s / q_s)          the paper's Delta, eq. (2)
//   lk       = sum_{Q_k(t_s) != q_s} t_s       the discrete loss L_k, eq. (4)
//   tv       = sum |t_s - q_s|                 (not halved)
//   mismatch = #{s : Q_k(t_s) != q_s}
//   q_mass   = sum q_s                         1 for a normalised q
//   t_mass   = sum t_s                         1 unless the scope misses target mass
// and the same divergences after renormalising both over the scope,
// t' = t / t_mass and q' = q / q_mass (NaN when either mass is 0 or infinite):
//   kl_norm  = sum t'_s log(t'_s / q'_s) - t'_s + q'_s   (termwise >= 0)
//   tv_norm  = sum |t'_s - q'_s|
// kl_norm is KL(t' || q') written as a sum of non-negative terms, so rounding
// cannot make it negative and Pinsker's inequality tv_norm^2 / 2 <= kl_norm holds
// to rounding (pinsker_norm, inequalities.hpp).
// sim/learning computes them; the proof's inequalities (inequalities.hpp) are
// written in them. Adding a loss: a member here and a row of loss_fields().
#pragma once
#include <cmath>
#include <vector>

namespace pacsim {

struct Losses {
  double kl = 0, lk = 0, tv = 0, mismatch = 0, q_mass = 0, t_mass = 0, kl_norm = 0, tv_norm = 0;
};

/// One loss: its name (in dataset names such as kl_pop_S), unit and member.
struct LossField {
  const char* name;
  const char* unit;
  double Losses::*member;
};

/// kl, lk, tv, mismatch, q_mass, t_mass, kl_norm, tv_norm, in this order.
const std::vector<LossField>& loss_fields();

/// The field named `name`, or nullptr.
const LossField* find_loss(const char* name);

/// One term of kl_norm: t log(t / q) - t + q for t, q >= 0, which is >= 0; q
/// when t = 0, +inf when q = 0 < t. Accurate to a few ulps relative to the term
/// itself, also when t is close to q (where the three parts nearly cancel: for
/// |t - q| <= q / 8 it sums the series of (1+x) log(1+x) - x in x = (t - q) / q).
/// NaN in, NaN out.
double divergence_term(double t, double q);
/// The same, given log(t / q) as `log_ratio` by a caller that already has it: it
/// is read only where both are positive and finite and |t - q| > q / 8, and must
/// be accurate there to a few ulps of its largest part (the term's relative
/// error is then at most ~150 times log_ratio's absolute error). Inline: the
/// metrics call it four times per seen type.
inline double divergence_term(double t, double q, double log_ratio) {
  if (t > 0 && q > 0 && t < HUGE_VAL && q < HUGE_VAL && std::fabs(t - q) > 0.125 * q) {
    const double term = t * log_ratio + (q - t);  // the parts cancel by at most a factor ~17
    return term > 0 ? term : 0.0;
  }
  return divergence_term(t, q);
}

}  // namespace pacsim
