// Exact binomial variates for the multinomial sampler's chains (SPEC §1.2).
//
// Bin(n, q) for any n <= 2^62 (exact to double precision: where n p > 2^53 the
// variates are doubles, so they fall on the double grid, e.g. multiples of 512
// near 2^61, an error of about 1e-7 of a standard deviation at n = 2^62), with
// p = min(q, 1-q) and m = floor((n+1) p),
//  - m < 11: inversion from P(0) = exp(n log1p(-p)) (log1p keeps P(0) accurate
//    when p is tiny and n huge, where pow(1-p, n) would not);
//  - m >= 11: BTRD, transformed rejection with decomposition (Hörmann 1993,
//    "The generation of binomial random variables", J. Statist. Comput. Simul.
//    46), O(1) expected; the same algorithm as Boost.Random's binomial.
//
// run_chains() runs up to eight chains of the multinomial sampler at once, each
// a sequence of conditional binomials, one lane each of a vector kernel: set-up
// and BTRD's steps 1 to 3.0 run for all lanes together; the exact test (about 20%
// of attempts) and inversion finish in scalar code. Each lane draws from its own
// xoshiro256** stream, seeded from the engine, and the kernel uses only
// IEEE-exact operations (+ - * /, sqrt, conversions; no contraction into FMA), so
// its counts are bit-identical whichever instruction set runs it (AVX-512 where
// the processor has it, else the baseline).
#pragma once
#include <cstdint>

#include "rng.hpp"

namespace pacsim {

/// A uniform double in [0, 1) from the top 53 bits of one engine output.
inline double uniform53(Engine& eng) { return static_cast<double>(eng() >> 11) * 0x1p-53; }

/// Bin(n, q): 0 when n == 0 or q <= 0, n when q >= 1. Requires 0 <= n <= 2^62;
/// throws std::logic_error for a NaN q.
long long binomial(Engine& eng, long long n, double q);

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

/// Runs the chains, each on its own xoshiro256** stream seeded from one output of
/// `eng` (it takes exactly kChainLanes). Throws std::logic_error for a NaN q.
void run_chains(Engine& eng, const Chains& chains);

namespace detail {
/// The two builds of run_chains (the AVX-512 one only where the processor has
/// AVX-512F/DQ); tests compare them bit for bit.
void run_chains_baseline(Engine& eng, const Chains& chains);
void run_chains_avx512(Engine& eng, const Chains& chains);
bool have_avx512();
}  // namespace detail

}  // namespace pacsim
