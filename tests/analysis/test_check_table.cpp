// Tests of analysis/check_table: the check table and the first failing step,
// from hand-made StudyResults (cells, replicates, the sides and outcomes of
// each check as metrics) and from a small study run in memory.
//  - the metrics each reads, for schema 1.3 (stored outcomes) and older files
//    (outcomes computed from sides and losses);
//  - the counts by outcome, the rows' order (the proof's steps, then the
//    diagnostics) and step numbers, the worst finite violation (least slack
//    among violated replicates with finite sides) and where it is, and its
//    columns empty when nothing is violated by a finite amount;
//  - an older file's outcomes: classify() with t_mass = 1 - missing_mass over
//    pop_S, and a whole study's table the same computed as stored;
//  - damaged values (codes off the list, first failures that disagree with the
//    outcomes) refused as DamagedResults naming the dataset, cell and replicate;
//  - --scope and --by values that do not exist refused, naming them;
//  - the first-failure report by world (with a, b, M), D, min_one_over_k, beta.
//
// Tolerances: none. Counts are integers, slacks differences of small dyadic
// numbers (exact in binary floating point), and text is compared exactly.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/check_table.hpp"
#include "sim/study/runner.hpp"
#include "sim/study/study.hpp"

using namespace pacsim;
using Catch::Matchers::Contains;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct CellSpec {
  std::string world;
  double a, b, M;
  std::uint64_t D;
  std::string mode;
  std::uint64_t k;
  std::string rounding;
  std::uint64_t min_one_over_k;
  std::string cls;
  std::uint64_t N;
  std::string estimator;
  double beta;
};

const CellSpec cell_all_ml{"zm:a=1.2,b=0,M=1000", 1.2, 0, 1000, 1000, "multinomial", 10, "nearest", 0, "all", 0,
                           "ml", 0};
const CellSpec cell_top_add{"zm:a=2,b=0,M=inf", 2, 0, kInf, 100000, "poisson", 100, "floor", 1, "top", 50, "add", 0.5};
const std::string params_all_ml =
    "world=zm:a=1.2,b=0,M=1000 D=1000 mode=multinomial k=10 rounding=nearest class=all estimator=ml";
const std::string params_top_add =
    "world=zm:a=2,b=0,M=inf D=100000 mode=poisson k=100 rounding=floor min_one_over_k class=top N=50 "
    "estimator=add beta=0.5";

const CheckedInequality eq9_step{"eq9_step", "kl", "log(k) * lk", "the line before (9)"};
const CheckedInequality pinsker{"pinsker", "tv^2 / 2", "kl", "eq. (13), Pinsker"};
const CheckedInequality pinsker_norm{"pinsker_norm", "tv_norm^2 / 2", "kl_norm", "diagnostic"};

// Results with the given cells (columns typed as in sim/io/SCHEMA.md),
// replicates per cell, inequalities and target/scopes; `stored` says whether
// they are of schema 1.3 (outcome codes stored, proof steps listed). No metrics.
StudyResults study(const std::vector<CellSpec>& cells, std::uint64_t reps,
                   const std::vector<CheckedInequality>& inequalities, const std::vector<std::string>& scopes,
                   bool stored = true) {
  StudyResults r;
  r.reps = reps;
  r.inequalities = inequalities;
  r.target_scopes = scopes;
  if (stored) {
    r.outcomes = outcome_names();
    for (const CheckedInequality& i : inequalities)
      if (i.name != "pinsker_norm") r.proof_steps.push_back(i.name);
  }
  std::vector<std::string> world, mode, rounding, cls, estimator;
  std::vector<std::uint64_t> D, k, m1k, N;
  std::vector<double> a, b, M, beta;
  for (const CellSpec& c : cells) {
    world.push_back(c.world);
    a.push_back(c.a);
    b.push_back(c.b);
    M.push_back(c.M);
    D.push_back(c.D);
    mode.push_back(c.mode);
    k.push_back(c.k);
    rounding.push_back(c.rounding);
    m1k.push_back(c.min_one_over_k);
    cls.push_back(c.cls);
    N.push_back(c.N);
    estimator.push_back(c.estimator);
    beta.push_back(c.beta);
  }
  r.cells.add("world", world);
  r.cells.add("a", a);
  r.cells.add("b", b);
  r.cells.add("M", M);
  r.cells.add("D", D);
  r.cells.add("mode", mode);
  r.cells.add("k", k);
  r.cells.add("rounding", rounding);
  r.cells.add("min_one_over_k", m1k);
  r.cells.add("class", cls);
  r.cells.add("N", N);
  r.cells.add("estimator", estimator);
  r.cells.add("beta", beta);
  return r;
}

