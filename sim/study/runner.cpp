// The study runner; see runner.hpp.
#include "sim/study/runner.hpp"

#include <atomic>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "sim/input/errors.hpp"
#include "sim/learning/metrics.hpp"
#include "sim/random/rng.hpp"
#include "sim/sampling/corpus.hpp"
#include "sim/study/record.hpp"
#include "theory/expect.hpp"
#ifdef _OPENMP
#include <omp.h>
#endif

namespace pacsim {

int thread_count(int threads) {
#ifdef _OPENMP
  return threads > 0 ? threads : omp_get_max_threads();
#else
  (void)threads;
  return 1;
#endif
}

namespace {

// Every corpus cell can be sampled and every cell's hypothesis applies, within
// `limits`; the results themselves (one double per column, cell and replicate)
// must fit them too.
void require_runnable(const Study& s, const SamplerLimits& limits, std::size_t columns) {
  const double bytes = 8.0 * static_cast<double>(columns) * static_cast<double>(s.cells.size()) *
                       static_cast<double>(s.reps);
  if (bytes > limits.max_bytes)
    throw InputError("the study's results, " + std::to_string(s.cells.size()) + " cells x " + std::to_string(s.reps) +
                     " replicates x " + std::to_string(columns) + " metrics, need about " + SamplerLimits::gib(bytes) +
                     " (limit " + SamplerLimits::gib(limits.max_bytes) +
                     "; use fewer reps or cells, or set PACSIM_MAX_GIB to raise it)");
  for (const auto& cc : s.corpus_cells) {
    const std::string why = CorpusSampler::refusal(s.worlds[cc.world], cc.D, cc.mode, limits);
    if (!why.empty()) throw InputError(why);
  }
  for (const auto& c : s.cells) {
    const std::string why = c.spec.refusal(s.worlds[s.corpus_cells[c.corpus].world]);
    if (!why.empty()) throw InputError(why);
  }
}

// The samplers of a study: one head table per world, for its largest table,
// shared by the samplers of that world; one sampler per corpus cell.
struct Samplers {
  std::vector<std::shared_ptr<const HeadTable>> tables;  // by world
  std::vector<std::unique_ptr<CorpusSampler>> by_corpus;
};

Samplers make_samplers(const Study& s, const SamplerLimits& limits) {
  Samplers out;
  std::vector<Rank> R(s.worlds.size(), 0);
  for (const auto& cc : s.corpus_cells)
    R[cc.world] = std::max(R[cc.world], CorpusSampler::table_size(s.worlds[cc.world], cc.D, cc.mode));
  for (std::size_t w = 0; w < s.worlds.size(); ++w)
    out.tables.push_back(std::make_shared<const HeadTable>(s.worlds[w], R[w]));
  for (const auto& cc : s.corpus_cells)
    out.by_corpus.push_back(
        std::make_unique<CorpusSampler>(s.worlds[cc.world], cc.D, cc.mode, out.tables[cc.world], limits));
  return out;
}

// Per replicate of every corpus cell, in parallel: sample, then learn and measure
// every cell over it. data[column][cell * reps + rep], columns as in `layout`.
void run_replicates(const Study& s, const Samplers& samplers, const RecordLayout& layout,
                    std::vector<std::vector<double>>& data, int threads, const RunOptions& options) {
  std::vector<std::vector<std::size_t>> cells_of(s.corpus_cells.size());
  for (std::size_t i = 0; i < s.cells.size(); ++i) cells_of[s.cells[i].corpus].push_back(i);
  const std::size_t units = s.corpus_cells.size() * s.reps;
  const std::vector<std::size_t> order = largest_first(samplers.by_corpus);  // results do not depend on it
  std::atomic<std::size_t> done{0};
  std::exception_ptr failure;  // no exception may leave the parallel region
#pragma omp parallel num_threads(threads)
  {
    Corpus corpus;
    SeenTypes seen;
    Hypothesis hyp;
#pragma omp for schedule(dynamic, 1)
    for (long long u = 0; u < static_cast<long long>(units); ++u) {
      try {
        const std::size_t cc = order[static_cast<std::size_t>(u) / s.reps];
        const std::uint64_t rep = static_cast<std::uint64_t>(u) % s.reps;
        const World& w = s.worlds[s.corpus_cells[cc].world];
        const HeadTable& table = *samplers.tables[s.corpus_cells[cc].world];
        Engine eng = make_engine(s.seed, cc, rep);
        samplers.by_corpus[cc]->sample(eng, corpus);
        const CorpusSummary summary = summarise(corpus);
        seen_types(w, corpus, table.p_data(), table.size(), seen);
        for (const std::size_t cell : cells_of[cc]) {
          const HypothesisSpec& spec = s.cells[cell].spec;
          learn(spec, w, seen, corpus.size, hyp);
          const Metrics m = compute_metrics(w, spec, seen, hyp, corpus.size, corpus.missing_mass);
          const Replicate r{summary, m, spec.Q};
          const std::size_t slot = cell * s.reps + rep;
          for (std::size_t j = 0; j < layout.columns.size(); ++j) data[j][slot] = layout.columns[j].value(r);
        }
        const std::size_t now = ++done;
#ifdef _OPENMP
        if (omp_get_thread_num() == 0 && options.progress) options.progress(now, units);
#else
        if (options.progress) options.progress(now, units);
#endif
      } catch (...) {
#pragma omp critical
        if (!failure) failure = std::current_exception();
      }
    }
  }
  if (failure) std::rethrow_exception(failure);
  if (options.progress) options.progress(units, units);
}

// Exact values per corpus cell, in parallel.
std::vector<Expectation> expectations(const Study& s, int threads) {
  std::vector<Expectation> theory(s.corpus_cells.size());
  std::exception_ptr failure;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (long long c = 0; c < static_cast<long long>(theory.size()); ++c) {
    try {
      const CorpusCell& cc = s.corpus_cells[static_cast<std::size_t>(c)];
      theory[static_cast<std::size_t>(c)] = expect(s.worlds[cc.world], cc.D, cc.mode);
    } catch (...) {
#pragma omp critical
      if (!failure) failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
  return theory;
}

}  // namespace

StudyResults run_study(const Study& s, const RunOptions& options) {
  const int threads = thread_count(options.threads);
  SamplerLimits limits = options.limits;
  limits.threads = threads;
  const RecordLayout& layout = record_layout();
  require_runnable(s, limits, layout.columns.size());
  const Samplers samplers = make_samplers(s, limits);
  std::vector<std::vector<double>> data(layout.columns.size(), std::vector<double>(s.cells.size() * s.reps));
  run_replicates(s, samplers, layout, data, threads, options);

  StudyResults r;
  r.study_path = s.path;
  r.study_toml = s.text;
  r.title = s.title;
  r.seed = s.seed;
  r.reps = s.reps;
  r.threads = threads;
  r.inequalities = layout.inequalities;
  r.target_scopes = layout.target_scopes;
  r.proof_steps = layout.proof_steps;
  r.outcomes = layout.outcomes;
  r.cells = cell_table(s);
  for (std::size_t j = 0; j < layout.columns.size(); ++j)
    r.metrics.add(layout.columns[j].name, std::move(data[j]), layout.columns[j].attrs);
  for (const Table::Alias& a : layout.aliases) r.metrics.alias(a.name, a.existing);
  r.theory = theory_table(s, expectations(s, threads));
  return r;
}

}  // namespace pacsim
