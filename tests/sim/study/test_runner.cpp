// Unit tests for sim/study/runner: run_study() on small studies. The results'
// shapes; corpus statistics shared bit for bit by every cell over one corpus cell
// (paired comparisons); results identical bit for bit for 1 and 2 threads; each
// replicate's corpus equal to an independent CorpusSampler draw from
// make_engine(seed, corpus cell, replicate); the formula sides equal to their
// formulas of the stored losses, and the loss sides aliases of the losses;
// refusals as InputError; progress ending with (total, total); threads = 0
// meaning OpenMP's default; the sampled mean of |S| against theory; every
// stored outcome, premise and first failure against theory's functions of the
// stored sides; and pinsker_norm, which cannot fail, on a randomised study.
//
// Tolerances:
//  - corpus statistics, threads and independent draws: exact, bit for bit (each
//    replicate is a function of its engine's seed only, and writes its own slot).
//  - formula sides against the test's own evaluation of the formulas: relative
//    1e-15, or the same infinity/NaN (the code may round a product in another
//    order; in practice they agree exactly).
//  - the mean of |S| over 4000 replicates of one cell: within 4 standard errors
//    of theory's E|S|, the standard error sqrt(Var|S| / reps) from theory's exact
//    Var|S| (M <= 2048, so exact for the multinomial too). A false failure has
//    probability ~6e-5 under the normal approximation; the seed is fixed, so the
//    outcome is reproducible. V_1 likewise, with the sample standard deviation.
#include <catch2/catch.hpp>

#include "tests/support.hpp"

#include <sched.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "sim/input/errors.hpp"
#include "sim/random/rng.hpp"
#include "sim/sampling/corpus.hpp"
#include "sim/sampling/sampler.hpp"
#include "sim/study/runner.hpp"
#include "sim/study/study.hpp"
#include "theory/expect.hpp"
#include "theory/inequalities.hpp"

using pacsim::test::same_bits;
using Catch::Matchers::Contains;
using pacsim::Column;
using pacsim::InputError;
using pacsim::RunOptions;
using pacsim::Study;
using pacsim::StudyResults;

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kCorpusStats = {"size", "unique", "hapax", "V2", "V3", "missing_mass", "gt_missing"};

// Two worlds (one infinite), two D, three modes; two k x (all, top N=3): 12
// corpus cells, 48 cells, 6 replicates.
const char* const kSmallStudy =
    "title = \"runner test\"\n"
    "worlds = [\"zm:a=1.1,M=1000\", \"zm:a=2,b=0.5,M=inf\"]\n"
    "D = [50, 500]\n"
    "mode = [\"multinomial\", \"poisson\", \"draws\"]\n"
    "k = [4, 10]\n"
    "class = [\"all\", \"top\"]\n"
    "N = [3]\n"
    "reps = 6\n"
    "seed = 42\n";

Study study_from(const std::string& name, const std::string& text) {
  const std::string dir = std::string(PACSIM_TEST_WORK) + "/runner";
  fs::create_directories(dir);
  const std::string path = dir + "/" + name + ".toml";
  std::ofstream(path, std::ios::binary) << text;
  return pacsim::load_study(path);
}

StudyResults run(const Study& s, int threads) {
  RunOptions o;
  o.threads = threads;
  return pacsim::run_study(s, o);
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

bool close(double got, double want) {
  if (std::isnan(want)) return std::isnan(got);
  if (std::isinf(want)) return got == want;
  return std::fabs(got - want) <= 1e-15 * std::fabs(want);
}

// What libgomp takes as its default thread count: OMP_NUM_THREADS if set, else
// the CPUs this process may run on.
int openmp_default_threads() {
  if (const char* env = std::getenv("OMP_NUM_THREADS"); env && *env) return std::atoi(env);
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 0;
  return CPU_COUNT(&set);
}

}  // namespace

