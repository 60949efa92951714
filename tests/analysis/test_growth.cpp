// Tests of analysis/growth: the growth exponent gamma of |S| ~ D^gamma, its 95%
// percentile bootstrap interval, the local slopes over the window and the
// straightness criterion, the curvature statistic, the bands' verdicts, and the
// sampled local slopes with their intervals.
//
// Tolerances:
//  - 1e-12 absolute on gamma for exact power laws (log-log least squares of
//    exact data; logs and QR lose a few ulps on values of order 1-10);
//  - 1e-12 absolute on the width of the interval of identical replicates (every
//    resample has the same mean, so every bootstrap slope is gamma; the
//    interpolation of equal order statistics may move an ulp);
//  - 1e-12 relative against a brute-force bootstrap (same engine, same draw
//    order; closed-form slopes instead of QR);
//  - coverage of the 95% interval over 200 independent noisy data sets (fixed
//    seeds) in [172, 199]. The percentile bootstrap of 20 replicates per D
//    under-covers: resampling shrinks the variance of a mean by 19/20 and the
//    spread is estimated from 19 degrees of freedom per D, so its coverage is
//    about 93% (92.8% over 2000 such data sets, against 94.1% for the normal
//    interval from the replicates' standard errors). Binomial(200, 0.93) has
//    mean 186 and sd 3.6: 172 is 4 sd below; all 200 covered has probability
//    5e-7 and would mean intervals too wide;
//  - curvature of exact quadratics in log D: 1e-10 absolute (QR of a 3-column
//    design with centred log D of order 10, values of order 10);
//  - exact slopes from theory/expect.hpp as tested there; the straightness
//    verdicts on them are exact decisions against the tolerance 0.01, with the
//    measured ranges (at least 2x away from it) stated where they are checked.
// Every engine has a fixed seed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "analysis/growth.hpp"
#include "sim/random/rng.hpp"
#include "theory/bounds.hpp"
#include "theory/expect.hpp"
#include "theory/world.hpp"

using namespace pacsim;

namespace {

const std::vector<double> Ds = {1000, 2000, 4000, 8000, 16000};

// reps identical replicates of |S| = c D^g at each D.
std::vector<std::vector<double>> exact(const std::vector<double>& D, double c, double g, std::size_t reps) {
  std::vector<std::vector<double>> u;
  for (const double d : D) u.emplace_back(reps, c * std::pow(d, g));
  return u;
}

// Replicates c D^g exp(sigma z), z standard normal from a fixed-seed engine:
// log-normal noise, so the mean is c exp(sigma^2 / 2) D^g and the slope is g.
std::vector<std::vector<double>> noisy(const std::vector<double>& D, double c, double g, std::size_t reps, double sigma,
                                       std::uint64_t seed) {
  Engine eng = make_engine(seed, 0, 0);
  boost::random::normal_distribution<double> z;
  std::vector<std::vector<double>> u;
  for (const double d : D) {
    std::vector<double> v(reps);
    for (double& x : v) x = c * std::pow(d, g) * std::exp(sigma * z(eng));
    u.push_back(v);
  }
  return u;
}

Engine boot_engine(std::uint64_t seed) { return make_engine(seed, 0, 0, Stream::bootstrap); }

// The points of a window, with an exact slope at each when `exact` is given.
std::vector<GrowthPoint> points(const std::vector<double>& D, const std::vector<std::vector<double>>& u,
                                const std::vector<double>& exact = {}) {
  std::vector<GrowthPoint> p;
  for (std::size_t i = 0; i < D.size(); ++i) {
    p.push_back({D[i], u[i]});
    if (!exact.empty()) p.back().exact_slope = exact[i];
  }
  return p;
}

GrowthFit fit(const std::vector<double>& D, const std::vector<std::vector<double>>& u, std::uint64_t bootstrap,
              Engine& eng, const std::vector<Preset>& bands, const std::vector<double>& exact = {}) {
  return fit_growth(points(D, u, exact), {bootstrap, kSlopeTolerance}, eng, bands);
}

// Least-squares slope in closed form, Sxy / Sxx.
double slope_closed(const std::vector<double>& x, const std::vector<double>& y) {
  long double xb = 0, yb = 0;
  for (std::size_t i = 0; i < x.size(); ++i) xb += x[i], yb += y[i];
  xb /= x.size();
  yb /= y.size();
  long double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) sxy += (x[i] - xb) * (y[i] - yb), sxx += (x[i] - xb) * (x[i] - xb);
  return static_cast<double>(sxy / sxx);
}

