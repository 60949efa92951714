// `pacsim validate`: a built-in grid of worlds, modes and corpus sizes; per cell
// the sampled means of |S| and V_1 against their exact expectations, so a user
// can trust a build on their machine. The verdict is a test whose false-alarm
// rate is bounded at any number of replicates (kFamilyFalseAlarm over the whole
// grid; see allowed_deviations). Exit 1 if any cell fails.
#include <cmath>
#include <cstdio>
#include <exception>
#include <fmt/format.h>
#include <memory>
#include <string>
#include <vector>

#include "analysis/stats.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/input/errors.hpp"
#include "sim/input/numbers.hpp"
#include "sim/input/spelling.hpp"
#include "sim/random/rng.hpp"
#include "sim/sampling/corpus.hpp"
#include "sim/sampling/sampler.hpp"
#include "sim/study/runner.hpp"
#include "theory/expect.hpp"

namespace pacsim::cli {

namespace {

struct Options {
  bool quick = false;
  std::string reps = "200", seed = "1", threads, format = "tsv";
};

// A correct build fails the grid with probability at most this.
constexpr double kFamilyFalseAlarm = 1e-3;

// Half-width h with P(|mean of n replicates - its expectation| >= h) <= level, for
// a statistic that is a sum of indicators, independent or negatively associated,
// with sum_r q_r (1 - q_r) <= v. Over the n replicates that sum has variance at
// most n v and terms within 1 of their means, so by Bernstein's inequality it
// deviates by t with probability at most 2 exp(-t^2 / (2 (n v + t/3))); h = t / n
// at the t where that equals `level`.
double bernstein_half_width(double v, std::uint64_t n, double level) {
  const double L = std::log(2.0 / level);
  const double t = L / 3 + std::sqrt(L * L / 9 + 2 * static_cast<double>(n) * v * L);
  return t / static_cast<double>(n);
}

struct Allowed {
  double unique, hapax;
};

// The deviations of the means of |S| and V_1 a correct build may show, each at
// level `level`: |S| = A, the types seen at least once, and V_1 = A - B with B the
// types seen at least twice; A's and B's indicators are negatively associated
// (multinomial) or independent (Poisson), so Bernstein bounds each (V_1's at half
// the level each). Far ranks (>= 2^53) are each taken as a new type, which the
// sampler allows when at most `far_merges` such merges are expected: |S| may be
// that much high, V_1 twice that.
Allowed allowed_deviations(const World& w, std::uint64_t D, SamplingMode mode, std::uint64_t reps, double level,
                           double far_merges) {
  const double vA = independent_variance(w, D, mode, 1), vB = independent_variance(w, D, mode, 2);
  const bool far = w.a() > 0 && w.M() >= (Rank{1} << 53);
  const double bias = far ? far_merges : 0.0;
  return {bernstein_half_width(vA, reps, level) + bias,
          bernstein_half_width(vA, reps, level / 2) + bernstein_half_width(vB, reps, level / 2) + 2 * bias};
}

struct Cell {
  std::string world;
  SamplingMode mode;
  std::uint64_t D;
};

std::vector<Cell> grid(bool quick) {
  const std::vector<std::string> worlds = {
      "zm:a=0,M=1000",     "zm:a=0.5,M=1e6",       "zm:a=1,M=1e7",    "zm:a=1.2,M=1e6",
      "zm:a=1.5,b=-0.5,M=2^40", "zm:a=2,M=inf",    "zm:a=3,b=2.5,M=inf", "zm:a=6,M=inf",
      // Tails that reach double precision's limits: ranks near 2^53, and beyond 1e308.
      "zm:a=0.5,M=2^53", "zm:a=1.001,M=inf"};
  const std::vector<std::uint64_t> Ds =
      quick ? std::vector<std::uint64_t>{10, 1000, 100000}
            : std::vector<std::uint64_t>{10, 1000, 100000, 10000000, 1000000000000ull,
                                         1000000000000000ull};
  std::vector<Cell> cells;
  for (const auto& w : worlds)
    for (const auto mode : {SamplingMode::multinomial, SamplingMode::poisson, SamplingMode::draws})
      for (const auto D : Ds) {
        if (mode == SamplingMode::draws && D > 100000) continue;  // O(D) reference mode
        // Keep each cell's expected |S| (its cost) below ~1e5 per replicate.
        const World world = parse_world(w);
        if (expect(world, D, SamplingMode::poisson).E_unique > 2e5) continue;
        cells.push_back({w, mode, D});
      }
  return cells;
}

// |S| and V_1 of every replicate of cell c, in parallel.
void sample_cell(const CorpusSampler& sampler, std::uint64_t seed, std::size_t c, int threads,
                 std::vector<double>& uniq, std::vector<double>& hapax) {
  std::exception_ptr failure;  // no exception may leave the parallel region
#pragma omp parallel num_threads(threads)
  {
    Corpus corpus;
#pragma omp for schedule(dynamic, 1)
    for (long long r = 0; r < static_cast<long long>(uniq.size()); ++r) {
      try {
        Engine eng = make_engine(seed, c, static_cast<std::uint64_t>(r));
        sampler.sample(eng, corpus);
        const CorpusSummary s = summarise(corpus);
        uniq[r] = static_cast<double>(s.unique);
        hapax[r] = static_cast<double>(s.V[1]);
      } catch (...) {
#pragma omp critical
        if (!failure) failure = std::current_exception();
      }
    }
  }
  if (failure) std::rethrow_exception(failure);
}

int run(const Options& opt) {
  const std::uint64_t reps = parse_count(opt.reps, "--reps", std::uint64_t{1} << 24);
  if (reps < 1) throw InputError("--reps: '" + opt.reps + "' must be at least 1");
  const std::uint64_t seed = parse_count(opt.seed, "--seed", ~std::uint64_t{0});
  const int threads = thread_count(parse_threads(opt.threads));
  const SamplerLimits limits = limits_from_env(threads);
  const auto cells = grid(opt.quick);
  const double level = kFamilyFalseAlarm / (2.0 * static_cast<double>(cells.size()));  // Bonferroni: 2 tests a cell
  const TableFormat format = parse_table_format(opt.format);
  Report out;
  out.columns = {{"world", ""},           {"mode", ""},           {"D", "$D$"},
                 {"reps", "replicates"},  {"mean_unique", "mean $|S|$"}, {"E_unique", "$E|S|$"},
                 {"score_unique", "score $|S|$"}, {"mean_hapax", "mean $V_1$"}, {"E_hapax", "$E V_1$"},
                 {"score_hapax", "score $V_1$"}, {"verdict", ""}};
  int failed = 0;
  for (std::size_t c = 0; c < cells.size(); ++c) {
    const World world = parse_world(cells[c].world);
    const std::string why = CorpusSampler::refusal(world, cells[c].D, cells[c].mode, limits);
    if (!why.empty()) throw InputError(why);
    const CorpusSampler sampler(world, cells[c].D, cells[c].mode, nullptr, limits);
    std::vector<double> uniq(reps), hapax(reps);
    sample_cell(sampler, seed, c, threads, uniq, hapax);
    const Expectation e = expect(world, cells[c].D, cells[c].mode);
    const double mu = mean(uniq), mh = mean(hapax);
    // score: the deviation over the allowed one; the cell passes when both are within +-1.
    const Allowed allowed =
        allowed_deviations(world, cells[c].D, cells[c].mode, reps, level, limits.max_far_collisions);
    const double su = (mu - e.E_unique) / allowed.unique, sh = (mh - e.E_V[1]) / allowed.hapax;
    const bool ok = std::fabs(su) <= 1 && std::fabs(sh) <= 1;
    failed += !ok;
    out.add_row({text(world.name()), text(to_string(cells[c].mode)), exact_count(cells[c].D), exact_count(reps),
                 number(mu), number(e.E_unique), number(su), number(mh), number(e.E_V[1]), number(sh),
                 text(ok ? "ok" : "FAIL")});
  }
  print(out, format);
  std::fprintf(stderr,
               "validate: %zu passed, %d failed (cells with |score| <= 1 for both |S| and V_1; a correct build "
               "fails with probability at most %g)\n",
               cells.size() - static_cast<std::size_t>(failed), failed, kFamilyFalseAlarm);
  return failed ? 1 : 0;
}

}  // namespace

Runner add_validate(CLI::App& app) {
  auto o = std::make_shared<Options>();
  app.description("Check this build: sampled means against exact values on a built-in grid");
  app.footer(
      "Check this build: over a built-in grid of worlds (finite and infinite, a from 0 to 6), modes and D, print per "
      "cell the sampled means of |S| and V_1, their exact values, scores and a verdict. A score is the mean's "
      "deviation from the exact value over the deviation allowed at level 1e-3 / (2 x cells), from Bernstein's "
      "inequality for |S| (the types seen) and V_1 = |S| - (the types seen twice or more), whose indicators are "
      "negatively associated (multinomial) or independent (Poisson); a cell is ok when both |score| <= 1. By "
      "Bonferroni over the 2 x cells tests a correct build fails with probability at most 1e-3, at any --reps "
      "(fewer replicates allow wider deviations). Exit 1 if any cell fails.");
  app.add_flag("--quick", o->quick, "Smaller grid (D up to 1e5)");
  app.add_option("--reps", o->reps, "Replicates per cell (>= 1)")->capture_default_str();
  app.add_option("--seed", o->seed, "Master seed")->capture_default_str();
  app.add_option("--threads", o->threads, "OpenMP threads (default: all cores)");
  app.add_option("--format", o->format, kFormatHelp)->capture_default_str();
  return [o] { return run(*o); };
}

}  // namespace pacsim::cli
