// The check table and the first failing step of a study's results.
//
// The check table: for each inequality of the proof (in the proof's order, then
// the diagnostics such as pinsker_norm) over each target/scope, how many
// replicates have each outcome (theory/inequalities.hpp: holds, vacuous,
// unfounded, undefined, and the violations by cause), and the worst finite
// violation of any cause: the least slack rhs - lhs, its cause, and its cell and
// replicate. The worst columns are undefined when no replicate is violated by a
// finite amount. Violations are findings, not errors.
//
// The first failing step: per replicate, the first proof step in the proof's
// order whose outcome is a violation, and its cause; tabulated per group of
// cells sharing a value of one swept parameter (world by default) as the share
// of the group's replicates whose first failure is each (step, cause), or none.
//
// Outcomes come from the file (schema 1.3: <check>_<TS>_outcome) or, for older
// files, from theory's classify() of the stored sides and losses (t_mass is
// 1 - missing_mass over pop_S and 1 otherwise), so both give the same table.
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/report.hpp"
#include "sim/results/study_results.hpp"
#include "theory/inequalities.hpp"

namespace pacsim {

/// A value pacsim never writes where the results hold it (an outcome code off
/// the list, a first failure that disagrees with the outcomes): a damaged or
/// edited file. The message names the dataset, cell and replicate.
struct DamagedResults : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct CheckRow {
  std::string inequality, target_scope, formula;
  int step = 0;  ///< 1-based position among the proof's steps; 0 for a diagnostic
  std::vector<std::size_t> outcomes = std::vector<std::size_t>(kOutcomeCount, 0);  ///< replicates by outcome code
  /// The worst finite violation: the least slack rhs - lhs among violated
  /// replicates with both sides finite; `found` is false when there is none.
  bool found = false;
  double worst_slack = 0;
  Outcome worst_cause = Outcome::genuine;
  std::size_t worst_cell = 0, worst_rep = 0;

  std::size_t count(Outcome o) const { return outcomes[static_cast<std::size_t>(o)]; }
  std::size_t checked() const;   ///< every replicate but the undefined ones
  std::size_t violated() const;  ///< codes 4..8
};

/// The target/scopes to tabulate: all of `results`' when `scope` is empty,
/// else `scope` alone. Throws std::invalid_argument naming it and the known
/// ones when `results` has no such target/scope.
std::vector<std::string> chosen_scopes(const StudyResults& results, const std::string& scope);

/// The per-replicate metrics check_table() reads over `scopes`: both sides of
/// every inequality, and the outcomes (schema 1.3) or the losses and
/// missing_mass they are computed from (older files).
std::vector<std::string> check_table_metrics(const StudyResults& results, const std::vector<std::string>& scopes);

/// One row per (inequality, target/scope in `scopes`), the proof's steps in the
/// proof's order first. Requires the metrics of check_table_metrics(); throws
/// DamagedResults for an outcome code pacsim does not write.
std::vector<CheckRow> check_table(const StudyResults& results, const std::vector<std::string>& scopes);

/// The rows as a Report, each worst cell's parameters spelled out.
Report check_report(const std::vector<CheckRow>& rows, const StudyResults& results);

/// The swept parameters --by accepts: world, D, mode, k, rounding,
/// min_one_over_k, class, N, estimator, beta.
const std::vector<std::string>& group_parameters();

/// The per-replicate metrics first_failure_report() reads over `scope`: those
/// of check_table_metrics() and, for schema 1.3, the stored first failures.
std::vector<std::string> first_failure_metrics(const StudyResults& results, const std::string& scope);

/// Per group of cells with one value of `by` (one of group_parameters(); for
/// world also its a, b and M): the group's replicates, and for each (first
/// failing step or none, cause) that occurs, its replicates and their share.
/// Requires the metrics of first_failure_metrics(); throws std::invalid_argument
/// for an unknown `by`, DamagedResults for stored first failures that disagree
/// with the outcomes.
Report first_failure_report(const StudyResults& results, const std::string& by, const std::string& scope);

}  // namespace pacsim
