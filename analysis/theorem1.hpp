// Theorem 1 measured: eps = L_k(ERM) - min_h L_k(h) against D and the class's
// dimension d. Per cell, the (1 - delta) quantile q of eps over replicates;
// over a group of cells, q regressed jointly on log D and log d (theory: -1/2
// and +1/2), and the constants the theorem's two bounds imply,
//   C1 = D q^2 / (d + log(1/delta)),  C2 = D q^2 / (d log k + log(1/delta)),
// as medians over the cells (C2 takes log 2 for k = 1, whose log k is 0).
// The exponents assume D and d vary independently; nothing checks that they
// do (d = |S| grows with D in a Zipf world).
#pragma once
#include <vector>

namespace pacsim {

/// One cell: its D, d (|S| for class all, min(|S|, N+1) for top), k and the
/// replicates of eps.
struct EpsCell {
  double D, d, k;
  std::vector<double> eps;
};

struct Theorem1Fit {
  double exp_D, exp_d;  ///< NaN when fewer than three cells, or a regressor has no spread
  double C1, C2;        ///< NaN without cells
};

/// Cells whose quantile or d is not positive, or without a finite eps, are left out.
Theorem1Fit fit_theorem1(const std::vector<EpsCell>& cells, double delta);

}  // namespace pacsim
