// The check table and the first failing step; see check_table.hpp.
#include "analysis/check_table.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <map>
#include <utility>
#include <variant>

namespace pacsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// pacsim's row of an inequality the results name, for classify(); a name this
// pacsim does not know gets no flags (a plain check with the mass premises).
const Inequality& theory_row(const std::string& name) {
  static const Inequality unknown{"", "", {"", nullptr, nullptr}, {"", nullptr, nullptr}, false, false, false};
  const Inequality* i = find_inequality(name);
  return i ? *i : unknown;
}

bool has_inequality(const StudyResults& r, const std::string& name) {
  for (const CheckedInequality& i : r.inequalities)
    if (i.name == name) return true;
  return false;
}

std::size_t inequality_index(const StudyResults& r, const std::string& name) {
  for (std::size_t i = 0; i < r.inequalities.size(); ++i)
    if (r.inequalities[i].name == name) return i;
  throw DamagedResults("/metrics attribute proof_steps names " + name + ", which inequalities does not list");
}

// The proof's steps the results checked, in the proof's order: the file's own
// list (schema 1.3), or pacsim's steps that the file has.
std::vector<std::string> steps_of(const StudyResults& r) {
  if (!r.proof_steps.empty()) return r.proof_steps;
  std::vector<std::string> steps;
  for (const std::string& name : proof_steps())
    if (has_inequality(r, name)) steps.push_back(name);
  return steps;
}

// The inequalities in the table's order: the proof's steps, then the others as
// the results list them.
std::vector<const CheckedInequality*> table_order(const StudyResults& r) {
  const std::vector<std::string> steps = steps_of(r);
  std::vector<const CheckedInequality*> order;
  for (const std::string& name : steps) order.push_back(&r.inequalities[inequality_index(r, name)]);
  for (const CheckedInequality& i : r.inequalities)
    if (std::find(steps.begin(), steps.end(), i.name) == steps.end()) order.push_back(&i);
  return order;
}

bool stored_outcomes(const StudyResults& r) { return !r.outcomes.empty(); }

// "/metrics/NAME cell C rep J" of the value at `at`.
std::string where(const std::string& metric, std::size_t at, std::size_t reps) {
  return fmt::format("/metrics/{} cell {} rep {}", metric, at / reps, at % reps);
}

// The stored codes of one check, read as outcomes.
std::vector<Outcome> read_outcomes(const StudyResults& r, const std::string& metric) {
  const auto& names = outcome_names();
  if (r.outcomes.size() < names.size() || !std::equal(names.begin(), names.end(), r.outcomes.begin()))
    throw DamagedResults("/metrics attribute outcomes does not list the outcomes this pacsim knows, in its order");
  const std::vector<double>& codes = r.metrics.doubles(metric);
  std::vector<Outcome> out(codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i)
    if (!outcome_from_code(codes[i], out[i]))
      throw DamagedResults(where(metric, i, r.reps) + ": " + fmt::format("{}", codes[i]) +
                           " is not an outcome code (a whole number from 0 to 8)");
  return out;
}

// An older file's outcomes of one check: classify() of its stored sides and
// losses, with the target's mass 1 - missing_mass over pop_S and 1 otherwise.
std::vector<Outcome> computed_outcomes(const StudyResults& r, const std::string& inequality, const std::string& ts) {
  const auto& lhs = r.metrics.doubles(side_metric(inequality, ts, false));
  const auto& rhs = r.metrics.doubles(side_metric(inequality, ts, true));
  const auto& kl = r.metrics.doubles("kl_" + ts);
  const auto& lk = r.metrics.doubles("lk_" + ts);
  const auto& q_mass = r.metrics.doubles("q_mass_" + ts);
  const auto& missing = r.metrics.doubles("missing_mass");
  const Inequality& row = theory_row(inequality);
  std::vector<Outcome> out(lhs.size());
  for (std::size_t i = 0; i < lhs.size(); ++i) {
    Losses l;
    l.kl = kl[i];
    l.lk = lk[i];
    l.q_mass = q_mass[i];
    l.t_mass = ts == "pop_S" ? 1 - missing[i] : 1.0;
    out[i] = classify(row, lhs[i], rhs[i], l);
  }
  return out;
}

