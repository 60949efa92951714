// A study's results in memory: what the runner (sim/study) produces, sim/io
// writes to a results file and reads back, and analysis/ tabulates and fits.
// Its layout is the file's (sim/io/SCHEMA.md): cells are rows, replicates the
// second index of every per-replicate metric.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/results/table.hpp"

namespace pacsim {

/// An inequality of the proof as the results record it: checked over every
/// target/scope, its two sides stored as metrics <name>_<target_scope>_lhs and _rhs.
struct CheckedInequality {
  std::string name;    ///< eq9_paper, ...
  std::string lhs;     ///< as printed: "kl"
  std::string rhs;     ///< "log(k) * lk * |S|"
  std::string source;  ///< where the paper states it ("" when the file does not say)

  std::string formula() const { return lhs + " <= " + rhs; }
};

/// The metric holding one side of an inequality over one target/scope.
std::string side_metric(const std::string& inequality, const std::string& target_scope, bool rhs);
/// The metric holding an inequality's outcome code over one target/scope (schema 1.3).
std::string outcome_metric(const std::string& inequality, const std::string& target_scope);
/// The metrics of one target/scope's premises (1/0), its first failing step (an
/// index into the inequalities, -1 for none) and that step's outcome (schema 1.3).
std::string premises_metric(const std::string& target_scope);
std::string first_failure_metric(const std::string& target_scope);
std::string first_failure_cause_metric(const std::string& target_scope);

struct StudyResults {
  // What was run.
  std::string study_path;  ///< the study file as given
  std::string study_toml;  ///< its text
  std::string title;
  std::uint64_t seed = 0;
  std::uint64_t reps = 0;   ///< replicates per cell
  std::int64_t threads = 0; ///< OpenMP threads used (results do not depend on it)

  std::vector<CheckedInequality> inequalities;
  std::vector<std::string> target_scopes;  ///< pop_S, pop_U, train_S, train_U
  /// The inequalities that are steps of the proof, in the proof's order, and the
  /// outcome names by code; both empty for a file before schema 1.3 (which
  /// stores no outcomes).
  std::vector<std::string> proof_steps, outcomes;

  Table cells;    ///< one row per cell: its parameters (world, D, mode, k, ...)
  Table metrics;  ///< per replicate: value [cell * reps + rep] of each metric
  Table theory;   ///< one row per cell: exact values (E_unique, ...)

  /// The number of cells (rows of `cells`; 0 when it has no columns).
  std::size_t n_cells() const;
  /// The `reps` values of a per-replicate metric for one cell.
  std::vector<double> replicates(const std::string& metric, std::size_t cell) const;
};

}  // namespace pacsim
