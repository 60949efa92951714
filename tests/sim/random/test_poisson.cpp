// Unit tests for sim/random/poisson (poisson_variate): no draw for a mean <= 0 or
// NaN, the law at moderate means, the sums of parts beyond 2^36, reproducibility.
//
// Tolerances:
//  - means 0.3, 7, 1e3 and 1e6: 2e5 variates each, Pearson chi-square of their
//    histogram against Boost.Math's Poisson cdf (cells of at least 5 expected,
//    pooled by analysis/stats' chi_square), pass at p-value > 1e-4.
//  - means above 2^36 (1.5 * 2^36, 1e11, 1e12, 1e15, 2^62), drawn as sums of equal
//    parts (Boost.Math's Poisson cdf gives up at these means, so no chi-square):
//    the sample mean within 4 standard errors sqrt(mu / n) of mu, and the
//    (unbiased) sample variance within 4 standard errors of mu, its variance for a
//    Poisson law being mu / n + 2 mu^2 / (n - 1) (from mu_4 = mu + 3 mu^2). Sums
//    are taken of x - mu in integers, so no precision is lost at 2^62. At 2^62 a
//    variate costs 2^26 parts (~1.6 s), so n = 8 there: the mean check is still
//    sharp (relative SE 1.6e-10), the variance check (relative SE 0.53) only
//    catches gross errors, e.g. a variance several times mu.
//  - no draw / reproducibility: exact (engine outputs and variates compared bit
//    for bit).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <boost/math/distributions/poisson.hpp>

#include "analysis/stats.hpp"
#include "sim/random/poisson.hpp"
#include "sim/random/rng.hpp"

using pacsim::Engine;
using pacsim::poisson_variate;

namespace {

constexpr std::uint64_t kMaster = 0x9015501ULL;

__extension__ using i128 = __int128;

// Histogram of n variates of Poisson(mu) in integer cells [lo_i, hi_i] covering
// mu +- 8 sd (everything below/above pooled into the first/last cell); chi-square
// against the Boost cdf.
pacsim::ChiSquare poisson_chi_square(double mu, std::size_t n, std::uint64_t cell) {
  const boost::math::poisson_distribution<double> law(mu);
  const double sd = std::sqrt(mu);
  const long long lo = std::max<long long>(0, static_cast<long long>(std::floor(mu - 8 * sd)));
  const long long hi = static_cast<long long>(std::ceil(mu + 8 * sd)) + 1;
  // Cells of width w so that there are at most ~200 of them.
  const long long w = std::max<long long>(1, (hi - lo) / 200);
  const std::size_t cells = static_cast<std::size_t>((hi - lo) / w + 1);
  std::vector<double> obs(cells + 2, 0.0), expct(cells + 2, 0.0);
  // cell 0: x < lo; cell i (1..cells): lo + (i-1) w <= x < lo + i w; last: x >= lo + cells w.
  const long long top = lo + static_cast<long long>(cells) * w;
  Engine eng = pacsim::make_engine(kMaster, cell, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const long long x = poisson_variate(eng, mu);
    std::size_t c;
    if (x < lo) c = 0;
    else if (x >= top) c = cells + 1;
    else c = static_cast<std::size_t>((x - lo) / w) + 1;
    obs[c] += 1;
  }
  const auto cdf = [&](long long k) { return k < 0 ? 0.0 : boost::math::cdf(law, static_cast<double>(k)); };
  const auto sf = [&](long long k) {  // P(X > k)
    return k < 0 ? 1.0 : boost::math::cdf(boost::math::complement(law, static_cast<double>(k)));
  };
  const double dn = static_cast<double>(n);
  expct[0] = dn * cdf(lo - 1);
  for (std::size_t i = 1; i <= cells; ++i) {
    const long long a = lo + static_cast<long long>(i - 1) * w, b = a + w - 1;
    // P(a <= X <= b), from whichever side is smaller (no cancellation in the tails).
    expct[i] = dn * (static_cast<double>(a) < mu ? cdf(b) - cdf(a - 1) : sf(a - 1) - sf(b));
  }
  expct[cells + 1] = dn * sf(top - 1);
  return pacsim::chi_square(obs, expct);
}

struct Moments {
  double mean_z, var_z, mean, var;
};

// Sample mean and variance of n variates of Poisson(mu) and their z-scores.
Moments moments(double mu, std::size_t n, std::uint64_t cell) {
  // mu is an integer in every call (1.5 * 2^36, 1e11, 1e12, 1e15, 2^62): deviations from it
  // are exact integers.
  const long long imu = static_cast<long long>(mu);
  REQUIRE(static_cast<double>(imu) == mu);
  Engine eng = pacsim::make_engine(kMaster, cell, 0);
  std::vector<long long> dev(n);
  i128 sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    dev[i] = poisson_variate(eng, mu) - imu;
    sum += dev[i];
  }
  const long double dn = static_cast<long double>(n);
  const long double mdev = static_cast<long double>(sum) / dn;
  long double ss = 0;
  for (const long long d : dev) ss += (static_cast<long double>(d) - mdev) * (static_cast<long double>(d) - mdev);
  const long double var = ss / (dn - 1);
  const long double mu_l = static_cast<long double>(mu);
  const long double se_mean = std::sqrt(mu_l / dn);
  const long double se_var = std::sqrt(mu_l / dn + 2 * mu_l * mu_l / (dn - 1));
  Moments m;
  m.mean = static_cast<double>(mu_l + mdev);
  m.var = static_cast<double>(var);
  m.mean_z = static_cast<double>(mdev / se_mean);
  m.var_z = static_cast<double>((var - mu_l) / se_var);
  return m;
}

}  // namespace

