// The study runner; see runner.hpp.
#include "runner.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>

#include "corpus.hpp"
#include "io/plugin.hpp"
#include "metrics.hpp"
#include "rng.hpp"
#include "sampler.hpp"
#include "theory/errors.hpp"
#include "theory/expect.hpp"
#ifdef _OPENMP
#include <omp.h>
#endif

namespace pacsim {

namespace {

const std::vector<std::string> kCorpusStats = {"size", "unique", "hapax", "V2", "V3", "missing_mass",
                                               "gt_missing"};
const std::vector<std::string> kScopeMetrics = {"kl", "lk", "tv", "mismatch", "q_mass"};

}  // namespace

// A check side that is a metric itself is stored once, under the metric's name,
// and linked under the check's.
std::string shared_side(std::size_t check, int side, const std::string& ts) {
  if (side == 0 && (check == 0 || check == 1)) return "kl_" + ts;  // eq9: kl <= ...
  if (side == 1 && check == 2) return "kl_" + ts;                   // pinsker: ... <= kl
  if (side == 1 && (check == 3 || check == 4)) return "tv_" + ts;   // eq13: ... <= tv
  return "";
}

// All per-replicate datasets with data of their own, in a fixed order: corpus
// statistics, the metrics of each target/scope, best_lk and eps, then the check
// sides that are not metrics.
std::vector<std::string> dataset_names() {
  std::vector<std::string> names = kCorpusStats;
  for (const auto& ts : target_scopes())
    for (const auto& m : kScopeMetrics) names.push_back(m + "_" + ts);
  names.push_back("best_lk");
  names.push_back("eps");
  for (std::size_t c = 0; c < check_defs().size(); ++c)
    for (const auto& ts : target_scopes())
      for (int side = 0; side < 2; ++side)
        if (shared_side(c, side, ts).empty())
          names.push_back(std::string(check_defs()[c].name) + "_" + ts + (side ? "_rhs" : "_lhs"));
  return names;
}

namespace {

const ScopeMetrics& scope(const Metrics& m, std::size_t i) {
  return i == 0 ? m.pop_S : i == 1 ? m.pop_U : i == 2 ? m.train_S : m.train_U;
}

// Write one replicate's values for one cell: slot = cell * reps + rep.
void store(std::vector<std::vector<double>>& data, std::size_t slot, const CorpusSummary& s,
           const Metrics& m, const Quantiser& Q) {
  std::size_t j = 0;
  auto put = [&](double v) { data[j++][slot] = v; };
  put(static_cast<double>(s.size));
  put(static_cast<double>(s.unique));
  put(static_cast<double>(s.V[1]));
  put(static_cast<double>(s.V[2]));
  put(static_cast<double>(s.V[3]));
  put(s.missing_mass);
  put(s.gt_missing);
  for (std::size_t t = 0; t < 4; ++t) {
    const ScopeMetrics& x = scope(m, t);
    put(x.kl);
    put(x.lk);
    put(x.tv);
    put(x.mismatch);
    put(x.q_mass);
  }
  put(m.best_lk);
  put(m.eps);
  const double logk = std::log(static_cast<double>(Q.k)), k = static_cast<double>(Q.k);
  const double S = static_cast<double>(m.unique);
  // The sides with data of their own (see shared_side), in dataset_names() order.
  for (std::size_t c = 0; c < 5; ++c)
    for (std::size_t t = 0; t < 4; ++t) {
      const ScopeMetrics& x = scope(m, t);
      switch (c) {
        case 0: put(logk * x.lk * S); break;      // eq9_paper rhs
        case 1: put(logk * x.lk); break;          // eq9_step rhs
        case 2: put(x.tv * x.tv / 2); break;      // pinsker lhs
        case 3: put(S * x.lk / k); break;         // eq13_paper lhs
        default: put(x.mismatch / k); break;      // eq13_grid lhs
      }
    }
}

}  // namespace

namespace {

// A bad output path is the user's to fix, and is found before any sampling. The
// file is written under a temporary name unique to this run (OUT.tmp.XXXXXX, made
// by mkstemp beside OUT, so the rename stays within one file system): two runs
// given the same -o never write into one file; the last to finish wins.
class TempOutput {
 public:
  explicit TempOutput(const std::string& out_path) {
    struct stat st{};
    if (stat(out_path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
      throw InputError("-o: '" + out_path + "' is a directory");
    std::string pattern = out_path + ".tmp.XXXXXX";
    const int fd = mkstemp(pattern.data());
    if (fd < 0) throw InputError("-o: cannot write '" + out_path + "': " + std::strerror(errno));
    // mkstemp makes the file 0600; a study file gets the usual 0666 & ~umask.
    const mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    close(fd);
    path_ = pattern;
  }
  TempOutput(const TempOutput&) = delete;
  TempOutput& operator=(const TempOutput&) = delete;
  ~TempOutput() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  const std::string& path() const { return path_; }
  /// Rename to `out_path`; the temporary name is then gone.
  void commit(const std::string& out_path) {
    if (std::rename(path_.c_str(), out_path.c_str()) != 0)
      throw std::runtime_error("cannot rename " + path_ + " to " + out_path + ": " + std::strerror(errno));
    path_.clear();
  }

 private:
  std::string path_;
};

}  // namespace

RunTimings run_study(const Study& s, const std::string& out_path, const RunOptions& options) {
  using Clock = std::chrono::steady_clock;
  TempOutput tmp(out_path);  // removed on every way out but success
  const IoPlugin& io = io_plugin();  // fail before the work, not after, if it is missing
  RunTimings timings;
  const auto t0 = Clock::now();
#ifdef _OPENMP
  if (options.threads > 0) omp_set_num_threads(options.threads);
  const int threads = omp_get_max_threads();
#else
  const int threads = 1;
#endif
  SamplerLimits limits = options.limits;
  limits.threads = threads;
  // Validate every corpus cell and every hypothesis before any work.
  for (const auto& cc : s.corpus_cells) CorpusSampler::check(s.worlds[cc.world], cc.D, cc.mode, limits);
  for (const auto& c : s.cells) c.spec.check(s.worlds[s.corpus_cells[c.corpus].world]);

  // One head table per world, for its largest table; one sampler per corpus cell.
  std::vector<std::shared_ptr<const HeadTable>> tables(s.worlds.size());
  {
    std::vector<Rank> R(s.worlds.size(), 0);
    for (const auto& cc : s.corpus_cells)
      R[cc.world] = std::max(R[cc.world], CorpusSampler::table_size(s.worlds[cc.world], cc.D, cc.mode));
    for (std::size_t w = 0; w < s.worlds.size(); ++w)
      tables[w] = std::make_shared<const HeadTable>(s.worlds[w], R[w]);
  }
  std::vector<std::unique_ptr<CorpusSampler>> samplers;
  for (const auto& cc : s.corpus_cells)
    samplers.push_back(
        std::make_unique<CorpusSampler>(s.worlds[cc.world], cc.D, cc.mode, tables[cc.world], limits));
  std::vector<std::vector<std::size_t>> cells_of(s.corpus_cells.size());
  for (std::size_t i = 0; i < s.cells.size(); ++i) cells_of[s.cells[i].corpus].push_back(i);

  const auto names = dataset_names();
  std::vector<std::vector<double>> data(names.size(), std::vector<double>(s.cells.size() * s.reps));

  const std::size_t units = s.corpus_cells.size() * s.reps;
  const std::vector<std::size_t> order = largest_first(samplers);  // results do not depend on it
  std::atomic<std::size_t> done{0};
  std::exception_ptr failure;
#pragma omp parallel
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
        const HeadTable& table = *tables[s.corpus_cells[cc].world];
        Engine eng = make_engine(s.seed, cc, rep);
        samplers[cc]->sample(eng, corpus);
        const CorpusSummary summary = summarise(corpus);
        seen_types(w, corpus, table.p_data(), table.size(), seen);
        for (const std::size_t cell : cells_of[cc]) {
          const HypothesisSpec& spec = s.cells[cell].spec;
          fit(spec, w, seen, corpus.size, hyp);
          const Metrics m = compute_metrics(w, spec, seen, hyp, corpus.size, corpus.missing_mass);
          store(data, cell * s.reps + rep, summary, m, spec.Q);
        }
      } catch (...) {
#pragma omp critical
        if (!failure) failure = std::current_exception();
      }
      const std::size_t now = ++done;
#ifdef _OPENMP
      if (omp_get_thread_num() == 0 && options.progress) options.progress(now, units);
#else
      if (options.progress) options.progress(now, units);
#endif
    }
  }
  if (failure) std::rethrow_exception(failure);
  if (options.progress) options.progress(units, units);

  // Exact values per corpus cell, before the clock of the write starts.
  std::vector<Expectation> theory(s.corpus_cells.size());
#pragma omp parallel for schedule(dynamic, 1)
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

  const auto t1 = Clock::now();
  timings.compute_seconds = std::chrono::duration<double>(t1 - t0).count();
  io.write_study_file(StudyFileData{s, names, data, theory, threads}, tmp.path());
  tmp.commit(out_path);
  timings.write_seconds = std::chrono::duration<double>(Clock::now() - t1).count();
  return timings;
}

}  // namespace pacsim
