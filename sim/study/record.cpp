// What a study records; see record.hpp.
#include "sim/study/record.hpp"

#include <cmath>
#include <map>

#include "sim/input/errors.hpp"
#include "sim/input/spelling.hpp"

#include "theory/inequalities.hpp"

namespace pacsim {

namespace {

Attributes unit(const char* u) { return {{"unit", std::string(u)}}; }

void add_corpus_stats(RecordLayout& l) {
  for (const CorpusStat& stat : corpus_stats())
    l.columns.push_back({stat.name, [f = stat.value](const Replicate& r) { return f(r.corpus); }, unit(stat.unit)});
}

void add_losses(RecordLayout& l) {
  for (const TargetScope& ts : target_scopes())
    for (const LossField& loss : loss_fields())
      l.columns.push_back({std::string(loss.name) + "_" + ts.name,
                           [s = ts.member, m = loss.member](const Replicate& r) { return (r.metrics.*s).*m; },
                           unit(loss.unit)});
}

void add_metrics(RecordLayout& l) {
  for (const MetricField& f : metric_fields())
    l.columns.push_back({f.name, [m = f.member](const Replicate& r) { return r.metrics.*m; }, unit(f.unit)});
}

// The terms of one replicate's inequalities over one target/scope.
InequalityTerms terms(const Replicate& r, Losses Metrics::*scope) {
  return {r.metrics.*scope, static_cast<double>(r.metrics.unique), static_cast<double>(r.Q.k)};
}

// Each inequality over each target/scope: a side that is a loss becomes an alias
// of that loss's column; a formula side gets a column of its own.
void add_inequalities(RecordLayout& l) {
  for (const Inequality& ineq : inequalities()) {
    l.inequalities.push_back({ineq.name, ineq.lhs.text, ineq.rhs.text, ineq.source});
    for (const TargetScope& ts : target_scopes())
      for (const bool rhs : {false, true}) {
        const InequalitySide& side = rhs ? ineq.rhs : ineq.lhs;
        const std::string name = side_metric(ineq.name, ts.name, rhs);
        if (side.loss) {
          l.aliases.push_back({name, std::string(side.loss) + "_" + ts.name});
          continue;
        }
        const auto value = [side, s = ts.member](const Replicate& r) { return side.value(terms(r, s)); };
        Attributes attrs{{"check", ineq.formula() + " over " + ts.name + "; holds when lhs <= rhs"}};
        l.columns.push_back({name, value, std::move(attrs)});
      }
  }
}

// Each inequality's outcome code over each target/scope (theory's classify()).
void add_outcomes(RecordLayout& l) {
  for (const Inequality& ineq : inequalities())
    for (const TargetScope& ts : target_scopes()) {
      const auto value = [&ineq, s = ts.member](const Replicate& r) {
        return static_cast<double>(classify(ineq, terms(r, s)));
      };
      Attributes attrs{{"unit", std::string("outcome code")},
                       {"check", ineq.formula() + " over " + ts.name + "; codes name the attribute outcomes of /metrics"}};
      l.columns.push_back({outcome_metric(ineq.name, ts.name), value, std::move(attrs)});
    }
}

// The proof's steps' outcomes over one target/scope, in the proof's order, and
// where each step is in inequalities().
struct StepOutcomes {
  std::vector<Outcome> outcomes;
  std::vector<std::size_t> index;
};
StepOutcomes step_outcomes(const Replicate& r, Losses Metrics::*scope) {
  StepOutcomes steps;
  const auto& table = inequalities();
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (!table[i].proof_step) continue;
    steps.outcomes.push_back(classify(table[i], terms(r, scope)));
    steps.index.push_back(i);
  }
  return steps;
}

// Per target/scope: the premises (1/0), the first failing proof step (its index
// in inequalities(), -1 for none) and its outcome (-1 for none).
void add_first_failures(RecordLayout& l) {
  for (const TargetScope& ts : target_scopes())
    l.columns.push_back({premises_metric(ts.name),
                         [s = ts.member](const Replicate& r) { return mass_premises(r.metrics.*s) ? 1.0 : 0.0; },
                         unit("flag")});
  for (const TargetScope& ts : target_scopes()) {
    l.columns.push_back({first_failure_metric(ts.name),
                         [s = ts.member](const Replicate& r) {
                           const StepOutcomes steps = step_outcomes(r, s);
                           const int first = first_violation(steps.outcomes);
                           return first < 0 ? -1.0 : static_cast<double>(steps.index[static_cast<std::size_t>(first)]);
                         },
                         unit("index into inequalities")});
    l.columns.push_back({first_failure_cause_metric(ts.name),
                         [s = ts.member](const Replicate& r) {
                           const StepOutcomes steps = step_outcomes(r, s);
                           const int first = first_violation(steps.outcomes);
                           return first < 0 ? -1.0 : static_cast<double>(steps.outcomes[static_cast<std::size_t>(first)]);
                         },
                         unit("outcome code")});
  }
}

RecordLayout make_layout() {
  RecordLayout l;
  for (const TargetScope& ts : target_scopes()) l.target_scopes.push_back(ts.name);
  l.proof_steps = proof_steps();
  l.outcomes = outcome_names();
  add_corpus_stats(l);
  add_losses(l);
  add_metrics(l);
  add_inequalities(l);
  add_outcomes(l);
  add_first_failures(l);
  return l;
}

}  // namespace

const RecordLayout& record_layout() {
  static const RecordLayout layout = make_layout();
  return layout;
}

