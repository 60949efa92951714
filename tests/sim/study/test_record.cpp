// Unit tests for sim/study/record: record_layout() (the per-replicate columns of
// /metrics in order, the aliases of the inequality sides that are losses, the
// "check" attribute of the formula sides, the checked inequalities and
// target/scopes), the value every column reads from a hand-made Replicate, and
// cell_table() and theory_table() on small loaded studies.
//
// Hand numbers: a CorpusSummary {size 100, |S| 7, V_1..3 = 3, 2, 1, missing 0.25,
// Good-Turing 0.03}, Metrics whose losses differ in every target/scope (scope j:
// kl 0.5 + j, lk (j+1)/8, tv 0.25 + j, mismatch 2 + j, q_mass 1 + j/4), best_lk
// 1/16, eps 3/16, and k = 8.
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

Losses scope_losses(int j) {
  Losses l;
  l.kl = 0.5 + j;
  l.lk = 0.125 * (j + 1);
  l.tv = 0.25 + j;
  l.mismatch = 2 + j;
  l.q_mass = 1 + j / 4.0;
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
    for (const char* loss : {"kl", "lk", "tv", "mismatch", "q_mass"}) expected.push_back(std::string(loss) + "_" + ts);
  expected.push_back("best_lk");
  expected.push_back("eps");
  // The formula sides: the rhs of eq9_paper and eq9_step, the lhs of the others.
  for (const auto& [ineq, side] : std::vector<std::pair<std::string, std::string>>{
           {"eq9_paper", "rhs"}, {"eq9_step", "rhs"}, {"pinsker", "lhs"}, {"eq13_paper", "lhs"}, {"eq13_grid", "lhs"}})
    for (const std::string& ts : kScopes) expected.push_back(ineq + "_" + ts + "_" + side);
  const RecordLayout& l = record_layout();
  std::vector<std::string> names;
  for (const auto& c : l.columns) names.push_back(c.name);
  CHECK(names.size() == 49);
  CHECK(names == expected);
  CHECK(&record_layout() == &l);  // built once
}

TEST_CASE("record: each loss side is an alias of its loss column", "[study][record]") {
  std::vector<std::pair<std::string, std::string>> expected;
  for (const auto& [ineq, side, loss] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"eq9_paper", "lhs", "kl"}, {"eq9_step", "lhs", "kl"}, {"pinsker", "rhs", "kl"},
           {"eq13_paper", "rhs", "tv"}, {"eq13_grid", "rhs", "tv"}})
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

TEST_CASE("record: formula sides carry a check attribute, other columns their unit", "[study][record]") {
  const std::map<std::string, std::string> formula = {{"eq9_paper", "kl <= log(k) * lk * |S|"},
                                                      {"eq9_step", "kl <= log(k) * lk"},
                                                      {"pinsker", "tv^2 / 2 <= kl"},
                                                      {"eq13_paper", "|S| * lk / k <= tv"},
                                                      {"eq13_grid", "mismatch / k <= tv"}};
  int with_check = 0;
  for (const auto& c : record_layout().columns) {
    INFO(c.name);
    // A formula side is named <inequality>_<target_scope>_lhs or _rhs.
    std::string ineq;
    const bool side = c.name.size() > 4 && (c.name.compare(c.name.size() - 4, 4, "_lhs") == 0 ||
                                            c.name.compare(c.name.size() - 4, 4, "_rhs") == 0);
    for (const auto& entry : formula)
      if (side && c.name.rfind(entry.first + "_", 0) == 0) ineq = entry.first;
    if (ineq.empty()) {
      // Statistics and metrics: their unit, and nothing else.
      std::string want;
      if (c.name == "size") want = "draws";
      else if (c.name == "unique" || c.name == "hapax" || c.name == "V2" || c.name == "V3") want = "types";
      else if (c.name.rfind("kl_", 0) == 0) want = "nats";
      else if (c.name.rfind("mismatch_", 0) == 0) want = "types";
      else want = "probability";  // missing_mass, gt_missing, lk, tv, q_mass, best_lk, eps
      REQUIRE(c.attrs.size() == 1);
      REQUIRE(c.attrs.count("unit") == 1);
      CHECK(std::get<std::string>(c.attrs.at("unit")) == want);
      continue;
    }
    ++with_check;
    REQUIRE(c.attrs.size() == 1);
    REQUIRE(c.attrs.count("check") == 1);
    const std::string ts = c.name.substr(ineq.size() + 1, c.name.size() - ineq.size() - 5);
    CHECK(std::get<std::string>(c.attrs.at("check")) == formula.at(ineq) + " over " + ts + "; holds when lhs <= rhs");
  }
  CHECK(with_check == 20);
}

TEST_CASE("record: the checked inequalities and target/scopes", "[study][record]") {
  const RecordLayout& l = record_layout();
  CHECK(l.target_scopes == kScopes);
  REQUIRE(l.inequalities.size() == 5);
  const auto& t = pacsim::inequalities();
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(l.inequalities[i].name == t[i].name);
    CHECK(l.inequalities[i].lhs == t[i].lhs.text);
    CHECK(l.inequalities[i].rhs == t[i].rhs.text);
    CHECK(l.inequalities[i].source == t[i].source);
    CHECK(l.inequalities[i].formula() == t[i].formula());
  }
  CHECK(l.inequalities[2].formula() == "tv^2 / 2 <= kl");
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
    want["kl_" + ts] = l.kl;
    want["lk_" + ts] = l.lk;
    want["tv_" + ts] = l.tv;
    want["mismatch_" + ts] = l.mismatch;
    want["q_mass_" + ts] = l.q_mass;
    want_log["eq9_paper_" + ts + "_rhs"] = log8 * 0.125 * (j + 1) * 7;  // log(k) lk |S|
    want_log["eq9_step_" + ts + "_rhs"] = log8 * 0.125 * (j + 1);      // log(k) lk
    want["pinsker_" + ts + "_lhs"] = (0.25 + j) * (0.25 + j) / 2;      // tv^2 / 2
    want["eq13_paper_" + ts + "_lhs"] = 7 * 0.125 * (j + 1) / 8;       // |S| lk / k
    want["eq13_grid_" + ts + "_lhs"] = (2.0 + j) / 8;                  // mismatch / k
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
  CHECK(checked == 49);
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
