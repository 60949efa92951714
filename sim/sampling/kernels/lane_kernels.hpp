// The samplers' vector kernels (see lanes.hpp); private to lanes.cpp and
// lanes_avx512.cpp.
//
// Each kernel is one template on an operations class O, compiled twice: in
// lanes.cpp with portable lane loops (the baseline), in lanes_avx512.cpp with
// AVX-512 intrinsics. Their arithmetic is written once, on GCC vector types of
// eight lanes, and uses only IEEE-exact operations (+ - * /, sqrt, floor, integer
// conversions; both files are built with -ffp-contract=off, so nothing is fused
// into an FMA): the two builds give the same bits, which tests check.
//
// Everything here has internal linkage (an unnamed namespace), so the AVX-512
// file's copies can never be picked by the linker for the baseline's callers.
#pragma once
#include <cstdint>

#include "sim/random/binomial.hpp"
#include "sim/sampling/kernels/lanes.hpp"

namespace pacsim::detail {
/// The AVX-512 builds of the kernels (lanes_avx512.cpp).
bool chains_kernel_avx512(const Chains& c, const std::uint64_t (&state)[4][kChainLanes]);
void draws_kernel_avx512(std::uint64_t (&state)[4][8], const double* p, long long len, long long n,
                         std::uint32_t* counts);
double compact_kernel_avx512(const std::uint32_t* counts, const double* p, long long len, long long first,
                             std::uint64_t* rank, std::uint64_t* count, long long& kept);
double compact_kernel_avx512(const std::uint64_t* counts, const double* p, long long len, long long first,
                             std::uint64_t* rank, std::uint64_t* count, long long& kept);
void pmf_kernel_avx512(double first, long long n, double a, double b, double Z, double* out);
}  // namespace pacsim::detail

