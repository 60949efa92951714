// Tests of analysis/check_table: the table of the proof's inequalities built
// from a hand-made StudyResults (cells, replicates, both sides of each check as
// metrics): the metrics it needs, the counts (checked, holding, violated, of
// which infinite), the worst slack and the worst finite one and where it is,
// and the TSV text with each worst cell's parameters spelled out.
//
// Tolerances: none. Every count is an integer and every slack a difference of
// small dyadic numbers (exact in binary floating point), so all checks are
// exact (==), and the TSV is compared character for character.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/check_table.hpp"

using namespace pacsim;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct CellSpec {
  std::string world;
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

// A StudyResults with the given cells (columns typed as in sim/io/SCHEMA.md),
// replicates per cell, inequalities and target/scopes, and no metrics yet.
StudyResults study(const std::vector<CellSpec>& cells, std::uint64_t reps,
                   const std::vector<CheckedInequality>& inequalities, const std::vector<std::string>& scopes) {
  StudyResults r;
  r.reps = reps;
  r.inequalities = inequalities;
  r.target_scopes = scopes;
  std::vector<std::string> world, mode, rounding, cls, estimator;
  std::vector<std::uint64_t> D, k, m1k, N;
  std::vector<double> beta;
  for (const CellSpec& c : cells) {
    world.push_back(c.world);
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

// Both sides of one inequality over one target/scope, [cell * reps + rep].
void sides(StudyResults& r, const std::string& ineq, const std::string& ts, std::vector<double> lhs,
           std::vector<double> rhs) {
  r.metrics.add(side_metric(ineq, ts, false), std::move(lhs));
  r.metrics.add(side_metric(ineq, ts, true), std::move(rhs));
}

const CellSpec cell_all_ml{"zm:a=1.2,b=0,M=1000", 1000, "multinomial", 10, "nearest", 0, "all", 0, "ml", 0};
const CellSpec cell_top_add{"zm:a=2,b=0,M=inf", 100000, "poisson", 100, "floor", 1, "top", 50, "add", 0.5};
const std::string params_all_ml =
    "world=zm:a=1.2,b=0,M=1000 D=1000 mode=multinomial k=10 rounding=nearest class=all estimator=ml";
const std::string params_top_add =
    "world=zm:a=2,b=0,M=inf D=100000 mode=poisson k=100 rounding=floor min_one_over_k class=top N=50 "
    "estimator=add beta=0.5";

const CheckedInequality eq9{"eq9_paper", "kl", "log(k) * lk * |S|", "eq. (9) as printed"};
const CheckedInequality pinsker{"pinsker", "tv^2 / 2", "kl", "eq. (13), Pinsker"};

const std::string header =
    "check\ttarget_scope\tinequality\tchecked\tholding\tviolated\tviolated_inf\tworst_slack\tworst_finite_slack\t"
    "worst_cell\tworst_rep\tworst_cell_params\n";

// Two cells, three replicates, two inequalities over two target/scopes, one
// situation per row (slacks rhs - lhs listed per replicate):
//   eq9_paper pop_S:   0.5, -0.5, undefined (inf - inf) | 0, -1, undefined (NaN)
//   eq9_paper train_U: 1, -0.25, 1                      | 1, -inf, 1
//   pinsker pop_S:     -inf, 0.25, undefined            | 0.25, 0.125, -inf
//   pinsker train_U:   nothing defined (NaN sides, or both sides inf)
StudyResults mixed() {
  StudyResults r = study({cell_all_ml, cell_top_add}, 3, {eq9, pinsker}, {"pop_S", "train_U"});
  sides(r, "eq9_paper", "pop_S", {0.5, 2.0, kInf, 1.0, 4.0, kNaN}, {1.0, 1.5, kInf, 1.0, 3.0, 2.0});
  sides(r, "eq9_paper", "train_U", {1, 2, 1, 1, kInf, 1}, {2, 1.75, 2, 2, 5, 2});
  sides(r, "pinsker", "pop_S", {kInf, 0.5, kInf, 0.25, 0.125, kInf}, {1, 0.75, kInf, 0.5, 0.25, 2});
  sides(r, "pinsker", "train_U", {kNaN, kNaN, kNaN, kInf, kInf, kInf}, {0, 1, kNaN, kInf, kInf, kInf});
  return r;
}

}  // namespace

TEST_CASE("check_table: the metrics it reads are both sides of every check", "[analysis][check_table]") {
  const StudyResults r = mixed();
  CHECK(check_table_metrics(r) == std::vector<std::string>{"eq9_paper_pop_S_lhs", "eq9_paper_pop_S_rhs",
                                                           "eq9_paper_train_U_lhs", "eq9_paper_train_U_rhs",
                                                           "pinsker_pop_S_lhs", "pinsker_pop_S_rhs",
                                                           "pinsker_train_U_lhs", "pinsker_train_U_rhs"});
  // Every name it lists is one the table is built from: all are present here.
  for (const std::string& m : check_table_metrics(r)) CHECK(r.metrics.has(m));
  const StudyResults none = study({cell_all_ml}, 1, {}, {"pop_S"});
  CHECK(check_table_metrics(none).empty());
  CHECK(check_table(none).empty());
  // Without its metrics the table cannot be built.
  const StudyResults bare = study({cell_all_ml}, 1, {eq9}, {"pop_S"});
  CHECK_THROWS_AS(check_table(bare), std::out_of_range);
}

TEST_CASE("check_table: counts, worst slacks and where they are", "[analysis][check_table]") {
  const StudyResults r = mixed();
  const std::vector<CheckRow> rows = check_table(r);
  REQUIRE(rows.size() == 4);

  SECTION("rows in the order of inequalities, then target/scopes") {
    CHECK(rows[0].inequality == "eq9_paper");
    CHECK(rows[0].target_scope == "pop_S");
    CHECK(rows[1].target_scope == "train_U");
    CHECK(rows[2].inequality == "pinsker");
    CHECK(rows[3].target_scope == "train_U");
    CHECK(rows[0].formula == "kl <= log(k) * lk * |S|");
    CHECK(rows[2].formula == "tv^2 / 2 <= kl");
  }
  SECTION("holding and finite violations; undefined slacks (inf - inf, NaN) are not counted") {
    const CheckRow& a = rows[0];
    CHECK(a.checked == 4);
    CHECK(a.holding == 2);  // slack 0.5 and slack 0 (lhs == rhs holds)
    CHECK(a.violated() == 2);
    CHECK(a.violated_inf == 0);
    CHECK(a.worst_slack == -1);
    CHECK(a.worst_finite_slack == -1);
    CHECK(a.worst_cell == 1);
    CHECK(a.worst_rep == 1);
  }
  SECTION("an infinite violation is counted apart; the worst finite one is located") {
    const CheckRow& b = rows[1];
    CHECK(b.checked == 6);
    CHECK(b.holding == 4);
    CHECK(b.violated() == 2);
    CHECK(b.violated_inf == 1);
    CHECK(b.worst_slack == -kInf);
    CHECK(b.worst_finite_slack == -0.25);
    CHECK(b.worst_cell == 0);  // not cell 1, rep 1, where lhs = inf
    CHECK(b.worst_rep == 1);
  }
  SECTION("only infinite violations: the location is the least finite slack, a holding replicate") {
    const CheckRow& c = rows[2];
    CHECK(c.checked == 5);
    CHECK(c.holding == 3);
    CHECK(c.violated() == 2);
    CHECK(c.violated_inf == 2);
    CHECK(c.worst_slack == -kInf);
    CHECK(c.worst_finite_slack == 0.125);
    CHECK(c.worst_cell == 1);
    CHECK(c.worst_rep == 1);
  }
  SECTION("no replicate with a defined slack") {
    const CheckRow& d = rows[3];
    CHECK(d.checked == 0);
    CHECK(d.holding == 0);
    CHECK(d.violated() == 0);
    CHECK(d.violated_inf == 0);
    CHECK(std::isnan(d.worst_finite_slack));
  }
}

TEST_CASE("check_table: TSV text", "[analysis][check_table]") {
  const StudyResults r = mixed();
  const std::string expected =
      header + "eq9_paper\tpop_S\tkl <= log(k) * lk * |S|\t4\t2\t2\t0\t-1\t-1\t1\t1\t" + params_top_add + "\n" +
      "eq9_paper\ttrain_U\tkl <= log(k) * lk * |S|\t6\t4\t2\t1\t-inf\t-0.25\t0\t1\t" + params_all_ml + "\n" +
      "pinsker\tpop_S\ttv^2 / 2 <= kl\t5\t3\t2\t2\t-inf\t0.125\t1\t1\t" + params_top_add + "\n" +
      "pinsker\ttrain_U\ttv^2 / 2 <= kl\t0\t0\t0\t0\tnan\tnan\t-\t-\t-\n";
  CHECK(check_table_tsv(check_table(r), r) == expected);
}

TEST_CASE("check_table: no finite slack, only infinite ones", "[analysis][check_table]") {
  // One cell, three replicates: slack +inf (holds), -inf (violated), undefined.
  StudyResults r = study({cell_all_ml}, 3, {eq9}, {"pop_U"});
  sides(r, "eq9_paper", "pop_U", {1, kInf, 1}, {kInf, 3, kNaN});
  const std::vector<CheckRow> rows = check_table(r);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].checked == 2);
  CHECK(rows[0].holding == 1);
  CHECK(rows[0].violated_inf == 1);
  CHECK(rows[0].worst_slack == -kInf);
  CHECK(std::isnan(rows[0].worst_finite_slack));
  CHECK(rows[0].worst_cell == 0);
  CHECK(rows[0].worst_rep == 1);
  CHECK(check_table_tsv(rows, r) ==
        header + "eq9_paper\tpop_U\tkl <= log(k) * lk * |S|\t2\t1\t1\t1\t-inf\tnan\t0\t1\t" + params_all_ml + "\n");
}

