// Tests of analysis/stats: mean, type-7 quantiles and the median, least squares
// and slope, Welford's mean and standard error, the integer variance floor and
// the z-scores, and Pearson's chi-square with pooling.
//
// Tolerances:
//  - exact (==) where every operation is exact in binary floating point: hand
//    quantiles of small integers and halves, means of a few integers, the order
//    of summation of mean(), pooled chi-square statistics of integers;
//  - 1e-12 relative for type-7 quantiles against a brute-force transcription of
//    Hyndman & Fan's definition (the two formulas round differently);
//  - 1e-12 absolute for least squares on noise-free data (coefficients of order
//    one; QR loses a few ulps on a well-conditioned design);
//  - 1e-10 relative against the closed-form normal equations on noisy data
//    (condition number of the designs below is < 1e3, so both solutions agree to
//    about 1e-13; 1e-10 leaves room without hiding a wrong algorithm);
//  - mean_se against a two-pass long double reference: 1e-14 relative on the
//    mean; on the variance 1e-12 relative, or 1e-7 for data whose mean is 1e8
//    standard deviations from 0 (Welford's error grows as that ratio times the
//    unit roundoff, about 1e-8 here);
//  - 1e-12 relative for chi-square p-values against Boost.Math's chi-squared
//    distribution (both evaluate the same incomplete gamma function).
#include <catch2/catch.hpp>

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "analysis/stats.hpp"
#include "sim/random/rng.hpp"
#include "tests/support.hpp"

using namespace pacsim;

namespace {

// Type 7 of Hyndman & Fan (1996) as printed: h = (n - 1) q + 1 (1-based),
// Q = x_floor(h) + (h - floor(h)) (x_floor(h)+1 - x_floor(h)).
double type7_reference(std::vector<double> x, double q) {
  std::sort(x.begin(), x.end());
  const double h = (static_cast<double>(x.size()) - 1) * q + 1;
  const auto j = static_cast<std::size_t>(std::floor(h));
  if (j >= x.size()) return x.back();
  return x[j - 1] + (h - static_cast<double>(j)) * (x[j] - x[j - 1]);
}

// n values from a fixed-seed engine, standard normal.
std::vector<double> normals(std::size_t n, std::uint64_t seed) {
  Engine eng = make_engine(seed, 0, 0);
  boost::random::normal_distribution<double> z;
  std::vector<double> v(n);
  for (double& x : v) x = z(eng);
  return v;
}

// Solves the 3x3 system A b = c by Cramer's rule in long double.
std::vector<long double> solve3(const long double A[3][3], const long double c[3]) {
  const auto det = [](const long double M[3][3]) {
    return M[0][0] * (M[1][1] * M[2][2] - M[1][2] * M[2][1]) - M[0][1] * (M[1][0] * M[2][2] - M[1][2] * M[2][0]) +
           M[0][2] * (M[1][0] * M[2][1] - M[1][1] * M[2][0]);
  };
  const long double d = det(A);
  std::vector<long double> b(3);
  for (int k = 0; k < 3; ++k) {
    long double M[3][3];
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) M[i][j] = j == k ? c[i] : A[i][j];
    b[k] = det(M) / d;
  }
  return b;
}

}  // namespace

TEST_CASE("stats: mean is the sum in the given order over the count", "[analysis][stats]") {
  CHECK(std::isnan(mean({})));
  CHECK(mean({4}) == 4);
  CHECK(mean({1, 2, 3, 4}) == 2.5);
  CHECK(mean({-1, 1}) == 0);
  // Summed left to right: 1e16 + 1 rounds back to 1e16 (ulp 2), so the 1 is lost
  // in the first order and kept in the second.
  CHECK(mean({1e16, 1, -1e16}) == 0);
  CHECK(mean({1e16, -1e16, 1}) == 1.0 / 3.0);
}

