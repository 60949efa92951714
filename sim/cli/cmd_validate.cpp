// `pacsim validate`: a built-in grid of worlds, modes and corpus sizes; per cell
// the sampled means of |S| and V_1 against their exact expectations, with
// z-scores, so a user can trust a build on their machine. A cell passes when both
// |z| <= 4 (z from the replicates' own standard error). Exit 1 if any cell fails.
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
  std::string reps = "200", seed = "1", threads;
};

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
  if (reps < 2) throw InputError("--reps: '" + opt.reps + "' must be at least 2");
  const std::uint64_t seed = parse_count(opt.seed, "--seed", ~std::uint64_t{0});
  const int threads = thread_count(parse_threads(opt.threads));
  const SamplerLimits limits = limits_from_env(threads);
  const auto cells = grid(opt.quick);
  std::string out = "world\tmode\tD\treps\tmean_unique\tE_unique\tz_unique\tmean_hapax\tE_hapax\tz_hapax\tverdict\n";
  int failed = 0;
  for (std::size_t c = 0; c < cells.size(); ++c) {
    const World world = parse_world(cells[c].world);
    const std::string why = CorpusSampler::refusal(world, cells[c].D, cells[c].mode, limits);
    if (!why.empty()) throw InputError(why);
    const CorpusSampler sampler(world, cells[c].D, cells[c].mode, nullptr, limits);
    std::vector<double> uniq(reps), hapax(reps);
    sample_cell(sampler, seed, c, threads, uniq, hapax);
    const Expectation e = expect(world, cells[c].D, cells[c].mode);
    const MeanSE mu = mean_se(uniq), mh = mean_se(hapax);
    // z from the replicates' standard error, floored by the least variance an
    // integer statistic with that mean can have (every replicate may agree).
    const double zu = integer_z_score(mu, e.E_unique), zh = integer_z_score(mh, e.E_V[1]);
    const bool ok = std::fabs(zu) <= 4 && std::fabs(zh) <= 4;
    failed += !ok;
    fmt::format_to(std::back_inserter(out), "{}\t{}\t{}\t{}\t{:.6g}\t{:.6g}\t{:.2f}\t{:.6g}\t{:.6g}\t{:.2f}\t{}\n",
                   world.name(), to_string(cells[c].mode), cells[c].D, reps, mu.mean, e.E_unique, zu, mh.mean,
                   e.E_V[1], zh, ok ? "ok" : "FAIL");
  }
  print(out);
  std::fprintf(stderr, "validate: %zu passed, %d failed (cells with |z| <= 4 for both |S| and V_1)\n",
               cells.size() - static_cast<std::size_t>(failed), failed);
  return failed ? 1 : 0;
}

}  // namespace

Runner add_validate(CLI::App& app) {
  auto o = std::make_shared<Options>();
  app.description("Check this build: sampled means against exact values on a built-in grid");
  app.footer(
      "Check this build: over a built-in grid of worlds (finite and infinite, a from 0 to 6), modes and D, print per "
      "cell the sampled means of |S| and V_1, their exact values, z-scores and a verdict (ok when both |z| <= 4). "
      "Exit 1 if any cell fails.");
  app.add_flag("--quick", o->quick, "Smaller grid (D up to 1e5)");
  app.add_option("--reps", o->reps, "Replicates per cell (>= 2)")->capture_default_str();
  app.add_option("--seed", o->seed, "Master seed")->capture_default_str();
  app.add_option("--threads", o->threads, "OpenMP threads (default: all cores)");
  return [o] { return run(*o); };
}

}  // namespace pacsim::cli