TEST_CASE("runner: shapes of the results", "[study][runner]") {
  const Study s = study_from("shapes", kSmallStudy);
  REQUIRE(s.cells.size() == 48);
  const StudyResults r = run(s, 2);
  CHECK(r.n_cells() == 48);
  CHECK(r.reps == 6);
  CHECK(r.seed == 42);
  CHECK(r.title == "runner test");
  CHECK(r.study_path == s.path);
  CHECK(r.study_toml == s.text);
  CHECK(r.threads == 2);
  CHECK(r.target_scopes == std::vector<std::string>{"pop_S", "pop_U", "train_S", "train_U"});
  REQUIRE(r.inequalities.size() == 6);
  CHECK(r.inequalities[0].formula() == "kl <= log(k) * lk");
  CHECK(r.inequalities[3].source == "what the grid was meant to guarantee");
  CHECK(r.proof_steps == pacsim::proof_steps());
  CHECK(r.outcomes == pacsim::outcome_names());
  // 14 cell parameters and 4 exact values, one row per cell.
  CHECK(r.cells.columns().size() == 14);
  for (const auto& c : r.cells.columns()) CHECK(pacsim::column_length(c.values) == 48);
  REQUIRE(r.theory.columns().size() == 4);
  for (const auto& c : r.theory.columns()) CHECK(pacsim::column_length(c.values) == 48);
  // 101 per-replicate columns of n_cells x reps float64, and 24 aliases.
  CHECK(r.metrics.columns().size() == 101);
  CHECK(r.metrics.aliases().size() == 24);
  for (const auto& c : r.metrics.columns()) {
    INFO(c.name);
    CHECK(std::holds_alternative<std::vector<double>>(c.values));
    CHECK(pacsim::column_length(c.values) == 48 * 6);
    CHECK(r.replicates(c.name, 47).size() == 6);
  }
}

TEST_CASE("runner: every cell over one corpus cell sees the same corpora", "[study][runner]") {
  const Study s = study_from("paired", kSmallStudy);
  const StudyResults r = run(s, 2);
  const auto& corpus = std::get<std::vector<std::uint64_t>>(r.cells.column("corpus_cell"));
  REQUIRE(corpus.size() == s.cells.size());
  int pairs = 0, differing = 0;
  for (std::size_t i = 0; i < corpus.size(); ++i)
    for (std::size_t j = i + 1; j < corpus.size(); ++j) {
      if (corpus[i] != corpus[j]) {
        differing += r.replicates("unique", i) != r.replicates("unique", j);
        continue;
      }
      ++pairs;
      for (const std::string& stat : kCorpusStats) {
        INFO(stat << " of cells " << i << " and " << j);
        CHECK(same_bits(r.replicates(stat, i), r.replicates(stat, j)));
      }
    }
  CHECK(pairs == 12 * 6);  // 4 cells per corpus cell: 6 pairs each
  CHECK(differing > 0);    // the check above can tell corpora apart
}

TEST_CASE("runner: 1 and 2 threads give the same results bit for bit", "[study][runner]") {
  const Study s = study_from("threads", kSmallStudy);
  const StudyResults one = run(s, 1), two = run(s, 2);
  CHECK(one.threads == 1);
  CHECK(two.threads == 2);
  for (const auto tables : {&StudyResults::cells, &StudyResults::metrics, &StudyResults::theory}) {
    const pacsim::Table& a = one.*tables;
    const pacsim::Table& b = two.*tables;
    REQUIRE(a.columns().size() == b.columns().size());
    for (std::size_t i = 0; i < a.columns().size(); ++i) {
      INFO(a.columns()[i].name);
      CHECK(a.columns()[i].name == b.columns()[i].name);
      CHECK(same_bits(a.columns()[i].values, b.columns()[i].values));
    }
  }
}

