// Exact expectations; see expect.hpp.
#include "theory/expect.hpp"

#include <algorithm>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "theory/euler_maclaurin.hpp"

namespace pacsim {

namespace {

constexpr Rank kEmFrom = 4096;  // ranks below are summed term by term

double log_falling(double D, int m) {  // log(D (D-1) ... (D-m+1))
  double s = 0;
  for (int i = 0; i < m; ++i) s += std::log(D - i);
  return s;
}

// D log(1-p) as a jet, from the jet of log p.
Jet d_log1m(double D, const Jet& log_p) { return D * log1p(-1.0 * exp(log_p)); }

struct UniqueMultinomial final : RankFunction {
  double D;
  explicit UniqueMultinomial(double d) : D(d) {}
  double at(double p, double) const override { return -std::expm1(D * std::log1p(-p)); }
  Jet at(const Jet& lp) const override { return -1.0 * expm1(d_log1m(D, lp)); }
  int leading_power() const override { return 1; }
};

// D d/dD of 1 - (1-p)^D: -D (1-p)^D log(1-p), 0 at p = 1 (its limit; the
// factors are 0 and -inf there).
struct UniqueGrowthMultinomial final : RankFunction {
  double D;
  explicit UniqueGrowthMultinomial(double d) : D(d) {}
  double at(double p, double) const override {
    if (p >= 1) return 0.0;
    const double l = std::log1p(-p);
    return -D * std::exp(D * l) * l;
  }
  Jet at(const Jet& lp) const override {
    const Jet l = log1p(-1.0 * exp(lp));
    return (-D) * (exp(D * l) * l);
  }
  int leading_power() const override { return 1; }
};

struct UniquePoisson final : RankFunction {
  double D;
  explicit UniquePoisson(double d) : D(d) {}
  double at(double p, double) const override { return -std::expm1(-D * p); }
  Jet at(const Jet& lp) const override { return -1.0 * expm1(-D * exp(lp)); }
  int leading_power() const override { return 1; }
};

struct VarPoisson final : RankFunction {  // e^{-l} (1 - e^{-l})
  double D;
  explicit VarPoisson(double d) : D(d) {}
  double at(double p, double) const override { return std::exp(-D * p) * -std::expm1(-D * p); }
  Jet at(const Jet& lp) const override {
    const Jet lam = D * exp(lp);
    return exp(-1.0 * lam) * (-1.0 * expm1(-1.0 * lam));
  }
  int leading_power() const override { return 1; }
};

struct SpectrumMultinomial final : RankFunction {  // C(D,m) p^m (1-p)^(D-m)
  double D;
  int m;
  double log_c;
  SpectrumMultinomial(double d, int mm) : D(d), m(mm), log_c(log_falling(d, mm) - std::lgamma(mm + 1.0)) {}
  double at(double p, double lp) const override {
    const double rest = (D == m) ? 0.0 : (D - m) * std::log1p(-p);
    return std::exp(log_c + m * lp + rest);
  }
  Jet at(const Jet& lp) const override {
    Jet e = log_c + m * lp;
    if (D != m) e = e + d_log1m(D - m, lp);
    return exp(e);
  }
  int leading_power() const override { return m; }
};

struct SpectrumPoisson final : RankFunction {  // e^{-Dp} (Dp)^m / m!
  double D;
  int m;
  double log_c;
  SpectrumPoisson(double d, int mm) : D(d), m(mm), log_c(mm * std::log(d) - std::lgamma(mm + 1.0)) {}
  double at(double p, double lp) const override { return std::exp(log_c + m * lp - D * p); }
  Jet at(const Jet& lp) const override { return exp((log_c + m * lp) - D * exp(lp)); }
  int leading_power() const override { return m; }
};

struct MissingMultinomial final : RankFunction {  // p (1-p)^D
  double D;
  explicit MissingMultinomial(double d) : D(d) {}
  double at(double p, double lp) const override { return std::exp(lp + D * std::log1p(-p)); }
  Jet at(const Jet& lp) const override { return exp(lp + d_log1m(D, lp)); }
  int leading_power() const override { return 1; }
};

struct VarDiagMultinomial final : RankFunction {  // A (1 - A), A = (1-p)^D
  double D;
  explicit VarDiagMultinomial(double d) : D(d) {}
  double at(double p, double) const override {
    const double w = D * std::log1p(-p);
    return std::exp(w) * -std::expm1(w);
  }
  Jet at(const Jet& lp) const override {
    const Jet w = d_log1m(D, lp);
    return exp(w) * (-1.0 * expm1(w));
  }
  int leading_power() const override { return 1; }
};

struct PairWeightSquared final : RankFunction {  // a^2, a = A p / (1-p) = p (1-p)^(D-1)
  double D;
  explicit PairWeightSquared(double d) : D(d) {}
  double at(double p, double lp) const override {
    return D == 1 ? p * p : std::exp(2 * lp + (2 * D - 2) * std::log1p(-p));
  }
  Jet at(const Jet& lp) const override {
    Jet e = 2.0 * lp;
    if (D != 1) e = e + d_log1m(2 * D - 2, lp);
    return exp(e);
  }
  int leading_power() const override { return 2; }
};

struct MissingPoisson final : RankFunction {  // p e^{-Dp}
  double D;
  explicit MissingPoisson(double d) : D(d) {}
  double at(double p, double lp) const override { return std::exp(lp - D * p); }
  Jet at(const Jet& lp) const override { return exp(lp - D * exp(lp)); }
  int leading_power() const override { return 1; }
};

// (e^w - 1 - w) / w^2, by its series sum_j w^j / (j+2)! for |w| < 1/2 (the
// direct form cancels there; 20 terms reach 1e-17).
double expm1_minus_x_over_x2(double w) {
  if (std::fabs(w) >= 0.5) return (std::expm1(w) - w) / (w * w);
  double sum = 0, term = 0.5;
  for (int j = 0; j < 20; ++j, term *= w / (j + 2)) sum += term;
  return sum;
}

// -log1p(-p) - p / (1-p) = -sum_{k>=2} (k-1)/k p^k, by that series for p < 1/8
// (the direct form cancels there; 24 terms reach 1e-17).
double log_gap(double p) {
  if (p >= 0.125) return -std::log1p(-p) - p / (1 - p);
  double sum = 0, pk = p;
  for (int k = 2; k < 26; ++k) {
    pk *= p;
    sum -= (k - 1.0) / k * pk;
  }
  return sum;
}

// q2 = P(count >= 2) without the cancellation of 1 - P(0) - P(1) at small D p.
// Multinomial, with w = D log1p(-p) and x = D p / (1-p) (so P(1) = e^w x):
//   q2 = -expm1(w) - e^w x = D log_gap(p) - w^2 (e^w - 1 - w)/w^2 - x expm1(w);
// Poisson, with l = D p: q2 = l^2 e^-l (e^l - 1 - l)/l^2 for l < 1, else
// -expm1(-l) - l e^-l (no cancellation there). One multinomial draw: q2 = 0.
double at_least_twice(double D, double p, bool poisson) {
  if (!poisson && D < 2) return 0.0;  // one draw
  if (poisson) {
    const double l = D * p;
    if (l >= 1) return -std::expm1(-l) - l * std::exp(-l);
    return l * l * std::exp(-l) * expm1_minus_x_over_x2(l);
  }
  const double w = D * std::log1p(-p), x = D * p / (1 - p);
  return D * log_gap(p) - w * w * expm1_minus_x_over_x2(w) - x * std::expm1(w);
}

// q (1 - q) with q = P(count >= m), m in {1, 2}. The jet (for Euler–Maclaurin's
// endpoint corrections) uses 1 - P(0) - P(1) directly: those corrections are
// small, and their rounding with them.
struct AtLeastVariance final : RankFunction {
  double D;
  int m;
  bool poisson;
  AtLeastVariance(double d, int mm, bool pois) : D(d), m(mm), poisson(pois) {}
  double at(double p, double) const override {
    const double w = poisson ? -D * p : D * std::log1p(-p);  // log P(count = 0)
    if (m == 1) return -std::expm1(w) * std::exp(w);
    const double one_over_none = poisson ? D * p : D * p / (1 - p);  // P(count = 1) / P(count = 0)
    const double q = std::clamp(at_least_twice(D, p, poisson), 0.0, 1.0);
    return q * std::min(1.0, std::exp(w) * (1 + one_over_none));
  }
  Jet at(const Jet& lp) const override {
    if (m == 2 && !poisson && D < 2) return Jet{};  // one draw
    const Jet w = poisson ? (-D) * exp(lp) : d_log1m(D, lp);  // log P(count = 0)
    Jet q = -1.0 * expm1(w), rest = exp(w);
    if (m == 2) {
      const Jet one = exp(std::log(D) + (poisson ? w + lp : lp + d_log1m(D - 1, lp)));  // P(count = 1)
      q = q - one;
      rest = rest + one;
    }
    return q * rest;
  }
  int leading_power() const override { return m; }
};

// Var|S| under the multinomial: sum_r A_r (1 - A_r) + 2 sum_{r<s} A_r A_s
// expm1(D log(1 - q_rs)), A_r = (1-p_r)^D, q_rs = p_r p_s / ((1-p_r)(1-p_s)); the
// pair term is (1-p_r-p_s)^D - A_r A_s written without cancellation. Pairs among
// the first K = min(M, kExactVarianceMaxM) ranks are summed exactly; a pair with
// a rank beyond K is taken to first order in D q_rs, -D a_r a_s with
// a_r = A_r p_r / (1-p_r) = p_r (1-p_r)^(D-1), so those pairs reduce to single sums
// over ranks. The neglected terms are A_r A_s O((D p_r p_s)^2): small because
// either D p is small or A is exponentially small. Exact for M <= K and for D = 1.
double multinomial_variance(const World& w, double D) {
  const Rank K = std::min<Rank>(w.M(), kExactVarianceMaxM);
  std::vector<double> p(K), A(K), u(K);
  double head_a = 0, head_a2 = 0;
  for (Rank r = 0; r < K; ++r) {
    p[r] = w.pmf(static_cast<double>(r + 1));
    A[r] = std::exp(D * std::log1p(-p[r]));
    u[r] = p[r] / (1 - p[r]);  // q_rs = u_r u_s
  }
  double pairs = 0;
  for (Rank r = K; r-- > 0;) {
    const double a = D == 1 ? p[r] : std::exp(std::log(p[r]) + (D - 1) * std::log1p(-p[r]));
    head_a += a;
    head_a2 += a * a;
    if (A[r] == 0) continue;  // every pair term of r is 0
    double row = 0;
    for (Rank s = K; s-- > r + 1;) {
      if (A[s] == 0) continue;
      // q = 1 exactly when p_r + p_s = 1 (M = 2); rounding must not push it past 1.
      const double q = std::min(1.0, u[r] * u[s]);
      const double x = D * q;
      // expm1(D log(1-q)) = -D q (1 + O(D q, q)): below 1e-12 the first order is exact
      // to double precision, and skips two transcendental calls.
      row += A[s] * (x < 1e-12 ? -x : std::expm1(D * std::log1p(-q)));
    }
    pairs += A[r] * row;
  }
  const double diag = rank_sum(w, VarDiagMultinomial(D));
  double var = diag + 2 * pairs;
  if (K < w.M()) {
    const double all_a = D < 1 ? 0.0 : rank_sum(w, SpectrumMultinomial(D, 1)) / D;
    const double tail_a = std::max(0.0, all_a - head_a);
    const double tail_a2 = std::max(0.0, rank_sum(w, PairWeightSquared(D)) - head_a2);
    var -= D * (2 * head_a * tail_a + tail_a * tail_a - tail_a2);
  }
  return std::max(0.0, var);
}

// The largest double <= x (a bound such as M = 2^62 - 1 rounds up to 2^62 as a
// double; a clamp must not move a value past the true bound).
double at_most(long double x) {
  double d = static_cast<double>(x);
  if (static_cast<long double>(d) > x) d = std::nextafter(d, -INFINITY);
  return d;
}

// Every expectation has hard bounds that rounding can cross: a sum over up to
// 2^62 ranks, or its Euler–Maclaurin tail, ends a few ulps past a bound when the
// true value lies at it (E|S| = D when every draw is a new type, E|S| = M when
// every type is seen), and a value past its bound is wrong however small the
// excess. So each value is clamped to the range D and M give it:
//   |S| in [lo, hi]: [1, min(D, M)] (multinomial, D >= 1) or [0, M] (Poisson), and
//     E|S| <= min(D, M) in both (Poisson: sum 1 - e^{-D p} <= sum D p = D);
//   Var|S| in [0, (hi - lo)^2 / 4] (Popoviciu);
//   V_m in [0, min(M, N / m)] with N the corpus size (D, or Poisson(D) with mean D);
//   the missing mass in [0, 1].
// Bounds through another computed value (Var|S| <= E|S|, V_m <= |S|) are not
// imposed: that value carries its own rounding (E|S| = 50 exactly in double at
// M = 50, D = 1e4, where Var|S| = 9e-87 is right).
long double universe(const World& w) { return w.infinite() ? INFINITY : static_cast<long double>(w.M()); }

// E|S| in [1, min(D, M)] (multinomial, D >= 1) or [0, min(D, M)] (Poisson).
double clamp_unique(const World& w, std::uint64_t D_count, SamplingMode mode, double E_unique) {
  const long double D = static_cast<long double>(D_count);
  const double lo = mode == SamplingMode::poisson ? 0 : 1;
  return std::clamp(E_unique, lo, at_most(std::min(D, universe(w))));
}

void clamp_to_bounds(const World& w, Expectation& e) {
  const bool poisson = e.mode == SamplingMode::poisson;
  const long double D = static_cast<long double>(e.D);
  const long double M = universe(w);
  const long double lo = poisson ? 0 : 1, hi = poisson ? M : std::min(D, M);
  e.E_unique = clamp_unique(w, e.D, e.mode, e.E_unique);
  e.Var_unique = std::clamp(e.Var_unique, 0.0, at_most((hi - lo) * (hi - lo) / 4));
  for (int m = 1; m <= kMaxSpectrumM; ++m) {
    // Poisson: the real D / m (long double holds it within 2^-64, nearer than any
    // double it is not equal to); multinomial: the integer floor(D / m).
    const long double per_m = poisson ? D / m : static_cast<long double>(e.D / m);
    e.E_V[m] = std::clamp(e.E_V[m], 0.0, at_most(std::min(M, per_m)));
  }
  e.E_missing_mass = std::clamp(e.E_missing_mass, 0.0, 1.0);
}

}  // namespace

double rank_sum(const World& w, const RankFunction& f) {
  const Rank M = w.M();
  const Rank direct_to = (!w.infinite() && M <= kDirectSumMaxM) ? M : kEmFrom - 1;
  double sum = 0;
  for (Rank r = direct_to; r >= 1; --r) {
    const double x = static_cast<double>(r);
    sum += f.at(w.pmf(x), w.log_pmf(x));
  }
  if (direct_to == M) return sum;

  // Euler–Maclaurin from n0 = kEmFrom to M (or infinity).
  const double a = w.a(), b = w.b(), log_Z = w.log_normaliser();
  const double n0 = static_cast<double>(kEmFrom);
  const auto log_p_jet = [&](double x0) { return (-log_Z) + (-a) * log_shifted(x0, b); };
  const Jet jn = f.at(log_p_jet(n0));
  Jet jm;
  if (!w.infinite()) jm = f.at(log_p_jet(static_cast<double>(M)));
  const double corrections = euler_maclaurin_corrections(jn, w.infinite() ? nullptr : &jm);

  // int f(p(x)) dx over x in [n0, M] as an integral over v = log(x + b).
  const auto integrand = [&](double v) {
    const double lp = -a * v - log_Z;
    return f.at(std::exp(lp), lp) * std::exp(v);
  };
  const double v0 = std::log(n0 + b);
  double v1, far = 0;
  if (w.infinite()) {
    // Integrate until 1e19 p_x < e^-40 (so D p_x is tiny for any D <= 2^62), where
    // f ~ C p^m to relative 1e-17; the rest is the power-law remainder
    // int_X^inf f = f(X) (X+b) / (a m - 1).
    v1 = std::max(v0, (40.0 + std::log(1e19) - log_Z) / a);
    const double lp1 = -a * v1 - log_Z;
    far = f.at(std::exp(lp1), lp1) * std::exp(v1) / (a * f.leading_power() - 1);
  } else {
    v1 = std::log(static_cast<double>(M) + b);
  }
  double err = 0;
  const double integral = boost::math::quadrature::gauss_kronrod<double, 31>::integrate(
      integrand, v0, v1, 20, 1e-14, &err);
  return sum + integral + far + corrections;
}

Expectation expect(const World& w, std::uint64_t D_count, SamplingMode mode) {
  Expectation e;
  e.D = D_count;
  e.mode = mode;
  const double D = static_cast<double>(D_count);
  if (mode == SamplingMode::poisson) {
    e.E_unique = rank_sum(w, UniquePoisson(D));
    e.Var_unique = rank_sum(w, VarPoisson(D));
    e.var_method = "exact";
    for (int m = 1; m <= kMaxSpectrumM; ++m) e.E_V[m] = rank_sum(w, SpectrumPoisson(D, m));
    e.E_missing_mass = rank_sum(w, MissingPoisson(D));
    clamp_to_bounds(w, e);
    return e;
  }
  e.E_unique = rank_sum(w, UniqueMultinomial(D));
  for (int m = 1; m <= kMaxSpectrumM; ++m)
    e.E_V[m] = (D < m) ? 0.0 : rank_sum(w, SpectrumMultinomial(D, m));
  e.E_missing_mass = rank_sum(w, MissingMultinomial(D));
  e.Var_unique = multinomial_variance(w, D);
  e.var_method = (!w.infinite() && w.M() <= kExactVarianceMaxM) ? "exact" : "pairs-first-order";
  clamp_to_bounds(w, e);
  return e;
}

UniqueGrowth unique_growth(const World& w, std::uint64_t D_count, SamplingMode mode) {
  if (D_count < 1) throw std::invalid_argument("unique_growth: D must be at least 1");
  const double D = static_cast<double>(D_count);
  UniqueGrowth g;
  double rate;  // D dE|S|/dD
  if (mode == SamplingMode::poisson) {
    g.E_unique = rank_sum(w, UniquePoisson(D));
    rate = rank_sum(w, SpectrumPoisson(D, 1));  // D p e^{-D p} = E V_1's terms
  } else {
    g.E_unique = rank_sum(w, UniqueMultinomial(D));
    rate = rank_sum(w, UniqueGrowthMultinomial(D));
  }
  g.E_unique = clamp_unique(w, D_count, mode, g.E_unique);
  // E|S| = 0 only by underflow, where every D p_r is tiny and E|S| ~ D sum p_r: slope 1.
  g.slope = g.E_unique > 0 ? std::clamp(rate / g.E_unique, 0.0, 1.0) : 1.0;
  return g;
}

double independent_variance(const World& w, std::uint64_t D, SamplingMode mode, int m) {
  if (m != 1 && m != 2) throw std::invalid_argument("independent_variance: m must be 1 or 2");
  // A sum of non-negative terms; Euler–Maclaurin's corrections must not round it below 0.
  return std::max(0.0, rank_sum(w, AtLeastVariance(static_cast<double>(D), m, mode == SamplingMode::poisson)));
}

}  // namespace pacsim