double type7(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double h = (static_cast<double>(v.size()) - 1) * q;
  const auto j = static_cast<std::size_t>(h);
  return j + 1 < v.size() ? v[j] + (h - static_cast<double>(j)) * (v[j + 1] - v[j]) : v[j];
}

}  // namespace

TEST_CASE("growth: exact power laws with identical replicates", "[analysis][growth]") {
  const std::vector<Preset> p = presets(0.28);  // draft [0.147, 0.24], v1 0.58, v3 0.44, v4 [0.44, 0.72]
  struct Case {
    double c, g;
    std::vector<std::string> verdicts;
  };
  const Case cases[] = {
      {3.7, 0.37, {"above", "below", "below", "below"}},
      {0.5, 0.2, {"inside", "below", "below", "below"}},
      {12, 0.6, {"above", "above", "above", "inside"}},
      {1, 0.9, {"above", "above", "above", "above"}},
  };
  for (const Case& k : cases) {
    INFO("c " << k.c << " gamma " << k.g);
    Engine eng = boot_engine(11);
    const GrowthFit f = fit(Ds, exact(Ds, k.c, k.g, 4), 200, eng, p);
    CHECK(f.gamma == Approx(k.g).margin(1e-12));
    CHECK(f.lo == Approx(k.g).margin(1e-12));
    CHECK(f.hi == Approx(k.g).margin(1e-12));
    CHECK(f.hi - f.lo == Approx(0).margin(1e-12));
    CHECK(f.verdicts == k.verdicts);
  }
  // Unsorted D and a shrinking |S|: the slope does not depend on the order.
  Engine eng = boot_engine(12);
  const std::vector<double> D = {8000, 1000, 4000};
  const GrowthFit f = fit(D, exact(D, 50, -0.25, 3), 100, eng, p);
  CHECK(f.gamma == Approx(-0.25).margin(1e-12));
  CHECK(f.verdicts == std::vector<std::string>{"below", "below", "below", "below"});
}

TEST_CASE("growth: the bootstrap interval of noisy replicates contains the true exponent", "[analysis][growth]") {
  const double g = 0.45;
  // One fixed data set. (Data seed 2024 gives [0.4278, 0.4486], which misses:
  // one of the 5%; the next test but one measures that rate.)
  const auto u = noisy(Ds, 2.5, g, 20, 0.05, 2025);
  Engine eng = boot_engine(5);
  const GrowthFit f = fit(Ds, u, 1000, eng, presets(0.28));
  INFO("gamma " << f.gamma << " in [" << f.lo << ", " << f.hi << "]");
  CHECK(f.lo < g);
  CHECK(g < f.hi);
  CHECK(f.lo < f.gamma);
  CHECK(f.gamma < f.hi);
  // The noise is 5% per replicate, so the interval is narrow but not empty:
  // slope se about (0.05 / sqrt(20)) / sqrt(sum (log D - mean)^2) = 0.005.
  CHECK(f.hi - f.lo > 0.005);
  CHECK(f.hi - f.lo < 0.05);
}