TEST_CASE("runner: each replicate's corpus is CorpusSampler's draw from make_engine(seed, corpus cell, rep)",
          "[study][runner]") {
  // Two D of one world: the runner's samplers share the larger D's head table,
  // the independent ones here build their own.
  const Study s = study_from("independent", kSmallStudy);
  const StudyResults r = run(s, 2);
  const auto& corpus = std::get<std::vector<std::uint64_t>>(r.cells.column("corpus_cell"));
  int compared = 0;
  for (std::size_t cc = 0; cc < s.corpus_cells.size(); ++cc) {
    const pacsim::CorpusCell& c = s.corpus_cells[cc];
    const pacsim::CorpusSampler sampler(s.worlds[c.world], c.D, c.mode);
    for (std::uint64_t rep = 0; rep < s.reps; ++rep) {
      pacsim::Engine eng = pacsim::make_engine(s.seed, cc, rep);
      const pacsim::CorpusSummary sum = pacsim::summarise(sampler.sample(eng));
      for (std::size_t cell = 0; cell < corpus.size(); ++cell) {
        if (corpus[cell] != cc) continue;
        INFO("corpus cell " << cc << " (" << s.worlds[c.world].name() << " D " << c.D << " "
                            << pacsim::to_string(c.mode) << "), replicate " << rep << ", cell " << cell);
        const std::size_t at = cell * s.reps + rep;
        CHECK(r.metrics.doubles("unique")[at] == static_cast<double>(sum.unique));
        CHECK(r.metrics.doubles("size")[at] == static_cast<double>(sum.size));
        CHECK(r.metrics.doubles("hapax")[at] == static_cast<double>(sum.V[1]));
        CHECK(r.metrics.doubles("V2")[at] == static_cast<double>(sum.V[2]));
        CHECK(r.metrics.doubles("V3")[at] == static_cast<double>(sum.V[3]));
        CHECK(same_bits(std::vector<double>{r.metrics.doubles("missing_mass")[at]}, {sum.missing_mass}));
        CHECK(same_bits(std::vector<double>{r.metrics.doubles("gt_missing")[at]}, {sum.gt_missing}));
        ++compared;
      }
    }
  }
  CHECK(compared == 48 * 6);
  // Replicates of one corpus cell differ (the engine depends on rep).
  CHECK(r.replicates("missing_mass", 0) != std::vector<double>(6, r.replicates("missing_mass", 0)[0]));
}

TEST_CASE("runner: formula sides are their formulas of the stored losses, loss sides alias the losses",
          "[study][runner]") {
  const Study s = study_from("formulas", kSmallStudy);
  const StudyResults r = run(s, 2);
  const pacsim::Table& m = r.metrics;
  const auto& k = std::get<std::vector<std::uint64_t>>(r.cells.column("k"));
  const std::vector<double>& unique = m.doubles("unique");
  std::size_t checked = 0, positive_eq9 = 0;
  for (const std::string& ts : r.target_scopes) {
    const auto& kl = m.doubles("kl_" + ts);
    const auto& lk = m.doubles("lk_" + ts);
    const auto& tv = m.doubles("tv_" + ts);
    const auto& mismatch = m.doubles("mismatch_" + ts);
    // Loss sides are the loss columns themselves.
    CHECK(&m.doubles("eq9_paper_" + ts + "_lhs") == &kl);
    CHECK(&m.doubles("eq9_step_" + ts + "_lhs") == &kl);
    CHECK(&m.doubles("pinsker_" + ts + "_rhs") == &kl);
    CHECK(&m.doubles("eq13_paper_" + ts + "_rhs") == &tv);
    CHECK(&m.doubles("eq13_grid_" + ts + "_rhs") == &tv);
    CHECK(&m.doubles("pinsker_norm_" + ts + "_rhs") == &m.doubles("kl_norm_" + ts));
    const auto& eq9_paper = m.doubles("eq9_paper_" + ts + "_rhs");
    const auto& eq9_step = m.doubles("eq9_step_" + ts + "_rhs");
    const auto& pinsker = m.doubles("pinsker_" + ts + "_lhs");
    const auto& eq13_paper = m.doubles("eq13_paper_" + ts + "_lhs");
    const auto& eq13_grid = m.doubles("eq13_grid_" + ts + "_lhs");
    const auto& pinsker_norm = m.doubles("pinsker_norm_" + ts + "_lhs");
    const auto& tv_norm = m.doubles("tv_norm_" + ts);
    for (std::size_t cell = 0; cell < r.n_cells(); ++cell)
      for (std::size_t rep = 0; rep < r.reps; ++rep) {
        const std::size_t i = cell * r.reps + rep;
        const double K = static_cast<double>(k[cell]), S = unique[i];
        INFO(ts << " cell " << cell << " rep " << rep << " k " << K << " |S| " << S);
        CHECK(close(eq9_paper[i], std::log(K) * lk[i] * S));
        CHECK(close(eq9_step[i], std::log(K) * lk[i]));
        CHECK(close(pinsker[i], tv[i] * tv[i] / 2));
        CHECK(close(eq13_paper[i], S * lk[i] / K));
        CHECK(close(eq13_grid[i], mismatch[i] / K));
        CHECK(close(pinsker_norm[i], tv_norm[i] * tv_norm[i] / 2));
        positive_eq9 += eq9_paper[i] > 0;
        ++checked;
      }
  }
  CHECK(checked == 4 * 48 * 6);
  CHECK(positive_eq9 > 0);  // the losses are not all zero
}

