// Unit tests for sim/study/record: record_layout() (the per-replicate columns of
// /metrics in order, the aliases of the inequality sides that are losses, the
// attributes of every column, the checked inequalities, target/scopes, proof
// steps and outcome names), the value every column reads from a hand-made
// Replicate (outcomes and first failures among them), and cell_table() and
// theory_table() on small loaded studies.
//
// Hand numbers: a CorpusSummary {size 100, |S| 7, V_1..3 = 3, 2, 1, missing 0.25,
// Good-Turing 0.03}, Metrics whose losses differ in every target/scope (scope j:
// kl 0.5 + j, lk (j+1)/8, tv 0.25 + j, mismatch 2 + j, q_mass 1 + j/4, t_mass 1,
// kl_norm 0.25 + j/8, tv_norm 0.5; train_U's lk is 0), best_lk 1/16, eps 3/16,
// and k = 8.
// Tolerances: columns that copy a value are compared exactly; formula sides
// without a logarithm are exact too (dyadic operands, exactly representable
// results); the eq9 sides (log(8) times lk and |S|) within a relative 1e-15:
// the code and the test multiply in different orders, so each side may carry
// up to three roundings (~1.1e-16 each) plus an ulp of log(8) (2.1e-16).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <tuple>
#include <string>
#include <vector>

#include "sim/study/record.hpp"
#include "sim/study/study.hpp"
#include "theory/inequalities.hpp"

using Catch::Matchers::WithinRel;
using pacsim::CorpusSummary;
using pacsim::Losses;
using pacsim::Metrics;
using pacsim::Quantiser;
using pacsim::record_layout;
using pacsim::RecordLayout;
using pacsim::Replicate;
using pacsim::Table;

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kScopes = {"pop_S", "pop_U", "train_S", "train_U"};
const std::vector<std::string> kLosses = {"kl", "lk", "tv", "mismatch", "q_mass", "t_mass", "kl_norm", "tv_norm"};
const std::vector<std::string> kInequalities = {"eq9_step",  "eq9_paper",  "pinsker",
                                                "eq13_grid", "eq13_paper", "pinsker_norm"};

Losses scope_losses(int j) {
  Losses l;
  l.kl = 0.5 + j;
  l.lk = 0.125 * (j + 1);
  l.tv = 0.25 + j;
  l.mismatch = 2 + j;
  l.q_mass = 1 + j / 4.0;
  l.t_mass = 1;
  l.kl_norm = 0.25 + j / 8.0;
  l.tv_norm = 0.5;
  if (j == 3) l.lk = 0;  // train_U: a grid-equal failure of eq9
  return l;
}

CorpusSummary hand_summary() {
  CorpusSummary s;
  s.size = 100;
  s.unique = 7;
  s.V = {0, 3, 2, 1};
  s.missing_mass = 0.25;
  s.gt_missing = 0.03;
  return s;
}

Metrics hand_metrics() {
  Metrics m;
  m.pop_S = scope_losses(0);
  m.pop_U = scope_losses(1);
  m.train_S = scope_losses(2);
  m.train_U = scope_losses(3);
  m.unique = 7;
  m.best_lk = 0.0625;
  m.eps = 0.1875;
  return m;
}

std::string study_file(const std::string& name, const std::string& text) {
  const std::string dir = std::string(PACSIM_TEST_WORK) + "/record";
  fs::create_directories(dir);
  const std::string path = dir + "/" + name + ".toml";
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

using U64 = std::vector<std::uint64_t>;
using Dbl = std::vector<double>;
using Str = std::vector<std::string>;

}  // namespace