TEST_CASE("check_table: the worst cell's parameters", "[analysis][check_table]") {
  // Four cells of one replicate: every combination of class (all, top) and
  // estimator (ml, add); N is printed for top only, beta for add only,
  // min_one_over_k only when set. The violation is moved from cell to cell.
  const std::vector<CellSpec> cells = {
      {"w0", 10, "draws", 2, "nearest", 0, "all", 0, "ml", 0},
      {"w1", 20, "multinomial", 4, "ceil", 1, "all", 0, "add", 1},
      {"w2", 30, "poisson", 8, "floor", 0, "top", 1000, "ml", 0},
      {"w3", 123456789, "draws", 1000000, "nearest", 1, "top", 7, "add", 0.25},
  };
  const std::vector<std::string> params = {
      "world=w0 D=10 mode=draws k=2 rounding=nearest class=all estimator=ml",
      "world=w1 D=20 mode=multinomial k=4 rounding=ceil min_one_over_k class=all estimator=add beta=1",
      "world=w2 D=30 mode=poisson k=8 rounding=floor class=top N=1000 estimator=ml",
      "world=w3 D=123456789 mode=draws k=1000000 rounding=nearest min_one_over_k class=top N=7 estimator=add "
      "beta=0.25",
  };
  for (std::size_t c = 0; c < cells.size(); ++c) {
    StudyResults r = study(cells, 1, {pinsker}, {"train_S"});
    std::vector<double> rhs(4, 1.0);
    rhs[c] = -0.5;
    sides(r, "pinsker", "train_S", std::vector<double>(4, 0.0), rhs);
    const std::vector<CheckRow> rows = check_table(r);
    REQUIRE(rows.size() == 1);
    INFO("violated cell " << c);
    CHECK(rows[0].worst_cell == c);
    CHECK(rows[0].worst_rep == 0);
    CHECK(check_table_tsv(rows, r) == header + "pinsker\ttrain_S\ttv^2 / 2 <= kl\t4\t3\t1\t0\t-0.5\t-0.5\t" +
                                          std::to_string(c) + "\t0\t" + params[c] + "\n");
  }
}