// Both sides and the outcome codes of one check over one target/scope, [cell * reps + rep].
void check(StudyResults& r, const std::string& ineq, const std::string& ts, std::vector<double> lhs,
           std::vector<double> rhs, std::vector<Outcome> outcomes) {
  r.metrics.add(side_metric(ineq, ts, false), std::move(lhs));
  r.metrics.add(side_metric(ineq, ts, true), std::move(rhs));
  std::vector<double> codes;
  for (const Outcome o : outcomes) codes.push_back(static_cast<double>(o));
  r.metrics.add(outcome_metric(ineq, ts), codes);
}

using O = Outcome;

// Two cells, three replicates, eq9_step and pinsker over pop_S, pinsker_norm
// over pop_S, listed out of the proof's order (pinsker_norm first):
//   eq9_step pop_S: holds, genuine (slack -0.5), grid_equal (slack -1) | vacuous,
//                   premise_q (slack -0.25), infinite_side (lhs inf)
//   pinsker pop_S:  unfounded, undefined, premise_target (slack -2) | holds x 2,
//                   vacuous
//   pinsker_norm:   holds x 6 (one with lhs > rhs within rounding: not violated)
StudyResults mixed() {
  StudyResults r = study({cell_all_ml, cell_top_add}, 3, {pinsker_norm, eq9_step, pinsker}, {"pop_S"});
  check(r, "eq9_step", "pop_S", {0.25, 1.0, 1.0, -0.5, 0.75, kInf}, {0.5, 0.5, 0.0, 0.25, 0.5, 0.5},
        {O::holds, O::genuine, O::grid_equal, O::vacuous, O::premise_q, O::infinite_side});
  check(r, "pinsker", "pop_S", {0.5, kNaN, 3.0, 0.125, 0.25, 0.0}, {kInf, 1.0, 1.0, 0.5, 0.25, 0.5},
        {O::unfounded, O::undefined, O::premise_target, O::holds, O::holds, O::vacuous});
  check(r, "pinsker_norm", "pop_S", {0.125, 0.125, 0.125, 0.125, 0.125, 0.5 + 1e-12}, {1, 1, 1, 1, 1, 0.5},
        std::vector<O>(6, O::holds));
  return r;
}

std::string tsv(const Report& r) { return format_report(r, TableFormat::tsv); }

// The field of `report`'s TSV in row `row` (0: the header) and column `name`.
std::string field(const std::string& text, std::size_t row, const std::string& name) {
  std::vector<std::vector<std::string>> rows;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = text.find('\n', at);
    std::vector<std::string> fields;
    const std::string line = text.substr(at, end - at);
    std::size_t f = 0;
    for (;;) {
      const std::size_t tab = line.find('\t', f);
      fields.push_back(line.substr(f, tab == std::string::npos ? std::string::npos : tab - f));
      if (tab == std::string::npos) break;
      f = tab + 1;
    }
    rows.push_back(fields);
    at = end + 1;
  }
  for (std::size_t c = 0; c < rows.at(0).size(); ++c)
    if (rows[0][c] == name) return rows.at(row).at(c);
  FAIL("no column " << name);
  return "";
}

std::string work(const std::string& name) {
  const std::string dir = std::string(PACSIM_TEST_WORK) + "/check_table";
  std::filesystem::create_directories(dir);
  return dir + "/" + name;
}

}  // namespace

