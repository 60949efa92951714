// The fits of a study; see fit.hpp.
#include "analysis/fit.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <map>
#include <optional>

#include "analysis/constants.hpp"
#include "analysis/stats.hpp"
#include "analysis/theorem1.hpp"
#include "sim/random/rng.hpp"
#include "theory/expect.hpp"
#include "theory/world.hpp"

namespace pacsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The cells of one (world, mode), and for each of its D values one of its cells
// (|S| is the same for every cell over a corpus).
struct Group {
  std::string world, mode;
  double a = kNaN, b = kNaN, M = kNaN;
  std::vector<std::size_t> cells;
  std::map<double, std::size_t> cell_at_D;
};

double column_at(const Table& t, const std::string& name, std::size_t row) {
  return t.has(name) ? t.numbers(name).at(row) : kNaN;
}

std::vector<Group> groups_of(const StudyResults& r) {
  const auto& world = r.cells.strings("world");
  const auto& mode = r.cells.strings("mode");
  const std::vector<double> D = r.cells.numbers("D");
  std::vector<Group> groups;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  for (std::size_t c = 0; c < world.size(); ++c) {
    const auto [it, added] = index.emplace(std::make_pair(world[c], mode[c]), groups.size());
    if (added)
      groups.push_back({world[c], mode[c], column_at(r.cells, "a", c), column_at(r.cells, "b", c),
                        column_at(r.cells, "M", c), {}, {}});
    Group& g = groups[it->second];
    g.cells.push_back(c);
    g.cell_at_D.emplace(D[c], c);
  }
  return groups;
}

// The world and mode of a group as theory knows them; none when its
// parameters make no world (or the mode is not one theory has).
struct Theory {
  World world;
  SamplingMode mode;
};

