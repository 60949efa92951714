// Exact binomial variates: one at a time here; the multinomial sampler's chains
// run the same algorithm in a vector kernel (sim/sampling/kernels).
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
#pragma once
#include <cstdint>

#include "sim/random/rng.hpp"

namespace pacsim {

/// A uniform double in [0, 1) from the top 53 bits of one engine output.
inline double uniform53(Engine& eng) { return static_cast<double>(eng() >> 11) * 0x1p-53; }

/// Bin(n, q): 0 when n == 0 or q <= 0, n when q >= 1. Requires 0 <= n <= 2^62;
/// throws std::logic_error for a NaN q.
long long binomial(Engine& eng, long long n, double q);

namespace detail {
/// The scalar parts of the chains' vector kernel (sim/sampling/kernels): BTRD's steps
/// 3.3-3.4 (is log v <= log f(k)/f(m), m = md = floor((n+1) p)?), and one attempt
/// of inversion with the uniform u (the k, or -1 to try again).
bool btrd_log_accept(long long n, double p, double md, long long k, double lv);
long long inversion_attempt(long long n, double p, double u);
}  // namespace detail

}  // namespace pacsim
