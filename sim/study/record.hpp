// What a study records, as the tables of a results file: each cell's
// parameters (/cells), one value per replicate of every per-replicate metric
// (/metrics) and the exact values (/theory). The per-replicate layout is built
// from the tables of the modules that compute each value, so adding one of them
// never touches this file:
//   size, unique, hapax, ...       corpus_stats()     sim/sampling/corpus.hpp
//   kl_pop_S, lk_pop_U, ...        loss_fields()      theory/losses.hpp
//                                  x target_scopes()  sim/learning/metrics.hpp
//   best_lk, eps                   metric_fields()    sim/learning/metrics.hpp
//   eq9_paper_pop_S_lhs, ...       inequalities()     theory/inequalities.hpp
//                                  x target_scopes()
//   eq9_paper_pop_S_outcome, ...   classify()         theory/inequalities.hpp
//   premises_pop_S, ...            mass_premises()    theory/inequalities.hpp
//   first_failure_pop_S, first_failure_cause_pop_S, ...
//                                  first_violation()  theory/inequalities.hpp
// An inequality's side that is a loss is stored once, under the loss's name,
// and aliased under the side's.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "sim/learning/metrics.hpp"
#include "sim/results/study_results.hpp"
#include "sim/sampling/corpus.hpp"
#include "sim/study/study.hpp"
#include "theory/expect.hpp"

namespace pacsim {

/// What one replicate of one cell gives: its corpus's statistics, the metrics
/// of the cell's learned hypothesis, and the cell's quantiser.
struct Replicate {
  const CorpusSummary& corpus;
  const Metrics& metrics;
  const Quantiser& Q;
};

/// A per-replicate metric with values of its own.
struct RecordColumn {
  std::string name;
  std::function<double(const Replicate&)> value;
  Attributes attrs;  ///< "unit" of a statistic or metric; "check" of an inequality's side
};

struct RecordLayout {
  std::vector<RecordColumn> columns;   ///< in the order the runner fills them
  std::vector<Table::Alias> aliases;   ///< sides that are losses
  std::vector<CheckedInequality> inequalities;
  std::vector<std::string> target_scopes;
  std::vector<std::string> proof_steps;  ///< the inequalities that are proof steps, in the proof's order
  std::vector<std::string> outcomes;     ///< outcome names by code
};

/// The layout of /metrics; built once.
const RecordLayout& record_layout();

/// /cells: one row per cell of `study` (world, a, b, M, D, mode, k, rounding,
/// min_one_over_k, class, N, estimator, beta, corpus_cell).
Table cell_table(const Study& study);

/// /theory: one row per cell, from the exact values of its corpus cell
/// (`by_corpus` is indexed as study.corpus_cells).
Table theory_table(const Study& study, const std::vector<Expectation>& by_corpus);

/// Checks /cells as read from `file` against what cell_table() writes: every
/// column present with its type, worlds that parse and agree with a, b and M,
/// spellings pacsim knows, counts in range. Throws InputError naming the file,
/// the column and the row: a damaged or edited file is refused, not analysed.
void check_cell_table(const Table& cells, const std::string& file);

}  // namespace pacsim
