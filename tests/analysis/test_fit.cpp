// Tests of analysis/fit: fit_study on a hand-built StudyResults (two worlds, two
// modes, a grid of D with three cells per corpus: class all, and class top with
// N = 9 and N = 99), where |S| = c D^gamma exactly per (world, mode) and the
// eps replicates follow Theorem 1's q = C D^(-1/2) d^(1/2) exactly; then its
// printed reports and its /fits and /slopes tables. The hand-built cells carry
// no a, b, M unless a test adds them, so the straightness of these exact power
// laws comes from their sampled curvature (0); with them, from theory.
//
// Tolerances:
//  - 1e-12 absolute on gamma and its interval from identical replicates
//    (log-log least squares of exact data; every bootstrap slope is gamma);
//  - 1e-9 absolute on Theorem 1's exponents (see test_theorem1.cpp);
//  - 1e-12 relative on doubling factors, C1, C2, C3, C5 against their
//    formulas evaluated here (a few pows, logs and products);
//  - 1e-12 absolute on the drifts;
//  - exact (==) against analysis/ called directly on the same numbers (growth
//    with the group's engine, theorem1) and between the table and the rows;
//  - TSV numbers to 6 significant digits ({:.6g}): 1e-5 relative;
//  - exact slopes and E|S| in /slopes: == unique_growth() of the same world.
// Every engine has a fixed seed.
#include <catch2/catch.hpp>

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "analysis/fit.hpp"
#include "analysis/growth.hpp"
#include "analysis/report.hpp"
#include "analysis/theorem1.hpp"
#include "sim/random/rng.hpp"
#include "theory/bounds.hpp"
#include "theory/expect.hpp"

using namespace pacsim;

namespace {

// In grid order: worlds, then D, then mode. World B is listed first and mode
// poisson before multinomial, so the order of first appearance is not the
// sorted order.
const std::string wB = "zm:a=2,b=0,M=inf", wA = "zm:a=1.2,b=0,M=1000";
const std::vector<std::string> worlds = {wB, wA}, modes = {"poisson", "multinomial"};
const std::vector<double> grid_D = {1000, 2000, 4000, 8000, 16000};

// Per group (in order of first appearance): |S| = c D^gamma.
struct Law {
  double c, gamma;
};
const std::vector<Law> laws = {{20, 0.5}, {30, 0.2}, {5, 0.8}, {40, 0.3}};
constexpr double eps_C = 0.2;  // q = eps_C D^(-1/2) d^(1/2)

// The three cells of every corpus: class, N, k.
struct Kind {
  std::string cls;
  double N, k;
};
const std::vector<Kind> kinds = {{"all", 0, 8}, {"top", 9, 16}, {"top", 99, 4}};

double d_of(const Kind& kd, double S) { return kd.cls == "top" ? std::min(S, kd.N + 1) : S; }

// |S| of replicate r of group g at D.
using UniqueFn = std::function<double(std::size_t g, double D, std::size_t r)>;

UniqueFn exact_unique() {
  return [](std::size_t g, double D, std::size_t) { return laws[g].c * std::pow(D, laws[g].gamma); };
}

StudyResults study(const std::vector<std::string>& ws, const std::vector<std::string>& ms,
                   const std::vector<double>& Ds, std::uint64_t reps, const UniqueFn& unique) {
  StudyResults r;
  r.reps = reps;
  std::vector<std::string> world, mode, cls;
  std::vector<std::uint64_t> D, k, N;
  std::vector<double> uniq, eps;
  for (std::size_t w = 0; w < ws.size(); ++w)
    for (const double d : Ds)
      for (std::size_t m = 0; m < ms.size(); ++m) {
        const std::size_t g = w * ms.size() + m;
        std::vector<double> S(reps);
        double sum = 0;
        for (std::size_t j = 0; j < reps; ++j) sum += S[j] = unique(g, d, j);
        const double S_mean = sum / static_cast<double>(reps);
        for (const Kind& kd : kinds) {
          world.push_back(ws[w]);
          D.push_back(static_cast<std::uint64_t>(d));
          mode.push_back(ms[m]);
          k.push_back(static_cast<std::uint64_t>(kd.k));
          cls.push_back(kd.cls);
          N.push_back(static_cast<std::uint64_t>(kd.N));
          const double q = eps_C * std::sqrt(d_of(kd, S_mean) / d);
          for (std::size_t j = 0; j < reps; ++j) {
            uniq.push_back(S[j]);
            eps.push_back(q);
          }
        }
      }
  r.cells.add("world", world);
  r.cells.add("D", D);
  r.cells.add("mode", mode);
  r.cells.add("k", k);
  r.cells.add("class", cls);
  r.cells.add("N", N);
  r.metrics.add("unique", uniq);
  r.metrics.add("eps", eps);
  return r;
}

StudyResults exact_study() { return study(worlds, modes, grid_D, 3, exact_unique()); }

// The world's parameters of every cell, as a results file has them.
void add_world_columns(StudyResults& r) {
  std::vector<double> a, b, M;
  for (const std::string& w : r.cells.strings("world")) {
    a.push_back(w == wB ? 2 : 1.2);
    b.push_back(0);
    M.push_back(w == wB ? INFINITY : 1000);
  }
  r.cells.add("a", a);
  r.cells.add("b", b);
  r.cells.add("M", M);
}

// The printed presets then the computed ones: eight verdicts.
std::vector<std::string> twice(const std::vector<std::string>& v) {
  std::vector<std::string> out = v;
  out.insert(out.end(), v.begin(), v.end());
  return out;
}

FitOptions options(std::uint64_t bootstrap = 200, std::uint64_t seed = 9, double from_D = 0) {
  FitOptions o;
  o.bootstrap = bootstrap;
  o.seed = seed;
  o.from_D = from_D;
  return o;
}

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(s);
  while (std::getline(in, field, sep)) out.push_back(field);
  return out;
}

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

