// The check table; see check_table.hpp.
#include "analysis/check_table.hpp"

#include <cmath>
#include <fmt/format.h>
#include <limits>

namespace pacsim {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// One inequality over one target/scope, from its two sides.
CheckRow tabulate(const std::vector<double>& lhs, const std::vector<double>& rhs, std::size_t reps) {
  CheckRow row;
  // The worst cell is the worst finite violation when there is one (an infinite
  // slack, from kl = inf, would hide it); infinite violations are counted apart.
  std::size_t worst = 0, worst_finite = 0;
  double worst_finite_slack = kInf;
  bool any_finite = false;
  row.worst_slack = kInf;
  for (std::size_t i = 0; i < lhs.size(); ++i) {
    const double slack = rhs[i] - lhs[i];  // NaN when both are inf, or a side undefined
    if (std::isnan(slack)) continue;
    ++row.checked;
    if (lhs[i] <= rhs[i]) ++row.holding;
    else if (std::isinf(slack)) ++row.violated_inf;
    if (row.checked == 1 || slack < row.worst_slack) {  // the first checked, when every slack is +inf
      row.worst_slack = slack;
      worst = i;
    }
    if (std::isfinite(slack) && slack < worst_finite_slack) {
      worst_finite_slack = slack;
      worst_finite = i;
      any_finite = true;
    }
  }
  row.worst_finite_slack = any_finite ? worst_finite_slack : std::numeric_limits<double>::quiet_NaN();
  const std::size_t at = any_finite ? worst_finite : worst;
  row.worst_cell = at / reps;
  row.worst_rep = at % reps;
  return row;
}

// A cell's parameters, as "world=... D=... mode=... k=... ...".
std::string describe_cell(const Table& cells, std::size_t c) {
  const auto& world = cells.strings("world");
  const auto& cls = cells.strings("class");
  const auto& est = cells.strings("estimator");
  std::string s = fmt::format("world={} D={:.0f} mode={} k={:.0f} rounding={}{} class={}", world[c],
                              cells.numbers("D")[c], cells.strings("mode")[c], cells.numbers("k")[c],
                              cells.strings("rounding")[c], cells.numbers("min_one_over_k")[c] ? " min_one_over_k" : "",
                              cls[c]);
  if (cls[c] == "top") s += fmt::format(" N={:.0f}", cells.numbers("N")[c]);
  s += " estimator=" + est[c];
  if (est[c] == "add") s += fmt::format(" beta={}", cells.numbers("beta")[c]);
  return s;
}

}  // namespace

std::vector<std::string> check_table_metrics(const StudyResults& r) {
  std::vector<std::string> names;
  for (const CheckedInequality& i : r.inequalities)
    for (const std::string& ts : r.target_scopes)
      for (const bool rhs : {false, true}) names.push_back(side_metric(i.name, ts, rhs));
  return names;
}

std::vector<CheckRow> check_table(const StudyResults& r) {
  std::vector<CheckRow> rows;
  for (const CheckedInequality& i : r.inequalities)
    for (const std::string& ts : r.target_scopes) {
      CheckRow row = tabulate(r.metrics.doubles(side_metric(i.name, ts, false)),
                              r.metrics.doubles(side_metric(i.name, ts, true)), r.reps);
      row.inequality = i.name;
      row.target_scope = ts;
      row.formula = i.formula();
      rows.push_back(std::move(row));
    }
  return rows;
}

std::string check_table_tsv(const std::vector<CheckRow>& rows, const StudyResults& r) {
  std::string out =
      "check\ttarget_scope\tinequality\tchecked\tholding\tviolated\tviolated_inf\tworst_slack\tworst_finite_slack\t"
      "worst_cell\tworst_rep\tworst_cell_params\n";
  for (const CheckRow& row : rows) {
    if (row.checked == 0) {
      out += fmt::format("{}\t{}\t{}\t0\t0\t0\t0\tnan\tnan\t-\t-\t-\n", row.inequality, row.target_scope, row.formula);
      continue;
    }
    const std::string finite =
        std::isnan(row.worst_finite_slack) ? std::string("nan") : fmt::format("{:.6g}", row.worst_finite_slack);
    out += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.6g}\t{}\t{}\t{}\t{}\n", row.inequality, row.target_scope,
                       row.formula, row.checked, row.holding, row.violated(), row.violated_inf, row.worst_slack,
                       finite, row.worst_cell, row.worst_rep, describe_cell(r.cells, row.worst_cell));
  }
  return out;
}

}  // namespace pacsim
