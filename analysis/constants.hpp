// The constants of eq. (11) and (15) that a study implies, at its largest D:
//   C3 = B D^(0.5-beta) / (log k |S|^1.5)   and   C5 = B D^(1-beta) / |S|^3,
// and the exponents of their drift in D if |S| ~ D^gamma,
// 0.5 - beta - 1.5 gamma and 1 - beta - 3 gamma: 0 for a true constant.
#pragma once
#include "theory/bounds.hpp"

namespace pacsim {

struct ConstantsFit {
  double C3, C3_drift, C5, C5_drift;  ///< NaN where undefined (C3 needs k > 1)
};

/// At corpus size D with mean |S| = S, the smallest precision k > 1 of the
/// group (0 if none), and the growth exponent gamma, under `law`.
ConstantsFit implied_constants(const Chinchilla& law, double D, double S, double k, double gamma);

}  // namespace pacsim