TEST_CASE("growth: the interval is the percentile bootstrap over replicates within each D (brute force)",
          "[analysis][growth]") {
  // Resample b, D value i, replicate r: draw an index uniformly in [0, reps);
  // y_i = log of the resample's mean; the interval is the 2.5% and 97.5% type-7
  // quantiles of the slopes. The same engine seed and draw order as growth.cpp.
  const auto u = noisy(Ds, 4, 0.3, 7, 0.2, 99);
  const std::uint64_t B = 400;
  Engine eng = boot_engine(3);
  const GrowthFit f = fit(Ds, u, B, eng, presets(0.28));

  Engine ref = boot_engine(3);
  boost::random::uniform_int_distribution<std::size_t> pick(0, 6);
  std::vector<double> x, slopes;
  for (const double d : Ds) x.push_back(std::log(d));
  for (std::uint64_t b = 0; b < B; ++b) {
    std::vector<double> y;
    for (const auto& reps : u) {
      double s = 0;
      for (std::size_t r = 0; r < reps.size(); ++r) s += reps[pick(ref)];
      y.push_back(std::log(s / static_cast<double>(reps.size())));
    }
    slopes.push_back(slope_closed(x, y));
  }
  std::vector<double> y;
  for (const auto& reps : u) {
    double s = 0;
    for (const double v : reps) s += v;
    y.push_back(std::log(s / static_cast<double>(reps.size())));
  }
  CHECK(f.gamma == Approx(slope_closed(x, y)).epsilon(1e-12));
  CHECK(f.lo == Approx(type7(slopes, 0.025)).epsilon(1e-12));
  CHECK(f.hi == Approx(type7(slopes, 0.975)).epsilon(1e-12));
  // The engine was advanced exactly as far as the reference's.
  CHECK(eng() == ref());
}

TEST_CASE("growth: coverage of the 95% interval over 200 data sets", "[analysis][growth]") {
  const double g = 0.33;
  int covered = 0;
  for (std::uint64_t s = 0; s < 200; ++s) {
    const auto u = noisy(Ds, 10, g, 20, 0.1, 1000 + s);
    Engine eng = boot_engine(s);
    const GrowthFit f = fit(Ds, u, 1000, eng, {});
    covered += f.lo <= g && g <= f.hi;
  }
  INFO("covered " << covered << " of 200");  // 179 with these seeds
  CHECK(covered >= 172);
  CHECK(covered <= 199);
}

TEST_CASE("growth: no estimate from fewer than two D", "[analysis][growth]") {
  const std::vector<Preset> p = presets(0.28);
  Engine eng = boot_engine(1);
  for (const std::vector<double>& D : {std::vector<double>{}, std::vector<double>{1000}}) {
    const GrowthFit f = fit(D, exact(D, 3, 0.5, 5), 100, eng, p);
    CHECK(std::isnan(f.gamma));
    CHECK(std::isnan(f.lo));
    CHECK(std::isnan(f.hi));
    CHECK(f.verdicts == std::vector<std::string>(4, "n/a"));
  }
}

TEST_CASE("growth: no interval from one replicate or no resamples", "[analysis][growth]") {
  const std::vector<Preset> p = presets(0.28);
  SECTION("one replicate") {
    Engine eng = boot_engine(1);
    const GrowthFit f = fit(Ds, exact(Ds, 3, 0.5, 1), 100, eng, p);
    CHECK(f.gamma == Approx(0.5).margin(1e-12));
    CHECK(std::isnan(f.lo));
    CHECK(std::isnan(f.hi));
    CHECK(f.verdicts == std::vector<std::string>(4, "n/a"));
  }
  SECTION("no resamples") {
    Engine eng = boot_engine(1);
    const GrowthFit f = fit(Ds, exact(Ds, 3, 0.5, 5), 0, eng, p);
    CHECK(f.gamma == Approx(0.5).margin(1e-12));
    CHECK(std::isnan(f.lo));
    CHECK(std::isnan(f.hi));
    CHECK(f.verdicts == std::vector<std::string>(4, "n/a"));
  }
}

