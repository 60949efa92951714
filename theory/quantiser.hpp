// Finite precision (the paper's Assumption): the grid
// K = {0, 1/k, ..., 1} and the quantiser Q_k, rounding to the nearest grid point,
// down or up, optionally with the paper's rule "q_s rounded up to avoid overflow"
// (min_one_over_k: every value below 1/k becomes 1/k). Values are handled as grid
// indices j (value j/k) so that comparisons Q_k(p) != q are exact.
#pragma once
#include <cmath>
#include <cstdint>
#include <string>

namespace pacsim {

enum class Rounding { nearest, floor, ceil };

/// "nearest", "floor" or "ceil".
std::string to_string(Rounding r);

struct Quantiser {
  std::uint64_t k = 1;            ///< precision, k >= 1
  Rounding rounding = Rounding::nearest;
  bool min_one_over_k = false;

  /// Grid index of x in [0, 1] (clamped to 0..k). Nearest rounds halves up.
  std::int64_t index(double x) const {
    const double y = x * static_cast<double>(k);
    double j;
    if (rounding == Rounding::nearest) {
      // Not floor(y + 0.5): that rounds the largest double below 1/2 up.
      const double f = std::floor(y);
      j = (y - f >= 0.5) ? f + 1 : f;
    } else {
      j = rounding == Rounding::floor ? std::floor(y) : std::ceil(y);
    }
    if (j < 0) j = 0;
    if (j > static_cast<double>(k)) j = static_cast<double>(k);
    return apply_min(static_cast<std::int64_t>(j));
  }

  /// Grid index of num/den (0 <= num <= den, den >= 1), exactly, in integers.
  std::int64_t index_ratio(std::uint64_t num, std::uint64_t den) const {
    __extension__ using u128 = unsigned __int128;
    const u128 nk = static_cast<u128>(num) * k;
    u128 j;
    if (rounding == Rounding::nearest) j = (2 * nk + den) / (2 * static_cast<u128>(den));
    else if (rounding == Rounding::floor) j = nk / den;
    else j = (nk + den - 1) / den;
    if (j > k) j = k;
    return apply_min(static_cast<std::int64_t>(j));
  }

  double value(std::int64_t j) const { return static_cast<double>(j) / static_cast<double>(k); }

 private:
  std::int64_t apply_min(std::int64_t j) const { return (min_one_over_k && j < 1) ? 1 : j; }
};

}  // namespace pacsim