std::vector<Outcome> outcomes_of(const StudyResults& r, const std::string& inequality, const std::string& ts) {
  return stored_outcomes(r) ? read_outcomes(r, outcome_metric(inequality, ts)) : computed_outcomes(r, inequality, ts);
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

// One inequality over one target/scope.
CheckRow tabulate(const StudyResults& r, const CheckedInequality& ineq, int step, const std::string& ts) {
  CheckRow row;
  row.inequality = ineq.name;
  row.target_scope = ts;
  row.formula = ineq.formula();
  row.step = step;
  const std::vector<Outcome> outcomes = outcomes_of(r, ineq.name, ts);
  const auto& lhs = r.metrics.doubles(side_metric(ineq.name, ts, false));
  const auto& rhs = r.metrics.doubles(side_metric(ineq.name, ts, true));
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    ++row.outcomes[static_cast<std::size_t>(outcomes[i])];
    if (!is_violation(outcomes[i]) || !std::isfinite(lhs[i]) || !std::isfinite(rhs[i])) continue;
    const double slack = rhs[i] - lhs[i];
    if (row.found && !(slack < row.worst_slack)) continue;
    row.found = true;
    row.worst_slack = slack;
    row.worst_cause = outcomes[i];
    row.worst_cell = i / r.reps;
    row.worst_rep = i % r.reps;
  }
  return row;
}

}  // namespace

std::size_t CheckRow::checked() const {
  std::size_t n = 0;
  for (std::size_t c = 0; c < outcomes.size(); ++c)
    if (static_cast<Outcome>(c) != Outcome::undefined) n += outcomes[c];
  return n;
}

std::size_t CheckRow::violated() const {
  std::size_t n = 0;
  for (std::size_t c = 0; c < outcomes.size(); ++c)
    if (is_violation(static_cast<Outcome>(c))) n += outcomes[c];
  return n;
}

std::vector<std::string> chosen_scopes(const StudyResults& r, const std::string& scope) {
  if (scope.empty()) return r.target_scopes;
  if (std::find(r.target_scopes.begin(), r.target_scopes.end(), scope) != r.target_scopes.end()) return {scope};
  std::string known;
  for (const std::string& ts : r.target_scopes) known += (known.empty() ? "" : ", ") + ts;
  throw std::invalid_argument("--scope: '" + scope + "' is not a target/scope of the results (known: " + known + ")");
}

std::vector<std::string> check_table_metrics(const StudyResults& r, const std::vector<std::string>& scopes) {
  std::vector<std::string> names;
  for (const CheckedInequality& i : r.inequalities)
    for (const std::string& ts : scopes) {
      for (const bool rhs : {false, true}) names.push_back(side_metric(i.name, ts, rhs));
      if (stored_outcomes(r)) names.push_back(outcome_metric(i.name, ts));
    }
  if (!stored_outcomes(r) && !r.inequalities.empty()) {
    for (const std::string& ts : scopes)
      for (const char* loss : {"kl_", "lk_", "q_mass_"}) names.push_back(loss + ts);
    names.push_back("missing_mass");
  }
  return names;
}

std::vector<CheckRow> check_table(const StudyResults& r, const std::vector<std::string>& scopes) {
  const std::vector<std::string> steps = steps_of(r);
  std::vector<CheckRow> rows;
  for (const CheckedInequality* i : table_order(r)) {
    const auto at = std::find(steps.begin(), steps.end(), i->name);
    const int step = at == steps.end() ? 0 : static_cast<int>(at - steps.begin()) + 1;
    for (const std::string& ts : scopes) rows.push_back(tabulate(r, *i, step, ts));
  }
  return rows;
}