TEST_CASE("runner: refusals become InputError before anything runs", "[study][runner]") {
  const Study s = study_from("refusals", kSmallStudy);
  {
    RunOptions o;
    o.threads = 1;
    o.limits.max_bytes = 1000;  // the results alone: 48 cells x 6 reps x 101 metrics x 8 bytes
    bool progressed = false;
    o.progress = [&](std::size_t, std::size_t) { progressed = true; };
    CHECK_THROWS_AS(pacsim::run_study(s, o), InputError);
    CHECK_THROWS_WITH(pacsim::run_study(s, o), Contains("results") && Contains("48 cells x 6 replicates"));
    CHECK_FALSE(progressed);
  }
  {
    // One replicate of one cell (808 bytes of results) whose corpus needs more:
    // a head of ~1e5 ranks at 16 bytes each.
    const Study big = study_from("refusals_corpus", "worlds = \"zm:a=1.1,M=1e6\"\nD = \"1e6\"\nreps = 1\n");
    RunOptions o;
    o.threads = 1;
    o.limits.max_bytes = 10000;
    bool progressed = false;
    o.progress = [&](std::size_t, std::size_t) { progressed = true; };
    CHECK_THROWS_AS(pacsim::run_study(big, o), InputError);
    CHECK_THROWS_WITH(pacsim::run_study(big, o), Contains("needs about") && Contains("zm:a=1.1"));
    CHECK_FALSE(progressed);
  }
  {
    Study t = s;  // a top cell with N = 0
    REQUIRE(t.cells[1].spec.cls == pacsim::HypothesisClass::top);
    t.cells[1].spec.N = 0;
    CHECK_THROWS_AS(run(t, 1), InputError);
    CHECK_THROWS_WITH(run(t, 1), Contains("N"));
  }
  {
    Study t = s;  // estimator add over the infinite world
    const std::size_t last = t.cells.size() - 1;
    REQUIRE(t.worlds[t.corpus_cells[t.cells[last].corpus].world].infinite());
    t.cells[last].spec.estimator = pacsim::Estimator::add;
    CHECK_THROWS_AS(run(t, 1), InputError);
    CHECK_THROWS_WITH(run(t, 1), Contains("finite M"));
  }
}