TEST_CASE("stats: quantile interpolates linearly between order statistics (type 7)", "[analysis][stats]") {
  const std::vector<double> x = {3, 1, 4, 2};  // sorted: 1 2 3 4, positions (n-1) q = 3 q
  CHECK(quantile(x, 0) == 1);
  CHECK(quantile(x, 1) == 4);
  CHECK(quantile(x, 0.5) == 2.5);    // position 1.5
  CHECK(quantile(x, 0.25) == 1.75);  // position 0.75
  CHECK(quantile(x, 0.75) == 3.25);  // position 2.25
  CHECK(quantile(x, 1.0 / 3) == 2);  // position 1: an order statistic
  CHECK(quantile(x, 2.0 / 3) == 3);  // position 2
  // R: quantile(c(1, 2, 3, 4, 10), 0.9) = 7.6 (position 3.6 between 4 and 10).
  CHECK(quantile({10, 4, 3, 2, 1}, 0.9) == Approx(7.6).epsilon(1e-15));
  // One value is every quantile; ties interpolate to themselves.
  for (const double q : {0.0, 0.3, 0.5, 1.0}) CHECK(quantile({-7.5}, q) == -7.5);
  CHECK(quantile({2, 2, 5}, 0.25) == 2);
  // The argument is taken by value: the caller's vector stays unsorted.
  std::vector<double> y = {3, 1, 2};
  (void)quantile(y, 0.5);
  CHECK(y == std::vector<double>{3, 1, 2});
  CHECK_THROWS_AS(quantile({}, 0.5), std::invalid_argument);
}

TEST_CASE("stats: quantile agrees with Hyndman & Fan's definition (brute force)", "[analysis][stats]") {
  // Every q = j / 40 on samples of size 1 to 12 with repeated values.
  for (std::size_t n = 1; n <= 12; ++n) {
    std::vector<double> x = normals(n, 100 + n);
    if (n > 3) x[n - 1] = x[1];  // a tie
    for (int j = 0; j <= 40; ++j) {
      const double q = j / 40.0;
      INFO("n " << n << " q " << q);
      CHECK(quantile(x, q) == Approx(type7_reference(x, q)).epsilon(1e-12).margin(1e-14));
    }
  }
}

TEST_CASE("stats: median", "[analysis][stats]") {
  CHECK(std::isnan(median({})));
  CHECK(median({5}) == 5);
  CHECK(median({9, 1, 5}) == 5);
  CHECK(median({9, 1, 5, 2}) == 3.5);
  CHECK(median({-1, -3}) == -2);
}

TEST_CASE("stats: least squares recovers the coefficients of noise-free data", "[analysis][stats]") {
  // One regressor: y = 2 - 3 x.
  const std::vector<double> x = {0, 1, 2.5, 4, 7};
  std::vector<double> y;
  for (const double v : x) y.push_back(2 - 3 * v);
  const std::vector<double> b = least_squares({x}, y);
  REQUIRE(b.size() == 2);
  CHECK(b[0] == Approx(2).margin(1e-12));
  CHECK(b[1] == Approx(-3).margin(1e-12));
  CHECK(slope(x, y) == Approx(-3).margin(1e-12));

  // Two regressors (not collinear): y = 1 - 2 x1 + 0.5 x2.
  const std::vector<double> x1 = {0, 1, 2, 3, 4, 5}, x2 = {1, 0, 4, 1, 5, 9};
  std::vector<double> y2;
  for (std::size_t i = 0; i < x1.size(); ++i) y2.push_back(1 - 2 * x1[i] + 0.5 * x2[i]);
  const std::vector<double> c = least_squares({x1, x2}, y2);
  REQUIRE(c.size() == 3);
  CHECK(c[0] == Approx(1).margin(1e-12));
  CHECK(c[1] == Approx(-2).margin(1e-12));
  CHECK(c[2] == Approx(0.5).margin(1e-12));

  // No regressor: the intercept is the mean.
  const std::vector<double> m = least_squares({}, {1, 2, 6});
  REQUIRE(m.size() == 1);
  CHECK(m[0] == Approx(3).margin(1e-12));
}