TEST_CASE("growth: verdicts are theory's verdict() on the interval of a straight window", "[analysis][growth]") {
  const auto u = noisy(Ds, 2, 0.5, 10, 0.2, 7);
  Engine e0 = boot_engine(8);
  const GrowthFit plain = fit(Ds, u, 500, e0, {});
  const double lo = plain.lo, hi = plain.hi;
  REQUIRE(lo < hi);
  // Exact slopes in the middle of the interval: straight, and the union of the
  // two intervals is gamma's.
  const std::vector<double> mid(Ds.size(), (lo + hi) / 2);
  // One band per verdict, placed around the interval just found.
  const std::vector<Preset> p = {{"contains", "", lo - 0.01, hi + 0.01},
                                 {"above-it", "", hi + 0.01, hi + 0.1},
                                 {"below-it", "", lo - 0.1, lo - 0.01},
                                 {"cuts-it", "", (lo + hi) / 2, hi + 1}};
  Engine e2 = boot_engine(8);
  const GrowthFit f = fit(Ds, u, 500, e2, p, mid);
  REQUIRE(f.lo == lo);
  REQUIRE(f.hi == hi);
  CHECK(f.shape == "straight");
  CHECK(f.slopes_from == "exact");
  CHECK(f.total_lo == lo);
  CHECK(f.total_hi == hi);
  CHECK(f.verdicts == std::vector<std::string>{"inside", "below", "above", "straddling"});
  for (std::size_t i = 0; i < p.size(); ++i) CHECK(f.verdicts[i] == verdict(lo, hi, p[i]));
  // And with the paper's bands, printed and computed.
  std::vector<Preset> paper = printed_presets();
  for (const Preset& q : presets(0.28)) paper.push_back(q);
  Engine e3 = boot_engine(8);
  const GrowthFit g = fit(Ds, u, 500, e3, paper, mid);
  for (std::size_t i = 0; i < paper.size(); ++i) CHECK(g.verdicts[i] == verdict(lo, hi, paper[i]));
}

TEST_CASE("growth: the verdicts judge the union of gamma's interval and the local slopes' range",
          "[analysis][growth]") {
  // Identical replicates: gamma's interval is the point 0.2, inside [0.15, 0.25].
  // Exact slopes from 0.195 to 0.204 (straight at tolerance 0.01) but reaching
  // past a band's end make the verdict straddling.
  const auto u = exact(Ds, 3, 0.2, 4);
  const std::vector<double> slopes = {0.204, 0.202, 0.2, 0.198, 0.195};
  const std::vector<Preset> bands = {{"wide", "", 0.15, 0.25}, {"upper", "", 0.199, 0.3}, {"lower", "", 0.1, 0.2035}};
  Engine eng = boot_engine(4);
  const GrowthFit f = fit(Ds, u, 100, eng, bands, slopes);
  CHECK(f.gamma == Approx(0.2).margin(1e-12));
  CHECK(f.hi - f.lo == Approx(0).margin(1e-12));
  CHECK(f.slope_min == 0.195);
  CHECK(f.slope_max == 0.204);
  CHECK(f.shape == "straight");
  CHECK(f.total_lo == 0.195);
  CHECK(f.total_hi == 0.204);
  CHECK(f.verdicts == std::vector<std::string>{"inside", "straddling", "straddling"});
}

TEST_CASE("growth: gamma 0.142 (a = 7.14) is inside the draft's printed band, below the computed one",
          "[analysis][growth]") {
  const auto u = exact(Ds, 5, 0.142, 4);
  std::vector<Preset> bands = printed_presets();
  for (const Preset& q : presets(0.28)) bands.push_back(q);
  Engine eng = boot_engine(6);
  const GrowthFit f = fit(Ds, u, 100, eng, bands, std::vector<double>(Ds.size(), 0.142));
  REQUIRE(bands[0].name == "draft");
  REQUIRE(bands[4].name == "draft@beta");
  CHECK(f.verdicts[0] == "inside");  // [0.14, 0.24]
  CHECK(f.verdicts[4] == "below");   // [0.1467, 0.24]
}

