// The study runner; see runner.hpp.
#include "runner.hpp"

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <exception>
#include <map>
#include <memory>

#include "corpus.hpp"
#include "io/h5.hpp"
#include "metrics.hpp"
#include "rng.hpp"
#include "sampler.hpp"
#include "theory/errors.hpp"
#include "theory/expect.hpp"
#include "version.hpp"
#ifdef _OPENMP
#include <omp.h>
#endif

namespace pacsim {

const std::vector<CheckDef>& check_defs() {
  static const std::vector<CheckDef> defs = {
      {"eq9_paper", "kl <= log(k) * lk * |S|"},
      {"eq9_step", "kl <= log(k) * lk"},
      {"pinsker", "tv^2 / 2 <= kl"},
      {"eq13_paper", "|S| * lk / k <= tv"},
      {"eq13_grid", "mismatch / k <= tv"},
  };
  return defs;
}

const std::vector<std::string>& target_scopes() {
  static const std::vector<std::string> ts = {"pop_S", "pop_U", "train_S", "train_U"};
  return ts;
}

namespace {

const std::vector<std::string> kCorpusStats = {"size", "unique", "hapax", "V2", "V3", "missing_mass",
                                               "gt_missing"};
const std::vector<std::string> kScopeMetrics = {"kl", "lk", "tv", "mismatch", "q_mass"};

// A check side that is a metric itself is stored once, under the metric's name,
// and linked under the check's; this gives the metric's name, or "" for a side
// with data of its own. Sides: 0 = lhs, 1 = rhs.
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

std::string iso_now() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

void write_file(const Study& s, const std::string& path, const std::vector<std::string>& names,
                const std::vector<std::vector<double>>& data, int threads) {
  const std::size_t n = s.cells.size();
  h5::Handle file = h5::create_file(path);
  const hid_t f = file.id();
  h5::write_attr(f, "filetype", std::string("pacsim-study"));
  h5::write_attr(f, "schema_version", std::vector<std::int64_t>{1, 0});
  h5::write_attr(f, "pacsim_version", std::string(PACSIM_VERSION));
  h5::write_attr(f, "git_commit", std::string(PACSIM_GIT_COMMIT));
  h5::write_attr(f, "created", iso_now());
  h5::write_attr(f, "study_path", s.path);
  h5::write_attr(f, "study_toml", s.text);
  h5::write_attr(f, "title", s.title);
  h5::write_attr(f, "seed", static_cast<std::uint64_t>(s.seed));
  h5::write_attr(f, "reps", static_cast<std::uint64_t>(s.reps));
  h5::write_attr(f, "n_cells", static_cast<std::uint64_t>(n));
  h5::write_attr(f, "threads", static_cast<std::int64_t>(threads));

  {  // /cells: one row per cell.
    const h5::Handle g = h5::create_group(f, "cells");
    std::vector<std::string> world(n), mode(n), cls(n), est(n), rounding(n);
    std::vector<double> a(n), b(n), M(n), beta(n);
    std::vector<std::uint64_t> D(n), k(n), N(n), minq(n), corpus(n);
    for (std::size_t i = 0; i < n; ++i) {
      const Cell& c = s.cells[i];
      const CorpusCell& cc = s.corpus_cells[c.corpus];
      const World& w = s.worlds[cc.world];
      world[i] = w.name();
      a[i] = w.a();
      b[i] = w.b();
      M[i] = w.infinite() ? INFINITY : static_cast<double>(w.M());
      D[i] = cc.D;
      mode[i] = to_string(cc.mode);
      k[i] = c.spec.Q.k;
      rounding[i] = to_string(c.spec.Q.rounding);
      minq[i] = c.spec.Q.min_one_over_k;
      cls[i] = to_string(c.spec.cls);
      N[i] = c.spec.N;
      est[i] = to_string(c.spec.estimator);
      beta[i] = c.spec.beta;
      corpus[i] = c.corpus;
    }
    h5::write_1d(g.id(), "world", world);
    h5::write_1d(g.id(), "a", a);
    h5::write_1d(g.id(), "b", b);
    h5::write_1d(g.id(), "M", M);
    h5::write_1d(g.id(), "D", D);
    h5::write_1d(g.id(), "mode", mode);
    h5::write_1d(g.id(), "k", k);
    h5::write_1d(g.id(), "rounding", rounding);
    h5::write_1d(g.id(), "min_one_over_k", minq);
    h5::write_1d(g.id(), "class", cls);
    h5::write_1d(g.id(), "N", N);
    h5::write_1d(g.id(), "estimator", est);
    h5::write_1d(g.id(), "beta", beta);
    h5::write_1d(g.id(), "corpus_cell", corpus);
  }
  {  // /metrics: [n_cells, reps] each.
    const h5::Handle g = h5::create_group(f, "metrics");
    for (std::size_t j = 0; j < names.size(); ++j) h5::write_2d(g.id(), names[j], data[j], n, s.reps);
    std::string checks;
    for (std::size_t c = 0; c < check_defs().size(); ++c) {
      checks += std::string(check_defs()[c].name) + ": " + check_defs()[c].inequality + "\n";
      for (const auto& ts : target_scopes())
        for (int side = 0; side < 2; ++side) {
          const std::string name = std::string(check_defs()[c].name) + "_" + ts + (side ? "_rhs" : "_lhs");
          const std::string shared = shared_side(c, side, ts);
          if (!shared.empty()) h5::link(g.id(), shared, name);
          else h5::write_dataset_attr(g.id(), name, "check", std::string(check_defs()[c].inequality) +
                                                                  " over " + ts + "; holds when lhs <= rhs");
        }
    }
    h5::write_attr(g.id(), "checks", checks + "each holds when <check>_<TS>_lhs <= <check>_<TS>_rhs");
  }
  {  // /theory: exact values per cell (they depend on the corpus cell only).
    const h5::Handle g = h5::create_group(f, "theory");
    std::vector<Expectation> by_corpus;
    by_corpus.reserve(s.corpus_cells.size());
    for (const auto& cc : s.corpus_cells) by_corpus.push_back(expect(s.worlds[cc.world], cc.D, cc.mode));
    std::vector<double> eu(n), vu(n), eh(n), em(n);
    for (std::size_t i = 0; i < n; ++i) {
      const Expectation& e = by_corpus[s.cells[i].corpus];
      eu[i] = e.E_unique;
      vu[i] = e.Var_unique;
      eh[i] = e.E_V[1];
      em[i] = e.E_missing_mass;
    }
    h5::write_1d(g.id(), "E_unique", eu);
    h5::write_1d(g.id(), "Var_unique", vu);
    h5::write_1d(g.id(), "E_hapax", eh);
    h5::write_1d(g.id(), "E_missing_mass", em);
  }
}

}  // namespace

RunTimings run_study(const Study& s, const std::string& out_path, const RunOptions& options) {
  using Clock = std::chrono::steady_clock;
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

  // One head table per world, for its largest head; one sampler per corpus cell.
  std::vector<std::shared_ptr<const HeadTable>> tables(s.worlds.size());
  {
    std::vector<Rank> R(s.worlds.size(), 0);
    for (const auto& cc : s.corpus_cells)
      R[cc.world] = std::max(R[cc.world], CorpusSampler::head_size(s.worlds[cc.world], cc.D, cc.mode));
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
        const std::size_t cc = static_cast<std::size_t>(u) / s.reps;
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

  const auto t1 = Clock::now();
  timings.compute_seconds = std::chrono::duration<double>(t1 - t0).count();
  const std::string tmp = out_path + ".tmp";
  try {
    write_file(s, tmp, names, data, threads);
  } catch (...) {
    std::remove(tmp.c_str());
    throw;
  }
  if (std::rename(tmp.c_str(), out_path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw std::runtime_error("cannot rename " + tmp + " to " + out_path);
  }
  timings.write_seconds = std::chrono::duration<double>(Clock::now() - t1).count();
  return timings;
}

}  // namespace pacsim
