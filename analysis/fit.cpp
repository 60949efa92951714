// The fits of a study; see fit.hpp.
#include "analysis/fit.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>

#include "analysis/constants.hpp"
#include "analysis/growth.hpp"
#include "analysis/stats.hpp"
#include "analysis/theorem1.hpp"
#include "sim/random/rng.hpp"

namespace pacsim {

namespace {

// The cells of one (world, mode), and for each of its D values one of its cells
// (|S| is the same for every cell over a corpus).
struct Group {
  std::string world, mode;
  std::vector<std::size_t> cells;
  std::map<double, std::size_t> cell_at_D;
};

std::vector<Group> groups_of(const StudyResults& r) {
  const auto& world = r.cells.strings("world");
  const auto& mode = r.cells.strings("mode");
  const std::vector<double> D = r.cells.numbers("D");
  std::vector<Group> groups;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  for (std::size_t c = 0; c < world.size(); ++c) {
    const auto [it, added] = index.emplace(std::make_pair(world[c], mode[c]), groups.size());
    if (added) groups.push_back({world[c], mode[c], {}, {}});
    Group& g = groups[it->second];
    g.cells.push_back(c);
    g.cell_at_D.emplace(D[c], c);
  }
  return groups;
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

FitRow fit_group(const StudyResults& r, const Group& g, std::size_t index, const Fits& fits) {
  const FitOptions& opt = fits.options;
  FitRow row;
  row.world = g.world;
  row.mode = g.mode;
  const std::vector<double> window = fit_window(g, opt.from_D);
  std::vector<std::vector<double>> unique;
  for (const double d : window) unique.push_back(r.replicates("unique", g.cell_at_D.at(d)));
  Engine eng = make_engine(opt.seed, index, 0, Stream::bootstrap);
  const GrowthFit growth = fit_growth(window, unique, opt.bootstrap, eng, fits.presets);
  row.points = window.size();
  row.gamma = growth.gamma;
  row.gamma_lo = growth.lo;
  row.gamma_hi = growth.hi;
  row.verdicts = growth.verdicts;
  row.doubling = doubling_factor(growth.gamma);
  row.doubling_lo = doubling_factor(growth.hi);
  row.doubling_hi = doubling_factor(growth.lo);
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

std::string num(double x) { return std::isnan(x) ? "nan" : fmt::format("{:.6g}", x); }

}  // namespace

std::vector<std::string> fit_metrics() { return {"unique", "eps"}; }

Fits fit_study(const StudyResults& r, const FitOptions& options) {
  Fits fits;
  fits.options = options;
  fits.presets = presets(options.law.beta);
  const std::vector<Group> groups = groups_of(r);
  for (std::size_t g = 0; g < groups.size(); ++g) fits.rows.push_back(fit_group(r, groups[g], g, fits));
  return fits;
}

std::string fits_tsv(const Fits& fits) {
  std::string out = "world\tmode\tpoints\tgamma\tgamma_lo\tgamma_hi\tdoubling\tdoubling_lo\tdoubling_hi";
  for (const auto& p : fits.presets) out += "\t" + p.name;
  out += "\teps_exp_D\teps_exp_d\tC1\tC2\tC3\tC3_drift\tC5\tC5_drift\n";
  for (const FitRow& f : fits.rows) {
    out += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}", f.world, f.mode, f.points, num(f.gamma),
                       num(f.gamma_lo), num(f.gamma_hi), num(f.doubling), num(f.doubling_lo), num(f.doubling_hi));
    for (const auto& v : f.verdicts) out += "\t" + v;
    out += fmt::format("\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", num(f.eps_exp_D), num(f.eps_exp_d), num(f.C1),
                       num(f.C2), num(f.C3), num(f.C3_drift), num(f.C5), num(f.C5_drift));
  }
  return out;
}

Table fits_table(const Fits& fits) {
  using Number = std::pair<const char*, double FitRow::*>;
  static const Number growth[] = {{"gamma", &FitRow::gamma},       {"gamma_lo", &FitRow::gamma_lo},
                                  {"gamma_hi", &FitRow::gamma_hi}, {"doubling", &FitRow::doubling},
                                  {"doubling_lo", &FitRow::doubling_lo}, {"doubling_hi", &FitRow::doubling_hi}};
  static const Number implied[] = {{"eps_exp_D", &FitRow::eps_exp_D}, {"eps_exp_d", &FitRow::eps_exp_d},
                                   {"C1", &FitRow::C1},               {"C2", &FitRow::C2},
                                   {"C3", &FitRow::C3},               {"C3_drift", &FitRow::C3_drift},
                                   {"C5", &FitRow::C5},               {"C5_drift", &FitRow::C5_drift}};
  const auto numbers = [&](double FitRow::*member) {
    std::vector<double> v;
    for (const FitRow& f : fits.rows) v.push_back(f.*member);
    return v;
  };
  std::vector<std::string> world, mode;
  std::vector<double> points;
  for (const FitRow& f : fits.rows) {
    world.push_back(f.world);
    mode.push_back(f.mode);
    points.push_back(static_cast<double>(f.points));
  }
  Table t;
  t.add("world", world);
  t.add("mode", mode);
  t.add("points", points);
  for (const auto& [name, member] : growth) t.add(name, numbers(member));
  for (std::size_t p = 0; p < fits.presets.size(); ++p) {
    std::vector<std::string> v;
    for (const FitRow& f : fits.rows) v.push_back(f.verdicts[p]);
    const Preset& pr = fits.presets[p];
    t.add("verdict_" + pr.name, v, {{"range", fmt::format("[{:.6g}, {:.6g}] = {}", pr.lo, pr.hi, pr.formula)}});
  }
  for (const auto& [name, member] : implied) t.add(name, numbers(member));
  const FitOptions& o = fits.options;
  t.attrs = {{"law", o.law_name}, {"beta", o.law.beta}, {"B", o.law.B},       {"delta", o.delta},
             {"bootstrap", o.bootstrap}, {"seed", o.seed}, {"from_D", o.from_D}};
  return t;
}

}  // namespace pacsim