TEST_CASE("check_table: brute force over two replicates of small values", "[analysis][check_table]") {
  // Every assignment of {-inf, 0, 0.5, 2, inf, NaN} to lhs and rhs of two
  // replicates (6^4 = 1296 cases), against the definitions of check_table.hpp.
  const std::vector<double> values = {-kInf, 0, 0.5, 2, kInf, kNaN};
  for (const double l0 : values)
    for (const double r0 : values)
      for (const double l1 : values)
        for (const double r1 : values) {
          StudyResults r = study({cell_all_ml}, 2, {eq9}, {"pop_S"});
          sides(r, "eq9_paper", "pop_S", {l0, l1}, {r0, r1});
          const CheckRow row = check_table(r).at(0);
          std::size_t checked = 0, holding = 0, vinf = 0;
          double worst = kInf, worst_finite = kInf;
          long at_worst = -1, at_finite = -1;
          const double lhs[2] = {l0, l1}, rhs[2] = {r0, r1};
          for (int i = 0; i < 2; ++i) {
            const double s = rhs[i] - lhs[i];
            if (std::isnan(s)) continue;
            ++checked;
            holding += lhs[i] <= rhs[i];
            vinf += s == -kInf;
            if (at_worst < 0 || s < worst) worst = s, at_worst = i;
            if (std::isfinite(s) && (at_finite < 0 || s < worst_finite)) worst_finite = s, at_finite = i;
          }
          INFO("lhs " << l0 << ", " << l1 << "; rhs " << r0 << ", " << r1);
          REQUIRE(row.checked == checked);
          REQUIRE(row.holding == holding);
          REQUIRE(row.violated_inf == vinf);
          if (checked == 0) continue;
          REQUIRE(row.worst_slack == worst);
          if (at_finite >= 0) {
            REQUIRE(row.worst_finite_slack == worst_finite);
            REQUIRE(row.worst_rep == static_cast<std::size_t>(at_finite));
          } else {
            REQUIRE(std::isnan(row.worst_finite_slack));
            if (worst < kInf) REQUIRE(row.worst_rep == static_cast<std::size_t>(at_worst));
          }
        }
}

TEST_CASE("check_table: with no finite slack the worst replicate is one that was checked", "[analysis][check_table]") {
  // check_table.hpp: the location is "the worst slack when none is finite". Here
  // replicate 0 is undefined (NaN lhs) and replicates 1 and 2 hold with slack
  // +inf, so the worst slack (+inf) is at replicate 1 (or 2), never at 0.
  StudyResults r = study({cell_all_ml}, 3, {pinsker}, {"pop_U"});
  sides(r, "pinsker", "pop_U", {kNaN, 1, 2}, {1, kInf, kInf});
  const CheckRow row = check_table(r).at(0);
  CHECK(row.checked == 2);
  CHECK(row.holding == 2);
  CHECK(row.worst_slack == kInf);
  CHECK(std::isnan(row.worst_finite_slack));
  CHECK(row.worst_cell == 0);
  CHECK(row.worst_rep != 0);
}
