// Exact expectations of a corpus's statistics, no sampling:
//   E|S|      = sum_r 1 - (1-p_r)^D            (Poisson: 1 - e^{-D p_r})
//   E V_m     = sum_r C(D,m) p_r^m (1-p_r)^{D-m} (Poisson: e^{-D p} (D p)^m / m!)
//   E missing = sum_r p_r (1-p_r)^D            (Poisson: p_r e^{-D p_r})
//   Var|S|    Poisson: sum_r e^{-D p}(1 - e^{-D p}), exact.
//   d log E|S| / d log D, E|S| extended to real D (the local growth exponent):
//             D sum_r -(1-p_r)^D log(1-p_r) / E|S|  (Poisson: D sum_r p_r e^{-D p_r} / E|S|)
//             Multinomial: sum_r A_r(1-A_r) + the pair sum, exact for
//             M <= kExactVarianceMaxM; beyond, pairs among the first 2048 ranks
//             exact and pairs with a later rank to first order in D p_r p_s
//             ("pairs-first-order"; exact at D = 1, error O((D p_r p_s)^2) A_r A_s).
// Sums are term by term for M <= kDirectSumMaxM; beyond, term by term up to rank
// 4095, then Euler–Maclaurin with Gauss–Kronrod integrals in log-rank. Each value
// is clamped to its mathematical range (E|S| <= min(D, M), masses in [0, 1], ...;
// expect.cpp lists them), which rounding could otherwise cross.
#pragma once
#include <array>
#include <cstdint>
#include <string>

#include "theory/jet.hpp"
#include "theory/sampling_mode.hpp"
#include "theory/world.hpp"

namespace pacsim {

inline constexpr Rank kDirectSumMaxM = Rank{1} << 16;
inline constexpr Rank kExactVarianceMaxM = 2048;
/// V_m is reported for m = 1..kMaxSpectrumM.
inline constexpr int kMaxSpectrumM = 3;

/// A smooth function f(p) of a rank's probability, summed over ranks by rank_sum.
class RankFunction {
 public:
  virtual ~RankFunction() = default;
  /// f at probability p (log_p = log p, both given for precision).
  virtual double at(double p, double log_p) const = 0;
  /// f as a Taylor series, given the series of log p.
  virtual Jet at(const Jet& log_p) const = 0;
  /// f(p) ~ C p^m as p -> 0: this m (>= 1), for the far tail of infinite worlds.
  virtual int leading_power() const = 0;
};

/// sum_{r=1}^{M} f(p_r).
double rank_sum(const World& world, const RankFunction& f);

struct Expectation {
  std::uint64_t D = 0;
  SamplingMode mode = SamplingMode::multinomial;
  double E_unique = 0;
  double Var_unique = 0;
  std::string var_method;  ///< "exact" or "pairs-first-order"
  std::array<double, kMaxSpectrumM + 1> E_V{};  ///< E_V[m], m = 1..3 (E_V[0] unused)
  double E_missing_mass = 0;
};

/// Exact expectations for a corpus of D draws (draws mode = multinomial).
Expectation expect(const World& world, std::uint64_t D, SamplingMode mode);

/// E|S| at corpus size D and its local growth exponent d log E|S| / d log D
/// there, the gamma of |S| ~ D^gamma near D (Proposition 1), with E|S| extended
/// to real D through the formulas above:
///   multinomial (and draws, the same law): D sum_r -(1-p_r)^D log(1-p_r) / E|S|;
///   Poisson: D sum_r p_r e^{-D p_r} / E|S| = E V_1 / E|S|.
/// E|S| is concave in D and 0 at D = 0, so the slope lies in [0, 1]; it is
/// clamped there. E_unique is expect()'s, bit for bit. Requires: D >= 1.
struct UniqueGrowth {
  double E_unique = 0;
  double slope = 0;
};
UniqueGrowth unique_growth(const World& world, std::uint64_t D, SamplingMode mode);

/// sum_r q_r (1 - q_r) with q_r = P(count_r >= m), m in {1, 2}, for a corpus of D
/// draws: the variance the number of types seen at least m times would have were
/// the types independent. The counts are independent (Poisson) or negatively
/// associated (multinomial), so the indicators [count_r >= m] are too: this bounds
/// that number's variance, and Bernstein's inequality holds with it.
double independent_variance(const World& world, std::uint64_t D, SamplingMode mode, int m);

}  // namespace pacsim
