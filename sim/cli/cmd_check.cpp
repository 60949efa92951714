// `pacsim check OUT.h5`: the table of the proof's checks of a results file, or
// with --first-failure the share of replicates whose first failing step is each
// step and cause (analysis/check_table.hpp). It only reads the file.
#include <algorithm>
#include <memory>
#include <stdexcept>

#include "analysis/check_table.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/input/errors.hpp"
#include "sim/io/results_file.hpp"
#include "sim/study/record.hpp"

namespace pacsim::cli {

namespace {

struct Options {
  std::string file, format = "tsv", scope, by = "world";
  bool first_failure = false;
};

// --by names a swept parameter.
void check_by(const std::string& by) {
  const auto& params = group_parameters();
  if (std::find(params.begin(), params.end(), by) != params.end()) return;
  std::string known;
  for (const std::string& p : params) known += (known.empty() ? "" : ", ") + p;
  throw InputError("--by: " + quote(by) + " is not a swept parameter (known: " + known + ")");
}

// The report of `opt` from the file's results; what the analysis refuses (a
// bad --scope or --by, a damaged value) is the user's input or the file's.
Report report(const Options& opt, const ResultsFile& file, StudyResults& results) {
  try {
    if (opt.first_failure) {
      const std::string scope = opt.scope.empty() ? "pop_S" : opt.scope;
      chosen_scopes(results, scope);
      file.read_metrics(results, first_failure_metrics(results, scope));
      return first_failure_report(results, opt.by, scope);
    }
    const std::vector<std::string> scopes = chosen_scopes(results, opt.scope);
    file.read_metrics(results, check_table_metrics(results, scopes));
    return check_report(check_table(results, scopes), results);
  } catch (const DamagedResults& e) {
    throw InputError(escaped(opt.file) + ": " + e.what());
  } catch (const std::invalid_argument& e) {
    throw InputError(e.what());
  }
}

int run(const Options& opt) {
  const TableFormat format = parse_table_format(opt.format);
  check_by(opt.by);
  const ResultsFile file(opt.file);
  StudyResults results = file.read();
  check_cell_table(results.cells, opt.file);
  print(report(opt, file, results), format);
  return 0;
}

}  // namespace

Runner add_check(CLI::App& app) {
  auto o = std::make_shared<Options>();
  app.description("Tabulate the proof's checks in a results file, or where the proof first fails");
  app.footer(
      "Each check on each replicate has one outcome: holds (support: premises hold, 0 < lhs <= rhs), vacuous (holds "
      "with lhs <= 0), unfounded (holds, lhs > 0, a premise broken), undefined (a side NaN, or both infinite), or "
      "violated (lhs - rhs > 1e-9 max(|lhs|, |rhs|)) with a cause: infinite_side, grid_equal (lk = 0 < kl, eq. (9)'s "
      "checks), premise_target (target mass over the scope not 1 within 1e-6), premise_q (q's mass not 1 within "
      "1e-6), genuine (premises hold). The table: one row per (check, target/scope), the proof's steps in the proof's "
      "order (step 1..5), then pinsker_norm (no step: Pinsker on renormalised vectors, which cannot fail); the "
      "replicates by outcome, and the worst finite violation (least rhs - lhs), its cause, cell, replicate and the "
      "cell's parameters, empty when nothing is violated by a finite amount. --first-failure: per value of --by "
      "(default world), the share of replicates whose first failing step is each step with each cause, or none. "
      "Violations are findings: exit 0. The file is only read.");
  app.add_option("file", o->file, "Results file (HDF5)")->required();
  app.add_option("--scope", o->scope,
                 "Only this target/scope: pop_S, pop_U, train_S or train_U (--first-failure: default pop_S, the paper's "
                 "own sums)");
  app.add_flag("--first-failure", o->first_failure, "Where each replicate first fails, per --by group");
  auto* by = app.add_option("--by", o->by,
                             "The swept parameter to group by: world, D, mode, k, rounding, min_one_over_k, class, N, "
                             "estimator or beta")
                 ->capture_default_str();
  by->needs(app.get_option("--first-failure"));
  app.add_option("--format", o->format, kFormatHelp)->capture_default_str();
  return [o] { return run(*o); };
}

}  // namespace pacsim::cli