TEST_CASE("record: the per-replicate columns, in order", "[study][record]") {
  std::vector<std::string> expected = {"size", "unique", "hapax", "V2", "V3", "missing_mass", "gt_missing"};
  for (const std::string& ts : kScopes)
    for (const std::string& loss : kLosses) expected.push_back(loss + "_" + ts);
  expected.push_back("best_lk");
  expected.push_back("eps");
  // The formula sides: the rhs of eq9_step and eq9_paper, the lhs of the others.
  for (const auto& [ineq, side] : std::vector<std::pair<std::string, std::string>>{{"eq9_step", "rhs"},
                                                                                  {"eq9_paper", "rhs"},
                                                                                  {"pinsker", "lhs"},
                                                                                  {"eq13_grid", "lhs"},
                                                                                  {"eq13_paper", "lhs"},
                                                                                  {"pinsker_norm", "lhs"}})
    for (const std::string& ts : kScopes) expected.push_back(ineq + "_" + ts + "_" + side);
  for (const std::string& ineq : kInequalities)
    for (const std::string& ts : kScopes) expected.push_back(ineq + "_" + ts + "_outcome");
  for (const std::string& ts : kScopes) expected.push_back("premises_" + ts);
  for (const std::string& ts : kScopes) {
    expected.push_back("first_failure_" + ts);
    expected.push_back("first_failure_cause_" + ts);
  }
  const RecordLayout& l = record_layout();
  std::vector<std::string> names;
  for (const auto& c : l.columns) names.push_back(c.name);
  CHECK(names.size() == 101);
  CHECK(names == expected);
  CHECK(&record_layout() == &l);  // built once
}

TEST_CASE("record: each loss side is an alias of its loss column", "[study][record]") {
  std::vector<std::pair<std::string, std::string>> expected;
  for (const auto& [ineq, side, loss] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"eq9_step", "lhs", "kl"}, {"eq9_paper", "lhs", "kl"}, {"pinsker", "rhs", "kl"},
           {"eq13_grid", "rhs", "tv"}, {"eq13_paper", "rhs", "tv"}, {"pinsker_norm", "rhs", "kl_norm"}})
    for (const std::string& ts : kScopes) expected.emplace_back(ineq + "_" + ts + "_" + side, loss + "_" + ts);
  const RecordLayout& l = record_layout();
  REQUIRE(l.aliases.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("alias " << i);
    CHECK(l.aliases[i].name == expected[i].first);
    CHECK(l.aliases[i].existing == expected[i].second);
  }
  // Every side of every inequality over every scope is a column or an alias, once.
  std::map<std::string, int> seen;
  for (const auto& c : l.columns) ++seen[c.name];
  for (const auto& a : l.aliases) ++seen[a.name];
  for (const auto& ineq : pacsim::inequalities())
    for (const std::string& ts : kScopes)
      for (const bool rhs : {false, true}) {
        const std::string name = pacsim::side_metric(ineq.name, ts, rhs);
        INFO(name);
        CHECK(seen[name] == 1);
      }
}