TEST_CASE("fit: fit_metrics", "[analysis][fit]") { CHECK(fit_metrics() == std::vector<std::string>{"unique", "eps"}); }

TEST_CASE("fit: one row per (world, mode) in order of first appearance", "[analysis][fit]") {
  const Fits f = fit_study(exact_study(), options());
  REQUIRE(f.rows.size() == 4);
  CHECK(f.rows[0].world == wB);
  CHECK(f.rows[0].mode == "poisson");
  CHECK(f.rows[1].world == wB);
  CHECK(f.rows[1].mode == "multinomial");
  CHECK(f.rows[2].world == wA);
  CHECK(f.rows[2].mode == "poisson");
  CHECK(f.rows[3].world == wA);
  CHECK(f.rows[3].mode == "multinomial");
  // The bands: printed, then computed at the law's beta.
  REQUIRE(f.bands.size() == 8);
  CHECK(f.bands[0].name == "draft");
  CHECK(f.bands[0].lo == 0.14);
  CHECK(f.bands[0].hi == 0.24);
  CHECK(f.bands[4].name == "draft@beta");
  CHECK(f.bands[4].lo == Approx(0.44 / 3).epsilon(1e-12));
  CHECK(f.bands[4].hi == Approx(0.24).epsilon(1e-12));
  CHECK(f.bands[7].name == "arxiv-v4@beta");
  // User bands come last.
  FitOptions o = options();
  o.user_bands = {{"band_0.1_0.3", "given", 0.1, 0.3}};
  const Fits u = fit_study(exact_study(), o);
  REQUIRE(u.bands.size() == 9);
  CHECK(u.bands[8].name == "band_0.1_0.3");
  CHECK(u.rows[1].verdicts[8] == "inside");  // gamma 0.2
  CHECK(u.rows[0].verdicts[8] == "above");   // gamma 0.5
}

TEST_CASE("fit: gamma, its interval, verdicts and doubling of exact power laws", "[analysis][fit]") {
  const Fits f = fit_study(exact_study(), options());
  // draft [0.147, 0.24], arxiv-v1 0.58, arxiv-v3 0.44, arxiv-v4 [0.44, 0.72].
  const std::vector<std::vector<std::string>> verdicts = {{"above", "below", "above", "inside"},
                                                          {"inside", "below", "below", "below"},
                                                          {"above", "above", "above", "above"},
                                                          {"above", "below", "below", "below"}};
  for (std::size_t g = 0; g < 4; ++g) {
    const FitRow& row = f.rows[g];
    const double gamma = laws[g].gamma;
    INFO("group " << g);
    CHECK(row.points == 3);  // the largest half of five D values: 4000, 8000, 16000
    CHECK(row.gamma == Approx(gamma).margin(1e-12));
    CHECK(row.gamma_lo == Approx(gamma).margin(1e-12));
    CHECK(row.gamma_hi == Approx(gamma).margin(1e-12));
    CHECK(row.verdicts == twice(verdicts[g]));
    CHECK(row.shape == "straight");
    CHECK(row.slopes_from == "sampled");  // no a, b, M: no theory
    CHECK(row.slope_min == Approx(gamma).margin(1e-12));
    CHECK(row.slope_max == Approx(gamma).margin(1e-12));
    CHECK(row.curvature == Approx(0).margin(1e-10));
    CHECK(row.window_lo == 4000);
    CHECK(row.window_hi == 16000);
    CHECK(std::isnan(row.a));
    CHECK(row.doubling == Approx(std::pow(2.0, 1 / gamma)).epsilon(1e-12));
    CHECK(row.doubling_lo == Approx(std::pow(2.0, 1 / gamma)).epsilon(1e-12));
    CHECK(row.doubling_hi == Approx(std::pow(2.0, 1 / gamma)).epsilon(1e-12));
  }
}