TEST_CASE("check_table: the metrics it reads: sides and outcomes, or sides and losses for older files",
          "[analysis][check_table]") {
  const StudyResults r = mixed();
  CHECK(check_table_metrics(r, {"pop_S"}) ==
        std::vector<std::string>{"pinsker_norm_pop_S_lhs", "pinsker_norm_pop_S_rhs", "pinsker_norm_pop_S_outcome",
                                 "eq9_step_pop_S_lhs", "eq9_step_pop_S_rhs", "eq9_step_pop_S_outcome",
                                 "pinsker_pop_S_lhs", "pinsker_pop_S_rhs", "pinsker_pop_S_outcome"});
  for (const std::string& m : check_table_metrics(r, {"pop_S"})) CHECK(r.metrics.has(m));
  const StudyResults old = study({cell_all_ml}, 1, {eq9_step}, {"pop_S", "train_U"}, false);
  CHECK(check_table_metrics(old, {"train_U"}) ==
        std::vector<std::string>{"eq9_step_train_U_lhs", "eq9_step_train_U_rhs", "kl_train_U", "lk_train_U",
                                 "q_mass_train_U", "missing_mass"});
  CHECK(first_failure_metrics(r, "pop_S").back() == "first_failure_cause_pop_S");
  CHECK(first_failure_metrics(old, "pop_S").back() == "missing_mass");
  CHECK(check_table(study({cell_all_ml}, 1, {}, {"pop_S"}), {"pop_S"}).empty());
}

TEST_CASE("check_table: scopes: all, one, or one that does not exist", "[analysis][check_table]") {
  const StudyResults r = study({cell_all_ml}, 1, {eq9_step}, {"pop_S", "train_U"});
  CHECK(chosen_scopes(r, "") == std::vector<std::string>{"pop_S", "train_U"});
  CHECK(chosen_scopes(r, "train_U") == std::vector<std::string>{"train_U"});
  CHECK_THROWS_AS(chosen_scopes(r, "pop_X"), std::invalid_argument);
  CHECK_THROWS_WITH(chosen_scopes(r, "pop_X"), Contains("--scope") && Contains("'pop_X'") && Contains("pop_S, train_U"));
}

TEST_CASE("check_table: counts by outcome, the rows' order and steps, the worst finite violation",
          "[analysis][check_table]") {
  const StudyResults r = mixed();
  const std::vector<CheckRow> rows = check_table(r, {"pop_S"});
  REQUIRE(rows.size() == 3);
  // The proof's steps first, in the proof's order; pinsker_norm (no step) last.
  CHECK(rows[0].inequality == "eq9_step");
  CHECK(rows[0].step == 1);
  CHECK(rows[1].inequality == "pinsker");
  CHECK(rows[1].step == 2);
  CHECK(rows[2].inequality == "pinsker_norm");
  CHECK(rows[2].step == 0);
  CHECK(rows[0].formula == "kl <= log(k) * lk");

  const CheckRow& e = rows[0];
  CHECK(e.checked() == 6);
  CHECK(e.count(O::holds) == 1);
  CHECK(e.count(O::vacuous) == 1);
  CHECK(e.violated() == 4);
  CHECK(e.count(O::grid_equal) == 1);
  CHECK(e.count(O::genuine) == 1);
  CHECK(e.count(O::premise_q) == 1);
  CHECK(e.count(O::infinite_side) == 1);
  // The least finite slack among violations: -1 at cell 0 rep 2 (grid_equal);
  // the infinite side does not count, however much it is violated by.
  REQUIRE(e.found);
  CHECK(e.worst_slack == -1);
  CHECK(e.worst_cause == O::grid_equal);
  CHECK(e.worst_cell == 0);
  CHECK(e.worst_rep == 2);

  const CheckRow& p = rows[1];
  CHECK(p.checked() == 5);
  CHECK(p.count(O::undefined) == 1);
  CHECK(p.count(O::unfounded) == 1);
  CHECK(p.count(O::holds) == 2);
  CHECK(p.violated() == 1);
  REQUIRE(p.found);
  CHECK(p.worst_slack == -2);
  CHECK(p.worst_cause == O::premise_target);
  CHECK(p.worst_cell == 0);
  CHECK(p.worst_rep == 2);

  // Nothing violated: no worst, even where lhs exceeds rhs within rounding.
  CHECK(rows[2].count(O::holds) == 6);
  CHECK_FALSE(rows[2].found);
}

