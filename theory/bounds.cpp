// The paper's bounds; see bounds.hpp.
#include "theory/bounds.hpp"

#include <cmath>

namespace pacsim {

double Chinchilla::loss(double N, double D) const { return E + A / std::pow(N, alpha) + B / std::pow(D, beta); }

Chinchilla chinchilla_hoffmann() { return {1.69, 406.4, 410.7, 0.34, 0.28}; }
Chinchilla chinchilla_besiroglu() { return {1.8172, 482.01, 2085.43, 0.3478, 0.3658}; }

double Preset::doubling_low() const { return std::pow(2.0, 1.0 / hi); }
double Preset::doubling_high() const { return std::pow(2.0, 1.0 / lo); }

std::vector<Preset> presets(double beta) {
  const double lo_s = (1 - 2 * beta) / 3, hi_s = (1 - beta) / 3;  // with the |S| factor
  const double lo = 1 - 2 * beta, hi = 1 - beta;                  // without it
  const double mid = (lo + hi) / 2;
  return {
      {"draft", "[(1-2b)/3, (1-b)/3]: eq. (11) and (15) with the |S| factor of (9) and (13)", lo_s, hi_s},
      {"arxiv-v1", "(1-2b + 1-b)/2 = 1 - 1.5b: the middle of v4's range (N ~ D^0.58)", mid, mid},
      {"arxiv-v3", "1-2b: eq. (11) without the |S| factor (N ~ D^0.44)", lo, lo},
      {"arxiv-v4", "[1-2b, 1-b]: eq. (11) and (15) without the |S| factor", lo, hi},
  };
}

std::string verdict(double ci_lo, double ci_hi, const Preset& p) {
  if (ci_hi < p.lo) return "below";
  if (ci_lo > p.hi) return "above";
  if (ci_lo >= p.lo && ci_hi <= p.hi) return "inside";
  return "straddling";
}

double theorem1_eps_lower(double C1, double d, double delta, double D) {
  return std::sqrt(C1 * (d + std::log(1 / delta)) / D);
}

double theorem1_eps_upper(double C2, double d, double k, double delta, double D) {
  return std::sqrt(C2 * (d * std::log(k) + std::log(1 / delta)) / D);
}

double karlin_unique(double a, double Z, double D) { return std::tgamma(1 - 1 / a) * std::pow(D / Z, 1 / a); }

}  // namespace pacsim
