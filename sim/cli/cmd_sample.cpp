// `pacsim sample`: ad hoc sampling of corpora (SPEC §2). Every sampler is built
// and validated before the parallel region; each (D, replicate) draws from the
// engine derived from (seed, cell = index of D, replicate) and writes its own row
// slot, so the table is the same for any --threads.
#include <chrono>
#include <cstdlib>
#include <fmt/format.h>
#include <memory>
#include <vector>

#include "commands.hpp"
#include "sim/corpus.hpp"
#include "sim/rng.hpp"
#include "sim/sampler.hpp"
#include "theory/errors.hpp"
#include "theory/parse.hpp"
#include "theory/world.hpp"
#ifdef _OPENMP
#include <omp.h>
#endif

namespace pacsim::cli {

int parse_threads(const std::string& text) {
  if (text.empty()) return 0;
  const auto t = parse_count(text, "--threads", 4096);
  if (t < 1) throw InputError("--threads: '" + text + "' must be at least 1");
  return static_cast<int>(t);
}

SamplerLimits limits_from_env() {
  SamplerLimits lim;
  if (const char* g = std::getenv("PACSIM_MAX_GIB"); g && *g) {
    const double v = parse_real(g, "PACSIM_MAX_GIB");
    if (!(v > 0)) throw InputError(std::string("PACSIM_MAX_GIB: '") + g + "' must be positive");
    lim.max_bytes = v * double(1ull << 30);
  }
  return lim;
}

namespace {

struct Row {
  CorpusSummary s;
  double seconds = 0;
};

}  // namespace

int run_sample(const SampleOptions& opt) {
  const World world = World::parse(opt.world);
  const auto Ds = parse_count_list(opt.D, "--D");
  const std::uint64_t reps = parse_count(opt.reps, "--reps", std::uint64_t{1} << 40);
  if (reps < 1) throw InputError("--reps: '" + opt.reps + "' must be at least 1");
  // Every row is held until the table is printed in order (~100 bytes each).
  if (static_cast<double>(reps) * static_cast<double>(Ds.size()) > 5e7)
    throw InputError("--reps: '" + opt.reps + "' x " + std::to_string(Ds.size()) +
                     " sizes is more than 5e7 rows; split the run over seeds or sizes");
  const std::uint64_t seed = parse_count(opt.seed, "--seed", ~std::uint64_t{0});
  const SamplingMode mode = parse_sampling_mode(opt.mode);
  const int threads = parse_threads(opt.threads);
  SamplerLimits limits = limits_from_env();
#ifdef _OPENMP
  if (threads > 0) omp_set_num_threads(threads);
  limits.threads = omp_get_max_threads();
#endif

  // Validate every D first, then one head table for the largest table, shared by
  // every sampler of this world.
  Rank R = 0;
  for (const auto D : Ds) {
    CorpusSampler::check(world, D, mode, limits);
    R = std::max(R, CorpusSampler::table_size(world, D, mode));
  }
  const auto table = std::make_shared<const HeadTable>(world, R);
  std::vector<std::unique_ptr<CorpusSampler>> samplers;
  for (const auto D : Ds) samplers.push_back(std::make_unique<CorpusSampler>(world, D, mode, table, limits));

  const std::size_t cells = Ds.size();
  const std::size_t total = cells * reps;
  const std::vector<std::size_t> order = largest_first(samplers);  // results do not depend on it
  std::vector<Row> rows(total);
#ifndef _OPENMP
  (void)threads;
#endif
  // No exception may leave the parallel region: record the first and rethrow after.
  std::exception_ptr failure;
#pragma omp parallel
  {
  Corpus corpus;  // one per thread, reused across replicates
#pragma omp for schedule(dynamic, 1)
  for (long long i = 0; i < static_cast<long long>(total); ++i) {
    try {
      const std::size_t cell = order[static_cast<std::size_t>(i) / reps];
      const std::uint64_t rep = static_cast<std::uint64_t>(i) % reps;
      const std::size_t row = cell * reps + rep;
      Engine eng = make_engine(seed, cell, rep);
      const auto t0 = std::chrono::steady_clock::now();
      samplers[cell]->sample(eng, corpus);
      rows[row].s = summarise(corpus);
      rows[row].seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    } catch (...) {
#pragma omp critical
      if (!failure) failure = std::current_exception();
    }
  }
  }
  if (failure) std::rethrow_exception(failure);

  std::string out = "D\trep\tsize\tunique\thapax\tV2\tV3\tmissing_mass\tgt_missing\tseconds\n";
  for (std::size_t i = 0; i < total; ++i) {
    const auto& s = rows[i].s;
    fmt::format_to(std::back_inserter(out), "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.6f}\n",
                   Ds[i / reps], i % reps, s.size, s.unique, s.V[1], s.V[2], s.V[3],
                   s.missing_mass, s.gt_missing, rows[i].seconds);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace pacsim::cli