TEST_CASE("check_table: the report: worst columns empty when nothing fails, cell parameters spelled out",
          "[analysis][check_table]") {
  const StudyResults r = mixed();
  const std::string t = tsv(check_report(check_table(r, {"pop_S"}), r));
  CHECK(t.rfind("check\tstep\ttarget_scope\tinequality\tchecked\tsupport\tvacuous\tunfounded\tviolated\t"
                "infinite_side\tgrid_equal\tpremise_target\tpremise_q\tgenuine\tundefined\tworst_slack\tworst_cause\t"
                "worst_cell\tworst_rep\tworst_cell_params\n",
                0) == 0);
  CHECK(t.find("eq9_step\t1\tpop_S\tkl <= log(k) * lk\t6\t1\t1\t0\t4\t1\t1\t0\t1\t1\t0\t-1\tgrid_equal\t0\t2\t" +
               params_all_ml + "\n") != std::string::npos);
  CHECK(t.find("pinsker\t2\tpop_S\ttv^2 / 2 <= kl\t5\t2\t1\t1\t1\t0\t0\t1\t0\t0\t1\t-2\tpremise_target\t0\t2\t" +
               params_all_ml + "\n") != std::string::npos);
  // pinsker_norm: no step, nothing violated: those fields empty, never cell 0.
  CHECK(t.find("pinsker_norm\t\tpop_S\ttv_norm^2 / 2 <= kl_norm\t6\t6\t0\t0\t0\t0\t0\t0\t0\t0\t0\t\t\t\t\t\n") !=
        std::string::npos);
  CHECK(t.find("nan") == std::string::npos);
  // The worst violation in the second cell names its parameters.
  StudyResults s = study({cell_all_ml, cell_top_add}, 1, {pinsker}, {"pop_S"});
  check(s, "pinsker", "pop_S", {0.5, 4.0}, {1.0, 1.0}, {O::holds, O::genuine});
  CHECK(field(tsv(check_report(check_table(s, {"pop_S"}), s)), 1, "worst_cell_params") == params_top_add);
  // LaTeX headers in the paper's symbols; no nan in any format.
  const Report rep = check_report(check_table(r, {"pop_S"}), r);
  const std::string tex = format_report(rep, TableFormat::latex);
  CHECK_THAT(tex, Contains("$L_k = 0 < \\Delta$"));
  CHECK_THAT(tex, Contains("$\\infty$ side"));
  for (const TableFormat f : {TableFormat::csv, TableFormat::latex, TableFormat::md})
    CHECK(format_report(rep, f).find("nan") == std::string::npos);
}

TEST_CASE("check_table: an older file's outcomes are classify() of its sides and losses", "[analysis][check_table]") {
  // Schema before 1.3: no outcomes stored. pop_S's target mass is 1 -
  // missing_mass: 0.25 missing breaks the premise (premise_target), 1e-7 does
  // not (genuine); over train_U the target mass is 1. lk = 0 < kl: grid_equal.
  StudyResults r = study({cell_all_ml}, 4, {eq9_step}, {"pop_S", "train_U"}, false);
  r.metrics.add(side_metric("eq9_step", "pop_S", false), std::vector<double>{1, 1, 1, 0.1});
  r.metrics.add(side_metric("eq9_step", "pop_S", true), std::vector<double>{0.5, 0.5, 0, 0.5});
  r.metrics.add(side_metric("eq9_step", "train_U", false), std::vector<double>{1, 1, kInf, kNaN});
  r.metrics.add(side_metric("eq9_step", "train_U", true), std::vector<double>{0.5, 0.5, 0.5, 0.5});
  for (const std::string ts : {"pop_S", "train_U"}) {
    r.metrics.add("kl_" + ts, std::vector<double>{1, 1, 1, 0.1});
    r.metrics.add("lk_" + ts, std::vector<double>{0.1, 0.1, 0, 0.1});
    r.metrics.add("q_mass_" + ts, std::vector<double>{1, 1, 1, 1});
  }
  r.metrics.add("missing_mass", std::vector<double>{0.25, 1e-7, 0.25, 0.25});
  const std::vector<CheckRow> rows = check_table(r, {"pop_S", "train_U"});
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].count(O::premise_target) == 1);
  CHECK(rows[0].count(O::genuine) == 1);
  CHECK(rows[0].count(O::grid_equal) == 1);
  CHECK(rows[0].count(O::unfounded) == 1);  // holds (0.1 <= 0.5) with the target's mass 0.75
  CHECK(rows[1].count(O::genuine) == 2);    // the same sides, target mass 1
  CHECK(rows[1].count(O::infinite_side) == 1);
  CHECK(rows[1].count(O::undefined) == 1);
  CHECK(rows[0].step == 1);  // pacsim's proof order for a file that lists no steps
}