TEST_CASE("stats: least squares on noisy data solves the normal equations", "[analysis][stats]") {
  const std::size_t n = 50;
  const std::vector<double> e = normals(n, 7), u = normals(n, 8);
  std::vector<double> x1(n), x2(n), y(n);
  for (std::size_t i = 0; i < n; ++i) {
    x1[i] = static_cast<double>(i) / 5;
    x2[i] = std::sqrt(static_cast<double>(i) + 1) + u[i];
    y[i] = 0.7 + 1.3 * x1[i] - 0.4 * x2[i] + e[i];
  }
  // One regressor: slope = Sxy / Sxx, intercept = ybar - slope xbar.
  {
    long double xb = 0, yb = 0;
    for (std::size_t i = 0; i < n; ++i) xb += x1[i], yb += y[i];
    xb /= n;
    yb /= n;
    long double sxy = 0, sxx = 0;
    for (std::size_t i = 0; i < n; ++i) sxy += (x1[i] - xb) * (y[i] - yb), sxx += (x1[i] - xb) * (x1[i] - xb);
    const long double s = sxy / sxx;
    const std::vector<double> b = least_squares({x1}, y);
    CHECK(b[1] == Approx(static_cast<double>(s)).epsilon(1e-10));
    CHECK(b[0] == Approx(static_cast<double>(yb - s * xb)).epsilon(1e-10));
    CHECK(slope(x1, y) == Approx(static_cast<double>(s)).epsilon(1e-10));
  }
  // Two regressors: (X'X) b = X'y with X = [1 x1 x2].
  {
    long double A[3][3] = {}, c[3] = {};
    for (std::size_t i = 0; i < n; ++i) {
      const long double row[3] = {1, x1[i], x2[i]};
      for (int r = 0; r < 3; ++r) {
        c[r] += row[r] * y[i];
        for (int s = 0; s < 3; ++s) A[r][s] += row[r] * row[s];
      }
    }
    const std::vector<long double> ref = solve3(A, c);
    const std::vector<double> b = least_squares({x1, x2}, y);
    REQUIRE(b.size() == 3);
    for (int k = 0; k < 3; ++k) {
      INFO("coefficient " << k);
      CHECK(b[k] == Approx(static_cast<double>(ref[k])).epsilon(1e-10));
    }
  }
}

TEST_CASE("stats: mean_se against a two-pass reference", "[analysis][stats]") {
  // Hand case: 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sum of squares 32, variance 32/7.
  const MeanSE h = mean_se({2, 4, 4, 4, 5, 5, 7, 9});
  CHECK(h.n == 8);
  CHECK(h.mean == Approx(5).epsilon(1e-15));
  CHECK(h.variance == Approx(32.0 / 7).epsilon(1e-15));
  CHECK(h.se == Approx(std::sqrt(32.0 / 7 / 8)).epsilon(1e-15));

  // Against a two-pass reference in long double (Neumaier sums), for two
  // offsets: mean 1e3, sd 1 (kappa = mean / sd = 1e3) and mean 1e6, sd 0.01
  // (kappa = 1e8). Welford's relative error on the variance is of order
  // kappa u (u = 1.1e-16): 1e-12 and 1e-7 allow it; a one-pass sum of squares
  // would be off by order one (kappa^2 u) in the second case.
  struct Case {
    double offset, sd, tol;
  };
  for (const Case& c : {Case{1e3, 1, 1e-12}, Case{1e6, 0.01, 1e-7}}) {
    std::vector<double> xs = normals(1000, 3);
    for (double& x : xs) x = c.offset + c.sd * x;
    test::Acc s;
    for (const double x : xs) s.add(x);
    const long double m = s.value() / xs.size();
    test::Acc ss;
    for (const double x : xs) ss.add((x - m) * (x - m));
    const long double var = ss.value() / (xs.size() - 1);
    const MeanSE r = mean_se(xs);
    INFO("offset " << c.offset << " sd " << c.sd);
    CHECK(r.n == 1000);
    CHECK(r.mean == Approx(static_cast<double>(m)).epsilon(1e-14));
    CHECK(r.variance == Approx(static_cast<double>(var)).epsilon(c.tol));
    CHECK(r.se == Approx(std::sqrt(static_cast<double>(var) / 1000)).epsilon(c.tol));
  }

  // Fewer than two values: no variance.
  const MeanSE one = mean_se({3.5});
  CHECK(one.n == 1);
  CHECK(one.mean == 3.5);
  CHECK(one.variance == 0);
  CHECK(one.se == 0);
  const MeanSE none = mean_se({});
  CHECK(none.n == 0);
  CHECK(none.variance == 0);
  CHECK(none.se == 0);
}