TEST_CASE("record: every column's attributes", "[study][record]") {
  const std::map<std::string, std::string> formula = {{"eq9_step", "kl <= log(k) * lk"},
                                                      {"eq9_paper", "kl <= log(k) * lk * |S|"},
                                                      {"pinsker", "tv^2 / 2 <= kl"},
                                                      {"eq13_grid", "mismatch / k <= tv"},
                                                      {"eq13_paper", "|S| * lk / k <= tv"},
                                                      {"pinsker_norm", "tv_norm^2 / 2 <= kl_norm"}};
  const auto ends_with = [](const std::string& s, const std::string& end) {
    return s.size() > end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
  };
  int sides = 0, outcomes = 0;
  for (const auto& c : record_layout().columns) {
    INFO(c.name);
    // A formula side is <inequality>_<target_scope>_lhs or _rhs, an outcome
    // <inequality>_<target_scope>_outcome (pinsker_norm before pinsker: the
    // longest name that matches).
    std::string ineq;
    for (const auto& entry : formula)
      if (c.name.rfind(entry.first + "_", 0) == 0 && entry.first.size() > ineq.size()) ineq = entry.first;
    if (!ineq.empty() && (ends_with(c.name, "_lhs") || ends_with(c.name, "_rhs"))) {
      ++sides;
      REQUIRE(c.attrs.size() == 1);
      REQUIRE(c.attrs.count("check") == 1);
      const std::string ts = c.name.substr(ineq.size() + 1, c.name.size() - ineq.size() - 5);
      CHECK(std::get<std::string>(c.attrs.at("check")) == formula.at(ineq) + " over " + ts + "; holds when lhs <= rhs");
      continue;
    }
    if (!ineq.empty() && ends_with(c.name, "_outcome")) {
      ++outcomes;
      REQUIRE(c.attrs.size() == 2);
      CHECK(std::get<std::string>(c.attrs.at("unit")) == "outcome code");
      const std::string ts = c.name.substr(ineq.size() + 1, c.name.size() - ineq.size() - 9);
      CHECK(std::get<std::string>(c.attrs.at("check")) ==
            formula.at(ineq) + " over " + ts + "; codes name the attribute outcomes of /metrics");
      continue;
    }
    // Statistics, metrics and the per-target/scope summaries: their unit only.
    std::string want;
    if (c.name == "size") want = "draws";
    else if (c.name == "unique" || c.name == "hapax" || c.name == "V2" || c.name == "V3") want = "types";
    else if (c.name.rfind("kl_", 0) == 0) want = "nats";  // kl and kl_norm
    else if (c.name.rfind("mismatch_", 0) == 0) want = "types";
    else if (c.name.rfind("premises_", 0) == 0) want = "flag";
    else if (c.name.rfind("first_failure_cause_", 0) == 0) want = "outcome code";
    else if (c.name.rfind("first_failure_", 0) == 0) want = "index into inequalities";
    else want = "probability";  // missing_mass, gt_missing, lk, tv, q_mass, t_mass, tv_norm, best_lk, eps
    REQUIRE(c.attrs.size() == 1);
    REQUIRE(c.attrs.count("unit") == 1);
    CHECK(std::get<std::string>(c.attrs.at("unit")) == want);
  }
  CHECK(sides == 24);
  CHECK(outcomes == 24);
}

TEST_CASE("record: the checked inequalities, target/scopes, proof steps and outcome names", "[study][record]") {
  const RecordLayout& l = record_layout();
  CHECK(l.target_scopes == kScopes);
  REQUIRE(l.inequalities.size() == 6);
  const auto& t = pacsim::inequalities();
  for (std::size_t i = 0; i < 6; ++i) {
    CHECK(l.inequalities[i].name == kInequalities[i]);
    CHECK(l.inequalities[i].name == t[i].name);
    CHECK(l.inequalities[i].lhs == t[i].lhs.text);
    CHECK(l.inequalities[i].rhs == t[i].rhs.text);
    CHECK(l.inequalities[i].source == t[i].source);
    CHECK(l.inequalities[i].formula() == t[i].formula());
  }
  CHECK(l.inequalities[2].formula() == "tv^2 / 2 <= kl");
  CHECK(l.proof_steps == std::vector<std::string>(kInequalities.begin(), kInequalities.end() - 1));
  CHECK(l.outcomes == std::vector<std::string>{"holds", "vacuous", "unfounded", "undefined", "infinite_side",
                                               "grid_equal", "premise_target", "premise_q", "genuine"});
}