TEST_CASE("check_table: a study's table is the same from stored outcomes and computed from its sides",
          "[analysis][check_table]") {
  const std::string path = work("same.toml");
  std::ofstream(path, std::ios::binary)
      << "worlds = [\"zm:a=1.5,M=1e4\", \"zm:a=6,M=inf\"]\nD = [10, 1000, 100000]\nk = [4, 1000]\n"
         "rounding = [\"nearest\", \"ceil\"]\nmin_one_over_k = [false, true]\nclass = [\"all\", \"top\"]\nN = [3]\n"
         "reps = 3\nseed = 9\n";
  RunOptions o;
  o.threads = 2;
  const StudyResults stored = run_study(load_study(path), o);
  // The same results as an older file would hold them: no outcome codes, no
  // steps, t_mass from missing_mass.
  StudyResults old = stored;
  old.outcomes.clear();
  old.proof_steps.clear();
  const auto a = check_table(stored, stored.target_scopes), b = check_table(old, old.target_scopes);
  REQUIRE(a.size() == b.size());
  std::size_t violated = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO(a[i].inequality << " " << a[i].target_scope);
    CHECK(a[i].inequality == b[i].inequality);
    CHECK(a[i].outcomes == b[i].outcomes);
    CHECK(a[i].found == b[i].found);
    CHECK((a[i].worst_slack == b[i].worst_slack || (!a[i].found && !b[i].found)));
    violated += a[i].violated();
  }
  CHECK(violated > 0);
  for (const std::string& by : group_parameters())
    CHECK(tsv(first_failure_report(stored, by, "pop_S")) == tsv(first_failure_report(old, by, "pop_S")));
}

TEST_CASE("check_table: damaged outcome codes and first failures are refused, naming where",
          "[analysis][check_table]") {
  for (const double bad : {2.5, 9.0, -1.0, kNaN}) {
    INFO(bad);
    StudyResults r = mixed();
    StudyResults damaged = study({cell_all_ml, cell_top_add}, 3, r.inequalities, {"pop_S"});
    for (const auto& c : r.metrics.columns()) {
      std::vector<double> v = r.metrics.doubles(c.name);
      if (c.name == "pinsker_pop_S_outcome") v[4] = bad;
      damaged.metrics.add(c.name, v);
    }
    CHECK_THROWS_AS(check_table(damaged, {"pop_S"}), DamagedResults);
    CHECK_THROWS_WITH(check_table(damaged, {"pop_S"}),
                      Contains("/metrics/pinsker_pop_S_outcome cell 1 rep 1") && Contains("not an outcome code"));
  }
  {
    StudyResults r = mixed();
    r.outcomes[5] = "grid";  // another list of outcomes
    CHECK_THROWS_AS(check_table(r, {"pop_S"}), DamagedResults);
  }
  {
    // Stored first failures must agree with the outcomes: eq9_step (index 1 of
    // the inequalities here) fails first in four replicates; cell 1 rep 1's
    // cause is premise_q (7), not genuine (8).
    StudyResults r = mixed();
    r.metrics.add(first_failure_metric("pop_S"), std::vector<double>{-1, 1, 1, -1, 1, 1});
    r.metrics.add(first_failure_cause_metric("pop_S"), std::vector<double>{-1, 8, 5, -1, 7, 4});
    CHECK_NOTHROW(first_failure_report(r, "world", "pop_S"));
    StudyResults wrong = mixed();
    wrong.metrics.add(first_failure_metric("pop_S"), std::vector<double>{-1, 1, 1, -1, 1, 1});
    wrong.metrics.add(first_failure_cause_metric("pop_S"), std::vector<double>{-1, 8, 5, -1, 8, 4});
    CHECK_THROWS_AS(first_failure_report(wrong, "world", "pop_S"), DamagedResults);
    CHECK_THROWS_WITH(first_failure_report(wrong, "world", "pop_S"),
                      Contains("/metrics/first_failure_cause_pop_S cell 1 rep 1") && Contains("disagrees"));
  }
}