std::optional<Theory> theory_of(const Group& g) {
  std::optional<SamplingMode> mode;
  for (const SamplingMode m : {SamplingMode::multinomial, SamplingMode::poisson, SamplingMode::draws})
    if (to_string(m) == g.mode) mode = m;
  if (!mode || !(g.M >= 1)) return std::nullopt;
  const Rank M = std::isinf(g.M) ? kInfiniteM : static_cast<Rank>(std::min(g.M, static_cast<double>(kMaxCount)));
  try {
    return Theory{World(g.a, g.b, M), *mode};
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
}

// The D values gamma is fitted over: D >= from_D, or the largest half (at least two).
std::vector<double> fit_window(const Group& g, double from_D) {
  std::vector<double> Ds;
  for (const auto& [d, c] : g.cell_at_D) Ds.push_back(d);
  if (from_D > 0) {
    std::vector<double> out;
    for (const double d : Ds)
      if (d >= from_D) out.push_back(d);
    return out;
  }
  const std::size_t take = std::min(Ds.size(), std::max<std::size_t>(2, (Ds.size() + 1) / 2));
  return std::vector<double>(Ds.end() - static_cast<std::ptrdiff_t>(take), Ds.end());
}

std::vector<EpsCell> eps_cells(const StudyResults& r, const Group& g) {
  const auto& cls = r.cells.strings("class");
  const std::vector<double> D = r.cells.numbers("D"), k = r.cells.numbers("k"), N = r.cells.numbers("N");
  std::vector<EpsCell> out;
  for (const std::size_t c : g.cells) {
    const double S = mean(r.replicates("unique", c));
    out.push_back({D[c], cls[c] == "top" ? std::min(S, N[c] + 1) : S, k[c], r.replicates("eps", c)});
  }
  return out;
}

// The smallest precision k > 1 among the group's cells; 0 if none.
double smallest_k(const StudyResults& r, const Group& g) {
  const std::vector<double> k = r.cells.numbers("k");
  double kk = 0;
  for (const std::size_t c : g.cells)
    if (k[c] > 1 && (kk == 0 || k[c] < kk)) kk = k[c];
  return kk;
}

// Every D of the group in increasing order, with its replicates of |S| and,
// where theory exists, E|S| and the exact local slope.
struct Points {
  std::vector<GrowthPoint> points;
  std::vector<double> E_unique;
};

Points points_of(const StudyResults& r, const Group& g) {
  const std::optional<Theory> theory = theory_of(g);
  Points p;
  for (const auto& [D, c] : g.cell_at_D) {
    GrowthPoint point{D, r.replicates("unique", c)};
    double E = kNaN;
    if (theory && D >= 1) {
      const UniqueGrowth u = unique_growth(theory->world, static_cast<std::uint64_t>(D), theory->mode);
      E = u.E_unique;
      point.exact_slope = u.slope;
    }
    p.points.push_back(std::move(point));
    p.E_unique.push_back(E);
  }
  return p;
}

std::vector<GrowthPoint> window_points(const Points& p, const std::vector<double>& window) {
  std::vector<GrowthPoint> out;
  for (const GrowthPoint& point : p.points)
    if (std::binary_search(window.begin(), window.end(), point.D)) out.push_back(point);
  return out;
}

void add_slope_rows(const Group& g, const Points& p, const std::vector<double>& window, std::size_t index,
                    const FitOptions& opt, std::vector<SlopeRow>& out) {
  Engine eng = make_engine(opt.seed, index, 1, Stream::bootstrap);  // replicate 1: gamma's engine is 0
  const std::vector<LocalSlope> sampled = local_slopes(p.points, opt.bootstrap, eng);
  for (std::size_t i = 0; i < p.points.size(); ++i) {
    const GrowthPoint& point = p.points[i];
    const LocalSlope s = i < sampled.size() ? sampled[i] : LocalSlope{kNaN, kNaN, kNaN};
    out.push_back({g.world, g.mode, g.a, g.b, g.M, point.D,
                   std::binary_search(window.begin(), window.end(), point.D), mean(point.unique), p.E_unique[i],
                   point.exact_slope, s.slope, s.lo, s.hi});
  }
}

void set_growth(FitRow& row, const GrowthFit& growth) {
  row.gamma = growth.gamma;
  row.gamma_lo = growth.lo;
  row.gamma_hi = growth.hi;
  row.slope_min = growth.slope_min;
  row.slope_max = growth.slope_max;
  row.slopes_from = growth.slopes_from;
  row.curvature = growth.curvature;
  row.curvature_lo = growth.curvature_lo;
  row.curvature_hi = growth.curvature_hi;
  row.shape = growth.shape;
  row.gamma_total_lo = growth.total_lo;
  row.gamma_total_hi = growth.total_hi;
  row.verdicts = growth.verdicts;
  // A doubling factor exists only where |S| is one power of D over the window,
  // and its interval carries the model error of the judged interval.
  const bool straight = growth.shape == "straight";
  row.doubling = straight ? doubling_factor(growth.gamma) : kNaN;
  row.doubling_lo = straight ? doubling_factor(growth.total_hi) : kNaN;
  row.doubling_hi = straight ? doubling_factor(growth.total_lo) : kNaN;
}

FitRow fit_group(const StudyResults& r, const Group& g, std::size_t index, Fits& fits) {
  const FitOptions& opt = fits.options;
  FitRow row;
  row.world = g.world;
  row.mode = g.mode;
  row.a = g.a;
  row.b = g.b;
  row.M = g.M;
  const std::vector<double> window = fit_window(g, opt.from_D);
  row.points = window.size();
  row.window_lo = window.empty() ? kNaN : window.front();
  row.window_hi = window.empty() ? kNaN : window.back();
  const Points points = points_of(r, g);
  Engine eng = make_engine(opt.seed, index, 0, Stream::bootstrap);
  const GrowthFit growth =
      fit_growth(window_points(points, window), {opt.bootstrap, opt.tolerance}, eng, fits.bands);
  set_growth(row, growth);
  add_slope_rows(g, points, window, index, opt, fits.slopes);
  const Theorem1Fit t1 = fit_theorem1(eps_cells(r, g), opt.delta);
  row.eps_exp_D = t1.exp_D;
  row.eps_exp_d = t1.exp_d;
  row.C1 = t1.C1;
  row.C2 = t1.C2;
  const auto& [D_max, c_max] = *g.cell_at_D.rbegin();
  const ConstantsFit k = implied_constants(opt.law, D_max, mean(r.replicates("unique", c_max)), smallest_k(r, g),
                                           growth.gamma);
  row.C3 = k.C3;
  row.C3_drift = k.C3_drift;
  row.C5 = k.C5;
  row.C5_drift = k.C5_drift;
  return row;
}

// --- Tables -----------------------------------------------------------------

template <typename Row, typename T>
std::vector<T> column(const std::vector<Row>& rows, T Row::*member) {
  std::vector<T> v;
  for (const Row& x : rows) v.push_back(x.*member);
  return v;
}

template <typename Row>
std::vector<double> counts(const std::vector<Row>& rows, std::size_t Row::*member) {
  std::vector<double> v;
  for (const Row& x : rows) v.push_back(static_cast<double>(x.*member));
  return v;
}

std::string band_range(const Preset& p) { return fmt::format("[{}, {}] = {}", p.lo, p.hi, p.formula); }

// The LaTeX header of a band's verdict: its name, @beta as $\beta$, a user's
// band as its range.
std::string band_latex(const Preset& p) {
  if (p.name.rfind("band_", 0) == 0) return fmt::format("$[{}, {}]$", p.lo, p.hi);
  const auto at = p.name.find("@beta");
  return at == std::string::npos ? p.name : p.name.substr(0, at) + "@$\\beta$";
}

}  // namespace