TEST_CASE("fit: the window of D values gamma is fitted over", "[analysis][fit]") {
  // One group; |S| follows c D^gamma only at the D values the window should
  // hold, and is 1 below them, so a wrong window gives a wrong gamma.
  // Largest half, at least two: n = 1..7 D values -> 1, 2, 2, 2, 3, 3, 4.
  const std::size_t expected[] = {1, 2, 2, 2, 3, 3, 4};
  for (std::size_t n = 1; n <= 7; ++n) {
    std::vector<double> Ds;
    for (std::size_t i = 0; i < n; ++i) Ds.push_back(1000.0 * std::pow(2.0, static_cast<double>(i)));
    const double first = Ds[n - expected[n - 1]];
    const UniqueFn u = [first](std::size_t, double D, std::size_t) { return D >= first ? 20 * std::sqrt(D) : 1.0; };
    const Fits f = fit_study(study({wA}, {"draws"}, Ds, 2, u), options());
    REQUIRE(f.rows.size() == 1);
    INFO(n << " D values");
    CHECK(f.rows[0].points == expected[n - 1]);
    if (expected[n - 1] >= 2)
      CHECK(f.rows[0].gamma == Approx(0.5).margin(1e-12));
    else
      CHECK(std::isnan(f.rows[0].gamma));
  }
  // from_D: D >= from_D, however many that is.
  const StudyResults r = exact_study();
  const Fits f4 = fit_study(r, options(200, 9, 2000));
  CHECK(f4.rows[0].points == 4);
  CHECK(f4.rows[0].gamma == Approx(0.5).margin(1e-12));
  const Fits f2 = fit_study(r, options(200, 9, 7000));
  CHECK(f2.rows[0].points == 2);
  const Fits f1 = fit_study(r, options(200, 9, 16000));
  CHECK(f1.rows[0].points == 1);
  const Fits f0 = fit_study(r, options(200, 9, 1e9));
  CHECK(f0.rows[0].points == 0);
  for (const Fits* f : {&f1, &f0}) {
    const FitRow& row = f->rows[0];
    CHECK(std::isnan(row.gamma));
    CHECK(std::isnan(row.gamma_lo));
    CHECK(std::isnan(row.doubling));
    CHECK(std::isnan(row.doubling_lo));
    CHECK(std::isnan(row.C3_drift));
    CHECK(std::isnan(row.C5_drift));
    CHECK(row.verdicts == std::vector<std::string>(8, "n/a"));
    CHECK(row.shape == "n/a");
    // The constants at the largest D do not need gamma.
    CHECK(std::isfinite(row.C5));
    CHECK(row.C5 == Approx(fit_study(r, options()).rows[0].C5).epsilon(1e-15));
  }
}

TEST_CASE("fit: the interval is growth's, with each group's own bootstrap engine", "[analysis][fit]") {
  // Noisy replicates (log-normal, 20%, fixed seed): the interval has width, and
  // is the one fit_growth gives over the window with the engine of (seed, group
  // index, 0, bootstrap).
  Engine noise = make_engine(77, 0, 0);
  boost::random::normal_distribution<double> z;
  std::map<std::tuple<std::size_t, double, std::size_t>, double> drawn;
  const UniqueFn u = [&](std::size_t g, double D, std::size_t r) {
    const auto key = std::make_tuple(g, D, r);
    if (!drawn.count(key)) drawn[key] = laws[g].c * std::pow(D, laws[g].gamma) * std::exp(0.2 * z(noise));
    return drawn[key];
  };
  const StudyResults r = study(worlds, modes, grid_D, 6, u);
  FitOptions o = options(300, 31);
  // A tolerance wide enough for the noise: the windows are straight, so each
  // has a doubling factor (a curved window has none).
  o.tolerance = 10;
  const Fits f = fit_study(r, o);
  const Fits strict = fit_study(r, options(300, 31));
  const std::vector<double> window = {4000, 8000, 16000};
  for (std::size_t g = 0; g < 4; ++g) {
    INFO("group " << g);
    std::vector<std::vector<double>> unique;
    for (const double D : window) {
      std::vector<double> v;
      for (std::size_t j = 0; j < 6; ++j) v.push_back(drawn.at(std::make_tuple(g, D, j)));
      unique.push_back(v);
    }
    Engine eng = make_engine(31, g, 0, Stream::bootstrap);
    std::vector<GrowthPoint> points;
    for (std::size_t i = 0; i < window.size(); ++i) points.push_back({window[i], unique[i]});
    const GrowthFit direct = fit_growth(points, {300, 10}, eng, f.bands);
    const FitRow& row = f.rows[g];
    CHECK(row.gamma == direct.gamma);
    CHECK(row.gamma_lo == direct.lo);
    CHECK(row.gamma_hi == direct.hi);
    CHECK(row.verdicts == direct.verdicts);
    CHECK(row.curvature_lo == direct.curvature_lo);
    CHECK(row.shape == direct.shape);
    CHECK(row.gamma_total_lo == direct.total_lo);
    REQUIRE(row.gamma_lo < row.gamma_hi);
    // doubling_lo comes from the judged interval's top and doubling_hi from its bottom.
    REQUIRE(row.shape == "straight");
    CHECK(row.doubling_lo == doubling_factor(row.gamma_total_hi));
    CHECK(row.doubling_hi == doubling_factor(row.gamma_total_lo));
    CHECK(row.doubling_lo < row.doubling);
    CHECK(row.doubling < row.doubling_hi);
    // At the default tolerance the noisy windows are not known to be straight: no doubling factor.
    CHECK(strict.rows[g].shape != "straight");
    CHECK(std::isnan(strict.rows[g].doubling));
    CHECK(std::isnan(strict.rows[g].doubling_lo));
    CHECK(std::isnan(strict.rows[g].doubling_hi));
  }
  // Another seed, another interval; the same seed, the same fits.
  CHECK(fit_study(r, options(300, 32)).rows[0].gamma_lo != f.rows[0].gamma_lo);
  CHECK(fit_study(r, o).rows[3].gamma_hi == f.rows[3].gamma_hi);
}

