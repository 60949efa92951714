// Tests of analysis/theorem1: the (1 - delta) quantile q of eps per cell,
// regressed jointly on log D and log d, and the constants C1 and C2 as medians
// over the cells.
//
// Tolerances:
//  - 1e-9 absolute on exponents recovered from cells where q = C D^a d^b
//    exactly (log-log least squares on a 3x3 grid; QR and logs lose ~1e-14, so
//    1e-9 only guards against a different regression);
//  - 1e-12 relative on C1 and C2 against the medians of their definitions
//    computed here (the same few operations per cell, maybe in another order);
//  - exact (==) where cells that must be left out are added to a fit: the fit
//    sees the same numbers in the same order.
// The replicates of eps are built so that the quantile is an order statistic
// exactly: 11 replicates at delta = 0.1 put it at position 0.9 * 10 = 9.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "analysis/theorem1.hpp"

using namespace pacsim;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double delta = 0.1;

// Eleven replicates, unsorted, whose 0.9 quantile (the 10th smallest) is q.
std::vector<double> eps_with_quantile(double q) {
  const double m[] = {0.3, 1.2, 0.5, 0.1, 1.0, 0.9, 0.2, 0.8, 0.4, 0.7, 0.6};
  std::vector<double> e;
  for (const double x : m) e.push_back(q * x);
  return e;
}

double q_of(double C, double a, double b, double D, double d) { return C * std::pow(D, a) * std::pow(d, b); }

// The 3 x 3 grid D in {1e3, 1e4, 1e5} x d in {10, 100, 1000}, with q = C D^a d^b
// and k varying along the cells.
std::vector<EpsCell> grid(double C, double a, double b) {
  std::vector<EpsCell> cells;
  const double ks[] = {4, 16, 256};
  int i = 0;
  for (const double D : {1e3, 1e4, 1e5})
    for (const double d : {10.0, 100.0, 1000.0})
      cells.push_back({D, d, ks[i++ % 3], eps_with_quantile(q_of(C, a, b, D, d))});
  return cells;
}

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// C1 and C2 from their definitions with the quantile q of each cell given.
double C1_by_hand(const std::vector<EpsCell>& cells, const std::vector<double>& q) {
  std::vector<double> v;
  for (std::size_t i = 0; i < cells.size(); ++i)
    v.push_back(cells[i].D * q[i] * q[i] / (cells[i].d + std::log(1 / delta)));
  return median_of(v);
}
double C2_by_hand(const std::vector<EpsCell>& cells, const std::vector<double>& q) {
  std::vector<double> v;
  for (std::size_t i = 0; i < cells.size(); ++i)
    v.push_back(cells[i].D * q[i] * q[i] / (cells[i].d * std::log(cells[i].k) + std::log(1 / delta)));
  return median_of(v);
}

void check_same(const Theorem1Fit& a, const Theorem1Fit& b) {
  const auto same = [](double x, double y) { return (std::isnan(x) && std::isnan(y)) || x == y; };
  CHECK(same(a.exp_D, b.exp_D));
  CHECK(same(a.exp_d, b.exp_d));
  CHECK(same(a.C1, b.C1));
  CHECK(same(a.C2, b.C2));
}

}  // namespace

TEST_CASE("theorem1: exponents of an exact law q = C D^a d^b", "[analysis][theorem1]") {
  struct Law {
    double C, a, b;
  };
  for (const Law& l : {Law{0.3, -0.5, 0.5}, Law{2.0, -0.37, 0.61}, Law{0.05, 0.2, -0.1}}) {
    INFO("C " << l.C << " a " << l.a << " b " << l.b);
    const Theorem1Fit f = fit_theorem1(grid(l.C, l.a, l.b), delta);
    CHECK(f.exp_D == Approx(l.a).margin(1e-9));
    CHECK(f.exp_d == Approx(l.b).margin(1e-9));
  }
}