Report check_report(const std::vector<CheckRow>& rows, const StudyResults& r) {
  Report out;
  out.columns = {{"check", "check"},
                 {"step", "step"},
                 {"target_scope", "target/scope"},
                 {"inequality", "inequality"},
                 {"checked", "checked"},
                 {"support", "support"},
                 {"vacuous", "vacuous"},
                 {"unfounded", "unfounded"},
                 {"violated", "violated"},
                 {"infinite_side", "$\\infty$ side"},
                 {"grid_equal", "$L_k = 0 < \\Delta$"},
                 {"premise_target", "$\\sum_s t_s \\neq 1$"},
                 {"premise_q", "$\\sum_s q_s \\neq 1$"},
                 {"genuine", "genuine"},
                 {"undefined", "undefined"},
                 {"worst_slack", "worst rhs $-$ lhs"},
                 {"worst_cause", "its cause"},
                 {"worst_cell", "cell"},
                 {"worst_rep", "rep."},
                 {"worst_cell_params", "cell parameters"}};
  for (const CheckRow& row : rows) {
    std::vector<ReportValue> v = {text(row.inequality), row.step > 0 ? exact_count(static_cast<std::uint64_t>(row.step)) : count(kNaN),
                                  text(row.target_scope), text(row.formula), exact_count(row.checked()),
                                  exact_count(row.count(Outcome::holds)), exact_count(row.count(Outcome::vacuous)),
                                  exact_count(row.count(Outcome::unfounded)), exact_count(row.violated())};
    for (const Outcome o : {Outcome::infinite_side, Outcome::grid_equal, Outcome::premise_target, Outcome::premise_q,
                            Outcome::genuine, Outcome::undefined})
      v.push_back(exact_count(row.count(o)));
    if (row.found) {
      v.insert(v.end(), {number(row.worst_slack), text(outcome_name(row.worst_cause)), exact_count(row.worst_cell),
                         exact_count(row.worst_rep), text(describe_cell(r.cells, row.worst_cell))});
    } else {
      v.insert(v.end(), {number(kNaN), text(""), count(kNaN), count(kNaN), text("")});
    }
    out.add_row(std::move(v));
  }
  return out;
}

const std::vector<std::string>& group_parameters() {
  static const std::vector<std::string> names = {"world", "D",     "mode", "k",         "rounding",
                                                 "min_one_over_k", "class", "N", "estimator", "beta"};
  return names;
}

std::vector<std::string> first_failure_metrics(const StudyResults& r, const std::string& scope) {
  std::vector<std::string> names = check_table_metrics(r, {scope});
  if (stored_outcomes(r)) {
    names.push_back(first_failure_metric(scope));
    names.push_back(first_failure_cause_metric(scope));
  }
  return names;
}

namespace {

// One replicate's first failure: its position among the steps (-1 for none)
// and its outcome.
struct FirstFailure {
  int step = -1;
  Outcome cause = Outcome::holds;
  bool operator<(const FirstFailure& o) const {
    // The steps in the proof's order, `none` last; then the causes by code.
    const int a = step < 0 ? 1 << 30 : step, b = o.step < 0 ? 1 << 30 : o.step;
    return a != b ? a < b : static_cast<int>(cause) < static_cast<int>(o.cause);
  }
};

// Per replicate, from the outcomes of the steps; for schema 1.3 checked against
// the stored first_failure and first_failure_cause.
std::vector<FirstFailure> first_failures(const StudyResults& r, const std::vector<std::string>& steps,
                                         const std::string& ts) {
  std::vector<std::vector<Outcome>> by_step;
  for (const std::string& s : steps) by_step.push_back(outcomes_of(r, s, ts));
  const std::size_t n = r.n_cells() * r.reps;
  std::vector<FirstFailure> out(n);
  std::vector<Outcome> one(steps.size());
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t s = 0; s < steps.size(); ++s) one[s] = by_step[s][i];
    out[i].step = first_violation(one);
    if (out[i].step >= 0) out[i].cause = one[static_cast<std::size_t>(out[i].step)];
  }
  if (!stored_outcomes(r)) return out;
  const auto& index = r.metrics.doubles(first_failure_metric(ts));
  const auto& cause = r.metrics.doubles(first_failure_cause_metric(ts));
  for (std::size_t i = 0; i < n; ++i) {
    const FirstFailure& f = out[i];
    const double want_index = f.step < 0 ? -1.0 : static_cast<double>(inequality_index(r, steps[static_cast<std::size_t>(f.step)]));
    const double want_cause = f.step < 0 ? -1.0 : static_cast<double>(f.cause);
    if (!(index[i] == want_index))
      throw DamagedResults(where(first_failure_metric(ts), i, r.reps) + fmt::format(": {} disagrees with the outcomes ({})", index[i], want_index));
    if (!(cause[i] == want_cause))
      throw DamagedResults(where(first_failure_cause_metric(ts), i, r.reps) + fmt::format(": {} disagrees with the outcomes ({})", cause[i], want_cause));
  }
  return out;
}

