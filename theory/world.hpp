// A world: the Zipf–Mandelbrot distribution p_r = (r+b)^(-a) / Z over
// ranks r = 1..M, M finite (<= 2^62) or infinite (then a > 1 and Z is a Hurwitz
// zeta value). a = 0 with finite M is the uniform world. Immutable once built.
//
// Sums over ranks (Z, partial and tail masses, sum p log p) are exact for short
// ranges and use the Euler–Maclaurin formula with closed-form integrals beyond,
// so no query costs more than O(1) whatever M and a are (steep sums, large a,
// end after their first terms: power_sum).
#pragma once
#include <cstdint>
#include <limits>
#include <string>

namespace pacsim {

using Rank = std::uint64_t;

/// M of an infinite world.
inline constexpr Rank kInfiniteM = std::numeric_limits<Rank>::max();
/// The largest finite universe, and the largest corpus, pacsim handles: 2^62.
inline constexpr std::uint64_t kMaxCount = std::uint64_t{1} << 62;

class World {
 public:
  /// Requires: a >= 0, b > -1, 1 <= M <= kMaxCount or M == kInfiniteM with a > 1,
  /// and weights (r+b)^(-a) that double precision can hold; throws
  /// std::invalid_argument naming the parameter otherwise.
  World(double a, double b, Rank M);

  double a() const { return a_; }
  double b() const { return b_; }
  Rank M() const { return M_; }
  bool infinite() const { return M_ == kInfiniteM; }
  /// Canonical description, e.g. "zm:a=1.2,b=0,M=1000000": each number in the
  /// shortest text that reads back as it, so equal worlds have equal names
  /// (sim/input reads it back).
  std::string name() const;

  /// Unnormalised weight (x + b)^(-a) at a real rank x.
  double weight(double x) const;
  /// p_r; 0 outside 1..M.
  double pmf(double r) const;
  /// log p_r for r in 1..M.
  double log_pmf(double r) const;

  double normaliser() const { return Z_; }  ///< Z = sum_{r=1}^{M} (r+b)^(-a)
  double log_normaliser() const { return log_Z_; }
  /// P(r) = sum_{j<=r} p_j, in [0, 1].
  double partial_mass(Rank r) const;
  /// sum_{j>r} p_j, computed directly (no 1 - P(r) cancellation), in [0, 1].
  double tail_mass(Rank r) const;
  /// sum_r p_r log p_r (natural log; minus the entropy), in [-log M, 0].
  double sum_p_log_p() const { return sum_p_log_p_; }

  /// sum_{r=lo}^{hi} (r+b)^(-s) * log(r+b)^e for e in {0, 1}; hi may be kInfiniteM
  /// (then s > 1). Unnormalised. The building block of every sum above.
  /// Steep sums (s > 32/3) stop once the rest is below 1e-17 of the sum, so the
  /// cost is O(1) for any s.
  double power_sum(Rank lo, Rank hi, double s, int e = 0) const;
  /// The number of terms power_sum(lo, hi, s, e) adds one by one (its cost).
  std::uint64_t power_sum_terms(Rank lo, Rank hi, double s, int e = 0) const;

 private:
  struct PowerSum {
    double value;
    std::uint64_t terms;
  };
  PowerSum sum_powers(Rank lo, Rank hi, double s, int e) const;

  double a_, b_;
  Rank M_;
  double Z_, log_Z_, sum_p_log_p_;
};

/// Stable helpers used by the closed forms: expm1(x)/x and log1p(x)/x (both 1 at 0),
/// and (e^x (x-1) + 1)/x^2 (1/2 at 0).
double expm1_over_x(double x);
double log1p_over_x(double x);
double exp_x_minus_one_over_x2(double x);

}  // namespace pacsim