TEST_CASE("theorem1: C1 and C2 are the medians of their definitions", "[analysis][theorem1]") {
  const std::vector<EpsCell> cells = grid(0.3, -0.5, 0.5);
  std::vector<double> q;
  for (const EpsCell& c : cells) q.push_back(q_of(0.3, -0.5, 0.5, c.D, c.d));
  const Theorem1Fit f = fit_theorem1(cells, delta);
  CHECK(f.C1 == Approx(C1_by_hand(cells, q)).epsilon(1e-12));
  CHECK(f.C2 == Approx(C2_by_hand(cells, q)).epsilon(1e-12));
  // One hand value: D = 1e4, d = 100, q = 0.3 * 0.1 = 0.03 is the median cell of
  // C1 (D q^2 = 0.09 d for every cell, so C1 = 0.09 d / (d + log 10) grows with d
  // and the middle d, 100, is the median).
  CHECK(f.C1 == Approx(9 / (100 + std::log(10.0))).epsilon(1e-12));
  // Another delta: 11 replicates at delta = 0.25 put the quantile at position
  // 7.5, halfway between the 8th and 9th smallest, 0.8 q and 0.9 q.
  const Theorem1Fit g = fit_theorem1(cells, 0.25);
  std::vector<double> v;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const double q85 = 0.85 * q[i];
    v.push_back(cells[i].D * q85 * q85 / (cells[i].d + std::log(4.0)));
  }
  CHECK(g.C1 == Approx(median_of(v)).epsilon(1e-12));
  CHECK(g.exp_D == Approx(-0.5).margin(1e-9));  // a common factor 0.85 leaves the exponents
}

TEST_CASE("theorem1: cells without a finite eps, a positive quantile or a positive d are left out",
          "[analysis][theorem1]") {
  const std::vector<EpsCell> good = grid(0.3, -0.5, 0.5);
  const Theorem1Fit base = fit_theorem1(good, delta);
  std::vector<EpsCell> more;
  for (std::size_t i = 0; i < good.size(); ++i) {
    more.push_back(good[i]);
    if (i == 1) more.push_back({1e6, 5, 4, {kInf, kNaN, kInf}});          // no finite eps
    if (i == 3) more.push_back({1e6, 5, 4, {0, 0, 0, 0}});                // q = 0
    if (i == 4) more.push_back({1e6, 5, 4, {-0.1, -0.2, -0.3}});          // q < 0
    if (i == 5) more.push_back({1e6, 0, 4, eps_with_quantile(0.01)});     // d = 0
    if (i == 6) more.push_back({1e6, -3, 4, eps_with_quantile(0.01)});    // d < 0
    if (i == 7) more.push_back({1e6, kNaN, 4, eps_with_quantile(0.01)});  // d undefined
  }
  REQUIRE(more.size() == good.size() + 6);
  check_same(fit_theorem1(more, delta), base);

  // Non-finite replicates of a kept cell are dropped before the quantile: the
  // eleven finite values still give q.
  std::vector<EpsCell> partial = good;
  for (EpsCell& c : partial)
    for (const double x : {kInf, kNaN, -kInf}) c.eps.push_back(x);
  check_same(fit_theorem1(partial, delta), base);
}