TEST_CASE("stats: integer variance floor f (1 - f)", "[analysis][stats]") {
  CHECK(integer_variance_floor(3) == 0);
  CHECK(integer_variance_floor(0) == 0);
  CHECK(integer_variance_floor(2.5) == 0.25);
  CHECK(integer_variance_floor(2.25) == 0.1875);
  CHECK(integer_variance_floor(7.75) == 0.1875);
  CHECK(integer_variance_floor(-0.25) == 0.1875);  // fractional part 0.75 (floor, not truncation)
  // The floor is the variance of the two-point law on floor(m) and floor(m) + 1.
  for (const double m : {0.1, 1.3, 10.5, 99.9}) {
    const double f = m - std::floor(m);
    CHECK(integer_variance_floor(m) == Approx(f * (1 - f)).epsilon(1e-15));
  }
}

TEST_CASE("stats: integer_z_score floors the variance", "[analysis][stats]") {
  // Four replicates all equal to 3 against expectation 3.5: floor 0.25, se 0.25.
  MeanSE m;
  m.n = 4;
  m.mean = 3;
  m.variance = 0;
  CHECK(integer_z_score(m, 3.5) == -2);
  // Against an integer expectation the floor is 0: exact agreement is z = 0.
  CHECK(integer_z_score(m, 3) == 0);
  // A sample variance above the floor is used as is: (3 - 2.5) / sqrt(1 / 4).
  m.variance = 1;
  CHECK(integer_z_score(m, 2.5) == 1);
  // The floor wins over a smaller sample variance: (3 - 3.5) / sqrt(0.25 / 4).
  m.variance = 0.01;
  CHECK(integer_z_score(m, 3.5) == -2);
}

TEST_CASE("stats: z_score from an exact variance per draw", "[analysis][stats]") {
  CHECK(z_score(10.5, 10, 4, 16) == 1);  // se = sqrt(4 / 16) = 0.5
  CHECK(z_score(9, 10, 1, 4) == -2);
  CHECK(z_score(5, 5, 0, 10) == 0);
  CHECK(std::isinf(z_score(6, 5, 0, 10)));
  CHECK(z_score(6, 5, 0, 10) > 0);
}

TEST_CASE("stats: z-scores without spread keep the sign of mean - expected", "[analysis][stats]") {
  // stats.hpp: z = (observed mean - expected) / standard error. With a standard
  // error of 0 that is +inf above the expectation and -inf below it.
  CHECK(z_score(4, 5, 0, 10) == -std::numeric_limits<double>::infinity());
  MeanSE m;
  m.n = 3;
  m.mean = 2;
  m.variance = 0;
  CHECK(integer_z_score(m, 3) == -std::numeric_limits<double>::infinity());
  m.mean = 4;
  CHECK(integer_z_score(m, 3) == std::numeric_limits<double>::infinity());
}

