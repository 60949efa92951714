// `pacsim sample`: ad hoc sampling of corpora, one TSV row per (D, replicate).
// Every sampler is built and checked before the parallel region; each
// (D, replicate) draws from the engine of (seed, cell = index of D, replicate)
// and writes its own row, so the table is the same for any --threads.
#include <chrono>
#include <exception>
#include <memory>
#include <vector>

#include "sim/cli/commands.hpp"
#include "sim/cli/options.hpp"
#include "sim/input/errors.hpp"
#include "sim/input/numbers.hpp"
#include "sim/input/spelling.hpp"
#include "sim/random/rng.hpp"
#include "sim/sampling/corpus.hpp"
#include "sim/sampling/sampler.hpp"
#include "sim/study/runner.hpp"

namespace pacsim::cli {

namespace {

struct Options {
  std::string world, D, reps = "1", seed = "1", mode = "multinomial", threads, format = "tsv";
};

struct Row {
  CorpusSummary s;
  double seconds = 0;
};

// One sampler per D, sharing one head table for the largest table; each checked first.
std::vector<std::unique_ptr<CorpusSampler>> make_samplers(const World& world, const std::vector<std::uint64_t>& Ds,
                                                          SamplingMode mode, const SamplerLimits& limits) {
  Rank R = 0;
  for (const auto D : Ds) {
    const std::string why = CorpusSampler::refusal(world, D, mode, limits);
    if (!why.empty()) throw InputError(why);
    R = std::max(R, CorpusSampler::table_size(world, D, mode));
  }
  const auto table = std::make_shared<const HeadTable>(world, R);
  std::vector<std::unique_ptr<CorpusSampler>> samplers;
  for (const auto D : Ds) samplers.push_back(std::make_unique<CorpusSampler>(world, D, mode, table, limits));
  return samplers;
}

// rows[cell * reps + rep], sampled in parallel.
std::vector<Row> sample_rows(const std::vector<std::unique_ptr<CorpusSampler>>& samplers, std::uint64_t reps,
                             std::uint64_t seed, int threads) {
  const std::size_t total = samplers.size() * reps;
  const std::vector<std::size_t> order = largest_first(samplers);  // results do not depend on it
  std::vector<Row> rows(total);
  std::exception_ptr failure;  // no exception may leave the parallel region
#pragma omp parallel num_threads(threads)
  {
    Corpus corpus;  // one per thread, reused across replicates
#pragma omp for schedule(dynamic, 1)
    for (long long i = 0; i < static_cast<long long>(total); ++i) {
      try {
        const std::size_t cell = order[static_cast<std::size_t>(i) / reps];
        const std::uint64_t rep = static_cast<std::uint64_t>(i) % reps;
        Row& row = rows[cell * reps + rep];
        Engine eng = make_engine(seed, cell, rep);
        const auto t0 = std::chrono::steady_clock::now();
        samplers[cell]->sample(eng, corpus);
        row.s = summarise(corpus);
        row.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      } catch (...) {
#pragma omp critical
        if (!failure) failure = std::current_exception();
      }
    }
  }
  if (failure) std::rethrow_exception(failure);
  return rows;
}

int run(const Options& opt) {
  const World world = parse_world(opt.world);
  const auto Ds = parse_count_list(opt.D, "--D");
  const std::uint64_t reps = parse_count(opt.reps, "--reps", std::uint64_t{1} << 40);
  if (reps < 1) throw InputError("--reps: " + quote(opt.reps) + " must be at least 1");
  // Every row is held until the table is printed in order (under 1 KB each as a Report).
  if (static_cast<double>(reps) * static_cast<double>(Ds.size()) > 5e6)
    throw InputError("--reps: " + quote(opt.reps) + " x " + std::to_string(Ds.size()) +
                     " sizes is more than 5e6 rows; split the run over seeds or sizes");
  const std::uint64_t seed = parse_count(opt.seed, "--seed", ~std::uint64_t{0});
  const SamplingMode mode = parse_sampling_mode(opt.mode);
  const TableFormat format = parse_table_format(opt.format);
  const int threads = thread_count(parse_threads(opt.threads));
  const auto samplers = make_samplers(world, Ds, mode, limits_from_env(threads));
  const std::vector<Row> rows = sample_rows(samplers, reps, seed, threads);
  Report out;
  out.columns = {{"D", "$D$"},          {"rep", "replicate"}, {"size", "$n$"},     {"unique", "$|S|$"},
                 {"hapax", "$V_1$"},    {"V2", "$V_2$"},      {"V3", "$V_3$"},     {"missing_mass", "$M_0$"},
                 {"gt_missing", "$V_1/n$"}, {"seconds", "seconds"}};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& s = rows[i].s;
    out.add_row({exact_count(Ds[i / reps]), exact_count(i % reps), exact_count(s.size), exact_count(s.unique),
                 exact_count(s.V[1]), exact_count(s.V[2]), exact_count(s.V[3]), exact(s.missing_mass),
                 exact(s.gt_missing), number(rows[i].seconds)});
  }
  print(out, format);
  return 0;
}

}  // namespace

Runner add_sample(CLI::App& app) {
  auto o = std::make_shared<Options>();
  app.description("Sample corpora: one TSV row per (D, replicate)");
  app.footer(
      "Sample corpora: one row per (D, replicate) (TSV, or --format) with D, rep, size (the corpus's realised size: D, or "
      "Poisson(D) in poisson mode), unique (|S|), hapax (V_1), V2, V3, missing_mass (true unseen probability), "
      "gt_missing (Good-Turing V_1/size), seconds.");
  app.add_option("--world", o->world, "World, e.g. zm:a=1.2,b=0,M=1e6 or zm:a=2.5,M=inf")->required();
  app.add_option("--D", o->D, "Corpus sizes, comma-separated; 1e6 and 2^40 accepted; 1..2^62")->required();
  app.add_option("--reps", o->reps, "Replicates per D (>= 1)")->capture_default_str();
  app.add_option("--seed", o->seed, "Master seed (0..2^64-1)")->capture_default_str();
  app.add_option("--mode", o->mode, "multinomial (exact, fixed D) | poisson | draws (O(D) reference)")
      ->capture_default_str();
  app.add_option("--threads", o->threads, "OpenMP threads (default: all cores); results do not depend on it");
  app.add_option("--format", o->format, kFormatHelp)->capture_default_str();
  return [o] { return run(*o); };
}

}  // namespace pacsim::cli
