// pacsim_bench: the performance figures of the sampling engine and the metrics,
// measured through the library as a study would use it (one Corpus reused per
// thread, one head table per world). Prints a TSV: figure, value, unit, target.
// Run it through ./pacsim bench (runs/bench/bench.sh adds the whole-process figure).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "sim/sampling/corpus.hpp"
#include "sim/learning/metrics.hpp"
#include "sim/random/rng.hpp"
#include "sim/sampling/sampler.hpp"
#include "theory/world.hpp"
#ifdef _OPENMP
#include <omp.h>
#endif

using namespace pacsim;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

template <class F>
double median_ms(int repeats, F f) {
  std::vector<double> t;
  for (int i = 0; i < repeats; ++i) {
    const auto t0 = Clock::now();
    f();
    t.push_back(ms_since(t0));
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

void row(const char* figure, double value, const char* unit, const char* target) {
  std::printf("%s\t%.3f\t%s\t%s\n", figure, value, unit, target);
}

double max_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

// Four count vectors of one world, head table included.
void count_vectors(Corpus& corpus) {
  const World w(1.2, 0, 1000000);
  const std::vector<std::uint64_t> Ds = {1000000ull, 100000000ull, 10000000000ull, 1000000000000ull};
  const double t = median_ms(5, [&] {
    Rank R = 0;
    for (auto D : Ds) R = std::max(R, CorpusSampler::table_size(w, D, SamplingMode::multinomial));
    auto table = std::make_shared<const HeadTable>(w, R);
    for (std::size_t i = 0; i < Ds.size(); ++i) {
      CorpusSampler s(w, Ds[i], SamplingMode::multinomial, table);
      Engine eng = make_engine(1, i, 0);
      s.sample(eng, corpus);
    }
  });
  row("count_vectors_zm1.2_M1e6_D1e6..1e12", t, "ms", "< 60");
}

// One replicate of an infinite world at D = 1e15.
void replicate_1e15(Corpus& corpus) {
  const World w(2.5, 0, kInfiniteM);
  const CorpusSampler s(w, 1000000000000000ull, SamplingMode::multinomial);
  int rep = 0;
  const double t = median_ms(5, [&] {
    Engine eng = make_engine(1, 0, rep++);
    s.sample(eng, corpus);
  });
  row("replicate_zm2.5_inf_D1e15", t, "ms", "< 20");
}

// A huge finite universe: time and memory must not depend on M.
void huge_universe() {
  for (const Rank M : {Rank{1000000000}, Rank{1000000000000}}) {
    const World w(1.3, 0, M);
    Corpus c;
    const CorpusSampler s(w, 100000000ull, SamplingMode::multinomial);
    Engine eng = make_engine(1, 0, 0);
    const auto t0 = Clock::now();
    s.sample(eng, c);
    const std::string name = "replicate_zm1.3_M" + std::to_string(M) + "_D1e8";
    row(name.c_str(), ms_since(t0), "ms", "works; memory independent of M");
  }
  row("max_rss_so_far", max_rss_mib(), "MiB", "< 2048");
}

// Metrics of one replicate: kl_pop_U (and every other metric) of add, beta = 0.5.
void metrics() {
  const World w(1.2, 0, 1000000);
  const std::uint64_t D = 100000000ull;
  const auto table = std::make_shared<const HeadTable>(w, CorpusSampler::table_size(w, D, SamplingMode::multinomial));
  const CorpusSampler s(w, D, SamplingMode::multinomial, table);
  Corpus c;
  Engine eng = make_engine(1, 0, 0);
  s.sample(eng, c);
  HypothesisSpec spec;
  spec.estimator = Estimator::add;
  spec.beta = 0.5;
  spec.Q = Quantiser{1000, Rounding::nearest, false};
  SeenTypes seen;
  Hypothesis h;
  double kl = 0;
  const double t = median_ms(5, [&] {
    seen_types(w, c, table->p_data(), table->size(), seen);
    learn(spec, w, seen, c.size, h);
    kl = compute_metrics(w, spec, seen, h, c.size, c.missing_mass).pop_U.kl;
  });
  row("metrics_add0.5_zm1.2_M1e6_D1e8", t, "ms", "< 20");
  (void)kl;
}

// Thread scaling over 64 replicates. One and two threads alternate, nine times
// each, and each figure is its median: a VM's speed can drift by 25% between
// seconds, which separate blocks of runs would read as (super)linear or poor
// scaling.
void thread_scaling() {
  const World w(1.2, 0, 1000000);
  const CorpusSampler s(w, 10000000ull, SamplingMode::multinomial);
  auto run = [&](int threads) {
#ifdef _OPENMP
    omp_set_num_threads(threads);
#else
    (void)threads;
#endif
    const auto t0 = Clock::now();
#pragma omp parallel
    {
      Corpus c;
#pragma omp for schedule(dynamic, 1)
      for (int rep = 0; rep < 64; ++rep) {
        Engine eng = make_engine(1, 0, static_cast<std::uint64_t>(rep));
        s.sample(eng, c);
      }
    }
    return ms_since(t0);
  };
  std::vector<double> one, two;
  for (int i = 0; i < 9; ++i) {
    one.push_back(run(1));
    two.push_back(run(2));
  }
  std::sort(one.begin(), one.end());
  std::sort(two.begin(), two.end());
  const double t1 = one[one.size() / 2], t2 = two[two.size() / 2];
  row("64_replicates_1_thread", t1, "ms", "");
  row("64_replicates_2_threads", t2, "ms", "");
  row("speedup_2_threads", t1 / t2, "x", ">= 1.8");
}

}  // namespace

int main() {
  std::printf("figure\tvalue\tunit\ttarget\n");
  Corpus corpus;  // reused, as a study's thread reuses its own
  count_vectors(corpus);
  replicate_1e15(corpus);
  huge_universe();
  metrics();
  thread_scaling();
  return 0;
}
