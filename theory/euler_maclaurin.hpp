// The Euler–Maclaurin summation formula with Taylor-coefficient endpoints:
//   sum_{r=n}^{m} f(r) = int_n^m f + (f(n) + f(m))/2
//                        + sum_{j=1}^{P} B_{2j}/(2j) * (t_{2j-1}(m) - t_{2j-1}(n)),
// where t_k(x) = f^(k)(x)/k! comes from a Jet. With P = 6 and n + b >= 32 the
// remainder is far below 1e-15 relative for the rank functions pacsim sums.
#pragma once
#include "theory/jet.hpp"

namespace pacsim {

/// Corrections of the formula beyond the integral. `at_m` is null for m = inf
/// (where f and all its derivatives vanish).
double euler_maclaurin_corrections(const Jet& at_n, const Jet* at_m);

}  // namespace pacsim