TEST_CASE("growth: the same engine seed gives bit-identical fits", "[analysis][growth]") {
  const auto u = noisy(Ds, 3, 0.4, 8, 0.3, 42);
  Engine a = boot_engine(17), b = boot_engine(17), c = boot_engine(18);
  const GrowthFit fa = fit(Ds, u, 300, a, presets(0.28));
  const GrowthFit fb = fit(Ds, u, 300, b, presets(0.28));
  const GrowthFit fc = fit(Ds, u, 300, c, presets(0.28));
  CHECK(fa.gamma == fb.gamma);
  CHECK(fa.lo == fb.lo);
  CHECK(fa.hi == fb.hi);
  CHECK(fa.curvature_lo == fb.curvature_lo);
  CHECK(fa.curvature_hi == fb.curvature_hi);
  CHECK(fa.verdicts == fb.verdicts);
  CHECK(a() == b());
  // Another seed: the same estimate, another interval.
  CHECK(fc.gamma == fa.gamma);
  CHECK((fc.lo != fa.lo || fc.hi != fa.hi));
}

// --- Straightness ------------------------------------------------------------

namespace {

// The default study's D grid, 1e2..1e12, and its window, the largest half.
std::vector<double> decades() {
  std::vector<double> D;
  for (int e = 2; e <= 12; ++e) D.push_back(std::pow(10.0, e));
  return D;
}

// A world's points over the window of decades(): replicates all E|S| (so the
// sampled fit is theory's own) and the exact slope.
std::vector<GrowthPoint> world_window(const World& w, SamplingMode mode, std::size_t reps = 4) {
  const std::vector<double> D = decades();
  std::vector<GrowthPoint> out;
  for (std::size_t i = D.size() - 6; i < D.size(); ++i) {
    const UniqueGrowth g = unique_growth(w, static_cast<std::uint64_t>(D[i]), mode);
    out.push_back({D[i], std::vector<double>(reps, g.E_unique), g.slope});
  }
  return out;
}

}  // namespace

TEST_CASE("growth: a saturating world is curved over D = 1e7..1e12, M = inf worlds with a in 2..6 straight",
          "[analysis][growth]") {
  std::vector<Preset> bands = printed_presets();
  for (const SamplingMode mode : {SamplingMode::multinomial, SamplingMode::poisson}) {
    INFO(to_string(mode));
    Engine eng = boot_engine(1);
    const GrowthFit sat = fit_growth(world_window(World(1.2, 0, 1000000), mode), {100, kSlopeTolerance}, eng, bands);
    // The slope falls from 0.569 at D = 1e7 to 0 once every type is seen.
    CHECK(sat.slopes_from == "exact");
    CHECK(sat.slope_min == Approx(0).margin(1e-12));
    CHECK(sat.slope_max == Approx(0.569).margin(0.001));
    CHECK(sat.shape == "curved");
    CHECK(sat.verdicts == std::vector<std::string>(bands.size(), "curved"));
    // Measured slope ranges over the window: a = 2: 6e-5, 3: 6e-4, 4: 0.0018,
    // 5: 0.0032, 6: 0.0045, all within the tolerance 0.01; each contains 1/a's
    // neighbourhood from above.
    for (const double a : {2.0, 3.0, 4.0, 5.0, 6.0}) {
      INFO("a = " << a);
      const GrowthFit f = fit_growth(world_window(World(a, 0, kInfiniteM), mode), {100, kSlopeTolerance}, eng, bands);
      CHECK(f.shape == "straight");
      CHECK(f.slope_max - f.slope_min < 0.005);
      CHECK(f.slope_min > 1 / a);
      CHECK(f.slope_max < 1 / a + 0.006);
      CHECK(f.gamma > f.slope_min);  // the least-squares slope is an average of the local ones
      CHECK(f.gamma < f.slope_max);
      for (const std::string& v : f.verdicts) CHECK(v != "curved");
    }
  }
  // A tolerance below a = 6's range calls it curved: the criterion is the tolerance.
  Engine eng = boot_engine(2);
  CHECK(fit_growth(world_window(World(6, 0, kInfiniteM), SamplingMode::multinomial), {100, 0.004}, eng, bands).shape ==
        "curved");
}