TEST_CASE("record: the value each column reads from a hand-made replicate", "[study][record]") {
  const CorpusSummary summary = hand_summary();
  const Metrics metrics = hand_metrics();
  Quantiser Q;
  Q.k = 8;
  const Replicate r{summary, metrics, Q};
  std::map<std::string, double> want = {{"size", 100}, {"unique", 7},           {"hapax", 3},        {"V2", 2},
                                        {"V3", 1},     {"missing_mass", 0.25},  {"gt_missing", 0.03},
                                        {"best_lk", 0.0625}, {"eps", 0.1875}};
  const double log8 = 2.0794415416798357;
  std::map<std::string, double> want_log;  // the eq9 sides, compared within 1e-15
  for (int j = 0; j < 4; ++j) {
    const std::string ts = kScopes[static_cast<std::size_t>(j)];
    const Losses l = scope_losses(j);
    for (const auto& f : pacsim::loss_fields()) want[std::string(f.name) + "_" + ts] = l.*f.member;
    want_log["eq9_paper_" + ts + "_rhs"] = log8 * l.lk * 7;      // log(k) lk |S|
    want_log["eq9_step_" + ts + "_rhs"] = log8 * l.lk;           // log(k) lk
    want["pinsker_" + ts + "_lhs"] = (0.25 + j) * (0.25 + j) / 2;  // tv^2 / 2
    want["eq13_paper_" + ts + "_lhs"] = 7 * l.lk / 8;             // |S| lk / k
    want["eq13_grid_" + ts + "_lhs"] = (2.0 + j) / 8;             // mismatch / k
    want["pinsker_norm_" + ts + "_lhs"] = 0.125;                  // tv_norm^2 / 2
    want["premises_" + ts] = j == 0 ? 1 : 0;                      // q_mass 1 + j/4
  }
  // The outcomes, by hand (k = 8, |S| = 7; log 8 = 2.08):
  //  pop_S   (kl 0.5, lk 1/8, premises hold): eq9_step 0.5 > 0.26 genuine; eq9_paper
  //          0.5 <= 1.82 holds; pinsker 1/32 <= 0.5 holds; eq13_grid 1/4 <= 1/4 holds;
  //          eq13_paper 7/64 <= 1/4 holds; pinsker_norm 1/8 <= 1/4 holds.
  //  pop_U   (kl 1.5, lk 1/4, q_mass 1.25): eq9_step 1.5 > 0.52 premise_q; the others
  //          hold with lhs > 0 and a broken premise: unfounded; pinsker_norm holds.
  //  train_S (kl 2.5, lk 3/8, q_mass 1.5): eq9_step 2.5 > 0.78 premise_q; eq9_paper
  //          2.5 <= 5.46 unfounded; pinsker 2.53 > 2.5 premise_q; eq13_grid 1/2 <=
  //          2.25 and eq13_paper 0.33 <= 2.25 unfounded; pinsker_norm holds.
  //  train_U (kl 3.5, lk 0, q_mass 1.75): eq9_step and eq9_paper 3.5 > 0 grid_equal;
  //          pinsker 5.28 > 3.5 premise_q; eq13_grid 5/8 <= 3.25 unfounded;
  //          eq13_paper 0 <= 3.25 vacuous; pinsker_norm 1/8 <= 5/8 holds.
  using O = pacsim::Outcome;
  const std::vector<std::vector<O>> outcome = {
      {O::genuine, O::holds, O::holds, O::holds, O::holds, O::holds},
      {O::premise_q, O::unfounded, O::unfounded, O::unfounded, O::unfounded, O::holds},
      {O::premise_q, O::unfounded, O::premise_q, O::unfounded, O::unfounded, O::holds},
      {O::grid_equal, O::grid_equal, O::premise_q, O::unfounded, O::vacuous, O::holds}};
  for (std::size_t j = 0; j < 4; ++j) {
    for (std::size_t i = 0; i < kInequalities.size(); ++i)
      want[kInequalities[i] + "_" + kScopes[j] + "_outcome"] = static_cast<double>(outcome[j][i]);
    // Every scope fails first at eq9_step (index 0), with its outcome there.
    want["first_failure_" + kScopes[j]] = 0;
    want["first_failure_cause_" + kScopes[j]] = static_cast<double>(outcome[j][0]);
  }
  std::size_t checked = 0;
  for (const auto& c : record_layout().columns) {
    INFO(c.name);
    const double v = c.value(r);
    if (want.count(c.name)) {
      CHECK(v == want.at(c.name));
      ++checked;
    } else if (want_log.count(c.name)) {
      CHECK_THAT(v, WithinRel(want_log.at(c.name), 1e-15));
      ++checked;
    } else {
      FAIL("no expected value for column " << c.name);
    }
  }
  CHECK(checked == 101);
}