namespace {

using d8 = double __attribute__((vector_size(64)));
using i8 = long long __attribute__((vector_size(64)));
using u8 = unsigned long long __attribute__((vector_size(64)));
using m8 = unsigned;  // lane masks, bit l for lane l

#define PACSIM_KERNEL_INLINE inline __attribute__((always_inline))

PACSIM_KERNEL_INLINE d8 splat(double x) { return d8{x, x, x, x, x, x, x, x}; }
PACSIM_KERNEL_INLINE i8 splat_i(long long x) { return i8{x, x, x, x, x, x, x, x}; }

// log x = e log 2 + log m for normal x > 0 (callers route x < 2^-1000
// elsewhere): x = 2^e m with m in [sqrt(1/2), sqrt(2)), log m = 2 atanh(s) with
// s = (m-1)/(m+1), |s| < 0.172, by its series to s^21 (the rest is < 1e-19), to
// about an ulp of 0.35. Sets e (as a double) and log m.
template <class O>
PACSIM_KERNEL_INLINE void log_parts(d8 x, d8& ed, d8& logm) {
  const i8 bits = (i8)x;
  i8 e = ((bits >> 52) & 0x7ff) - 1023;
  d8 m = (d8)((bits & 0x000fffffffffffffLL) | 0x3ff0000000000000LL);
  const m8 high = O::gt(m, splat(1.4142135623730951));
  m = O::sel(high, m * 0.5, m);
  e = O::sel_i(high, e + 1, e);
  const d8 f = m - 1.0;
  const d8 s = f / (f + 2.0), z = s * s;
  constexpr double kC[11] = {1.0 / 21, 1.0 / 19, 1.0 / 17, 1.0 / 15, 1.0 / 13, 1.0 / 11,
                             1.0 / 9,  1.0 / 7,  1.0 / 5,  1.0 / 3,  1.0};
  d8 poly = splat(kC[0]);
  for (int j = 1; j < 11; ++j) poly = poly * z + kC[j];
  ed = O::to_d(e);
  logm = 2.0 * s * poly;
}

constexpr double kLn2Hi = 0x1.62e42fee00000p-1;  // 20 trailing zero bits: k kLn2Hi is exact
constexpr double kLn2Lo = 0x1.a39ef35793c76p-33;

// log(x) for normal x > 0, within a few ulp.
template <class O>
PACSIM_KERNEL_INLINE d8 vlog(d8 x) {
  d8 ed, logm;
  log_parts<O>(x, ed, logm);
  return ed * kLn2Hi + (ed * kLn2Lo + logm);
}

// xoshiro256** (Blackman & Vigna 2018) on eight streams at once: the next output
// of each.
PACSIM_KERNEL_INLINE u8 xoshiro8(u8& s0, u8& s1, u8& s2, u8& s3) {
  const u8 x = s1 * 5;
  const u8 result = ((x << 7) | (x >> 57)) * 9;
  const u8 t = s1 << 17;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = (s3 << 45) | (s3 >> 19);
  return result;
}

// Eight lanes: each runs its own chain on its own xoshiro256** stream.
struct LaneSet {
  i8 len, nleft, base, i;
  u8 s0, s1, s2, s3;
  m8 active;
};

// One round of a lane set: each lane makes one attempt at its current rank's
// variate, taking two uniforms (v, w) from its stream whether it uses them or not;
// a lane whose attempt succeeds stores the count and moves on to its next rank.
// Known outcomes (n = 0, q <= 0, q >= 1) succeed at once. BTRD runs whole in the
// vectors but for the rare lanes whose squeeze cannot decide (steps 3.3-3.4) and
// the lanes of small mean (inversion, m < 11), which finish their attempt in
// scalar code. False when a q is NaN.
template <class O>
PACSIM_KERNEL_INLINE bool chain_round(const pacsim::Chains& c, LaneSet& S) {
  using pacsim::detail::btrd_log_accept;
  using pacsim::detail::inversion_attempt;
  i8 &nleft = S.nleft, &i = S.i;
  const i8 base = S.base;
  const m8 active = S.active;
  const auto next = [&S]() { return O::to_d((i8)(xoshiro8(S.s0, S.s1, S.s2, S.s3) >> 11)) * 0x1p-53; };
  constexpr double kMaxK = 0x1.fffffffffffffp+62;  // the largest double below 2^63
  const i8 at = base + i;  // a lane whose chain has ended points at its spare slot
  const d8 q = O::gather(c.q, at, active);
  if ((active & ~O::eq(q, q)) != 0) return false;  // NaN
  const d8 nd = O::to_d(nleft);
  const m8 zero = (~active | O::eq_i(nleft, splat_i(0)) | O::le(q, splat(0.0))) & 0xff;
  const m8 all = ~zero & O::ge(q, splat(1.0)) & 0xff;
  const m8 draw = ~(zero | all) & 0xff;
  const m8 flip = O::gt(q, splat(0.5));
  const d8 p = O::sel(draw, O::sel(flip, 1.0 - q, q), splat(0.25));
  const d8 md = O::floor((nd + 1.0) * p);
  const m8 inv = draw & O::lt(md, splat(11.0));
  const m8 bt = draw & ~inv;
  const d8 v = next(), w = next();
  // Set-up (as btrd_setup in binomial.cpp, with 1/b multiplied in).
  const d8 npq = nd * p * (1.0 - p);
  const d8 spq = O::sqrt(npq);
  const d8 b = 1.15 + 2.53 * spq;
  const d8 a = -0.0873 + 0.0248 * b + 0.01 * p;
  const d8 cc = nd * p + 0.5;
  const d8 ib = 1.0 / b;
  const d8 alpha = (2.83 + 5.1 * ib) * spq;
  const d8 v_r = 0.92 - 4.2 * ib;
  const d8 u_rv_r = 0.86 * v_r;
  // Step 1 (v <= u_rv_r), else steps 2 and 3.0: either way one candidate k from u.
  const m8 first = O::le(v, u_rv_r);
  const m8 big = O::ge(v, v_r);
  const d8 vq = v / v_r;
  const d8 t2 = vq - 0.93;
  const d8 u = O::sel(first, vq - 0.43, O::sel(big, w - 0.5, O::sel(O::lt(t2, splat(0.0)), splat(-0.5), splat(0.5)) - t2));
  const d8 us = 0.5 - O::abs(u);
  const d8 ius = 1.0 / us;
  d8 k = O::floor((2.0 * a * ius + b) * u + cc);
  k = O::sel(O::gt(us, splat(0.0)) & O::ge(k, splat(-1.0)), k, splat(-1.0));  // also NaN -> -1
  k = O::sel(O::le(k, splat(kMaxK)), k, splat(kMaxK));
  const m8 in_range = O::ge(k, splat(0.0)) & O::le(k, nd);
  m8 ok = zero | all | (bt & first & in_range);
  const m8 exact = bt & ~first & in_range;
  i8 x = O::to_i(k);
  if (exact != 0) {
    const d8 vs = O::sel(big, v, w * v_r) * alpha / (a * ius * ius + b);
    const d8 km = O::abs(k - md);
    const m8 small = exact & O::le(km, splat(15.0));
    if (small != 0) {
      // Step 3.1 without divisions: f(k)/f(m) = prod (r (n+1-i)) / prod i over
      // i = m+1..k (k > m; v <= f), or its inverse over i = k+1..m (k < m).
      const d8 r = p / (1.0 - p), n1 = nd + 1.0;
      const m8 up = O::ge(k, md);
      const d8 lo = O::sel(up, md, k) + 1.0;
      d8 num = splat(1.0), den = splat(1.0);
      for (int j = 0; j < 15; ++j) {
        const m8 on = small & O::lt(splat(static_cast<double>(j)), km);
        if (on == 0) break;
        const d8 ii = lo + static_cast<double>(j);
        num = O::sel(on, num * (r * (n1 - ii)), num);
        den = O::sel(on, den * ii, den);
      }
      ok |= small & ((up & O::le(vs * den, num)) | (~up & O::le(vs * num, den)));
    }
    const m8 large = exact & ~small;
    if (large != 0) {
      // Step 3.2: the squeeze on log v; the lanes it cannot decide (and those
      // whose v is too small for vlog) take the exact test in scalar code.
      const d8 lv = vlog<O>(O::sel(large, vs, splat(1.0)));
      const d8 inpq = 1.0 / npq;
      const d8 rho = (km * inpq) * (((km * (1.0 / 3) + 0.625) * km + 1.0 / 6.0) * inpq + 0.5);
      const d8 t = -0.5 * km * km * inpq;
      const m8 tiny = O::lt(vs, splat(0x1p-1000));
      const m8 accept = ~tiny & O::lt(lv, t - rho), reject = ~tiny & O::gt(lv, t + rho);
      ok |= large & accept;
      for (m8 m = large & ~accept & ~reject; m != 0; m &= m - 1) {
        const int l = __builtin_ctz(m);
        const double lvl = (tiny >> l & 1) != 0 ? __builtin_log(vs[l]) : lv[l];  // log 0 = -inf accepts
        if (btrd_log_accept(nleft[l], p[l], md[l], x[l], lvl)) ok |= 1u << l;
      }
    }
  }
  for (m8 m = inv; m != 0; m &= m - 1) {
    const int l = __builtin_ctz(m);
    x[l] = inversion_attempt(nleft[l], p[l], v[l]);
    if (x[l] >= 0) ok |= 1u << l;
  }
  x = O::sel_i(draw, O::sel_i(flip, nleft - x, x), O::sel_i(all, nleft, splat_i(0)));
  O::scatter(c.out, at, x);  // a failed attempt's value is overwritten by the next success
  ok &= active;
  nleft = O::sel_i(ok, nleft - x, nleft);
  i = O::sel_i(ok, i + 1, i);
  S.active = O::lt_i(i, S.len);
  return true;
}

// Runs the chains of `c`, kChainLanes = 16 lanes as two sets of eight (state[w][l]:
// word w of lane l's stream). The two sets' rounds are independent, so the
// processor overlaps them: one set alone waits on its own latency (gather,
// square root and divisions in series) at every round.
template <class O>
PACSIM_KERNEL_INLINE bool chains_kernel(const pacsim::Chains& c, const std::uint64_t (&state)[4][pacsim::kChainLanes]) {
  static_assert(pacsim::kChainLanes == 16, "two sets of eight lanes");
  constexpr int kSets = 2;
  LaneSet S[kSets];
  for (int s = 0; s < kSets; ++s) {
    for (int l = 0; l < 8; ++l) {
      const int lane = 8 * s + l;
      const bool on = lane < c.lanes;
      S[s].len[l] = on ? c.len[lane] : 0;
      S[s].nleft[l] = on ? c.total[lane] : 0;
      S[s].base[l] = lane * c.stride;
      S[s].i[l] = 0;
      S[s].s0[l] = state[0][lane];
      S[s].s1[l] = state[1][lane];
      S[s].s2[l] = state[2][lane];
      S[s].s3[l] = state[3][lane];
    }
    S[s].active = O::lt_i(S[s].i, S[s].len);
  }
  for (;;) {
    bool more = false;
    for (int s = 0; s < kSets; ++s) {
      if (S[s].active == 0) continue;
      if (!chain_round<O>(c, S[s])) return false;
      more = true;
    }
    if (!more) return true;
  }
}

// n iid draws of a rank in [0, len), p non-increasing, added to counts: each round
// makes eight proposals, one per stream; a proposal's top `bits` bits pick a
// slot i (rejected when i >= len), its low 52 bits give u, and it is accepted
// when u p[0] < p[i]. Accepted slots are packed in lane order into a buffer, and
// counted when it fills; the first n accepted are the draws.
template <class O>
PACSIM_KERNEL_INLINE void draws_kernel(std::uint64_t (&state)[4][8], const double* p, long long len, long long n,
                                       std::uint32_t* counts) {
  if (n <= 0) return;
  if (len == 1) {  // nothing to draw
    counts[0] += static_cast<std::uint32_t>(n);
    return;
  }
  u8 s0, s1, s2, s3;
  for (int l = 0; l < 8; ++l) {
    s0[l] = state[0][l];
    s1[l] = state[1][l];
    s2[l] = state[2][l];
    s3[l] = state[3][l];
  }
  const int shift = __builtin_clzll(static_cast<unsigned long long>(len - 1));  // 64 - bits, bits >= 1
  const d8 p0 = splat(p[0]), plast = splat(p[len - 1]);
  const i8 lenv = splat_i(len);
  constexpr long long kBuf = 1024;
  alignas(64) long long buf[kBuf + 8];
  for (long long k = 0; k < n;) {
    long long m = 0;
    while (m < kBuf && k + m < n) {
      const u8 x = xoshiro8(s0, s1, s2, s3);
      const i8 slot = (i8)(x >> shift);
      const m8 valid = O::lt_i(slot, lenv);
      const d8 up = O::to_d((i8)(x & 0x000fffffffffffffULL)) * 0x1p-52 * p0;
      // u p[0] < p[len-1] <= p[i] accepts without looking p[i] up (in the tail's
      // flat blocks, nearly always): the same decisions, fewer gathers.
      m8 accept = valid & O::lt(up, plast);
      const m8 unsure = valid & ~accept;
      if (unsure != 0) accept |= unsure & O::lt(up, O::gather(p, slot, unsure));
      m += O::compress(buf + m, accept, slot);
    }
    const long long take = m < n - k ? m : n - k;
    for (long long j = 0; j < take; ++j) ++counts[buf[j]];
    k += take;
  }
  for (int l = 0; l < 8; ++l) {
    state[0][l] = s0[l];
    state[1][l] = s1[l];
    state[2][l] = s2[l];
    state[3][l] = s3[l];
  }
}

// The nonzero counts of a block, compacted: (first + i, counts[i]) in rank order
// to rank[] and count[] (room for len: a step stores eight lanes at m <= i, and
// i + 8 <= len), their number to kept; returns the sum of p[i] over the zero counts, eight accumulators
// (i mod 8) summed as ((0+1)+(2+3))+((4+5)+(6+7)), then the last len mod 8 ranks
// in order.
template <class O, class Count>
PACSIM_KERNEL_INLINE double compact_kernel(const Count* counts, const double* p, long long len, long long first,
                                           std::uint64_t* rank, std::uint64_t* count, long long& kept) {
  d8 acc = {};
  i8 at = i8{0, 1, 2, 3, 4, 5, 6, 7} + first;
  long long m = 0, i = 0;
  for (; i + 8 <= len; i += 8) {
    const i8 c = O::load_counts(counts + i);
    const m8 zero = O::eq_i(c, splat_i(0));
    acc = acc + O::sel(zero, O::load(p + i), splat(0.0));
    O::compress(count + m, ~zero & 0xff, c);
    m += O::compress(rank + m, ~zero & 0xff, at);
    at = at + 8;
  }
  double missing = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
  for (; i < len; ++i) {
    const std::uint64_t c = counts[i];
    rank[m] = static_cast<std::uint64_t>(first + i);
    count[m] = c;
    m += c != 0;
    missing += c != 0 ? 0.0 : p[i];
  }
  kept = m;
  return missing;
}

// x^-a, within about 2 ulp for normal results: y = -a log x in double-double
// (log x = e log 2 + log m as a sum of two doubles, the product by Dekker's exact
// split), then exp(y) = 2^k exp(f), |f| <= log(2)/2, by Taylor's series to f^13
// (the rest is < 1e-18). Lanes with x <= 0, x not finite or |y| > 700 are set in
// `bad` for the caller (also any lane whose y is NaN).
template <class O>
PACSIM_KERNEL_INLINE d8 vpow_neg(d8 x, double a, m8& bad) {
  d8 ed, logm;
  log_parts<O>(x, ed, logm);
  const d8 t1 = ed * kLn2Hi;  // exact
  const d8 lh = t1 + logm;    // fast two-sum: t1 = 0 or |t1| >= 0.69 > |logm|
  const d8 ll = ((t1 - lh) + logm) + ed * kLn2Lo;
  constexpr double kSplit = 134217729.0;  // 2^27 + 1
  const double ac = kSplit * a, ah = ac - (ac - a), al = a - ah;
  const d8 lc = kSplit * lh, lhh = lc - (lc - lh), lhl = lh - lhh;
  const d8 prod = a * lh;
  const d8 perr = ((ah * lhh - prod) + ah * lhl + al * lhh) + al * lhl;
  const d8 yh = -prod, yl = -(perr + a * ll);
  // (yl is NaN when a is so large that its split overflows, a > ~1.3e300.)
  bad = (~(O::gt(x, splat(0.0)) & O::lt(x, splat(__builtin_inf())) & O::gt(yh, splat(-700.0)) &
           O::lt(yh, splat(700.0)) & O::eq(yl, yl))) & 0xff;
  const d8 k = O::floor(O::sel(bad, splat(0.0), yh) * 1.4426950408889634 + 0.5);
  const d8 g = ((yh - k * kLn2Hi) - k * kLn2Lo) + yl;
  constexpr double kE[14] = {1.0 / 6227020800, 1.0 / 479001600, 1.0 / 39916800, 1.0 / 3628800, 1.0 / 362880,
                             1.0 / 40320,      1.0 / 5040,      1.0 / 720,      1.0 / 120,     1.0 / 24,
                             1.0 / 6,          0.5,             1.0,            1.0};
  d8 ex = splat(kE[0]);
  for (int j = 1; j < 14; ++j) ex = ex * g + kE[j];
  return ex * (d8)((O::to_i(k) + 1023) << 52);
}

// out[i] = (first + i + b)^-a / Z, i < n (first + n <= 2^53): the weights of a
// zm world by vpow_neg, lanes it cannot take by libm's pow.
template <class O>
PACSIM_KERNEL_INLINE void pmf_kernel(double first, long long n, double a, double b, double Z, double* out) {
  const d8 step = {0, 1, 2, 3, 4, 5, 6, 7};
  for (long long i = 0; i < n; i += 8) {
    const d8 x = (splat(first + static_cast<double>(i)) + step) + b;
    m8 bad = 0;
    d8 p = vpow_neg<O>(x, a, bad) / Z;
    for (m8 m = bad; m != 0; m &= m - 1) {
      const int l = __builtin_ctz(m);
      p[l] = __builtin_pow(x[l], -a) / Z;
    }
    if (i + 8 <= n) {
      O::store(out + i, p);
    } else {
      for (long long l = 0; l < n - i; ++l) out[i + l] = p[l];
    }
  }
}

}  // namespace
