// Exact corpus samplers (SPEC §1.2) in O(|S|) expected time and memory
// independent of M. Ranks split at a head size R with D p_R ~ 1:
//  - multinomial: the head is cut into blocks of HeadTable::kBlock ranks. The
//    draws per block come from sequential conditional binomials over the blocks;
//    within a block, c_r ~ Bin(n_left, p_r / S_r) with S_r the block's mass from
//    r on. The blocks' chains are independent given their totals, so four of them
//    run interleaved and the processor overlaps their latencies (a chain of
//    binomials is latency-bound: each variate's set-up waits for the previous
//    count). The draws left after the head are iid tail ranks
//    (ZipfTailSampler), sorted and merged.
//  - poisson: c_r ~ Poisson(D p_r) for the head, Poisson(D T_R) tail draws;
//  - draws: D individual draws from the whole distribution (reference, O(D)).
// Binomial and Poisson variates are Boost.Random's (BTRD / PTRD class, O(1)).
// The order in which variates are drawn is fixed (it never depends on threads),
// so a replicate is a function of its engine's seed only.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "corpus.hpp"
#include "rng.hpp"
#include "tail_sampler.hpp"
#include "theory/sampling_mode.hpp"
#include "theory/world.hpp"

namespace pacsim {

/// p_r for ranks 1..R of one world, with suffix masses kept per block of kBlock
/// ranks (block b holds ranks b kBlock + 1 .. (b+1) kBlock): S_r = sum of p_j
/// from r to the end of r's block, summed smallest first, so p_r / S_r and
/// S_{r+1} / S_r are exact to rounding even where they approach 1. Built once and
/// shared read-only by every sampler (and thread) of that world.
class HeadTable {
 public:
  static constexpr Rank kBlock = 4096;

  HeadTable(const World& world, Rank R);
  Rank size() const { return static_cast<Rank>(p_.size()); }
  double p(Rank r) const { return p_[r - 1]; }              ///< p_r, 1 <= r <= size()
  const double* p_data() const { return p_.data(); }        ///< p_1 .. p_size()
  /// S_r, the mass of ranks r .. min(end of r's block, size()).
  double block_mass_from(Rank r) const { return block_from_[r - 1]; }
  const double* block_from_data() const { return block_from_.data(); }  ///< S_1 .. S_size()
  /// sum_{j>=r} p_j, 1 <= r <= size().
  double mass_from(Rank r) const { return block_from_[r - 1] + after_block_[(r - 1) / kBlock]; }
  double mass_after_head() const { return after_; }         ///< sum_{j>size()} p_j

 private:
  BigVector<double> p_, block_from_;
  std::vector<double> after_block_;  // sum of p_j beyond block b's end (within the table), plus after_
  double after_;
};

/// Limits that keep a replicate honest and within memory; both are checked when a
/// sampler is built, before any parallel region.
struct SamplerLimits {
  double max_bytes = default_max_bytes();  ///< estimated storage of all threads' replicates
  int threads = 1;                         ///< replicates held at once (one per thread)
  double max_far_collisions = 0.01;        ///< expected merges among ranks >= 2^53

  /// Half the machine's physical memory (16 GiB if it cannot be read).
  static double default_max_bytes();
};

class CorpusSampler {
 public:
  /// Head size R for (world, D, mode): the largest r with D p_r >= 1 (0 in draws mode).
  static Rank head_size(const World& world, std::uint64_t D, SamplingMode mode);

  /// Throws InputError when D is out of range, the count vector would not fit
  /// `limits.max_bytes`, or far ranks could collide.
  static void check(const World& world, std::uint64_t D, SamplingMode mode,
                    const SamplerLimits& limits = {});

  /// check()s its arguments. `shared` may be null or a table of at least
  /// head_size() ranks of the same world.
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
  /// Expected length of the count vector, about: R + D T_R (head ranks and tail draws).
  double expected_entries() const {
    return static_cast<double>(R_) + static_cast<double>(D_) * tail_mass_;
  }
  std::uint64_t D() const { return D_; }
  const World& world() const { return world_; }

 private:
  void draw(Engine& eng, Corpus& out) const;
  /// Multinomial head counts into `out`; returns the number of draws left for the tail.
  std::uint64_t sample_head_multinomial(Engine& eng, Corpus& out) const;
  void sample_tail(Engine& eng, std::uint64_t n, Corpus& out) const;

  World world_;
  std::uint64_t D_;
  SamplingMode mode_;
  Rank R_;
  std::shared_ptr<const HeadTable> head_;
  double tail_mass_;                      // sum_{r>R} p_r
  // Multinomial: P(a draw falls in block b | it falls in block b or later, or the
  // tail); the last block may end at R inside a table block, so its suffix masses
  // are the sampler's own.
  std::vector<double> block_q_;
  std::vector<double> last_block_from_;
  std::unique_ptr<ZipfTailSampler> tail_;  // null when R = M
};

/// The indices of `samplers`, largest expected corpus first (ties in index order).
/// Loops over replicates run cells in this order: a thread's reused Corpus then
/// grows once instead of at every larger D (fresh memory is costly), and the long
/// replicates are not left to the end. Results do not depend on the order: each
/// replicate has its own engine and its own slot.
std::vector<std::size_t> largest_first(const std::vector<std::unique_ptr<CorpusSampler>>& samplers);

}  // namespace pacsim
