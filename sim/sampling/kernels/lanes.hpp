// Vector kernels of the samplers: eight or sixteen lanes at once,
// each lane on its own xoshiro256** stream seeded from the replicate's engine.
//
//  - run_chains(): up to 16 chains of conditional binomials (the multinomial
//    sampler's blocks where ranks expect many draws). Each lane runs its chain
//    on its own: BTRD (see sim/random/binomial.hpp) whole in the vectors, with a
//    division-free step 3.1 and the squeeze of 3.2 on an own vector log; only
//    the lanes whose squeeze cannot decide (steps 3.3-3.4) and those of small
//    mean (inversion) finish an attempt in scalar code.
//  - draw_in_block(): n iid ranks of a block of non-increasing p, by rejection
//    from a uniform slot, eight proposals at a time, counted in place;
//  - compact_counts(): a block's nonzero counts, and the mass of its zero ones;
//  - zm_pmf(): a world's p_r for a range of ranks (the sampler's tables).
//
// Each kernel is one template compiled twice: with portable lane loops
// (lanes.cpp) and with AVX-512 intrinsics (lanes_avx512.cpp, used where the
// processor has AVX-512F/DQ, and built unless -DPACSIM_USE_AVX512=OFF). Both use
// only IEEE-exact operations (+ - * /, sqrt,
// floor, integer conversions; no contraction into FMA) in the same order, so a
// replicate is bit-identical whichever build runs; tests check it.
#pragma once
#include <cstdint>

#include "sim/random/rng.hpp"
#include "theory/world.hpp"

namespace pacsim {

inline constexpr int kChainLanes = 16;

/// Up to kChainLanes chains of the multinomial sampler. Chain l < lanes spreads
/// total[l] draws over len[l] ranks, rank i taking Bin(n_left, q_i) of the n_left
/// draws the earlier ranks left, q_i = q[l * stride + i]; its counts go to
/// out[l * stride + i]. For a block, q_i = p_i / (p_i + ... + p_{len-1}) (so the
/// last q is 1). stride > every len: each chain has a spare slot, and q and out
/// hold kChainLanes * stride entries (lanes >= `lanes` write their slot 0).
struct Chains {
  const double* q;
  std::uint64_t* out;
  long long stride;
  int lanes;
  long long len[kChainLanes];
  long long total[kChainLanes];
};

/// Runs the chains, each on its own stream seeded from one output of `eng` (it
/// takes exactly kChainLanes). Throws std::logic_error for a NaN q.
void run_chains(Engine& eng, const Chains& chains);

/// Eight xoshiro256** streams (word w of lane l in s[w][l]) for draw_in_block(),
/// seeded from eight outputs of `eng`, through SplitMix64 as Xoshiro256ss(seed) is.
struct LaneStreams {
  explicit LaneStreams(Engine& eng);
  std::uint64_t s[4][8];
};

/// Adds n iid draws of a rank i in [0, len) with probability p[i] / sum(p) to
/// counts[i]. Requires p non-increasing (each proposal is accepted with
/// probability p[i] / p[0], at once when u p[0] < p[len-1]; not checked),
/// 1 <= len <= 4096 (else std::logic_error), and room in counts[i] for the draws.
/// Slots come from the top bits of a stream's output, the acceptance from its low
/// 52 bits (disjoint, hence independent).
void draw_in_block(LaneStreams& g, const double* p, std::uint64_t len, std::uint64_t n,
                   std::uint32_t* counts);

/// The nonzero counts[i], i < len, compacted in rank order: (first + i, counts[i])
/// to rank[] and count[], which need room for len entries; their number to `kept`.
/// Returns the sum of p[i] over the zero counts (in a fixed order: eight
/// accumulators, i mod 8, then the last len mod 8 ranks). Count is std::uint32_t
/// (draws blocks) or std::uint64_t (chains).
template <class Count>
double compact_counts(const Count* counts, const double* p, std::uint64_t len, std::uint64_t first,
                      std::uint64_t* rank, std::uint64_t* count, std::uint64_t& kept);

/// out[i] = p_{first+i} of the world w, i < n (ranks 1 <= first, first + n <= 2^53;
/// ranks beyond M are not checked), by pacsim's own x^-a (double-double log and
/// exp, IEEE operations only): within (a + 8) 2^-53 relative of libm's pow (see
/// the tests), eight ranks at a time, 3x faster. World::pmf() uses libm's pow;
/// the sampler's tables use this.
void zm_pmf(const World& w, Rank first, Rank n, double* out);

namespace detail {
/// The two builds of each kernel; tests compare them bit for bit. Call the
/// AVX-512 ones only where have_avx512(): false on processors without
/// AVX-512F/DQ and in builds without the AVX-512 kernels (whose *_avx512
/// functions throw std::logic_error).
void run_chains_baseline(Engine& eng, const Chains& chains);
void run_chains_avx512(Engine& eng, const Chains& chains);
void draw_in_block_baseline(LaneStreams& g, const double* p, std::uint64_t len, std::uint64_t n,
                            std::uint32_t* counts);
void draw_in_block_avx512(LaneStreams& g, const double* p, std::uint64_t len, std::uint64_t n,
                          std::uint32_t* counts);
template <class Count>
double compact_counts_baseline(const Count* counts, const double* p, std::uint64_t len, std::uint64_t first,
                               std::uint64_t* rank, std::uint64_t* count, std::uint64_t& kept);
template <class Count>
double compact_counts_avx512(const Count* counts, const double* p, std::uint64_t len, std::uint64_t first,
                             std::uint64_t* rank, std::uint64_t* count, std::uint64_t& kept);
void zm_pmf_baseline(const World& w, Rank first, Rank n, double* out);
void zm_pmf_avx512(const World& w, Rank first, Rank n, double* out);
bool have_avx512();
}  // namespace detail

}  // namespace pacsim