TEST_CASE("fit: Theorem 1's exponents and constants over the group's cells", "[analysis][fit]") {
  const StudyResults r = exact_study();
  const FitOptions o = options();
  const Fits f = fit_study(r, o);
  for (std::size_t g = 0; g < 4; ++g) {
    INFO("group " << g);
    const FitRow& row = f.rows[g];
    CHECK(row.eps_exp_D == Approx(-0.5).margin(1e-9));
    CHECK(row.eps_exp_d == Approx(0.5).margin(1e-9));
    // The same cells by hand: d = |S| for class all, min(|S|, N + 1) for top.
    std::vector<EpsCell> cells;
    std::vector<double> c1, c2;
    for (const double D : grid_D) {
      const double S = laws[g].c * std::pow(D, laws[g].gamma);
      for (const Kind& kd : kinds) {
        const double d = d_of(kd, S), q = eps_C * std::sqrt(d / D);
        cells.push_back({D, d, kd.k, std::vector<double>(3, q)});
        c1.push_back(D * q * q / (d + std::log(1 / o.delta)));
        c2.push_back(D * q * q / (d * std::log(kd.k) + std::log(1 / o.delta)));
      }
    }
    CHECK(row.C1 == Approx(median_of(c1)).epsilon(1e-12));
    CHECK(row.C2 == Approx(median_of(c2)).epsilon(1e-12));
    const Theorem1Fit t = fit_theorem1(cells, o.delta);
    CHECK(row.eps_exp_D == Approx(t.exp_D).margin(1e-12));
    CHECK(row.eps_exp_d == Approx(t.exp_d).margin(1e-12));
  }
}

TEST_CASE("fit: eq. (11) and (15)'s constants at the largest D and their drifts", "[analysis][fit]") {
  for (const bool besiroglu : {false, true}) {
    FitOptions o = options();
    if (besiroglu) {
      o.law_name = "besiroglu";
      o.law = chinchilla_besiroglu();
    }
    const double B = o.law.B, beta = o.law.beta;
    const Fits f = fit_study(exact_study(), o);
    for (std::size_t g = 0; g < 4; ++g) {
      INFO("besiroglu " << besiroglu << " group " << g);
      const FitRow& row = f.rows[g];
      const double D = 16000, S = laws[g].c * std::pow(D, laws[g].gamma);
      // The smallest k > 1 of the group's cells is 4.
      CHECK(row.C3 == Approx(B * std::pow(D, 0.5 - beta) / (std::log(4.0) * std::pow(S, 1.5))).epsilon(1e-12));
      CHECK(row.C5 == Approx(B * std::pow(D, 1 - beta) / (S * S * S)).epsilon(1e-12));
      CHECK(row.C3_drift == Approx(0.5 - beta - 1.5 * laws[g].gamma).margin(1e-12));
      CHECK(row.C5_drift == Approx(1 - beta - 3 * laws[g].gamma).margin(1e-12));
      CHECK(row.C5_drift == Approx(1 - beta - 3 * row.gamma).margin(1e-15));
    }
  }
}