TEST_CASE("runner: progress ends with (total, total)", "[study][runner]") {
  const Study s = study_from("progress", kSmallStudy);
  for (const int threads : {1, 2}) {
    std::vector<std::pair<std::size_t, std::size_t>> calls;
    RunOptions o;
    o.threads = threads;
    o.progress = [&](std::size_t done, std::size_t total) { calls.emplace_back(done, total); };
    pacsim::run_study(s, o);
    const std::size_t total = s.corpus_cells.size() * s.reps;  // replicates of corpus cells
    INFO(threads << " threads, " << calls.size() << " calls");
    REQUIRE_FALSE(calls.empty());
    CHECK(calls.back() == std::make_pair(total, total));
    bool ordered = true;
    for (std::size_t i = 0; i < calls.size(); ++i) {
      ordered &= calls[i].second == total && calls[i].first >= 1 && calls[i].first <= total;
      if (i > 0) ordered &= calls[i].first >= calls[i - 1].first;
    }
    CHECK(ordered);
    if (threads == 1) CHECK(calls.size() == total + 1);  // once per replicate, then the end
  }
}

TEST_CASE("runner: threads = 0 means OpenMP's default, whatever ran before", "[study][runner]") {
  const int expected = openmp_default_threads();
  REQUIRE(expected >= 1);
  const Study s = study_from("default_threads", "worlds = \"zm:a=1,M=100\"\nD = 10\nreps = 2\n");
  CHECK(run(s, 3).threads == 3);
  // RunOptions::threads = 0: "OpenMP's default" (runner.hpp), not the 3 just used.
  CHECK(run(s, 0).threads == expected);
}

TEST_CASE("runner: the mean of |S| over many replicates is theory's E|S| (4 SE)", "[study][runner]") {
  const Study s = study_from(
      "mean_unique", "worlds = \"zm:a=1.2,M=2000\"\nD = 300\nmode = [\"multinomial\", \"poisson\"]\n"
                     "reps = 4000\nseed = 2024\n");
  const StudyResults r = run(s, 2);
  REQUIRE(r.n_cells() == 2);
  for (std::size_t cell = 0; cell < 2; ++cell) {
    const pacsim::CorpusCell& cc = s.corpus_cells[s.cells[cell].corpus];
    const pacsim::Expectation e = pacsim::expect(s.worlds[cc.world], cc.D, cc.mode);
    // The theory table holds these very values.
    CHECK(r.theory.doubles("E_unique")[cell] == e.E_unique);
    CHECK(r.theory.doubles("Var_unique")[cell] == e.Var_unique);
    CHECK(r.theory.doubles("E_hapax")[cell] == e.E_V[1]);
    CHECK(r.theory.doubles("E_missing_mass")[cell] == e.E_missing_mass);
    REQUIRE(e.var_method == "exact");
    const std::vector<double> u = r.replicates("unique", cell), h = r.replicates("hapax", cell);
    const double n = static_cast<double>(u.size());
    long double su = 0, sh = 0, sh2 = 0;
    for (std::size_t i = 0; i < u.size(); ++i) {
      su += u[i];
      sh += h[i];
      sh2 += static_cast<long double>(h[i]) * h[i];
    }
    const double mean_u = static_cast<double>(su / n), mean_h = static_cast<double>(sh / n);
    const double se_u = std::sqrt(e.Var_unique / n);
    const double var_h = static_cast<double>((sh2 - sh * sh / n) / (n - 1));
    const double se_h = std::sqrt(var_h / n);
    INFO(pacsim::to_string(cc.mode) << ": mean |S| " << mean_u << " E " << e.E_unique << " SE " << se_u
                                    << "; mean V1 " << mean_h << " E " << e.E_V[1] << " SE " << se_h);
    REQUIRE(se_u > 0);
    REQUIRE(se_h > 0);
    CHECK(std::fabs(mean_u - e.E_unique) <= 4 * se_u);
    CHECK(std::fabs(mean_h - e.E_V[1]) <= 4 * se_h);
  }
}

namespace {

// The losses of one target/scope of one replicate, as stored.
pacsim::Losses stored_losses(const StudyResults& r, const std::string& ts, std::size_t i) {
  pacsim::Losses l;
  for (const auto& f : pacsim::loss_fields()) l.*f.member = r.metrics.doubles(std::string(f.name) + "_" + ts)[i];
  return l;
}

}  // namespace

