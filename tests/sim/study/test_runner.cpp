// Unit tests for sim/study/runner: run_study() on small studies. The results'
// shapes; corpus statistics shared bit for bit by every cell over one corpus cell
// (paired comparisons); results identical bit for bit for 1 and 2 threads; each
// replicate's corpus equal to an independent CorpusSampler draw from
// make_engine(seed, corpus cell, replicate); the formula sides equal to their
// formulas of the stored losses, and the loss sides aliases of the losses;
// refusals as InputError; progress ending with (total, total); threads = 0
// meaning OpenMP's default; and the sampled mean of |S| against theory.
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
#include <set>
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
  REQUIRE(r.inequalities.size() == 5);
  CHECK(r.inequalities[0].formula() == "kl <= log(k) * lk * |S|");
  CHECK(r.inequalities[4].source == "what the grid was meant to guarantee");
  // 14 cell parameters and 4 exact values, one row per cell.
  CHECK(r.cells.columns().size() == 14);
  for (const auto& c : r.cells.columns()) CHECK(pacsim::column_length(c.values) == 48);
  REQUIRE(r.theory.columns().size() == 4);
  for (const auto& c : r.theory.columns()) CHECK(pacsim::column_length(c.values) == 48);
  // 49 per-replicate columns of n_cells x reps float64, and 20 aliases.
  CHECK(r.metrics.columns().size() == 49);
  CHECK(r.metrics.aliases().size() == 20);
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
    const auto& eq9_paper = m.doubles("eq9_paper_" + ts + "_rhs");
    const auto& eq9_step = m.doubles("eq9_step_" + ts + "_rhs");
    const auto& pinsker = m.doubles("pinsker_" + ts + "_lhs");
    const auto& eq13_paper = m.doubles("eq13_paper_" + ts + "_lhs");
    const auto& eq13_grid = m.doubles("eq13_grid_" + ts + "_lhs");
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
    o.limits.max_bytes = 1000;  // the results alone: 48 cells x 6 reps x 49 metrics x 8 bytes
    bool progressed = false;
    o.progress = [&](std::size_t, std::size_t) { progressed = true; };
    CHECK_THROWS_AS(pacsim::run_study(s, o), InputError);
    CHECK_THROWS_WITH(pacsim::run_study(s, o), Contains("results") && Contains("48 cells x 6 replicates"));
    CHECK_FALSE(progressed);
  }
  {
    // One replicate of one cell (392 bytes of results) whose corpus needs more:
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