TEST_CASE("fit: the printed fits, in TSV", "[analysis][fit]") {
  const Fits f = fit_study(exact_study(), options(200, 9, 16000));  // one point: gamma and friends undefined
  const std::vector<std::string> lines = split(format_report(fits_report(f), TableFormat::tsv), '\n');
  REQUIRE(lines.size() == 5);
  const std::string header =
      "world\ta\tb\tM\tmode\tpoints\twindow_lo\twindow_hi\tgamma\tgamma_lo\tgamma_hi\tslope_min\tslope_max\t"
      "slopes_from\tcurvature\tcurvature_lo\tcurvature_hi\tshape\tgamma_total_lo\tgamma_total_hi\tdoubling\t"
      "doubling_lo\tdoubling_hi\tverdict_draft\tverdict_arxiv-v1\tverdict_arxiv-v3\tverdict_arxiv-v4\t"
      "verdict_draft_beta\tverdict_arxiv-v1_beta\tverdict_arxiv-v3_beta\tverdict_arxiv-v4_beta\teps_exp_D\t"
      "eps_exp_d\tC1\tC2\tC3\tC3_drift\tC5\tC5_drift";
  CHECK(lines[0] == header);
  const std::size_t width = split(header, '\t').size();
  for (std::size_t g = 0; g < 4; ++g) {
    INFO("row " << g << ": " << lines[g + 1]);
    const FitRow& row = f.rows[g];
    const std::vector<std::string> x = split(lines[g + 1] + "\t", '\t');  // keep a trailing empty field
    REQUIRE(x.size() == width);
    CHECK(x[0] == row.world);
    CHECK(x[4] == row.mode);
    CHECK(x[5] == "1");
    CHECK(x[6] == "16000");
    CHECK(x[7] == "16000");
    for (std::size_t i = 8; i <= 22; ++i)  // gamma .. doubling_hi undefined, shape n/a
      CHECK(x[i] == (i == 17 ? "n/a" : ""));
    for (std::size_t i = 23; i <= 30; ++i) CHECK(x[i] == "n/a");
    const double numbers[] = {row.C1, row.C2, row.C3};
    for (std::size_t i = 0; i < 3; ++i) CHECK(std::stod(x[33 + i]) == Approx(numbers[i]).epsilon(1e-5));
    CHECK(x[36] == "");  // C3_drift
    CHECK(std::stod(x[37]) == Approx(row.C5).epsilon(1e-5));
    CHECK(x[38] == "");  // C5_drift
  }
  // With a full window: the numbers and verdicts of the rows.
  const Fits full = fit_study(exact_study(), options());
  const std::vector<std::string> row0 = split(split(format_report(fits_report(full), TableFormat::tsv), '\n').at(1), '\t');
  REQUIRE(row0.size() == width);
  CHECK(row0[5] == "3");
  CHECK(row0[8] == "0.5");
  CHECK(row0[13] == "sampled");
  CHECK(row0[17] == "straight");
  CHECK(row0[20] == "4");  // 2^(1/0.5)
  CHECK(row0[23] == "above");
  CHECK(row0[26] == "inside");
  CHECK(std::stod(row0[38]) == Approx(1 - 0.28 - 3 * 0.5).epsilon(1e-5));
  // No format prints nan or inf for the undefined numbers.
  for (const TableFormat fmt : {TableFormat::tsv, TableFormat::csv, TableFormat::latex, TableFormat::md})
    for (const Fits* x : {&f, &full})
      for (const Report& r : {fits_report(*x), slopes_report(*x)}) {
        std::string text = format_report(r, fmt);
        CHECK(text.find("nan") == std::string::npos);
        for (std::size_t at; (at = text.find("M=inf")) != std::string::npos;) text.erase(at, 5);  // a world's name
        CHECK(text.find("inf") == std::string::npos);  // the cells have no M column: it is undefined
      }
}

