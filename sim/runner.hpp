// The study runner (SPEC §2, §3, §4): samples every corpus cell's replicates,
// fits every hypothesis cell on them, computes the metrics and the proof's
// checks, and writes the HDF5 file of sim/SCHEMA.md. Validation happens before
// any parallel region; each (corpus cell, replicate) draws from its own engine
// and writes its own slots, so the file's data do not depend on --threads.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "sampler.hpp"
#include "study.hpp"
#include "theory/checks.hpp"

namespace pacsim {

/// The name of the metric dataset a check side is (kl or tv), or "" when the side
/// has data of its own. check indexes check_defs(); side 0 = lhs, 1 = rhs.
std::string shared_side(std::size_t check, int side, const std::string& ts);
/// The per-replicate datasets with data of their own, in the order the runner fills them.
std::vector<std::string> dataset_names();

struct RunOptions {
  int threads = 0;  ///< 0: OpenMP's default
  SamplerLimits limits;  ///< its `threads` is set by the runner
  /// Called from one thread with (replicates done, total); may be empty.
  std::function<void(std::size_t, std::size_t)> progress;
};

struct RunTimings {
  double compute_seconds = 0;  ///< sampling, metrics and checks
  double write_seconds = 0;    ///< the HDF5 file, theory values included
};

/// Run `study` and write `out_path` (through a temporary file renamed at the end,
/// so a killed run never leaves a file that looks finished).
RunTimings run_study(const Study& study, const std::string& out_path, const RunOptions& options);

}  // namespace pacsim
