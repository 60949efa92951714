// Exact expectations; see expect.hpp.
#include "expect.hpp"

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <vector>

#include "euler_maclaurin.hpp"
#include <algorithm>
#include <cmath>

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

struct MissingPoisson final : RankFunction {  // p e^{-Dp}
  double D;
  explicit MissingPoisson(double d) : D(d) {}
  double at(double p, double lp) const override { return std::exp(lp - D * p); }
  Jet at(const Jet& lp) const override { return exp(lp - D * exp(lp)); }
  int leading_power() const override { return 1; }
};

// Exact Var|S| under the multinomial: sum_r A_r (1 - A_r) + 2 sum_{r<s} A_r A_s
// expm1(D log(1 - p_r p_s / ((1-p_r)(1-p_s)))), with A_r = (1-p_r)^D; the pair
// term is (1-p_r-p_s)^D - A_r A_s written without cancellation.
double exact_multinomial_variance(const World& w, double D) {
  const Rank M = w.M();
  std::vector<double> p(M), A(M);
  for (Rank r = 0; r < M; ++r) {
    p[r] = w.pmf(static_cast<double>(r + 1));
    A[r] = std::exp(D * std::log1p(-p[r]));
  }
  double diag = 0, pairs = 0;
  for (Rank r = M; r-- > 0;) {
    diag += A[r] * (1 - A[r]);
    double row = 0;
    for (Rank s = M; s-- > r + 1;) {
      // q = 1 exactly when p_r + p_s = 1 (M = 2); rounding must not push it past 1.
      const double q = std::min(1.0, p[r] * p[s] / ((1 - p[r]) * (1 - p[s])));
      row += A[s] * std::expm1(D * std::log1p(-q));
    }
    pairs += A[r] * row;
  }
  return diag + 2 * pairs;
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
    return e;
  }
  e.E_unique = rank_sum(w, UniqueMultinomial(D));
  for (int m = 1; m <= kMaxSpectrumM; ++m)
    e.E_V[m] = (D < m) ? 0.0 : rank_sum(w, SpectrumMultinomial(D, m));
  e.E_missing_mass = rank_sum(w, MissingMultinomial(D));
  if (!w.infinite() && w.M() <= kExactVarianceMaxM) {
    e.Var_unique = exact_multinomial_variance(w, D);
    e.var_method = "exact";
  } else {
    const double phi1 = rank_sum(w, MissingPoisson(D));  // sum p e^{-Dp}
    e.Var_unique = rank_sum(w, VarPoisson(D)) - D * phi1 * phi1;
    e.var_method = "depoissonised";
  }
  return e;
}

}  // namespace pacsim