TEST_CASE("fit: the /fits table", "[analysis][fit]") {
  FitOptions o = options(250, 12345, 3000);
  o.delta = 0.2;
  o.tolerance = 0.02;
  StudyResults r = exact_study();
  add_world_columns(r);
  const Fits f = fit_study(r, o);
  const Table t = fits_table(f);
  std::vector<std::string> names;
  for (const Table::Entry& e : t.columns()) names.push_back(e.name);
  CHECK(names == std::vector<std::string>{"world",
                                          "mode",
                                          "a",
                                          "b",
                                          "M",
                                          "points",
                                          "window_lo",
                                          "window_hi",
                                          "gamma",
                                          "gamma_lo",
                                          "gamma_hi",
                                          "slope_min",
                                          "slope_max",
                                          "curvature",
                                          "curvature_lo",
                                          "curvature_hi",
                                          "gamma_total_lo",
                                          "gamma_total_hi",
                                          "doubling",
                                          "doubling_lo",
                                          "doubling_hi",
                                          "slopes_from",
                                          "shape",
                                          "verdict_draft",
                                          "verdict_arxiv-v1",
                                          "verdict_arxiv-v3",
                                          "verdict_arxiv-v4",
                                          "verdict_draft_beta",
                                          "verdict_arxiv-v1_beta",
                                          "verdict_arxiv-v3_beta",
                                          "verdict_arxiv-v4_beta",
                                          "eps_exp_D",
                                          "eps_exp_d",
                                          "C1",
                                          "C2",
                                          "C3",
                                          "C3_drift",
                                          "C5",
                                          "C5_drift"});
  for (const Table::Entry& e : t.columns()) CHECK(column_length(e.values) == 4);
  CHECK(t.strings("world") == std::vector<std::string>{wB, wB, wA, wA});
  CHECK(t.strings("mode") == std::vector<std::string>{"poisson", "multinomial", "poisson", "multinomial"});
  CHECK(t.doubles("points") == std::vector<double>(4, 3.0));  // float64 (SCHEMA.md); D >= 3000: 3 of 5
  CHECK(t.doubles("a") == std::vector<double>{2, 2, 1.2, 1.2});
  CHECK(t.doubles("b") == std::vector<double>(4, 0.0));
  CHECK(t.doubles("M") == std::vector<double>{INFINITY, INFINITY, 1000, 1000});
  CHECK(t.doubles("window_lo") == std::vector<double>(4, 4000.0));
  CHECK(t.doubles("window_hi") == std::vector<double>(4, 16000.0));
  // The worlds' exact slopes (the cells carry a, b, M): a = 2, M = inf is
  // straight; a = 1.2, M = 1000 bends as it nears |S| = M. The hand-built |S|
  // of the second group grows as D^0.2 while its world's slope is 0.5: the
  // judged interval spans both, and straddles the draft's band.
  CHECK(t.strings("slopes_from") == std::vector<std::string>(4, "exact"));
  CHECK(t.strings("shape") == std::vector<std::string>{"straight", "straight", "curved", "curved"});
  CHECK(t.strings("verdict_draft") == std::vector<std::string>{"above", "straddling", "curved", "curved"});
  CHECK(f.rows[1].gamma_total_lo == Approx(0.2).margin(1e-12));
  CHECK(f.rows[1].gamma_total_hi == f.rows[1].slope_max);
  CHECK(f.rows[1].slope_max > 0.5);

  // Every number is its row's.
  const std::pair<const char*, double FitRow::*> members[] = {{"gamma", &FitRow::gamma},
                                                              {"gamma_lo", &FitRow::gamma_lo},
                                                              {"gamma_hi", &FitRow::gamma_hi},
                                                              {"slope_min", &FitRow::slope_min},
                                                              {"slope_max", &FitRow::slope_max},
                                                              {"curvature", &FitRow::curvature},
                                                              {"curvature_lo", &FitRow::curvature_lo},
                                                              {"curvature_hi", &FitRow::curvature_hi},
                                                              {"gamma_total_lo", &FitRow::gamma_total_lo},
                                                              {"gamma_total_hi", &FitRow::gamma_total_hi},
                                                              {"doubling", &FitRow::doubling},
                                                              {"doubling_lo", &FitRow::doubling_lo},
                                                              {"doubling_hi", &FitRow::doubling_hi},
                                                              {"eps_exp_D", &FitRow::eps_exp_D},
                                                              {"eps_exp_d", &FitRow::eps_exp_d},
                                                              {"C1", &FitRow::C1},
                                                              {"C2", &FitRow::C2},
                                                              {"C3", &FitRow::C3},
                                                              {"C3_drift", &FitRow::C3_drift},
                                                              {"C5", &FitRow::C5},
                                                              {"C5_drift", &FitRow::C5_drift}};
  for (const auto& [name, member] : members)
    for (std::size_t g = 0; g < 4; ++g) {
      INFO(name << " row " << g);
      CHECK(same(t.doubles(name)[g], f.rows[g].*member));
    }

  // Verdict columns, each with its band's range.
  const std::vector<std::string> ranges = {"[0.14, 0.24]", "[0.58, 0.58]", "[0.44, 0.44]", "[0.44, 0.72]",
                                           "[0.14666666666666664, 0.24]", "[0.58, 0.58]",
                                           "[0.43999999999999995, 0.43999999999999995]",
                                           "[0.43999999999999995, 0.72]"};
  for (std::size_t p = 0; p < 8; ++p) {
    const std::string name = verdict_column(f.bands[p]);
    INFO(name);
    for (std::size_t g = 0; g < 4; ++g) CHECK(t.strings(name)[g] == f.rows[g].verdicts[p]);
    const Table::Entry& e = t.columns()[23 + p];
    REQUIRE(e.name == name);
    REQUIRE(e.attrs.count("range") == 1);
    CHECK(std::get<std::string>(e.attrs.at("range")) == ranges[p] + " = " + f.bands[p].formula);
  }

  // Group attributes: the options.
  CHECK(t.attrs.size() == 8);
  CHECK(std::get<std::string>(t.attrs.at("law")) == "hoffmann");
  CHECK(std::get<double>(t.attrs.at("beta")) == 0.28);
  CHECK(std::get<double>(t.attrs.at("B")) == 410.7);
  CHECK(std::get<double>(t.attrs.at("delta")) == 0.2);
  CHECK(std::get<std::uint64_t>(t.attrs.at("bootstrap")) == 250);
  CHECK(std::get<std::uint64_t>(t.attrs.at("seed")) == 12345);
  CHECK(std::get<double>(t.attrs.at("from_D")) == 3000);
  CHECK(std::get<double>(t.attrs.at("tolerance")) == 0.02);

  // Another law moves the computed bands, their ranges and the attributes, not the printed ones.
  FitOptions b = options();
  b.law_name = "besiroglu";
  b.law = chinchilla_besiroglu();
  const Table tb = fits_table(fit_study(exact_study(), b));
  CHECK(std::get<std::string>(tb.attrs.at("law")) == "besiroglu");
  CHECK(std::get<double>(tb.attrs.at("beta")) == 0.3658);
  CHECK(std::get<double>(tb.attrs.at("B")) == 2085.43);
  CHECK(std::get<double>(tb.attrs.at("from_D")) == 0);
  const Table::Entry& v4 = tb.columns()[26];
  CHECK(v4.name == "verdict_arxiv-v4");
  CHECK(std::get<std::string>(v4.attrs.at("range")).rfind("[0.44, 0.72] = ", 0) == 0);
  const Table::Entry& v4b = tb.columns()[30];
  CHECK(v4b.name == "verdict_arxiv-v4_beta");
  CHECK(std::get<std::string>(v4b.attrs.at("range")).find("= [0.2684, 0.6342] at b = 0.3658") != std::string::npos);
}