Table cell_table(const Study& s) {
  const std::size_t n = s.cells.size();
  std::vector<std::string> world(n), mode(n), cls(n), est(n), rounding(n);
  std::vector<double> a(n), b(n), M(n), beta(n);
  std::vector<std::uint64_t> D(n), k(n), N(n), minq(n), corpus(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Cell& c = s.cells[i];
    const CorpusCell& cc = s.corpus_cells[c.corpus];
    const World& w = s.worlds[cc.world];
    world[i] = w.name();
    a[i] = w.a();
    b[i] = w.b();
    M[i] = w.infinite() ? INFINITY : static_cast<double>(w.M());
    D[i] = cc.D;
    mode[i] = to_string(cc.mode);
    k[i] = c.spec.Q.k;
    rounding[i] = to_string(c.spec.Q.rounding);
    minq[i] = c.spec.Q.min_one_over_k;
    cls[i] = to_string(c.spec.cls);
    N[i] = c.spec.N;
    est[i] = to_string(c.spec.estimator);
    beta[i] = c.spec.beta;
    corpus[i] = c.corpus;
  }
  Table t;
  t.add("world", std::move(world));
  t.add("a", std::move(a));
  t.add("b", std::move(b));
  t.add("M", std::move(M));
  t.add("D", std::move(D));
  t.add("mode", std::move(mode));
  t.add("k", std::move(k));
  t.add("rounding", std::move(rounding));
  t.add("min_one_over_k", std::move(minq));
  t.add("class", std::move(cls));
  t.add("N", std::move(N));
  t.add("estimator", std::move(est));
  t.add("beta", std::move(beta));
  t.add("corpus_cell", std::move(corpus));
  return t;
}

Table theory_table(const Study& s, const std::vector<Expectation>& by_corpus) {
  struct Field {
    const char* name;
    double (*value)(const Expectation&);
  };
  static const Field fields[] = {
      {"E_unique", [](const Expectation& e) { return e.E_unique; }},
      {"Var_unique", [](const Expectation& e) { return e.Var_unique; }},
      {"E_hapax", [](const Expectation& e) { return e.E_V[1]; }},
      {"E_missing_mass", [](const Expectation& e) { return e.E_missing_mass; }},
  };
  Table t;
  for (const Field& f : fields) {
    std::vector<double> v(s.cells.size());
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = f.value(by_corpus[s.cells[i].corpus]);
    t.add(f.name, std::move(v));
  }
  return t;
}

namespace {

[[noreturn]] void bad_cell(const std::string& file, const char* column, std::size_t row, const std::string& why) {
  throw InputError(escaped(file) + ": /cells/" + column + " row " + std::to_string(row) + ": " + why);
}

// A string column whose every value `parse` accepts (it throws InputError).
template <class Parse>
void check_spelled(const Table& cells, const std::string& file, const char* column, Parse parse) {
  const auto& v = cells.strings(column);
  for (std::size_t i = 0; i < v.size(); ++i) {
    try {
      parse(v[i]);
    } catch (const InputError& e) {
      bad_cell(file, column, i, e.what());
    }
  }
}

// Each world names what /cells/a, b and M say (the two are written from one World).
void check_worlds(const Table& cells, const std::string& file) {
  const auto& world = cells.strings("world");
  const auto a = cells.numbers("a"), b = cells.numbers("b"), M = cells.numbers("M");
  std::map<std::string, World> seen;
  for (std::size_t i = 0; i < world.size(); ++i) {
    auto it = seen.find(world[i]);
    if (it == seen.end()) {
      try {
        it = seen.emplace(world[i], parse_world(world[i])).first;
      } catch (const InputError& e) {
        bad_cell(file, "world", i, e.what());
      }
    }
    const World& w = it->second;
    const double wM = w.infinite() ? INFINITY : static_cast<double>(w.M());
    if (w.a() != a[i] || w.b() != b[i] || wM != M[i])
      bad_cell(file, "world", i, quote(world[i]) + " disagrees with /cells/a, b and M");
  }
}

void check_counts(const Table& cells, const std::string& file) {
  const std::size_t n = cells.length("world");
  const auto uints = [&](const char* name) { return std::get<std::vector<std::uint64_t>>(cells.column(name)); };
  const auto D = uints("D"), k = uints("k"), minq = uints("min_one_over_k"), corpus = uints("corpus_cell");
  for (std::size_t i = 0; i < n; ++i) {
    if (D[i] < 1 || D[i] > kMaxCount) bad_cell(file, "D", i, std::to_string(D[i]) + " is not in [1, 2^62]");
    if (k[i] < 1) bad_cell(file, "k", i, "0 is not a precision");
    if (minq[i] > 1) bad_cell(file, "min_one_over_k", i, std::to_string(minq[i]) + " is neither 0 nor 1");
    if (corpus[i] >= n) bad_cell(file, "corpus_cell", i, std::to_string(corpus[i]) + " is not a cell");
  }
}

}  // namespace

void check_cell_table(const Table& cells, const std::string& file) {
  const Table layout = cell_table(Study{});
  for (const Table::Entry& e : layout.columns()) {
    if (!cells.has(e.name)) throw InputError(escaped(file) + ": no dataset /cells/" + e.name);
    if (cells.column(e.name).index() != e.values.index())
      throw InputError(escaped(file) + ": /cells/" + e.name + " has a type pacsim does not write there");
  }
  check_worlds(cells, file);
  check_spelled(cells, file, "mode", parse_sampling_mode);
  check_spelled(cells, file, "rounding", parse_rounding);
  check_spelled(cells, file, "class", parse_hypothesis_class);
  check_spelled(cells, file, "estimator", parse_estimator);
  check_counts(cells, file);
}

}  // namespace pacsim