TEST_CASE("poisson: a mean <= 0 or NaN gives 0 without drawing", "[sim][poisson]") {
  const double means[] = {0.0, -0.0, -1.0, -1e300, -std::numeric_limits<double>::denorm_min(),
                          -std::numeric_limits<double>::infinity(), std::numeric_limits<double>::quiet_NaN(),
                          -std::numeric_limits<double>::quiet_NaN()};
  for (const double mu : means) {
    INFO("mean " << mu);
    Engine a = pacsim::make_engine(kMaster, 1, 2), b = pacsim::make_engine(kMaster, 1, 2);
    CHECK(poisson_variate(a, mu) == 0);
    CHECK(poisson_variate(a, mu) == 0);
    // The engine was not advanced: its next outputs are those of an untouched copy.
    CHECK(a() == b());
    CHECK(a() == b());
  }
  // A positive mean does draw (the check above can fail).
  Engine a = pacsim::make_engine(kMaster, 1, 2), b = pacsim::make_engine(kMaster, 1, 2);
  poisson_variate(a, 7.0);
  CHECK(a() != b());
}

TEST_CASE("poisson: the law at means 0.3, 7, 1e3 and 1e6 by chi-square", "[sim][poisson]") {
  std::uint64_t cell = 10;
  for (const double mu : {0.3, 7.0, 1e3, 1e6}) {
    const auto cs = poisson_chi_square(mu, 200000, ++cell);
    INFO("mean " << mu << ": chi2 " << cs.statistic << " dof " << cs.dof << " p " << cs.p_value);
    CHECK(cs.dof >= 2);
    CHECK(cs.p_value > 1e-4);
  }
}

TEST_CASE("poisson: means beyond 2^36 as sums of parts, mean and variance", "[sim][poisson]") {
  struct Case {
    double mu;
    std::size_t n;
  };
  std::uint64_t cell = 30;
  // 1.5 * 2^36: two parts; 1e11: two; 1e12: 15; 1e15: 14552.
  for (const Case c : {Case{1.5 * 68719476736.0, 200000}, Case{1e11, 200000}, Case{1e12, 200000},
                       Case{1e15, 10000}}) {
    const Moments m = moments(c.mu, c.n, ++cell);
    INFO("mean " << c.mu << " n=" << c.n << ": sample mean " << m.mean << " (z " << m.mean_z << "), sample variance "
                 << m.var << " (z " << m.var_z << ")");
    CHECK(std::fabs(m.mean_z) <= 4.0);
    CHECK(std::fabs(m.var_z) <= 4.0);
  }
}

TEST_CASE("poisson: mean 2^62 as 2^26 parts, mean and variance", "[sim][poisson][slow]") {
  const double mu = 0x1p62;
  const Moments m = moments(mu, 8, 40);
  INFO("sample mean " << m.mean << " (z " << m.mean_z << "), sample variance " << m.var << " (z " << m.var_z << ")");
  CHECK(std::fabs(m.mean_z) <= 4.0);
  CHECK(std::fabs(m.var_z) <= 4.0);
}

TEST_CASE("poisson: the same seed gives the same variates, bit for bit", "[sim][poisson]") {
  const double means[] = {0.3, 7.0, 29.9, 1e3, 1e6, 68719476736.0, 1.5 * 68719476736.0, 1e12, 0.0, -1.0};
  std::vector<long long> first, second;
  Engine a = pacsim::make_engine(kMaster, 50, 0);
  for (int rep = 0; rep < 50; ++rep)
    for (const double mu : means) first.push_back(poisson_variate(a, mu));
  Engine b = pacsim::make_engine(kMaster, 50, 0);
  for (int rep = 0; rep < 50; ++rep)
    for (const double mu : means) second.push_back(poisson_variate(b, mu));
  CHECK(first == second);
  CHECK(a() == b());  // the engines advanced alike
  // Another seed gives other variates.
  Engine c = pacsim::make_engine(kMaster, 51, 0);
  std::vector<long long> third;
  for (int rep = 0; rep < 50; ++rep)
    for (const double mu : means) third.push_back(poisson_variate(c, mu));
  CHECK(first != third);
}