TEST_CASE("fit: the local slopes per D, exact from the world and sampled to the next D", "[analysis][fit]") {
  StudyResults r = exact_study();
  add_world_columns(r);
  const Fits f = fit_study(r, options(200, 9));
  REQUIRE(f.slopes.size() == 4 * grid_D.size());
  const std::vector<std::pair<World, SamplingMode>> theory = {{World(2, 0, kInfiniteM), SamplingMode::poisson},
                                                              {World(2, 0, kInfiniteM), SamplingMode::multinomial},
                                                              {World(1.2, 0, 1000), SamplingMode::poisson},
                                                              {World(1.2, 0, 1000), SamplingMode::multinomial}};
  for (std::size_t g = 0; g < 4; ++g)
    for (std::size_t i = 0; i < grid_D.size(); ++i) {
      const SlopeRow& s = f.slopes[g * grid_D.size() + i];
      INFO("group " << g << " D " << grid_D[i]);
      CHECK(s.world == f.rows[g].world);
      CHECK(s.mode == f.rows[g].mode);
      CHECK(s.a == f.rows[g].a);
      CHECK(s.D == grid_D[i]);
      CHECK(s.in_window == (grid_D[i] >= 4000));
      const double S = laws[g].c * std::pow(grid_D[i], laws[g].gamma);
      CHECK(s.mean_unique == Approx(S).epsilon(1e-14));
      const UniqueGrowth u = unique_growth(theory[g].first, static_cast<std::uint64_t>(grid_D[i]), theory[g].second);
      CHECK(s.E_unique == u.E_unique);
      CHECK(s.slope_exact == u.slope);
      if (i + 1 < grid_D.size()) {  // identical replicates of c D^gamma: gamma, with no width
        CHECK(s.slope_sampled == Approx(laws[g].gamma).margin(1e-12));
        CHECK(s.slope_sampled_lo == Approx(laws[g].gamma).margin(1e-12));
        CHECK(s.slope_sampled_hi == Approx(laws[g].gamma).margin(1e-12));
      } else {
        CHECK(std::isnan(s.slope_sampled));
        CHECK(std::isnan(s.slope_sampled_lo));
      }
    }
  // slope_min and slope_max of a row are its window's exact slopes.
  for (std::size_t g = 0; g < 4; ++g) {
    double lo = INFINITY, hi = -INFINITY;
    for (std::size_t i = 2; i < grid_D.size(); ++i) {
      lo = std::min(lo, f.slopes[g * grid_D.size() + i].slope_exact);
      hi = std::max(hi, f.slopes[g * grid_D.size() + i].slope_exact);
    }
    CHECK(f.rows[g].slope_min == lo);
    CHECK(f.rows[g].slope_max == hi);
  }
  // The /slopes table holds the same rows.
  const Table t = slopes_table(f);
  std::vector<std::string> names;
  for (const Table::Entry& e : t.columns()) names.push_back(e.name);
  CHECK(names == std::vector<std::string>{"world", "mode", "a", "b", "M", "D", "in_window", "mean_unique", "E_unique",
                                          "slope_exact", "slope_sampled", "slope_sampled_lo", "slope_sampled_hi"});
  const auto& D = std::get<std::vector<std::uint64_t>>(t.column("D"));
  const auto& in_window = std::get<std::vector<std::uint64_t>>(t.column("in_window"));
  for (std::size_t i = 0; i < f.slopes.size(); ++i) {
    CHECK(static_cast<double>(D[i]) == f.slopes[i].D);
    CHECK(in_window[i] == (f.slopes[i].in_window ? 1u : 0u));
    CHECK(same(t.doubles("slope_exact")[i], f.slopes[i].slope_exact));
    CHECK(same(t.doubles("slope_sampled_hi")[i], f.slopes[i].slope_sampled_hi));
  }
  // The printed report: one row per (world, mode, D).
  const std::vector<std::string> lines = split(format_report(slopes_report(f), TableFormat::tsv), '\n');
  CHECK(lines.size() == f.slopes.size() + 1);
  CHECK(lines[0] ==
        "world\ta\tb\tM\tmode\tD\tin_window\tmean_unique\tE_unique\tslope_exact\tslope_sampled\tslope_sampled_lo\t"
        "slope_sampled_hi");
  CHECK(split(lines[1], '\t')[3] == "inf");  // an infinite world's M
}