TEST_CASE("record: the first failure skips holding steps, and is -1 when no step fails", "[study][record]") {
  // pop_S with lk large enough that eq9 holds (log 8 * 1/2 = 1.04 >= kl 0.5),
  // and mismatch 3 (3/8 > tv 1/4): the first failure is eq13_grid (index 3),
  // genuine (eq13_paper, 7/16 > 1/4, fails too, later). With mismatch 1 and
  // tv 1/2 nothing fails: -1 and -1. pinsker_norm (index 5)
  // is no proof step: its failure is never the first.
  const CorpusSummary summary = hand_summary();
  Metrics metrics = hand_metrics();
  metrics.pop_S.lk = 0.5;
  metrics.pop_S.mismatch = 3;
  metrics.pop_S.kl_norm = 0;  // pinsker_norm violated: 1/8 > 0
  Quantiser Q;
  Q.k = 8;
  const auto column = [&](const std::string& name) -> const pacsim::RecordColumn& {
    for (const auto& c : record_layout().columns)
      if (c.name == name) return c;
    FAIL("no column " << name);
    throw std::logic_error("unreachable");
  };
  {
    const Replicate r{summary, metrics, Q};
    CHECK(column("eq13_grid_pop_S_outcome").value(r) == static_cast<double>(pacsim::Outcome::genuine));
    CHECK(column("pinsker_norm_pop_S_outcome").value(r) == static_cast<double>(pacsim::Outcome::genuine));
    CHECK(column("first_failure_pop_S").value(r) == 3);
    CHECK(column("first_failure_cause_pop_S").value(r) == static_cast<double>(pacsim::Outcome::genuine));
  }
  metrics.pop_S.mismatch = 1;
  metrics.pop_S.tv = 0.5;
  {
    const Replicate r{summary, metrics, Q};
    CHECK(column("first_failure_pop_S").value(r) == -1);
    CHECK(column("first_failure_cause_pop_S").value(r) == -1);
  }
}

