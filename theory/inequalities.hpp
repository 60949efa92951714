// The inequalities of the proof of Proposition 1 that pacsim checks, as data, in
// the proof's order: each is oriented to hold when lhs <= rhs, and each side
// says how it is computed from one replicate's losses (losses.hpp), |S| and k.
//
//   eq9_step      kl <= log(k) * lk           the line before (9)
//   eq9_paper     kl <= log(k) * lk * |S|     eq. (9) as printed
//   pinsker       tv^2 / 2 <= kl              eq. (13), Pinsker
//   eq13_grid     mismatch / k <= tv          what the grid was meant to guarantee
//   eq13_paper    |S| * lk / k <= tv          eq. (13), second line
//   pinsker_norm  tv_norm^2 / 2 <= kl_norm    not a step: Pinsker on t and q
//                                             renormalised over the scope, a fact
//                                             that cannot fail (a failure is a bug)
//
// Each check on each replicate has one outcome from a fixed list (Outcome,
// classify()): it holds (with support, vacuously, or unfounded) or is undefined
// or violated, and a violation has one cause. The premises of the mathematical
// fact behind every step: the target and q are each a probability vector over
// the scope (|t_mass - 1| <= 1e-6 and |q_mass - 1| <= 1e-6) and both sides are
// finite. A check is violated when lhs - rhs > 1e-9 * max(|lhs|, |rhs|):
// rounding is not a finding.
//
// Everything downstream (the runner's datasets, the results file's attributes,
// the check table, the figures) iterates this table: adding an inequality is
// one row of inequalities() in inequalities.cpp.
#pragma once
#include <string>
#include <vector>

#include "theory/losses.hpp"

namespace pacsim {

/// What a side is computed from: a hypothesis's losses against one target over
/// one scope, the number of distinct sequences |S| and the precision k.
struct InequalityTerms {
  const Losses& loss;
  double S;
  double k;
};

/// One side of an inequality: a loss itself (loss names it, e.g. "kl"; results
/// store such a side once, under the loss's name), or a formula of its own.
struct InequalitySide {
  const char* text;                              ///< as printed: "log(k) * lk * |S|"
  const char* loss;                              ///< the loss this side is, or nullptr
  double (*formula)(const InequalityTerms&);     ///< nullptr when `loss` is set

  double value(const InequalityTerms& t) const;
};

struct Inequality {
  const char* name;    ///< eq9_paper, ...; datasets are <name>_<target>_<scope>_lhs and _rhs
  const char* source;  ///< where the paper states it
  InequalitySide lhs, rhs;
  bool proof_step;     ///< a step of the proof; false for a diagnostic (pinsker_norm)
  bool rhs_times_lk;   ///< rhs is a multiple of lk: a violation with lk = 0 < kl is grid_equal
  bool renormalised;   ///< its sides renormalise t and q, so the mass premises hold by construction

  /// "lhs <= rhs", as printed.
  std::string formula() const;
};

/// eq9_step, eq9_paper, pinsker, eq13_grid, eq13_paper (the proof's steps, in
/// the proof's order), then pinsker_norm.
const std::vector<Inequality>& inequalities();

/// The row named `name`, or nullptr.
const Inequality* find_inequality(const std::string& name);

/// The names of the proof's steps, in the proof's order.
std::vector<std::string> proof_steps();

/// The outcome of one check on one replicate; the codes are stored in results
/// files and never renumbered. Codes 4..8 are violations, each with its cause,
/// tested in this order.
enum class Outcome : int {
  holds = 0,           ///< premises hold, lhs > 0, lhs <= rhs: support
  vacuous = 1,         ///< holds with lhs <= 0: no support, whatever the premises
  unfounded = 2,       ///< holds, lhs > 0, but a premise is broken: no evidence either way
  undefined = 3,       ///< a side is NaN, or both are infinite: not checked
  infinite_side = 4,   ///< violated by an infinite side
  grid_equal = 5,      ///< violated with lk = 0 < kl (only where rhs is a multiple of lk)
  premise_target = 6,  ///< violated; the target is not a probability vector over the scope
  premise_q = 7,       ///< violated; q is not a probability vector over the scope
  genuine = 8,         ///< violated with the premises holding: a finding about the step itself
};
inline constexpr int kOutcomeCount = 9;

/// The outcomes' names, indexed by code: holds, vacuous, ..., genuine.
const std::vector<std::string>& outcome_names();
const std::string& outcome_name(Outcome o);
/// The outcome with code `code` (a whole number in 0..8); false otherwise.
bool outcome_from_code(double code, Outcome& out);
inline bool is_violation(Outcome o) { return static_cast<int>(o) >= static_cast<int>(Outcome::infinite_side); }

/// The tolerances of the premises and of a violation.
inline constexpr double kMassTolerance = 1e-6;      ///< |t_mass - 1| and |q_mass - 1|
inline constexpr double kRoundingTolerance = 1e-9;  ///< relative, of lhs - rhs

/// The target and q are probability vectors over the scope (NaN masses are not).
bool mass_premises(const Losses& loss);

/// The outcome of `ineq` with sides lhs and rhs, for a replicate whose losses
/// over the check's target/scope are `loss` (t_mass, q_mass, lk, kl are read).
Outcome classify(const Inequality& ineq, double lhs, double rhs, const Losses& loss);
/// The same, with the sides computed from `t`.
Outcome classify(const Inequality& ineq, const InequalityTerms& t);

/// The first violation among `steps`, the outcomes of the proof's steps in the
/// proof's order: its position, or -1 when none is a violation.
int first_violation(const std::vector<Outcome>& steps);

}  // namespace pacsim