TEST_CASE("fit: without a world theory knows, the slopes are sampled", "[analysis][fit]") {
  StudyResults r = exact_study();
  add_world_columns(r);
  // A world pacsim cannot build (a < 1 with M = inf) has no exact slopes.
  StudyResults s = r;
  s.cells = Table();
  for (const Table::Entry& e : r.cells.columns())
    if (e.name == "a")
      s.cells.add("a", std::vector<double>(r.n_cells(), 0.5));
    else
      s.cells.add(e.name, e.values);
  const Fits f = fit_study(s, options());
  CHECK(f.rows[0].slopes_from == "sampled");  // a = 0.5, M = inf: no world
  CHECK(std::isnan(f.slopes[0].slope_exact));
  CHECK(std::isnan(f.slopes[0].E_unique));
  CHECK(f.rows[2].slopes_from == "exact");  // a = 0.5, M = 1000 is a world
}

TEST_CASE("fit: a doubling factor is undefined where 2^(1/gamma) is not finite", "[analysis][fit]") {
  // |S| = 100 D^(2e-16): gamma of the order of 1e-16, whose 2^(1/gamma) overflows.
  const UniqueFn flat = [](std::size_t, double D, std::size_t) { return 100 * std::pow(D, 2e-16); };
  const Fits f = fit_study(study({wA}, {"multinomial"}, grid_D, 3, flat), options());
  REQUIRE(f.rows.size() == 1);
  const FitRow& row = f.rows[0];
  CHECK(std::fabs(row.gamma) < 1e-14);
  CHECK(std::isnan(row.doubling));
  CHECK(std::isnan(row.doubling_lo));
  CHECK(std::isnan(row.doubling_hi));
  const std::vector<std::string> x = split(split(format_report(fits_report(f), TableFormat::tsv), '\n').at(1) + "\t", '\t');
  CHECK(x[20] == "");  // doubling
  CHECK(format_report(fits_report(f), TableFormat::md).find("inf") == std::string::npos);
}

TEST_CASE("fit: a group without a precision k > 1 has no C3", "[analysis][fit]") {
  StudyResults r = exact_study();
  // Rebuild the k column with every k = 1.
  StudyResults s;
  s.reps = r.reps;
  const std::size_t n = r.n_cells();
  s.cells.add("world", r.cells.strings("world"));
  const std::vector<double> D = r.cells.numbers("D");
  s.cells.add("D", std::vector<std::uint64_t>(D.begin(), D.end()));
  s.cells.add("mode", r.cells.strings("mode"));
  s.cells.add("k", std::vector<std::uint64_t>(n, 1));
  s.cells.add("class", r.cells.strings("class"));
  s.cells.add("N", std::vector<std::uint64_t>(n, 0));
  s.metrics.add("unique", r.metrics.doubles("unique"));
  s.metrics.add("eps", r.metrics.doubles("eps"));
  const Fits f = fit_study(s, options());
  REQUIRE(f.rows.size() == 4);
  CHECK(std::isnan(f.rows[0].C3));
  CHECK(std::isfinite(f.rows[0].C3_drift));
  CHECK(std::isfinite(f.rows[0].C5));
  const std::vector<std::string> x = split(split(format_report(fits_report(f), TableFormat::tsv), '\n').at(1), '\t');
  CHECK(x[35] == "");
}