TEST_CASE("stats: chi-square statistic, degrees of freedom and p-value", "[analysis][stats]") {
  // (10-20)^2/20 + 0 + (30-20)^2/20 = 10 on 2 dof; P(chi2_2 >= 10) = exp(-5).
  const ChiSquare a = chi_square({10, 20, 30}, {20, 20, 20});
  CHECK(a.statistic == 10);
  CHECK(a.dof == 2);
  CHECK(a.p_value == Approx(std::exp(-5.0)).epsilon(1e-12));
  const boost::math::chi_squared_distribution<double> chi2_2(2);
  CHECK(a.p_value == Approx(boost::math::cdf(boost::math::complement(chi2_2, 10.0))).epsilon(1e-12));

  // Four cells, 3 dof: 16/16 + 16/24 + 9/30 + 1/30 = 2.
  const ChiSquare b = chi_square({12, 28, 27, 29}, {16, 24, 30, 30});
  CHECK(b.statistic == Approx(2).epsilon(1e-15));
  CHECK(b.dof == 3);
  const boost::math::chi_squared_distribution<double> chi2_3(3);
  CHECK(b.p_value == Approx(boost::math::cdf(boost::math::complement(chi2_3, 2.0))).epsilon(1e-12));

  // A perfect fit: statistic 0, p = 1.
  const ChiSquare c = chi_square({5, 6, 7}, {5, 6, 7});
  CHECK(c.statistic == 0);
  CHECK(c.p_value == Approx(1).epsilon(1e-15));

  CHECK_THROWS_AS(chi_square({1, 2}, {1, 2, 3}), std::invalid_argument);
}

TEST_CASE("stats: chi-square pools cells expecting fewer than min_expected", "[analysis][stats]") {
  // Expected 2, 2, 2 | 10 | 1: the first three pool to 6, the short last cell
  // joins the 10: cells (o 3+1+4 = 8, e 6) and (o 9+3 = 12, e 11).
  const ChiSquare a = chi_square({3, 1, 4, 9, 3}, {2, 2, 2, 10, 1});
  CHECK(a.dof == 1);
  CHECK(a.statistic == Approx(4.0 / 6 + 1.0 / 11).epsilon(1e-15));
  const boost::math::chi_squared_distribution<double> chi2_1(1);
  CHECK(a.p_value == Approx(boost::math::cdf(boost::math::complement(chi2_1, a.statistic))).epsilon(1e-12));

  // The same data with min_expected = 1: no pooling, 4 dof.
  const ChiSquare b = chi_square({3, 1, 4, 9, 3}, {2, 2, 2, 10, 1}, 1.0);
  CHECK(b.dof == 4);
  CHECK(b.statistic == Approx(0.5 + 0.5 + 2 + 0.1 + 4).epsilon(1e-15));

  // Everything in one pooled cell: no degree of freedom, p = 1.
  const ChiSquare c = chi_square({1, 0, 3}, {1, 1, 1});
  CHECK(c.dof == 0);
  CHECK(c.statistic == Approx(1.0 / 3).epsilon(1e-15));
  CHECK(c.p_value == 1);

  // A short first cell pools forward: (2+8, 3+7) and (10, 10).
  const ChiSquare d = chi_square({2, 8, 10}, {3, 7, 10});
  CHECK(d.dof == 1);
  CHECK(d.statistic == 0);
}

TEST_CASE("stats: unexplained_share is 1 - r^2", "[analysis][stats]") {
  const std::vector<double> x = {1, 2, 3, 4, 5};
  // Collinear, in either direction: nothing left.
  CHECK(unexplained_share(x, {3, 5, 7, 9, 11}) == Approx(0).margin(1e-15));
  CHECK(unexplained_share(x, {10, 8, 6, 4, 2}) == Approx(0).margin(1e-15));
  // Uncorrelated (x against a symmetric parabola): all of it.
  CHECK(unexplained_share(x, {4, 1, 0, 1, 4}) == Approx(1).margin(1e-15));
  // By hand: y = 1, 3, 2, 5, 4: Sxx = 10, Syy = 10, Sxy = 8, r^2 = 0.64.
  CHECK(unexplained_share(x, {1, 3, 2, 5, 4}) == Approx(0.36).epsilon(1e-14));
  CHECK(unexplained_share({1, 3, 2, 5, 4}, x) == Approx(0.36).epsilon(1e-14));
  // No spread: undefined.
  CHECK(std::isnan(unexplained_share(x, {2, 2, 2, 2, 2})));
  CHECK(std::isnan(unexplained_share({1, 1, 1}, {1, 2, 3})));
  CHECK_THROWS_AS(unexplained_share({1, 2}, {1, 2, 3}), std::invalid_argument);
}
