// `pacsim check OUT.h5`: the table of the proof's inequalities of a results
// file (analysis/check_table.hpp).
#include <memory>

#include "analysis/check_table.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/io/results_file.hpp"
#include "sim/study/record.hpp"

namespace pacsim::cli {

namespace {

int run(const std::string& path) {
  const ResultsFile file(path);
  StudyResults results = file.read();
  check_cell_table(results.cells, path);
  file.read_metrics(results, check_table_metrics(results));
  print(check_table_tsv(check_table(results), results));
  return 0;
}

}  // namespace

Runner add_check(CLI::App& app) {
  auto path = std::make_shared<std::string>();
  app.description("Tabulate the proof's inequalities in a results file");
  app.footer(
      "The proof's checks of a results file, one row per (check, target/scope): replicates checked (both sides "
      "defined), holding (lhs <= rhs), violated, violated_inf (by an infinite amount), worst_slack and "
      "worst_finite_slack (rhs - lhs), and the cell and replicate of the worst finite violation with its "
      "parameters. Violations are findings: exit 0.");
  app.add_option("file", *path, "Results file (HDF5)")->required();
  return [path] { return run(*path); };
}

}  // namespace pacsim::cli
