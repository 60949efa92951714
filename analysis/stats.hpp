// Summary statistics over replicates and goodness-of-fit tests: the numbers a
// statistical verdict is made of (means, quantiles, standard errors, z-scores,
// chi-square, least squares).
#pragma once
#include <cstddef>
#include <vector>

namespace pacsim {

/// The sum divided by the count (summed in the order given); NaN when empty.
double mean(const std::vector<double>& xs);

/// The q quantile (0 <= q <= 1) with linear interpolation between order
/// statistics (type 7 of Hyndman & Fan). Requires: xs not empty.
double quantile(std::vector<double> xs, double q);

/// quantile(xs, 0.5); NaN when empty.
double median(std::vector<double> xs);

/// Least squares of y on an intercept and the given regressors (each as long as
/// y), by column-pivoted Householder QR: the coefficients, intercept first.
std::vector<double> least_squares(const std::vector<std::vector<double>>& regressors, const std::vector<double>& y);

/// The slope of the least-squares line of y on x.
double slope(const std::vector<double>& x, const std::vector<double>& y);

/// 1 - r^2, r the correlation of x and y (same length): the share of y's
/// variance that a line in x leaves unexplained (0 when they are collinear).
/// NaN when x or y has no spread.
double unexplained_share(const std::vector<double>& x, const std::vector<double>& y);

struct MeanSE {
  std::size_t n = 0;
  double mean = 0;
  double variance = 0;  ///< unbiased sample variance (0 when n < 2)
  double se = 0;        ///< standard error of the mean, sqrt(variance / n)
};

/// Welford's algorithm, in the order given (so results do not depend on threads).
MeanSE mean_se(const std::vector<double>& xs);

/// A lower bound on the variance of any integer-valued random variable with mean
/// `mean`: with f the fractional part of the mean, Var >= f (1 - f). It keeps a
/// z-score finite and honest when every replicate gave the same integer.
double integer_variance_floor(double mean);

/// z-score of a sample mean of an integer-valued statistic against its exact
/// expectation, with the sample variance floored by integer_variance_floor.
double integer_z_score(const MeanSE& m, double expected);

/// (observed mean - expected) / standard error, from an exact variance of one draw.
double z_score(double mean, double expected, double variance_per_draw, std::size_t n);

struct ChiSquare {
  double statistic = 0;
  int dof = 0;
  double p_value = 1;  ///< upper tail P(chi2_dof >= statistic)
};

/// Pearson's chi-square of observed counts against expected counts (same length);
/// cells with expectation below `min_expected` are pooled into their neighbour.
ChiSquare chi_square(const std::vector<double>& observed, const std::vector<double>& expected,
                     double min_expected = 5.0);

}  // namespace pacsim