// The group key and printed values of one cell for `by` (world: with a, b, M).
struct GroupValue {
  std::string key;
  std::vector<ReportValue> values;
};
GroupValue group_value(const Table& cells, const std::string& by, std::size_t c) {
  const Column& col = cells.column(by);
  GroupValue g;
  if (const auto* s = std::get_if<std::vector<std::string>>(&col)) {
    g.key = (*s)[c];
    g.values.push_back(text(g.key));
    if (by == "world")
      for (const char* p : {"a", "b", "M"}) g.values.push_back(exact(cells.numbers(p)[c], true));
  } else if (const auto* u = std::get_if<std::vector<std::uint64_t>>(&col)) {
    g.key = std::to_string((*u)[c]);
    g.values.push_back(by == "min_one_over_k" ? text((*u)[c] ? "true" : "false") : exact_count((*u)[c]));
  } else {
    const double x = std::get<std::vector<double>>(col)[c];
    g.key = fmt::format("{}", x);
    g.values.push_back(exact(x, true));
  }
  return g;
}

std::string latex_of(const std::string& by) {
  static const std::map<std::string, std::string> latex = {
      {"a", "$a$"}, {"b", "$b$"},           {"M", "$M$"}, {"D", "$D$"}, {"k", "$k$"},
      {"N", "$N$"}, {"beta", "$\\beta$"}, {"min_one_over_k", "$q_s \\geq 1/k$"}};
  const auto it = latex.find(by);
  return it == latex.end() ? by : it->second;
}

}  // namespace

Report first_failure_report(const StudyResults& r, const std::string& by, const std::string& scope) {
  const auto& params = group_parameters();
  if (std::find(params.begin(), params.end(), by) == params.end()) {
    std::string known;
    for (const std::string& p : params) known += (known.empty() ? "" : ", ") + p;
    throw std::invalid_argument("--by: '" + by + "' is not a swept parameter (known: " + known + ")");
  }
  const std::vector<std::string> steps = steps_of(r);
  const std::vector<FirstFailure> firsts = first_failures(r, steps, scope);
  // Groups in the order their first cell appears; each counts its replicates
  // by first failure.
  std::vector<GroupValue> groups;
  std::map<std::string, std::size_t> group_of;
  std::vector<std::map<FirstFailure, std::size_t>> counts;
  std::vector<std::size_t> replicates;
  for (std::size_t c = 0; c < r.n_cells(); ++c) {
    GroupValue g = group_value(r.cells, by, c);
    auto [it, added] = group_of.emplace(g.key, groups.size());
    if (added) {
      groups.push_back(std::move(g));
      counts.emplace_back();
      replicates.push_back(0);
    }
    for (std::size_t rep = 0; rep < r.reps; ++rep) ++counts[it->second][firsts[c * r.reps + rep]];
    replicates[it->second] += r.reps;
  }
  Report out;
  out.columns.push_back({by, latex_of(by)});
  if (by == "world")
    for (const char* p : {"a", "b", "M"}) out.columns.push_back({p, latex_of(p)});
  out.columns.insert(out.columns.end(), {{"replicates", "replicates"},
                                         {"first_failure", "first failing step"},
                                         {"cause", "cause"},
                                         {"count", "with it"},
                                         {"share", "share"}});
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (const auto& [first, n] : counts[g]) {
      std::vector<ReportValue> row = groups[g].values;
      row.push_back(exact_count(replicates[g]));
      row.push_back(text(first.step < 0 ? "none" : steps[static_cast<std::size_t>(first.step)]));
      row.push_back(text(first.step < 0 ? "" : outcome_name(first.cause)));
      row.push_back(exact_count(n));
      row.push_back(number(static_cast<double>(n) / static_cast<double>(replicates[g])));
      out.add_row(std::move(row));
    }
  return out;
}

}  // namespace pacsim