TEST_CASE("runner: stored outcomes are classify() of the stored sides and losses, first failures their first violation",
          "[study][runner]") {
  // Every replicate of every cell over every target/scope: the outcome of each
  // inequality equals theory's classify() of the stored sides and losses, the
  // premises equal mass_premises() of the stored masses, and the first failure
  // (and its cause) is recomputed from the stored outcomes in the proof's order.
  const Study s = study_from("outcomes", kSmallStudy);
  const StudyResults r = run(s, 2);
  const auto& k = std::get<std::vector<std::uint64_t>>(r.cells.column("k"));
  const std::vector<double>& unique = r.metrics.doubles("unique");
  std::vector<std::size_t> seen(pacsim::kOutcomeCount, 0);
  std::size_t mismatches = 0, checked = 0;
  for (const std::string& ts : r.target_scopes)
    for (std::size_t cell = 0; cell < r.n_cells(); ++cell)
      for (std::size_t rep = 0; rep < r.reps; ++rep) {
        const std::size_t i = cell * r.reps + rep;
        const pacsim::Losses l = stored_losses(r, ts, i);
        INFO(ts << " cell " << cell << " rep " << rep);
        CHECK(r.metrics.doubles("premises_" + ts)[i] == (pacsim::mass_premises(l) ? 1.0 : 0.0));
        double first = -1, cause = -1;
        for (const std::string& step : r.proof_steps) {
          const double code = r.metrics.doubles(step + "_" + ts + "_outcome")[i];
          pacsim::Outcome o;
          REQUIRE(pacsim::outcome_from_code(code, o));
          if (first < 0 && pacsim::is_violation(o)) {
            for (std::size_t j = 0; j < r.inequalities.size(); ++j)
              if (r.inequalities[j].name == step) first = static_cast<double>(j);
            cause = code;
          }
        }
        CHECK(r.metrics.doubles("first_failure_" + ts)[i] == first);
        CHECK(r.metrics.doubles("first_failure_cause_" + ts)[i] == cause);
        for (const auto& ineq : pacsim::inequalities()) {
          const double lhs = r.metrics.doubles(pacsim::side_metric(ineq.name, ts, false))[i];
          const double rhs = r.metrics.doubles(pacsim::side_metric(ineq.name, ts, true))[i];
          const double code = r.metrics.doubles(pacsim::outcome_metric(ineq.name, ts))[i];
          mismatches += code != static_cast<double>(pacsim::classify(ineq, lhs, rhs, l));
          // The same from the terms: the stored sides are the formulas of the losses.
          mismatches += code != static_cast<double>(
                                    pacsim::classify(ineq, pacsim::InequalityTerms{l, unique[i], static_cast<double>(k[cell])}));
          ++seen[static_cast<std::size_t>(code)];
          ++checked;
        }
      }
  CHECK(mismatches == 0);
  CHECK(checked == 4 * 48 * 6 * 6);
  // The study is varied enough for the comparison to mean something.
  INFO("outcomes seen: holds " << seen[0] << ", vacuous " << seen[1] << ", unfounded " << seen[2] << ", undefined "
                               << seen[3] << ", infinite_side " << seen[4] << ", grid_equal " << seen[5]
                               << ", premise_target " << seen[6] << ", premise_q " << seen[7] << ", genuine " << seen[8]);
  for (const int code : {0, 1, 2, 3, 4, 6, 7}) CHECK(seen[static_cast<std::size_t>(code)] > 0);
}

