// The study runner: samples every corpus cell's replicates, runs every cell's
// learner on them, computes the metrics, the proof's inequalities with their
// outcomes and first failing steps, and the exact values; returns them in memory (sim/io writes them to a file). Every
// cell is checked before any parallel region; each (corpus cell, replicate)
// draws from its own engine and writes its own slots, so the results do not
// depend on the number of threads.
#pragma once
#include <functional>

#include "sim/results/study_results.hpp"
#include "sim/sampling/sampler.hpp"
#include "sim/study/study.hpp"

namespace pacsim {

struct RunOptions {
  int threads = 0;       ///< 0: OpenMP's default (omp_get_max_threads())
  SamplerLimits limits;  ///< its `threads` is set by the runner
  /// Called from one thread with (replicates done, total); may be empty.
  std::function<void(std::size_t, std::size_t)> progress;
};

/// Runs `study`. Throws InputError when a corpus cell cannot be sampled within
/// the limits at the threads used, or a cell's hypothesis cannot apply.
StudyResults run_study(const Study& study, const RunOptions& options);

/// The threads a parallel region of `threads` uses: `threads`, or OpenMP's
/// default for 0 (1 without OpenMP). Regions take it as num_threads(), so no
/// process-wide setting changes.
int thread_count(int threads);

}  // namespace pacsim
