// Exact binomial variates; see binomial.hpp. Compiled with -ffp-contract=off
// (no FMA contraction: the AVX-512 and baseline builds of the lane loop must round
// alike), -fno-math-errno and -fno-trapping-math (so sqrt and floor vectorise;
// neither changes a result).
#include "sim/random/binomial.hpp"

#include <cmath>
#include <stdexcept>

namespace pacsim {

namespace {

// fc(k) = log k! - [(k + 1/2) log(k + 1) - (k + 1) + log(2 pi) / 2], the error of
// Stirling's formula: exact values for k < 10, the series beyond.
constexpr double kFc[10] = {0.081061466795327261, 0.041340695955409297, 0.027677925684998338,
                            0.020790672103765093, 0.016644691189821193, 0.013876128823070748,
                            0.01189670994589177,  0.010411265261972096, 0.0092554621827127329,
                            0.0083305634333628708};

double fc(double k) {
  if (k < 10) return kFc[static_cast<int>(k)];
  const double x = 1.0 / (k + 1), x2 = x * x;
  return (1.0 / 12 - (1.0 / 360 - (1.0 / 1260) * x2) * x2) * x;
}

// BTRD's constants for one (n, p), p <= 1/2 (the chains' kernel in sim/sampling/kernels
// computes the same in its vectors, with 1/b and 1/us multiplied in).
struct Btrd {
  double b, a, c, alpha, v_r, u_rv_r, npq;
};

Btrd btrd_setup(double n, double p) {
  Btrd s;
  s.npq = n * p * (1.0 - p);
  const double spq = std::sqrt(s.npq);
  s.b = 1.15 + 2.53 * spq;
  s.a = -0.0873 + 0.0248 * s.b + 0.01 * p;
  s.c = n * p + 0.5;
  s.alpha = (2.83 + 5.1 / s.b) * spq;
  s.v_r = 0.92 - 4.2 / s.b;
  s.u_rv_r = 0.86 * s.v_r;
  return s;
}

}  // namespace

// Inversion for p <= 1/2 and (n + 1) p < 11: P(0) = (1-p)^n, P(k)/P(k-1) =
// (n+1-k)/k * p/(1-p). One attempt with the uniform u: the k it lands on, or -1
// when rounding leaves u over once P is exhausted (then a fresh uniform is drawn).
long long detail::inversion_attempt(long long n, double p, double u) {
  const double nd = static_cast<double>(n);
  const double s = p / (1.0 - p), a = (nd + 1.0) * s;
  double r = std::exp(nd * std::log1p(-p));
  for (long long k = 0;; ++k) {
    if (u < r) return k;
    u -= r;
    if (k == n) return -1;
    r *= a / static_cast<double>(k + 1) - s;
    if (!(r > 0)) return -1;
  }
}

bool detail::btrd_log_accept(long long n, double p, double md, long long k, double lv) {
  // Steps 3.3-3.4 write log f(k)/f(m) through Stirling's formula as differences of
  // terms of size m log m and n log n, which lose everything once m or n is large
  // (at n = 2^62, n - m + 1 is not even a double; at m = 1e15 the error is 0.2).
  // The same formula in terms of d = k - m, with j = n - k:
  //   log f(k)/f(m) = -(m + 1/2) log1p(d/(m+1)) + (j + 1/2) log1p(d/(j+1))
  //     + d log(r (n-m+1)/(k+1)) + fc(m) - fc(k) + fc(n-m) - fc(n-k).
  // Its rounding error, about d times that of log(r (n-m+1)/(k+1)), stays below
  // about 2e-14 for n <= 1e6, 1e-10 at n = 1e12 and 2e-6 at n = 2^62.
  const long long m = static_cast<long long>(md);
  const double r = p / (1.0 - p);
  const double d = static_cast<double>(k - m), kk = static_cast<double>(k);
  const double j = static_cast<double>(n - k), nm = static_cast<double>(n - m);
  const double lf = -(md + 0.5) * std::log1p(d / (md + 1.0)) + (j + 0.5) * std::log1p(d / (j + 1.0)) +
                    d * std::log(r * (nm + 1.0) / (kk + 1.0)) + fc(md) - fc(kk) + fc(nm) - fc(j);
  return lv <= lf;
}

namespace {

long long inversion(Engine& eng, long long n, double p) {
  for (;;) {
    const long long k = detail::inversion_attempt(n, p, uniform53(eng));
    if (k >= 0) return k;
  }
}

// BTRD's steps 3.1-3.4 for a candidate k in 0..n and the scaled v (m = floor((n+1) p)):
// accept k or not.
bool btrd_exact(long long n, double p, double md, double npq, long long k, double v) {
  const double nd = static_cast<double>(n);
  const long long m = static_cast<long long>(md);
  const double r = p / (1.0 - p), nr = (nd + 1.0) * r;
  const long long km = k > m ? k - m : m - k;
  if (km <= 15) {  // step 3.1: f(k) / f(m) by recursion
    double f = 1.0;
    if (m < k) {
      for (long long i = m + 1; i <= k; ++i) f *= nr / static_cast<double>(i) - r;
    } else {
      for (long long i = k + 1; i <= m; ++i) v *= nr / static_cast<double>(i) - r;
    }
    return v <= f;
  }
  // step 3.2: squeeze on log v, then the exact test log v <= log f(k)/f(m)
  const double lv = std::log(v), kmd = static_cast<double>(km);
  const double rho = (kmd / npq) * (((kmd / 3.0 + 0.625) * kmd + 1.0 / 6.0) / npq + 0.5);
  const double t = -kmd * kmd / (2.0 * npq);
  if (lv < t - rho) return true;
  if (lv > t + rho) return false;
  return detail::btrd_log_accept(n, p, md, k, lv);
}

// BTRD from step 1 with the uniform v (Hörmann 1993, steps 1 to 3.4), with a
// fresh first test after every rejection.
long long btrd_rest(Engine& eng, long long n, double p, const Btrd& s, double v) {
  const double nd = static_cast<double>(n);
  const double md = std::floor((nd + 1.0) * p);
  for (;;) {
    if (v <= s.u_rv_r) {  // step 1 (k is in 0..n here; the check only guards the cast)
      const double u = v / s.v_r - 0.43;
      const double k1 = std::floor((2.0 * s.a / (0.5 - std::fabs(u)) + s.b) * u + s.c);
      if (k1 >= 0 && k1 <= nd) return static_cast<long long>(k1);
      v = uniform53(eng);
      continue;
    }
    double u;  // step 2
    if (v >= s.v_r) {
      u = uniform53(eng) - 0.5;
    } else {
      u = v / s.v_r - 0.93;
      u = (u < 0 ? -0.5 : 0.5) - u;
      v = uniform53(eng) * s.v_r;
    }
    const double us = 0.5 - std::fabs(u);  // step 3.0
    const double kd = us > 0 ? std::floor((2.0 * s.a / us + s.b) * u + s.c) : -1.0;
    if (kd >= 0 && kd <= nd) {
      const long long k = static_cast<long long>(kd);
      if (btrd_exact(n, p, md, s.npq, k, v * s.alpha / (s.a / (us * us) + s.b))) return k;
    }
    v = uniform53(eng);
  }
}

// What a variate needs: nothing (it is known), inversion, or BTRD.
enum class Kind : unsigned char { known, inversion, btrd };

// p = min(q, 1-q) and the method; `known` sets `out`.
inline Kind classify(long long n, double q, double& p, bool& flip, long long& out) {
  if (std::isnan(q)) throw std::logic_error("binomial: q is NaN");  // BTRD would loop forever
  if (n == 0 || q <= 0) {
    out = 0;
    return Kind::known;
  }
  if (q >= 1) {
    out = n;
    return Kind::known;
  }
  flip = q > 0.5;
  p = flip ? 1.0 - q : q;
  return std::floor((static_cast<double>(n) + 1.0) * p) < 11 ? Kind::inversion : Kind::btrd;
}

}  // namespace

long long binomial(Engine& eng, long long n, double q) {
  double p = 0;
  bool flip = false;
  long long out = 0;
  const Kind kind = classify(n, q, p, flip, out);
  if (kind == Kind::known) return out;
  long long x;
  if (kind == Kind::inversion) {
    x = inversion(eng, n, p);
  } else {
    const double v = uniform53(eng);
    x = btrd_rest(eng, n, p, btrd_setup(static_cast<double>(n), p), v);
  }
  return flip ? n - x : x;
}

}  // namespace pacsim