std::vector<std::string> fit_metrics() { return {"unique", "eps"}; }

std::string verdict_column(const Preset& band) {
  std::string name = "verdict_" + band.name;
  std::replace(name.begin(), name.end(), '@', '_');
  return name;
}

Fits fit_study(const StudyResults& r, const FitOptions& options) {
  Fits fits;
  fits.options = options;
  fits.bands = printed_presets();
  for (const Preset& p : presets(options.law.beta)) fits.bands.push_back(p);
  for (const Preset& p : options.user_bands) fits.bands.push_back(p);
  const std::vector<Group> groups = groups_of(r);
  for (std::size_t g = 0; g < groups.size(); ++g) fits.rows.push_back(fit_group(r, groups[g], g, fits));
  return fits;
}

Report fits_report(const Fits& fits) {
  Report rep;
  rep.columns = {{"world", ""},
                 {"a", "$a$"},
                 {"b", "$b$"},
                 {"M", "$M$"},
                 {"mode", ""},
                 {"points", "$n_D$"},
                 {"window_lo", "$D_{\\min}$"},
                 {"window_hi", "$D_{\\max}$"},
                 {"gamma", "$\\gamma$"},
                 {"slope_min", "$\\min_D \\gamma(D)$"},
                 {"slope_max", "$\\max_D \\gamma(D)$"},
                 {"slopes_from", "$\\gamma(D)$ from"},
                 {"curvature", "$\\Delta\\gamma$"},
                 {"shape", ""},
                 {"gamma_total_lo", "$\\gamma_{\\mathrm{lo}}$"},
                 {"gamma_total_hi", "$\\gamma_{\\mathrm{hi}}$"},
                 {"doubling", "$2^{1/\\gamma}$"}};
  for (const Preset& p : fits.bands) rep.columns.push_back({verdict_column(p), band_latex(p)});
  const std::pair<const char*, const char*> implied[] = {
      {"eps_exp_D", "$\\partial \\log \\epsilon / \\partial \\log D$"},
      {"eps_exp_d", "$\\partial \\log \\epsilon / \\partial \\log d$"},
      {"C1", "$C_1$"},
      {"C2", "$C_2$"},
      {"C3", "$C_3$"},
      {"C3_drift", "$C_3$ drift"},
      {"C5", "$C_5$"},
      {"C5_drift", "$C_5$ drift"}};
  for (const auto& [name, latex] : implied) rep.columns.push_back({name, latex});
  for (const FitRow& f : fits.rows) {
    std::vector<ReportValue> v = {text(f.world),
                                  exact(f.a),
                                  exact(f.b),
                                  exact(f.M, true),
                                  text(f.mode),
                                  count(static_cast<double>(f.points)),
                                  count(f.window_lo),
                                  count(f.window_hi),
                                  estimate(f.gamma, f.gamma_lo, f.gamma_hi),
                                  number(f.slope_min),
                                  number(f.slope_max),
                                  text(f.slopes_from),
                                  estimate(f.curvature, f.curvature_lo, f.curvature_hi),
                                  text(f.shape),
                                  number(f.gamma_total_lo),
                                  number(f.gamma_total_hi),
                                  estimate(f.doubling, f.doubling_lo, f.doubling_hi)};
    for (const std::string& verdict : f.verdicts) v.push_back(text(verdict));
    for (const double x : {f.eps_exp_D, f.eps_exp_d, f.C1, f.C2, f.C3, f.C3_drift, f.C5, f.C5_drift})
      v.push_back(number(x));
    rep.add_row(std::move(v));
  }
  rep.caption = fmt::format("Growth exponents of the number of unique sequences per world and mode (law {}, beta {})",
                            fits.options.law_name, fits.options.law.beta);
  return rep;
}

Report slopes_report(const Fits& fits) {
  Report rep;
  rep.columns = {{"world", ""},
                 {"a", "$a$"},
                 {"b", "$b$"},
                 {"M", "$M$"},
                 {"mode", ""},
                 {"D", "$D$"},
                 {"in_window", "in window"},
                 {"mean_unique", "mean $|S|$"},
                 {"E_unique", "$E|S|$"},
                 {"slope_exact", "$\\gamma(D)$"},
                 {"slope_sampled", "$\\hat\\gamma(D)$"}};
  for (const SlopeRow& s : fits.slopes)
    rep.add_row({text(s.world), exact(s.a), exact(s.b), exact(s.M, true), text(s.mode), count(s.D),
                 text(s.in_window ? "yes" : "no"), number(s.mean_unique), number(s.E_unique), number(s.slope_exact),
                 estimate(s.slope_sampled, s.slope_sampled_lo, s.slope_sampled_hi)});
  rep.caption = "Local growth exponents of the number of unique sequences: exact, and sampled to the next D";
  return rep;
}