TEST_CASE("record: cell_table has one row per cell with its parameters", "[study][record]") {
  const pacsim::Study s = pacsim::load_study(study_file(
      "cells", "worlds = [\"zm:a=1.2,b=0.5,M=1000\", \"zm:a=2,M=inf\"]\nD = [10, 100]\nmode = \"poisson\"\n"
               "k = 5\nrounding = \"floor\"\nmin_one_over_k = true\nclass = [\"all\", \"top\"]\nN = 2\n"));
  const Table t = pacsim::cell_table(s);
  std::vector<std::string> names;
  for (const auto& c : t.columns()) names.push_back(c.name);
  CHECK(names == Str{"world", "a", "b", "M", "D", "mode", "k", "rounding", "min_one_over_k", "class", "N",
                     "estimator", "beta", "corpus_cell"});
  CHECK(t.aliases().empty());
  const std::string w0 = "zm:a=1.2,b=0.5,M=1000", w1 = "zm:a=2,b=0,M=inf";
  CHECK(t.strings("world") == Str{w0, w0, w0, w0, w1, w1, w1, w1});
  CHECK(t.doubles("a") == Dbl{1.2, 1.2, 1.2, 1.2, 2, 2, 2, 2});
  CHECK(t.doubles("b") == Dbl{0.5, 0.5, 0.5, 0.5, 0, 0, 0, 0});
  CHECK(t.doubles("M") == Dbl{1000, 1000, 1000, 1000, INFINITY, INFINITY, INFINITY, INFINITY});
  CHECK(std::get<U64>(t.column("D")) == U64{10, 10, 100, 100, 10, 10, 100, 100});
  CHECK(t.strings("mode") == Str(8, "poisson"));
  CHECK(std::get<U64>(t.column("k")) == U64(8, 5));
  CHECK(t.strings("rounding") == Str(8, "floor"));
  CHECK(std::get<U64>(t.column("min_one_over_k")) == U64(8, 1));
  CHECK(t.strings("class") == Str{"all", "top", "all", "top", "all", "top", "all", "top"});
  CHECK(std::get<U64>(t.column("N")) == U64{0, 2, 0, 2, 0, 2, 0, 2});
  CHECK(t.strings("estimator") == Str(8, "ml"));
  CHECK(t.doubles("beta") == Dbl(8, 0.0));
  CHECK(std::get<U64>(t.column("corpus_cell")) == U64{0, 0, 1, 1, 2, 2, 3, 3});

  // Estimators, betas, roundings and min_one_over_k = false.
  const pacsim::Study e = pacsim::load_study(study_file(
      "cells_add", "worlds = \"zm:a=0,M=50\"\nD = 5\nrounding = [\"nearest\", \"ceil\"]\n"
                   "estimator = [\"ml\", \"add\"]\nbeta = [0.5, 2]\n"));
  const Table u = pacsim::cell_table(e);
  CHECK(u.strings("world") == Str(6, "zm:a=0,b=0,M=50"));
  CHECK(u.doubles("a") == Dbl(6, 0.0));
  CHECK(u.doubles("M") == Dbl(6, 50.0));
  CHECK(u.strings("mode") == Str(6, "multinomial"));
  CHECK(std::get<U64>(u.column("k")) == U64(6, 10));
  CHECK(u.strings("rounding") == Str{"nearest", "nearest", "nearest", "ceil", "ceil", "ceil"});
  CHECK(std::get<U64>(u.column("min_one_over_k")) == U64(6, 0));
  CHECK(u.strings("estimator") == Str{"ml", "add", "add", "ml", "add", "add"});
  CHECK(u.doubles("beta") == Dbl{0, 0.5, 2, 0, 0.5, 2});
  CHECK(std::get<U64>(u.column("corpus_cell")) == U64(6, 0));
}

TEST_CASE("record: theory_table gives each cell its corpus cell's expectations", "[study][record]") {
  const pacsim::Study s = pacsim::load_study(
      study_file("theory", "worlds = \"zm:a=1,M=100\"\nD = [10, 20]\nk = [2, 3, 4]\n"));
  REQUIRE(s.corpus_cells.size() == 2);
  REQUIRE(s.cells.size() == 6);
  std::vector<pacsim::Expectation> by_corpus(2);
  for (int c = 0; c < 2; ++c) {
    by_corpus[c].E_unique = 10.5 + c;
    by_corpus[c].Var_unique = 2.25 + c;
    by_corpus[c].E_V = {-1.0, 4.5 + c, -2.0, -3.0};  // only E_V[1] is recorded
    by_corpus[c].E_missing_mass = 0.125 + c;
  }
  const Table t = pacsim::theory_table(s, by_corpus);
  std::vector<std::string> names;
  for (const auto& c : t.columns()) names.push_back(c.name);
  CHECK(names == Str{"E_unique", "Var_unique", "E_hapax", "E_missing_mass"});
  CHECK(t.doubles("E_unique") == Dbl{10.5, 10.5, 10.5, 11.5, 11.5, 11.5});
  CHECK(t.doubles("Var_unique") == Dbl{2.25, 2.25, 2.25, 3.25, 3.25, 3.25});
  CHECK(t.doubles("E_hapax") == Dbl{4.5, 4.5, 4.5, 5.5, 5.5, 5.5});
  CHECK(t.doubles("E_missing_mass") == Dbl{0.125, 0.125, 0.125, 1.125, 1.125, 1.125});
}
