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
// binomial_lanes() draws up to eight independent variates at once, one per
// chain of the sampler: the set-up and BTRD's first, cheap acceptance test (about
// 80% of draws end there) run for all lanes in one vector loop; the other lanes
// finish in scalar code. The vector loop uses only IEEE-exact operations (+ - * /,
// sqrt, floor; no contraction into FMA), and the engine's outputs are consumed
// in a fixed order, so the variates are bit-identical whichever instruction set
// runs it (AVX-512 where the processor has it, else the baseline).
#pragma once
#include <cstdint>

#include "rng.hpp"

namespace pacsim {

/// A uniform double in [0, 1) from the top 53 bits of one engine output.
inline double uniform53(Engine& eng) { return static_cast<double>(eng() >> 11) * 0x1p-53; }

/// Bin(n, q): 0 when n == 0 or q <= 0, n when q >= 1. Requires 0 <= n <= 2^62;
/// throws std::logic_error for a NaN q.
long long binomial(Engine& eng, long long n, double q);

inline constexpr int kBinomialLanes = 8;

/// out[l] ~ Bin(n[l], q[l]) independently, l < lanes <= kBinomialLanes. The
/// engine's outputs go first to one BTRD proposal per lane that needs one (lane
/// order), then to each lane in turn as far as it needs more.
void binomial_lanes(Engine& eng, int lanes, const long long* n, const double* q, long long* out);

namespace detail {
/// The two builds of binomial_lanes (the AVX-512 one only where the processor
/// has AVX-512F/DQ); tests compare them bit for bit.
void binomial_lanes_baseline(Engine& eng, int lanes, const long long* n, const double* q, long long* out);
void binomial_lanes_avx512(Engine& eng, int lanes, const long long* n, const double* q, long long* out);
bool have_avx512();
}  // namespace detail

}  // namespace pacsim
