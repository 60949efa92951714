// Theorem 1 measured: eps = L_k(ERM) - min_h L_k(h) against D and the class's
// dimension d. Per cell, the (1 - delta) quantile q of eps over replicates;
// over a group of cells, q regressed jointly on log D and log d (theory: -1/2
// and +1/2), and the constants the theorem's two bounds imply,
//   C1 = D q^2 / (d + log(1/delta)),  C2 = D q^2 / (d log k + log(1/delta)),
// as medians over the cells (C2 takes log 2 for k = 1, whose log k is 0).
// The exponents need D and d to vary independently. In a Zipf world d = |S|
// grows with D, so over a group of cells log d may be nearly a line in log D;
// then the regression cannot separate the two exponents and they are left
// undefined (kMinIndependentShare).
#pragma once
#include <vector>

namespace pacsim {

/// The least share of log d's variance that log D must leave unexplained
/// (1 - r^2 of the two over the cells fitted) for the exponents to be defined.
/// Below 0.01 the variance of each exponent is over 100 times that of a design
/// where D and d vary independently (the variance inflation factor 1/(1-r^2)).
/// In the default study the worlds a = 1.2 and a = 2 have shares 0.78 and 0.44;
/// a = 3, 5, 6 have 0.0029, 0.0013, 0.0004, where an unguarded regression gives
/// exponents of -0.62 and 1.6, 1.4 and -7.3, 7.0 and -39 (theory: -1/2, 1/2).
inline constexpr double kMinIndependentShare = 0.01;

/// One cell: its D, d (|S| for class all, min(|S|, N+1) for top), k and the
/// replicates of eps.
struct EpsCell {
  double D, d, k;
  std::vector<double> eps;
};

struct Theorem1Fit {
  double exp_D, exp_d;  ///< NaN when fewer than three cells, a regressor has no spread, or they are collinear
  double C1, C2;        ///< NaN without cells
};

/// Cells whose quantile or d is not positive, or without a finite eps, are left out.
Theorem1Fit fit_theorem1(const std::vector<EpsCell>& cells, double delta);

}  // namespace pacsim
