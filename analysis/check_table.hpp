// The check table: for each inequality of the proof a study recorded, over each
// target/scope, the replicates checked (both sides defined), how many hold
// (lhs <= rhs), how many are violated (by an infinite amount among them), the
// worst slack rhs - lhs and the worst finite one, and where the worst finite
// violation is. Violations are findings, not errors.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "sim/results/study_results.hpp"

namespace pacsim {

struct CheckRow {
  std::string inequality, target_scope, formula;
  std::size_t checked = 0, holding = 0, violated_inf = 0;
  double worst_slack = 0;         ///< the least rhs - lhs; may be -inf
  double worst_finite_slack = 0;  ///< the least finite one; NaN when none is finite
  /// Where the worst finite slack is (the worst slack when none is finite).
  std::size_t worst_cell = 0, worst_rep = 0;

  std::size_t violated() const { return checked - holding; }
};

/// The per-replicate metrics check_table() reads: both sides of every
/// inequality over every target/scope of `results`.
std::vector<std::string> check_table_metrics(const StudyResults& results);

/// One row per (inequality, target/scope), in the order `results` lists them.
/// Requires: the metrics of check_table_metrics() in `results`.
std::vector<CheckRow> check_table(const StudyResults& results);

/// The rows as TSV, with a header and each worst cell's parameters spelled out.
std::string check_table_tsv(const std::vector<CheckRow>& rows, const StudyResults& results);

}  // namespace pacsim
