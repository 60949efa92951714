// The inequalities of the proof of Proposition 1 that pacsim checks, as data:
// each is oriented to hold when lhs <= rhs, and each side says how it is
// computed from one replicate's losses (losses.hpp), |S| and k.
//
//   eq9_paper    kl <= log(k) * lk * |S|     eq. (9) as printed
//   eq9_step     kl <= log(k) * lk           the line before (9)
//   pinsker      tv^2 / 2 <= kl              eq. (13), Pinsker
//   eq13_paper   |S| * lk / k <= tv          eq. (13), second line
//   eq13_grid    mismatch / k <= tv          what the grid was meant to guarantee
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

  /// "lhs <= rhs", as printed.
  std::string formula() const;
};

/// eq9_paper, eq9_step, pinsker, eq13_paper, eq13_grid, in this order.
const std::vector<Inequality>& inequalities();

}  // namespace pacsim
