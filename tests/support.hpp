// Shared helpers of the unit tests.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "sim/learning/hypothesis.hpp"
#include "sim/results/table.hpp"

namespace pacsim::test {

/// Neumaier-compensated long double accumulator, for reference sums that must be
/// more precise than the code under test.
struct Acc {
  long double sum = 0, comp = 0;
  void add(long double x) {
    const long double t = sum + x;
    if (std::fabs(sum) >= std::fabs(x)) comp += (sum - t) + x;
    else comp += (x - t) + sum;
    sum = t;
  }
  long double value() const { return sum + comp; }
};

/// The same bits (so -0 differs from 0, and a NaN equals the same NaN).
inline bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

/// The same column type and the same bytes.
inline bool same_bits(const Column& a, const Column& b) {
  if (a.index() != b.index()) return false;
  return std::visit(
      [&](const auto& va) {
        using V = std::decay_t<decltype(va)>;
        const V& vb = std::get<V>(b);
        if (va.size() != vb.size()) return false;
        if constexpr (std::is_same_v<V, std::vector<std::string>>) return va == vb;
        else return va.empty() || std::memcmp(va.data(), vb.data(), va.size() * sizeof(va[0])) == 0;
      },
      a);
}

/// A hypothesis spec from its parts.
inline HypothesisSpec make_spec(HypothesisClass cls, std::uint64_t N, Estimator est, std::uint64_t k,
                                Rounding r = Rounding::nearest, bool min1 = false, double beta = 0.5) {
  HypothesisSpec s;
  s.cls = cls;
  s.N = N;
  s.estimator = est;
  s.beta = beta;
  s.Q.k = k;
  s.Q.rounding = r;
  s.Q.min_one_over_k = min1;
  return s;
}

}  // namespace pacsim::test