TEST_CASE("growth: the curvature is the change of slope a quadratic in log D gives", "[analysis][growth]") {
  // log |S| = 1 + 0.3 x + k x^2, x = log D: the slope changes by 2 k (x_max - x_min).
  for (const double k : {0.0, 0.004, -0.01}) {
    std::vector<std::vector<double>> u;
    for (const double d : Ds) {
      const double x = std::log(d);
      u.emplace_back(3, std::exp(1 + 0.3 * x + k * x * x));
    }
    Engine eng = boot_engine(3);
    const GrowthFit f = fit(Ds, u, 100, eng, {});
    const double want = 2 * k * (std::log(Ds.back()) - std::log(Ds.front()));
    INFO("k " << k);
    CHECK(f.curvature == Approx(want).margin(1e-10));
    CHECK(f.curvature_lo == Approx(want).margin(1e-10));  // identical replicates: every resample is the data
    CHECK(f.curvature_hi == Approx(want).margin(1e-10));
  }
  // Two points leave it undefined.
  Engine eng = boot_engine(3);
  const std::vector<double> two = {1000, 4000};
  const GrowthFit f = fit(two, exact(two, 2, 0.3, 3), 100, eng, {});
  CHECK(std::isnan(f.curvature));
  CHECK(std::isnan(f.curvature_lo));
}

TEST_CASE("growth: without theory, the sampled curvature decides the shape", "[analysis][growth]") {
  const std::vector<Preset> bands = printed_presets();
  // Replicates of E|S| of the saturating world with 1% noise, no exact slopes.
  const World sat(1.2, 0, 1000000);
  const std::vector<double> D = decades();
  const std::vector<double> window(D.end() - 6, D.end());
  Engine noise = make_engine(31, 0, 0);
  boost::random::normal_distribution<double> z;
  std::vector<std::vector<double>> u;
  for (const double d : window) {
    const double E = unique_growth(sat, static_cast<std::uint64_t>(d), SamplingMode::multinomial).E_unique;
    std::vector<double> v(8);
    for (double& x : v) x = E * std::exp(0.01 * z(noise));
    u.push_back(v);
  }
  Engine eng = boot_engine(9);
  const GrowthFit f = fit(window, u, 500, eng, bands);
  CHECK(f.slopes_from == "sampled");
  CHECK(f.curvature_hi < -kSlopeTolerance);  // about -0.39
  CHECK(f.shape == "curved");
  CHECK(f.verdicts == std::vector<std::string>(bands.size(), "curved"));
  // A power law with the same noise: the curvature's interval is within +-0.01.
  Engine e2 = boot_engine(9);
  const GrowthFit g = fit(window, noisy(window, 2, 0.2, 8, 0.01, 32), 500, e2, bands);
  INFO("curvature " << g.curvature << " [" << g.curvature_lo << ", " << g.curvature_hi << "]");
  CHECK(g.shape == "straight");
  CHECK(g.verdicts[0] == verdict(g.total_lo, g.total_hi, bands[0]));
  CHECK(g.total_lo <= g.lo);
  CHECK(g.total_hi >= g.hi);
  // With 30% noise the interval spans the tolerance: the data cannot tell.
  Engine e3 = boot_engine(9);
  const GrowthFit h = fit(window, noisy(window, 2, 0.2, 8, 0.3, 33), 500, e3, bands);
  INFO("curvature " << h.curvature << " [" << h.curvature_lo << ", " << h.curvature_hi << "]");
  CHECK(h.shape == "n/a");
  CHECK(h.verdicts == std::vector<std::string>(bands.size(), "n/a"));
}

TEST_CASE("growth: one replicate gives a shape from theory but no verdict", "[analysis][growth]") {
  const std::vector<Preset> bands = printed_presets();
  Engine eng = boot_engine(1);
  const GrowthFit straight = fit_growth(world_window(World(5, 0, kInfiniteM), SamplingMode::multinomial, 1),
                                        {100, kSlopeTolerance}, eng, bands);
  CHECK(straight.shape == "straight");
  CHECK(std::isnan(straight.lo));
  CHECK(straight.verdicts == std::vector<std::string>(bands.size(), "n/a"));
  const GrowthFit curved = fit_growth(world_window(World(1.2, 0, 1000000), SamplingMode::multinomial, 1),
                                      {100, kSlopeTolerance}, eng, bands);
  CHECK(curved.verdicts == std::vector<std::string>(bands.size(), "curved"));
}