TEST_CASE("theorem1: fewer than three cells leave the exponents undefined", "[analysis][theorem1]") {
  const std::vector<EpsCell> all = grid(0.3, -0.5, 0.5);
  const Theorem1Fit none = fit_theorem1({}, delta);
  CHECK(std::isnan(none.exp_D));
  CHECK(std::isnan(none.exp_d));
  CHECK(std::isnan(none.C1));
  CHECK(std::isnan(none.C2));

  // Two cells (D 1e3 d 10; D 1e4 d 100): no exponents, constants the mean of two.
  const std::vector<EpsCell> two = {all[0], all[4]};
  const Theorem1Fit f2 = fit_theorem1(two, delta);
  CHECK(std::isnan(f2.exp_D));
  CHECK(std::isnan(f2.exp_d));
  const std::vector<double> q2 = {q_of(0.3, -0.5, 0.5, 1e3, 10), q_of(0.3, -0.5, 0.5, 1e4, 100)};
  CHECK(f2.C1 == Approx(C1_by_hand(two, q2)).epsilon(1e-12));
  CHECK(f2.C2 == Approx(C2_by_hand(two, q2)).epsilon(1e-12));

  // A third cell that is left out does not make three.
  std::vector<EpsCell> two_and_junk = two;
  two_and_junk.push_back({1e5, 0, 4, eps_with_quantile(1)});
  check_same(fit_theorem1(two_and_junk, delta), f2);

  // Three cells with spread in both regressors: an exact fit.
  const Theorem1Fit f3 = fit_theorem1({all[0], all[1], all[3]}, delta);
  CHECK(f3.exp_D == Approx(-0.5).margin(1e-9));
  CHECK(f3.exp_d == Approx(0.5).margin(1e-9));
}

TEST_CASE("theorem1: a regressor without spread leaves its exponent undefined", "[analysis][theorem1]") {
  const double C = 0.7, a = -0.45, b = 0.55;
  SECTION("one D") {
    std::vector<EpsCell> cells;
    for (const double d : {10.0, 100.0, 1000.0, 5000.0})
      cells.push_back({1e4, d, 8, eps_with_quantile(q_of(C, a, b, 1e4, d))});
    const Theorem1Fit f = fit_theorem1(cells, delta);
    CHECK(std::isnan(f.exp_D));
    CHECK(f.exp_d == Approx(b).margin(1e-9));
    CHECK(std::isfinite(f.C1));
  }
  SECTION("one d") {
    std::vector<EpsCell> cells;
    for (const double D : {1e3, 1e4, 1e5, 1e6}) cells.push_back({D, 50, 8, eps_with_quantile(q_of(C, a, b, D, 50))});
    const Theorem1Fit f = fit_theorem1(cells, delta);
    CHECK(f.exp_D == Approx(a).margin(1e-9));
    CHECK(std::isnan(f.exp_d));
  }
}

TEST_CASE("theorem1: collinear log D and log d leave both exponents undefined", "[analysis][theorem1]") {
  const double C = 0.7, a = -0.45, b = 0.55;
  // d = 3 D^0.2 exactly (a Zipf world's |S|), then the same with one cell of
  // another d per D, the least departure that separates the two regressors.
  std::vector<EpsCell> line, apart;
  for (const double D : {1e3, 1e4, 1e5, 1e6, 1e7}) {
    const double d = 3 * std::pow(D, 0.2);
    line.push_back({D, d, 8, eps_with_quantile(q_of(C, a, b, D, d))});
    apart.push_back(line.back());
    apart.push_back({D, 101, 8, eps_with_quantile(q_of(C, a, b, D, 101))});  // class top, N = 100
  }
  const Theorem1Fit f = fit_theorem1(line, delta);
  CHECK(std::isnan(f.exp_D));
  CHECK(std::isnan(f.exp_d));
  CHECK(std::isfinite(f.C1));  // the constants do not need the regression
  // Slightly bent: log d = 0.2 log D + 0.001 (log D)^2 still shares 99.9% of its variance.
  std::vector<EpsCell> bent;
  for (const double D : {1e3, 1e4, 1e5, 1e6, 1e7}) {
    const double d = 3 * std::pow(D, 0.2) * std::exp(0.001 * std::log(D) * std::log(D));
    bent.push_back({D, d, 8, eps_with_quantile(q_of(C, a, b, D, d))});
  }
  const Theorem1Fit g = fit_theorem1(bent, delta);
  CHECK(std::isnan(g.exp_D));
  CHECK(std::isnan(g.exp_d));
  // With d apart from the line at every D, both are measured.
  const Theorem1Fit h = fit_theorem1(apart, delta);
  CHECK(h.exp_D == Approx(a).margin(1e-9));
  CHECK(h.exp_d == Approx(b).margin(1e-9));
}