TEST_CASE("check_table: the first failing step per world, D, min_one_over_k and beta", "[analysis][check_table]") {
  // mixed(), per replicate (eq9_step's outcome, pinsker's) -> first failure:
  //   cell 0: (holds, unfounded) -> none; (genuine, undefined) -> eq9_step genuine;
  //           (grid_equal, premise_target) -> eq9_step grid_equal: the first step counts;
  //   cell 1: (vacuous, holds) -> none; (premise_q, holds) -> eq9_step premise_q;
  //           (infinite_side, vacuous) -> eq9_step infinite_side.
  // Within a group the steps in the proof's order, then the causes by code, none last.
  StudyResults r = mixed();
  r.metrics.add(first_failure_metric("pop_S"), std::vector<double>{-1, 1, 1, -1, 1, 1});
  r.metrics.add(first_failure_cause_metric("pop_S"), std::vector<double>{-1, 8, 5, -1, 7, 4});
  const std::string by_world = tsv(first_failure_report(r, "world", "pop_S"));
  CHECK(by_world ==
        "world\ta\tb\tM\treplicates\tfirst_failure\tcause\tcount\tshare\n"
        "zm:a=1.2,b=0,M=1000\t1.2\t0\t1000\t3\teq9_step\tgrid_equal\t1\t0.333333\n"
        "zm:a=1.2,b=0,M=1000\t1.2\t0\t1000\t3\teq9_step\tgenuine\t1\t0.333333\n"
        "zm:a=1.2,b=0,M=1000\t1.2\t0\t1000\t3\tnone\t\t1\t0.333333\n"
        "zm:a=2,b=0,M=inf\t2\t0\tinf\t3\teq9_step\tinfinite_side\t1\t0.333333\n"
        "zm:a=2,b=0,M=inf\t2\t0\tinf\t3\teq9_step\tpremise_q\t1\t0.333333\n"
        "zm:a=2,b=0,M=inf\t2\t0\tinf\t3\tnone\t\t1\t0.333333\n");
  CHECK(field(tsv(first_failure_report(r, "D", "pop_S")), 4, "D") == "100000");
  CHECK(field(tsv(first_failure_report(r, "min_one_over_k", "pop_S")), 1, "min_one_over_k") == "false");
  CHECK(field(tsv(first_failure_report(r, "min_one_over_k", "pop_S")), 4, "min_one_over_k") == "true");
  CHECK(field(tsv(first_failure_report(r, "beta", "pop_S")), 4, "beta") == "0.5");
  CHECK(field(tsv(first_failure_report(r, "class", "pop_S")), 4, "class") == "top");
  // A group of two cells: its replicates pooled (6), shares of 6.
  CellSpec k100 = cell_all_ml;
  k100.k = 100;
  StudyResults two = study({cell_all_ml, k100}, 3, {eq9_step}, {"pop_S"});
  check(two, "eq9_step", "pop_S", {0.25, 1, 1, 0.25, 1, -1}, {0.5, 0.5, 0.5, 0.5, 0.5, 0.5},
        {O::holds, O::genuine, O::genuine, O::holds, O::genuine, O::vacuous});
  two.metrics.add(first_failure_metric("pop_S"), std::vector<double>{-1, 0, 0, -1, 0, -1});
  two.metrics.add(first_failure_cause_metric("pop_S"), std::vector<double>{-1, 8, 8, -1, 8, -1});
  CHECK(tsv(first_failure_report(two, "world", "pop_S")) ==
        "world\ta\tb\tM\treplicates\tfirst_failure\tcause\tcount\tshare\n"
        "zm:a=1.2,b=0,M=1000\t1.2\t0\t1000\t6\teq9_step\tgenuine\t3\t0.5\n"
        "zm:a=1.2,b=0,M=1000\t1.2\t0\t1000\t6\tnone\t\t3\t0.5\n");
  CHECK(tsv(first_failure_report(two, "k", "pop_S")) ==
        "k\treplicates\tfirst_failure\tcause\tcount\tshare\n"
        "10\t3\teq9_step\tgenuine\t2\t0.666667\n10\t3\tnone\t\t1\t0.333333\n"
        "100\t3\teq9_step\tgenuine\t1\t0.333333\n100\t3\tnone\t\t2\t0.666667\n");
  CHECK_THROWS_AS(first_failure_report(r, "colour", "pop_S"), std::invalid_argument);
  CHECK_THROWS_WITH(first_failure_report(r, "colour", "pop_S"), Contains("--by") && Contains("'colour'"));
  CHECK(group_parameters() == std::vector<std::string>{"world", "D", "mode", "k", "rounding", "min_one_over_k", "class",
                                                       "N", "estimator", "beta"});
}
