// Exact corpus samplers in O(|S|) expected time and memory
// independent of M. Ranks split at a head size R with D p_R ~ 1; a table of p_r
// (HeadTable) covers the head and the near tail beyond it, up to table_size()
// ranks, cut into blocks of HeadTable::kBlock ranks:
//  - multinomial: the draws per block (and the rest, for the far tail) come from
//    sequential conditional binomials over the blocks. Within a block two exact
//    methods, chosen per block from its expected draws:
//     - chain (blocks where ranks expect many draws): c_r ~ Bin(n_left, p_r / S_r)
//       with S_r the block's mass from r on. Chains of different blocks are
//       independent given their totals, so 16 run at once, one lane each of
//       run_chains() (kernels/lanes.hpp), each on its own stream;
//     - draws (blocks where ranks expect few): the block's n draws are iid ranks
//       of the block, by rejection from a uniform rank accepted with probability
//       p_r / p_first (at least 1/2 by construction), eight proposals at a time
//       (draw_in_block(), kernels/lanes.hpp), counted in place, nothing to sort.
//    Each block's nonzero counts are then compacted (compact_counts()).
//    The draws left after the table are iid far-tail ranks (ZipfTailSampler),
//    sorted and merged.
//  - poisson: chain blocks take c_r ~ Poisson(D p_r); a draws block takes
//    Poisson(D W_b) draws (W_b its mass), and the far tail Poisson(D T) draws:
//    Poisson splitting makes every c_r an independent Poisson(D p_r);
//  - draws: D individual draws from the whole distribution (reference, O(D)).
// Binomial variates are BTRD and inversion (sim/random/binomial.hpp one at a time,
// the chains' kernel in kernels/lanes.hpp); Poisson variates come from
// sim/random/poisson.hpp. Both O(1).
// The order in which variates are drawn is fixed (it never depends on threads),
// and the table's extent and the method of each block are functions of (world,
// D, mode) only, so a replicate is a function of its engine's seed only.
#pragma once
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/random/rng.hpp"
#include "sim/sampling/corpus.hpp"
#include "sim/sampling/head_table.hpp"
#include "sim/sampling/kernels/lanes.hpp"
#include "sim/sampling/tail_sampler.hpp"
#include "theory/sampling_mode.hpp"
#include "theory/world.hpp"

namespace pacsim {

/// Limits that keep a replicate honest and within memory (see
/// CorpusSampler::refusal); callers check them before any parallel region.
struct SamplerLimits {
  double max_bytes = default_max_bytes();  ///< estimated storage of all threads' replicates
  int threads = 1;                         ///< replicates held at once (one per thread)
  double max_far_collisions = 0.01;        ///< expected merges among ranks >= 2^53

  /// Half the machine's physical memory (16 GiB if it cannot be read).
  static double default_max_bytes();
  /// `bytes` as the messages about the limit write it: "1.5 GiB".
  static std::string gib(double bytes);
};

class CorpusSampler {
 public:
  /// Head size R for (world, D, mode): the largest r with D p_r >= 1 (0 in draws mode).
  static Rank head_size(const World& world, std::uint64_t D, SamplingMode mode);

  /// Ranks the sampler takes from a HeadTable: the head and the near tail beyond
  /// it, up to the largest r with D p_r >= 1/32 (where a scanned rank costs less
  /// than the far tail's expected draws there), at most 8 R and R + 2^24, at most
  /// M. 0 in draws mode.
  static Rank table_size(const World& world, std::uint64_t D, SamplingMode mode);

  /// Why no sampler of (world, D, mode) is built: D outside 1..2^62, a count
  /// vector that would not fit `limits.max_bytes`, or far ranks that could
  /// collide. A message for the user naming the world and D; empty when the
  /// sampler can be built.
  static std::string refusal(const World& world, std::uint64_t D, SamplingMode mode,
                             const SamplerLimits& limits = {});

  /// Requires: refusal() is empty (else throws std::invalid_argument with it).
  /// `shared` may be null or a table of the same world; it is used when it holds
  /// at least table_size() ranks.
  CorpusSampler(const World& world, std::uint64_t D, SamplingMode mode,
                std::shared_ptr<const HeadTable> shared = nullptr,
                SamplerLimits limits = {});

  CorpusSampler(const CorpusSampler&) = delete;  // the tail sampler points at world_
  CorpusSampler& operator=(const CorpusSampler&) = delete;

  /// Draw one corpus into `out`, reusing its buffers (a thread keeps one Corpus
  /// across replicates: fresh pages cost more than the sampling on some machines).
  void sample(Engine& eng, Corpus& out) const;
  Corpus sample(Engine& eng) const {
    Corpus c;
    sample(eng, c);
    return c;
  }

  Rank head() const { return R_; }
  Rank table_ranks() const { return T_; }  ///< table_size() of this sampler
  /// Blocks sampled by chains of binomials (or Poissons); the later blocks of the
  /// table are sampled by draws.
  std::size_t chain_blocks() const { return chain_blocks_; }
  /// Expected length of the count vector, about: the table's ranks and the far
  /// tail's draws.
  double expected_entries() const {
    return static_cast<double>(T_) + static_cast<double>(D_) * far_mass_;
  }
  std::uint64_t D() const { return D_; }
  const World& world() const { return world_; }

 private:
  void draw(Engine& eng, Corpus& out) const;
  /// Multinomial counts of the table's ranks into `out`; returns the draws left
  /// for the far tail.
  std::uint64_t sample_table_multinomial(Engine& eng, Corpus& out) const;
  /// Poisson counts of the table's ranks into `out`; returns their total.
  std::uint64_t sample_table_poisson(Engine& eng, Corpus& out) const;
  /// The chains of blocks [b0, b0 + lanes), lanes <= kChainLanes, with their totals.
  void sample_chains(Engine& eng, std::size_t b0, std::size_t lanes, const std::uint64_t* totals,
                     Corpus& out) const;
  /// n iid draws among block b's ranks (from the lane streams g), counted and appended.
  void sample_block_draws(Engine& eng, LaneStreams& g, std::size_t b, std::uint64_t n, Corpus& out) const;
  void sample_tail(Engine& eng, std::uint64_t n, Corpus& out) const;
  Rank block_len(std::size_t b) const { return std::min(HeadTable::kBlock, T_ - b * HeadTable::kBlock); }

  World world_;
  std::uint64_t D_;
  SamplingMode mode_;
  Rank R_, T_;                            // head size, table ranks (R_ <= T_)
  std::shared_ptr<const HeadTable> head_;
  double far_mass_;                       // sum_{r>T} p_r
  // The sampler's blocks cover ranks 1..T; the last may end inside a table block,
  // so the masses are the sampler's own.
  std::vector<double> block_mass_;
  // Multinomial: P(a draw falls in block b | it falls in block b or later, or the
  // far tail).
  std::vector<double> block_q_;
  std::size_t chain_blocks_ = 0;
  std::unique_ptr<ZipfTailSampler> tail_;  // null when T = M
};

/// The indices of `samplers`, largest expected corpus first (ties in index order).
/// Loops over replicates run cells in this order: a thread's reused Corpus then
/// grows once instead of at every larger D (fresh memory is costly), and the long
/// replicates are not left to the end. Results do not depend on the order: each
/// replicate has its own engine and its own slot.
std::vector<std::size_t> largest_first(const std::vector<std::unique_ptr<CorpusSampler>>& samplers);

}  // namespace pacsim