TEST_CASE("runner: pinsker_norm holds on every replicate of a randomised study", "[study][runner]") {
  // Two studies drawn from a fixed seed: six finite worlds (random a in [0, 6],
  // b in (-0.9, 3), M in 10..1e9) with both estimators, and four infinite worlds
  // (a in (1.05, 6]) with ml; four random D spread over 3..3e6, both exact modes, two
  // random k up to 1e4, every rounding, the rounding-up rule on and off, both
  // classes (random N): about 3000 cells.
  // pinsker_norm is Pinsker's inequality on renormalised vectors: no replicate
  // of any cell over any target/scope may violate it. The other outcomes must
  // include many that hold, or the test would prove nothing.
  std::mt19937_64 rng(20241202);
  std::uniform_real_distribution<double> u(0, 1);
  const auto fmt = [](double x) {
    std::ostringstream o;
    o << std::setprecision(4) << x;
    return o.str();
  };
  const auto list = [](const std::vector<std::string>& items) {
    std::string s = "[";
    for (std::size_t i = 0; i < items.size(); ++i) s += (i ? ", " : "") + items[i];
    return s + "]";
  };
  // Every random number is drawn in a fixed order (not inside one expression).
  const auto study_text = [&](bool finite) {
    std::vector<std::string> worlds, D, k;
    for (int w = 0; w < (finite ? 6 : 4); ++w) {
      const double a = finite ? 6 * u(rng) : 1.05 + 4.95 * u(rng);
      const double b = -0.9 + 3.9 * u(rng);
      const double M = std::pow(10.0, 1 + 8 * u(rng));
      worlds.push_back("\"zm:a=" + fmt(a) + ",b=" + fmt(b) +
                       ",M=" + (finite ? std::to_string(static_cast<long long>(M)) : std::string("inf")) + "\"");
    }
    for (int d = 0; d < 4; ++d)  // one D in each of 3..100, 100..3e3, 3e3..1e5 and 1e5..3e6
      D.push_back(std::to_string(static_cast<long long>(std::pow(10.0, 0.5 + 1.5 * (d + u(rng))))));
    for (int j = 0; j < 2; ++j) k.push_back(std::to_string(1 + static_cast<long long>(std::pow(10.0, 4 * u(rng)))));
    const int N = 1 + static_cast<int>(50 * u(rng));
    const double beta = 0.01 + 2 * u(rng);
    const int seed = static_cast<int>(1e6 * u(rng));
    return "worlds = " + list(worlds) + "\nD = " + list(D) + "\nmode = [\"multinomial\", \"poisson\"]\nk = " + list(k) +
           "\nrounding = [\"nearest\", \"floor\", \"ceil\"]\nmin_one_over_k = [false, true]\nclass = [\"all\", \"top\"]\n"
           "N = [" + std::to_string(N) + "]\n" +
           (finite ? "estimator = [\"ml\", \"add\"]\nbeta = [" + fmt(beta) + "]\n" : "") +
           "reps = 2\nseed = " + std::to_string(seed) + "\n";
  };
  std::size_t cells = 0, replicates = 0, holds = 0, undefined = 0;
  std::vector<std::string> violations;
  for (const bool finite : {true, false}) {
    const std::string text = study_text(finite);
    INFO(text);
    const Study s = study_from(finite ? "pinsker_norm_finite" : "pinsker_norm_infinite", text);
    const StudyResults r = run(s, 2);
    cells += r.n_cells();
    for (const std::string& ts : r.target_scopes) {
      const auto& code = r.metrics.doubles(pacsim::outcome_metric("pinsker_norm", ts));
      for (std::size_t i = 0; i < code.size(); ++i) {
        ++replicates;
        holds += code[i] == 0;
        undefined += code[i] == 3;
        if (code[i] >= 4 && violations.size() < 10)
          violations.push_back(ts + " cell " + std::to_string(i / r.reps) + " (" +
                               r.cells.strings("world")[i / r.reps] + ") rep " + std::to_string(i % r.reps) + ": " +
                               pacsim::outcome_names().at(static_cast<std::size_t>(code[i])));
      }
    }
  }
  INFO(cells << " cells, " << replicates << " checks: " << holds << " hold, " << undefined << " undefined; "
             << violations.size() << " violations" << (violations.empty() ? "" : ", first: " + violations.front()));
  CHECK(violations.empty());
  CHECK(cells >= 2000);
  CHECK(holds > replicates / 4);
}
