// Exact corpus samplers (SPEC §1.2) in O(|S|) expected time and memory
// independent of M. Ranks split at a head size R with D p_R ~ 1:
//  - multinomial: head counts by sequential conditional binomials
//    c_r ~ Bin(n_left, p_r / T_{r-1}) (T_r = sum_{j>r} p_j, from the world's
//    closed forms and exact suffix sums), then the n_left remaining draws are iid
//    tail ranks (ZipfTailSampler), sorted and merged;
//  - poisson: c_r ~ Poisson(D p_r) for the head, Poisson(D T_R) tail draws;
//  - draws: D individual draws from the whole distribution (reference, O(D)).
// Binomial and Poisson variates are Boost.Random's (BTRD / PTRD class, O(1)).
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

/// p_r and the suffix masses T_{r-1} = sum_{j>=r} p_j for ranks 1..R of one world,
/// built once and shared read-only by every sampler (and thread) of that world.
class HeadTable {
 public:
  HeadTable(const World& world, Rank R);
  Rank size() const { return static_cast<Rank>(p_.size()); }
  double p(Rank r) const { return p_[r - 1]; }              ///< p_r, 1 <= r <= size()
  const double* p_data() const { return p_.data(); }        ///< p_1 .. p_size()
  double mass_from(Rank r) const { return from_[r - 1]; }   ///< sum_{j>=r} p_j
  double mass_after_head() const { return after_; }         ///< sum_{j>size()} p_j

 private:
  BigVector<double> p_, from_;
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
  std::uint64_t D() const { return D_; }
  const World& world() const { return world_; }

 private:
  void draw(Engine& eng, Corpus& out) const;
  void sample_tail(Engine& eng, std::uint64_t n, Corpus& out) const;

  World world_;
  std::uint64_t D_;
  SamplingMode mode_;
  Rank R_;
  std::shared_ptr<const HeadTable> head_;
  double tail_mass_;                      // sum_{r>R} p_r
  std::unique_ptr<ZipfTailSampler> tail_;  // null when R = M
};

}  // namespace pacsim
