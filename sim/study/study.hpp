// A study: the Cartesian grid of its parameter lists, each cell with `reps`
// replicates, read from a study file (TOML) and validated as a whole before
// anything runs. Errors name the file, the key and the line.
//
// The grid has two levels. A corpus cell is a (world, D, mode); every replicate
// of it is drawn once, from the engine of (seed, corpus cell, replicate), and all
// hypothesis cells over it see the same corpora (paired comparisons). A cell is a
// corpus cell times (k, rounding, min_one_over_k, class, N, estimator, beta);
// N applies to class top only and beta to estimator add only, so those products
// do not repeat irrelevant values.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/learning/hypothesis.hpp"
#include "sim/sampling/sampler.hpp"
#include "theory/sampling_mode.hpp"
#include "theory/world.hpp"

namespace pacsim {

struct CorpusCell {
  std::size_t world = 0;  ///< index into Study::worlds
  std::uint64_t D = 0;
  SamplingMode mode = SamplingMode::multinomial;
};

struct Cell {
  std::size_t corpus = 0;  ///< index into Study::corpus_cells
  HypothesisSpec spec;
};

struct Study {
  std::string path;   ///< the study file it was read from
  std::string text;   ///< the TOML text, stored in the results file
  std::string title;
  std::vector<World> worlds;
  std::uint64_t reps = 10;
  std::uint64_t seed = 1;
  std::vector<CorpusCell> corpus_cells;
  std::vector<Cell> cells;
};

/// The largest study file load_study() reads: 1 MiB.
inline constexpr std::size_t kMaxStudyBytes = std::size_t{1} << 20;
/// The most cells a study's grid may have: 2^20, whose results (8 bytes a
/// metric) take hundreds of MB a replicate. load_study() counts the cells
/// before it builds them.
inline constexpr std::size_t kMaxCells = std::size_t{1} << 20;

/// Read and validate a study file, each corpus cell against `limits` (the
/// memory of as many replicates at once as its `threads`). Throws InputError
/// "FILE:LINE: key: problem", or "FILE: problem" for a file that is not a
/// regular file of UTF-8 text within kMaxStudyBytes or a grid beyond kMaxCells.
Study load_study(const std::string& path, const SamplerLimits& limits = {});

}  // namespace pacsim
