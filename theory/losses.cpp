// The losses' names and the divergence term; see losses.hpp.
#include "theory/losses.hpp"

#include <array>

#include <cmath>
#include <cstring>
#include <limits>

namespace pacsim {

const std::vector<LossField>& loss_fields() {
  static const std::vector<LossField> fields = {
      {"kl", "nats", &Losses::kl},
      {"lk", "probability", &Losses::lk},
      {"tv", "probability", &Losses::tv},
      {"mismatch", "types", &Losses::mismatch},
      {"q_mass", "probability", &Losses::q_mass},
      {"t_mass", "probability", &Losses::t_mass},
      {"kl_norm", "nats", &Losses::kl_norm},
      {"tv_norm", "probability", &Losses::tv_norm},
  };
  return fields;
}

const LossField* find_loss(const char* name) {
  for (const LossField& f : loss_fields())
    if (std::strcmp(f.name, name) == 0) return &f;
  return nullptr;
}

namespace {

// (1+x) log(1+x) - x = x^2 sum_{n>=2} c_n x^(n-2), c_n = (-1)^n / (n (n-1)),
// for |x| <= 1/8: the terms shrink by at least 1/8 each, so through n = 21 the
// truncation is below 1e-20 of the sum; for |x| <= 2^-10 through n = 8 is.
// Horner's scheme with fixed coefficients: no division, no test per term (the
// metrics call it four times per seen type).
constexpr int kLastTerm = 21;
constexpr std::array<double, kLastTerm + 1> series_coefficients() {
  std::array<double, kLastTerm + 1> c{};
  for (int n = 2; n <= kLastTerm; ++n) c[n] = (n % 2 == 0 ? 1.0 : -1.0) / (double(n) * double(n - 1));
  return c;
}
constexpr std::array<double, kLastTerm + 1> kSeries = series_coefficients();

double near_one_series(double x) {
  const int last = std::fabs(x) <= 0x1p-10 ? 8 : kLastTerm;
  double sum = kSeries[last];
  for (int n = last - 1; n >= 2; --n) sum = sum * x + kSeries[n];
  return x * x * sum;
}

}  // namespace

double divergence_term(double t, double q) {
  if (std::isnan(t) || std::isnan(q)) return std::numeric_limits<double>::quiet_NaN();
  if (t == 0) return q;
  if (q == 0 || std::isinf(t) || std::isinf(q)) return std::numeric_limits<double>::infinity();
  // Near t = q: t - q is exact (Sterbenz: q / 2 <= t <= 2 q), so x is accurate.
  if (std::fabs(t - q) <= 0.125 * q) return q * near_one_series((t - q) / q);
  // Away from it the three parts cancel by at most a factor ~17; log(t / q)
  // keeps its precision unless the ratio over- or underflows.
  const double ratio = t / q;
  const double log_ratio = (std::isfinite(ratio) && ratio > 0) ? std::log(ratio) : std::log(t) - std::log(q);
  const double term = t * log_ratio + (q - t);
  return term > 0 ? term : 0.0;
}

}  // namespace pacsim