Table fits_table(const Fits& fits) {
  const auto& rows = fits.rows;
  Table t;
  t.add("world", column(rows, &FitRow::world));
  t.add("mode", column(rows, &FitRow::mode));
  const std::pair<const char*, double FitRow::*> world[] = {{"a", &FitRow::a}, {"b", &FitRow::b}, {"M", &FitRow::M}};
  for (const auto& [name, member] : world) t.add(name, column(rows, member));
  t.add("points", counts(rows, &FitRow::points));
  const std::pair<const char*, double FitRow::*> growth[] = {
      {"window_lo", &FitRow::window_lo},   {"window_hi", &FitRow::window_hi},
      {"gamma", &FitRow::gamma},           {"gamma_lo", &FitRow::gamma_lo},
      {"gamma_hi", &FitRow::gamma_hi},     {"slope_min", &FitRow::slope_min},
      {"slope_max", &FitRow::slope_max},   {"curvature", &FitRow::curvature},
      {"curvature_lo", &FitRow::curvature_lo}, {"curvature_hi", &FitRow::curvature_hi},
      {"gamma_total_lo", &FitRow::gamma_total_lo}, {"gamma_total_hi", &FitRow::gamma_total_hi},
      {"doubling", &FitRow::doubling},     {"doubling_lo", &FitRow::doubling_lo},
      {"doubling_hi", &FitRow::doubling_hi}};
  for (const auto& [name, member] : growth) t.add(name, column(rows, member));
  t.add("slopes_from", column(rows, &FitRow::slopes_from));
  t.add("shape", column(rows, &FitRow::shape));
  for (std::size_t p = 0; p < fits.bands.size(); ++p) {
    std::vector<std::string> v;
    for (const FitRow& f : rows) v.push_back(f.verdicts[p]);
    t.add(verdict_column(fits.bands[p]), v, {{"range", band_range(fits.bands[p])}});
  }
  const std::pair<const char*, double FitRow::*> implied[] = {
      {"eps_exp_D", &FitRow::eps_exp_D}, {"eps_exp_d", &FitRow::eps_exp_d}, {"C1", &FitRow::C1},
      {"C2", &FitRow::C2},               {"C3", &FitRow::C3},               {"C3_drift", &FitRow::C3_drift},
      {"C5", &FitRow::C5},               {"C5_drift", &FitRow::C5_drift}};
  for (const auto& [name, member] : implied) t.add(name, column(rows, member));
  const FitOptions& o = fits.options;
  t.attrs = {{"law", o.law_name},         {"beta", o.law.beta}, {"B", o.law.B},
             {"delta", o.delta},          {"bootstrap", o.bootstrap}, {"seed", o.seed},
             {"from_D", o.from_D},        {"tolerance", o.tolerance}};
  return t;
}

Table slopes_table(const Fits& fits) {
  const auto& rows = fits.slopes;
  Table t;
  t.add("world", column(rows, &SlopeRow::world));
  t.add("mode", column(rows, &SlopeRow::mode));
  std::vector<std::uint64_t> D, in_window;
  for (const SlopeRow& s : rows) {
    D.push_back(static_cast<std::uint64_t>(s.D));
    in_window.push_back(s.in_window ? 1 : 0);
  }
  const std::pair<const char*, double SlopeRow::*> world[] = {
      {"a", &SlopeRow::a}, {"b", &SlopeRow::b}, {"M", &SlopeRow::M}};
  for (const auto& [name, member] : world) t.add(name, column(rows, member));
  t.add("D", D);
  t.add("in_window", in_window);
  const std::pair<const char*, double SlopeRow::*> numbers[] = {
      {"mean_unique", &SlopeRow::mean_unique},
      {"E_unique", &SlopeRow::E_unique},
      {"slope_exact", &SlopeRow::slope_exact},
      {"slope_sampled", &SlopeRow::slope_sampled},
      {"slope_sampled_lo", &SlopeRow::slope_sampled_lo},
      {"slope_sampled_hi", &SlopeRow::slope_sampled_hi}};
  for (const auto& [name, member] : numbers) t.add(name, column(rows, member));
  const FitOptions& o = fits.options;
  t.attrs = {{"bootstrap", o.bootstrap}, {"seed", o.seed}, {"from_D", o.from_D}};
  return t;
}

}  // namespace pacsim
