// Exact binomial variates for the head of the corpus samplers (SPEC §1.2):
// BTRD, transformed rejection with decomposition (Hörmann 1993, "The generation
// of binomial random variates", J. Stat. Comput. Simul. 46), when
// n min(p, 1-p) >= 10, and inversion by the pmf recurrence below that.
//
// Why not boost::random::binomial_distribution: the head is a chain of
// conditional binomials Bin(n_left, p_r / T_r) whose parameters change at every
// call, so Boost's set-up (a pow() of (1-p)^n for inversion, an out-of-line
// generate) costs 30 ns a variate and, worse, sits on the chain's critical path.
// This version is header-only and inlined, so a caller can interleave several
// independent chains and let the processor overlap them; it takes the complement
// 1-p from the caller (T_{r+1} / T_r is exact where 1 - p_r / T_r cancels), and
// it is as portable as Boost's: IEEE arithmetic and libm's log/exp/sqrt only.
// Uniforms are 53-bit: (x >> 11) 2^-53 of the engine's 64-bit output.
#pragma once
#include <cmath>
#include <cstdint>

namespace pacsim {

/// A uniform double in [0, 1) with 53 random bits.
template <class Engine>
inline double uniform53(Engine& eng) {
  return static_cast<double>(eng() >> 11) * 0x1.0p-53;
}

namespace detail {

inline double floor_fast(double x) {  // std::floor without a libm call (|x| < 2^63)
  const double t = static_cast<double>(static_cast<std::int64_t>(x));
  return t > x ? t - 1.0 : t;
}

// log(k!) - [(k + 1/2) log(k + 1) - (k + 1) + log(2 pi) / 2], the Stirling
// correction of log k! used by BTRD's final test (exact values below 10).
inline double stirling_correction(std::int64_t k) {
  static constexpr double kTable[10] = {
      0.08106146679532726, 0.04134069595540929, 0.02767792568499834, 0.02079067210376509,
      0.01664469118982119, 0.01387612882307075, 0.01189670994589177, 0.01041126526197209,
      0.009255462182712733, 0.008330563433362871};
  if (k < 10) return kTable[k];
  const double ikp1 = 1.0 / static_cast<double>(k + 1), ik2 = ikp1 * ikp1;
  return (1.0 / 12 - (1.0 / 360 - (1.0 / 1260) * ik2) * ik2) * ikp1;
}

// Bin(n, p) for p <= 1/2 and n p < 10, by inversion: P(0) = q^n, then
// P(k) = P(k-1) ((n+1) s / k - s) with s = p / q. Should rounding leave u above
// the whole summed mass, the draw restarts (a rejection, so no mass is moved).
template <class Engine>
std::int64_t binomial_inversion(Engine& eng, std::int64_t n, double p, double q) {
  const double s = p / q, a = static_cast<double>(n + 1) * s;
  const double f0 = std::exp(static_cast<double>(n) * std::log1p(-p));
  for (;;) {
    double u = uniform53(eng), f = f0;
    std::int64_t k = 0;
    while (u >= f) {
      u -= f;
      if (++k > n) break;
      f *= a / static_cast<double>(k) - s;
    }
    if (k <= n) return k;
  }
}

// Bin(n, p) for p <= 1/2 and n p >= 10: BTRD, steps 0-3.4 of Hörmann (1993).
template <class Engine>
std::int64_t binomial_btrd(Engine& eng, std::int64_t n, double p, double q) {
  const double nd = static_cast<double>(n);
  const double spq = std::sqrt(nd * p * q);
  const double b = 1.15 + 2.53 * spq, inv_b = 1.0 / b;
  const double a = -0.0873 + 0.0248 * b + 0.01 * p;
  const double c = nd * p + 0.5;
  const double vr = 0.92 - 4.2 * inv_b;
  for (;;) {
    double v = uniform53(eng);
    double u;
    if (v <= 0.86 * vr) {  // the box in the middle of the hat: accept at once
      u = v / vr - 0.43;
      return static_cast<std::int64_t>(floor_fast((2 * a / (0.5 - std::fabs(u)) + b) * u + c));
    }
    if (v >= vr) {
      u = uniform53(eng) - 0.5;
    } else {
      u = v / vr - 0.93;
      u = (u < 0 ? -0.5 : 0.5) - u;
      v = uniform53(eng) * vr;
    }
    const double us = 0.5 - std::fabs(u);
    const double kd = floor_fast((2 * a / us + b) * u + c);
    if (kd < 0 || kd > nd) continue;
    const std::int64_t k = static_cast<std::int64_t>(kd);
    // The rest of the algorithm needs the mode and the ratios; they are computed
    // here, off the fast path, which takes about 77% of the draws.
    const double r = p / q, nr = (nd + 1) * r, npq = nd * p * q;
    const double alpha = (2.83 + 5.1 * inv_b) * spq;
    const std::int64_t m = static_cast<std::int64_t>((nd + 1) * p);
    v *= alpha / (a / (us * us) + b);
    const std::int64_t km = k > m ? k - m : m - k;
    if (km <= 15) {  // f(k) / f(m) by the recurrence
      double f = 1;
      if (m < k) {
        for (std::int64_t i = m + 1; i <= k; ++i) f *= nr / static_cast<double>(i) - r;
      } else {
        for (std::int64_t i = k + 1; i <= m; ++i) v *= nr / static_cast<double>(i) - r;
      }
      if (v <= f) return k;
      continue;
    }
    // Squeeze on log f(k) / f(m): accept below t - rho, reject above t + rho.
    // 1 - 1/v <= log v <= v - 1 decides most draws without the logarithm.
    const double kmd = static_cast<double>(km), inv_npq = 1.0 / npq;
    const double rho = kmd * inv_npq * (((kmd / 3 + 0.625) * kmd + 1.0 / 6) * inv_npq + 0.5);
    const double t = -0.5 * kmd * kmd * inv_npq;
    if (v - 1 < t - rho) return k;
    if (1 - 1 / v > t + rho) continue;
    v = std::log(v);
    if (v < t - rho) return k;
    if (v > t + rho) continue;
    // The exact test, with Stirling's series for the factorials.
    const double nm = nd - static_cast<double>(m) + 1, nk = nd - kd + 1;
    const double md = static_cast<double>(m);
    const double h = (md + 0.5) * std::log((md + 1) / (r * nm)) + stirling_correction(m) +
                     stirling_correction(n - m);
    if (v <= h + (nd + 1) * std::log(nm / nk) + (kd + 0.5) * std::log(nk * r / (kd + 1)) -
                 stirling_correction(k) - stirling_correction(n - k))
      return k;
  }
}

}  // namespace detail

/// Bin(n, p), given p and its complement q = 1 - p (the caller often knows q
/// more exactly than 1 - p). Requires: n >= 0, 0 <= p, q <= 1, p + q = 1 up to
/// rounding.
template <class Engine>
inline std::int64_t binomial(Engine& eng, std::int64_t n, double p, double q) {
  if (n <= 0 || p <= 0) return 0;
  if (q <= 0) return n;
  const bool flip = p > 0.5;
  const double ps = flip ? q : p, qs = flip ? p : q;
  const std::int64_t k = static_cast<double>(n) * ps < 10 ? detail::binomial_inversion(eng, n, ps, qs)
                                                         : detail::binomial_btrd(eng, n, ps, qs);
  return flip ? n - k : k;
}

}  // namespace pacsim