// --- Sampled local slopes ----------------------------------------------------

TEST_CASE("growth: local slopes of an exact power law", "[analysis][growth]") {
  const std::vector<double> D = {100, 1000, 3000, 1e5};
  Engine eng = boot_engine(2);
  const std::vector<LocalSlope> s = local_slopes(points(D, exact(D, 7, 0.37, 3)), 200, eng);
  REQUIRE(s.size() == 3);
  for (const LocalSlope& x : s) {
    CHECK(x.slope == Approx(0.37).margin(1e-12));
    CHECK(x.lo == Approx(0.37).margin(1e-12));
    CHECK(x.hi == Approx(0.37).margin(1e-12));
  }
  CHECK(local_slopes(points({100}, exact({100}, 7, 0.37, 3)), 200, eng).empty());
}

TEST_CASE("growth: local slopes' intervals are the percentile bootstrap (brute force)", "[analysis][growth]") {
  const auto u = noisy(Ds, 4, 0.3, 7, 0.2, 99);
  const std::uint64_t B = 300;
  Engine eng = boot_engine(5);
  const std::vector<LocalSlope> s = local_slopes(points(Ds, u), B, eng);
  Engine ref = boot_engine(5);
  boost::random::uniform_int_distribution<std::size_t> pick(0, 6);
  std::vector<std::vector<double>> slopes(Ds.size() - 1);
  for (std::uint64_t b = 0; b < B; ++b) {
    std::vector<double> y;
    for (const auto& reps : u) {
      double sum = 0;
      for (std::size_t r = 0; r < reps.size(); ++r) sum += reps[pick(ref)];
      y.push_back(std::log(sum / static_cast<double>(reps.size())));
    }
    for (std::size_t i = 0; i + 1 < Ds.size(); ++i) slopes[i].push_back((y[i + 1] - y[i]) / std::log(Ds[i + 1] / Ds[i]));
  }
  REQUIRE(s.size() == Ds.size() - 1);
  for (std::size_t i = 0; i + 1 < Ds.size(); ++i) {
    INFO("slope " << i);
    double a = 0, b = 0;
    for (const double v : u[i]) a += v;
    for (const double v : u[i + 1]) b += v;
    CHECK(s[i].slope == Approx(std::log(b / a) / std::log(Ds[i + 1] / Ds[i])).epsilon(1e-12));
    CHECK(s[i].lo == Approx(type7(slopes[i], 0.025)).epsilon(1e-12));
    CHECK(s[i].hi == Approx(type7(slopes[i], 0.975)).epsilon(1e-12));
    CHECK(s[i].lo < s[i].slope);
    CHECK(s[i].slope < s[i].hi);
  }
  CHECK(eng() == ref());
}

TEST_CASE("growth: local slopes are undefined at a mean of 0, intervals without replicates", "[analysis][growth]") {
  const std::vector<double> D = {10, 100, 1000};
  Engine eng = boot_engine(1);
  const std::vector<LocalSlope> s = local_slopes(points(D, {{0, 0}, {5, 7}, {30, 34}}), 100, eng);
  REQUIRE(s.size() == 2);
  CHECK(std::isnan(s[0].slope));
  CHECK(std::isnan(s[0].lo));
  CHECK(s[1].slope == Approx(std::log(32.0 / 6.0) / std::log(10.0)).epsilon(1e-14));
  const std::vector<LocalSlope> one = local_slopes(points(D, {{3}, {5}, {30}}), 100, eng);
  CHECK(one[0].slope == Approx(std::log(5.0 / 3.0) / std::log(10.0)).epsilon(1e-14));
  CHECK(std::isnan(one[0].lo));
  CHECK(std::isnan(one[1].hi));
}
