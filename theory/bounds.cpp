// The paper's bounds; see bounds.hpp.
#include "theory/bounds.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

namespace pacsim {

double Chinchilla::loss(double N, double D) const { return E + A / std::pow(N, alpha) + B / std::pow(D, beta); }

Chinchilla chinchilla_hoffmann() { return {1.69, 406.4, 410.7, 0.34, 0.28}; }
Chinchilla chinchilla_besiroglu() { return {1.8172, 482.01, 2085.43, 0.3478, 0.3658}; }

double doubling_factor(double gamma) {
  const double f = gamma > 0 ? std::pow(2.0, 1 / gamma) : INFINITY;
  return std::isfinite(f) ? f : std::numeric_limits<double>::quiet_NaN();
}

double Preset::doubling_low() const { return doubling_factor(hi); }
double Preset::doubling_high() const { return doubling_factor(lo); }

namespace {

// x to 4 significant digits, as the formulas show it.
std::string g4(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", x);
  return buf;
}

}  // namespace

std::vector<Preset> printed_presets() {
  return {
      {"draft", "as the draft prints it: C4 D^0.14 <= |S| <= C6 D^0.24 (eq. (17))", 0.14, 0.24},
      {"arxiv-v1", "as arXiv v1 prints it: N ~ D^0.58", 0.58, 0.58},
      {"arxiv-v3", "as arXiv v3 prints it: N ~ D^0.44", 0.44, 0.44},
      {"arxiv-v4", "as arXiv v4 prints it: gamma in [0.44, 0.72]", 0.44, 0.72},
  };
}

std::vector<Preset> presets(double beta) {
  const double lo_s = (1 - 2 * beta) / 3, hi_s = (1 - beta) / 3;  // with the |S| factor
  const double lo = 1 - 2 * beta, hi = 1 - beta;                  // without it
  const double mid = (lo + hi) / 2;
  const std::string at = " at b = " + g4(beta) + ": ";
  return {
      {"draft@beta",
       "[(1-2b)/3, (1-b)/3] = [" + g4(lo_s) + ", " + g4(hi_s) + "]" + at +
           "eq. (11) and (15) with the |S| factor of (9) and (13)",
       lo_s, hi_s},
      {"arxiv-v1@beta", "(1-2b + 1-b)/2 = 1 - 1.5b = " + g4(mid) + at + "the middle of arxiv-v4@beta", mid, mid},
      {"arxiv-v3@beta", "1-2b = " + g4(lo) + at + "eq. (11) without the |S| factor", lo, lo},
      {"arxiv-v4@beta",
       "[1-2b, 1-b] = [" + g4(lo) + ", " + g4(hi) + "]" + at + "eq. (11) and (15) without the |S| factor", lo, hi},
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
