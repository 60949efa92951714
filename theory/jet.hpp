// Truncated Taylor series ("jets") of order kJetOrder in one variable eps,
// f(x0 + eps) = sum_k c[k] eps^k. They give the endpoint derivatives that the
// Euler–Maclaurin formula needs (euler_maclaurin.hpp) for any smooth function
// of a rank, without hand-derived derivative formulas. Pure arithmetic.
#pragma once
#include <array>
#include <cmath>

namespace pacsim {

inline constexpr int kJetOrder = 13;

struct Jet {
  std::array<double, kJetOrder + 1> c{};  // c[k] = f^(k)(x0) / k!

  static Jet constant(double v) {
    Jet j;
    j.c[0] = v;
    return j;
  }
  double value() const { return c[0]; }
};

inline Jet operator+(Jet a, const Jet& b) {
  for (int k = 0; k <= kJetOrder; ++k) a.c[k] += b.c[k];
  return a;
}
inline Jet operator-(Jet a, const Jet& b) {
  for (int k = 0; k <= kJetOrder; ++k) a.c[k] -= b.c[k];
  return a;
}
inline Jet operator*(double s, Jet a) {
  for (double& v : a.c) v *= s;
  return a;
}
inline Jet operator+(double s, Jet a) {
  a.c[0] += s;
  return a;
}
inline Jet operator*(const Jet& a, const Jet& b) {
  Jet r;
  for (int k = 0; k <= kJetOrder; ++k) {
    double s = 0;
    for (int j = 0; j <= k; ++j) s += a.c[j] * b.c[k - j];
    r.c[k] = s;
  }
  return r;
}

/// exp(w), from e' = w' e.
inline Jet exp(const Jet& w) {
  Jet e;
  e.c[0] = std::exp(w.c[0]);
  for (int k = 1; k <= kJetOrder; ++k) {
    double s = 0;
    for (int j = 1; j <= k; ++j) s += j * w.c[j] * e.c[k - j];
    e.c[k] = s / k;
  }
  return e;
}

/// expm1(w): the series of exp(w) with its constant term computed as expm1.
inline Jet expm1(const Jet& w) {
  Jet e = exp(w);
  e.c[0] = std::expm1(w.c[0]);
  return e;
}

/// log1p(t) for t0 > -1, from w' = t' / (1 + t).
inline Jet log1p(const Jet& t) {
  Jet w;
  w.c[0] = std::log1p(t.c[0]);
  const double s0 = 1.0 + t.c[0];
  for (int k = 1; k <= kJetOrder; ++k) {
    double s = 0;
    for (int j = 1; j < k; ++j) s += j * w.c[j] * t.c[k - j];
    w.c[k] = (t.c[k] - s / k) / s0;
  }
  return w;
}

/// The jet of log(x + b) at x = x0 (x0 + b > 0):
/// log(x0 + b) + sum_k (-1)^(k+1) eps^k / (k (x0 + b)^k).
inline Jet log_shifted(double x0, double b) {
  Jet j;
  const double u = x0 + b;
  j.c[0] = std::log(u);
  double inv_pow = 1.0;
  for (int k = 1; k <= kJetOrder; ++k) {
    inv_pow /= u;
    j.c[k] = ((k % 2) ? 1.0 : -1.0) * inv_pow / k;
  }
  return j;
}

}  // namespace pacsim
