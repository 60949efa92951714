// `pacsim fit`; see fit.hpp.
#include "fit.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <set>
#include <vector>

#include "analysis/check.hpp"
#include "sim/io/h5.hpp"
#include "sim/rng.hpp"
#include "theory/bounds.hpp"
#include "theory/errors.hpp"

namespace pacsim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Least squares of y on [1, x...]: the coefficients.
Eigen::VectorXd least_squares(const Eigen::MatrixXd& X, const Eigen::VectorXd& y) {
  return X.colPivHouseholderQr().solve(y);
}

double slope(const std::vector<double>& x, const std::vector<double>& y) {
  Eigen::MatrixXd X(static_cast<Eigen::Index>(x.size()), 2);
  Eigen::VectorXd Y(static_cast<Eigen::Index>(x.size()));
  for (std::size_t i = 0; i < x.size(); ++i) {
    X(static_cast<Eigen::Index>(i), 0) = 1;
    X(static_cast<Eigen::Index>(i), 1) = x[i];
    Y(static_cast<Eigen::Index>(i)) = y[i];
  }
  return least_squares(X, Y)(1);
}

double mean(const std::vector<double>& v) {
  double s = 0;
  for (const double x : v) s += x;
  return v.empty() ? kNaN : s / static_cast<double>(v.size());
}

double quantile(std::vector<double> v, double q) {  // linear interpolation, v non-empty
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const std::size_t i = static_cast<std::size_t>(std::floor(pos));
  const double f = pos - static_cast<double>(i);
  return i + 1 < v.size() ? v[i] * (1 - f) + v[i + 1] * f : v[i];
}

double median(std::vector<double> v) { return v.empty() ? kNaN : quantile(std::move(v), 0.5); }

std::string num(double x) { return std::isnan(x) ? "nan" : fmt::format("{:.6g}", x); }

}  // namespace

std::string fit_study(const std::string& path, const FitOptions& opt) {
  Chinchilla law;
  if (opt.law == "hoffmann") law = chinchilla_hoffmann();
  else if (opt.law == "besiroglu") law = chinchilla_besiroglu();
  else throw InputError("--law: '" + opt.law + "' is not one of hoffmann, besiroglu");
  if (!(opt.delta > 0 && opt.delta < 1)) throw InputError("--delta: must be in (0, 1)");
  require_study_file(path);

  h5::Handle file = h5::open_file_rw(path);
  const hid_t f = file.id();
  std::vector<std::string> world, mode, cls;
  std::vector<double> D, k, N, corpus, unique, eps;
  std::vector<std::size_t> shape;
  {
    const h5::Handle cells = h5::open_group(f, "cells");
    world = h5::read_strings(cells.id(), "world");
    mode = h5::read_strings(cells.id(), "mode");
    cls = h5::read_strings(cells.id(), "class");
    D = h5::read_doubles(cells.id(), "D");
    k = h5::read_doubles(cells.id(), "k");
    N = h5::read_doubles(cells.id(), "N");
    corpus = h5::read_doubles(cells.id(), "corpus_cell");
    const h5::Handle metrics = h5::open_group(f, "metrics");
    unique = h5::read_doubles(metrics.id(), "unique", &shape);
    eps = h5::read_doubles(metrics.id(), "eps");
  }
  const std::size_t n_cells = world.size(), reps = shape.size() == 2 ? shape[1] : 1;
  const auto reps_of = [&](const std::vector<double>& m, std::size_t cell) {
    return std::vector<double>(m.begin() + static_cast<std::ptrdiff_t>(cell * reps),
                               m.begin() + static_cast<std::ptrdiff_t>((cell + 1) * reps));
  };
  const auto presets_now = presets(law.beta);

  // Groups: (world, mode), in order of first appearance.
  std::vector<std::pair<std::string, std::string>> groups;
  std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> cells_of;
  for (std::size_t c = 0; c < n_cells; ++c) {
    const auto key = std::make_pair(world[c], mode[c]);
    if (!cells_of.count(key)) groups.push_back(key);
    cells_of[key].push_back(c);
  }

  std::string out = "world\tmode\tpoints\tgamma\tgamma_lo\tgamma_hi\tdoubling\tdoubling_lo\tdoubling_hi";
  for (const auto& p : presets_now) out += "\t" + p.name;
  out += "\teps_exp_D\teps_exp_d\tC1\tC2\tC3\tC3_drift\tC5\tC5_drift\n";

  // Columns of /fits.
  std::vector<std::string> f_world, f_mode;
  std::vector<std::vector<std::string>> f_verdict(presets_now.size());
  std::vector<double> f_points, f_gamma, f_lo, f_hi, f_dbl, f_dbl_lo, f_dbl_hi, f_eD, f_ed, f_C1, f_C2, f_C3, f_C3d, f_C5, f_C5d;

  for (std::size_t g = 0; g < groups.size(); ++g) {
    const auto& cs = cells_of[groups[g]];
    // One cell per corpus cell (|S| is the same for all cells over a corpus).
    std::map<double, std::size_t> by_D;  // D -> a cell
    for (const std::size_t c : cs) by_D.emplace(D[c], c);
    std::vector<double> Ds;
    for (const auto& [d, c] : by_D) Ds.push_back(d);
    std::vector<double> fitD;
    if (opt.from_D > 0) {
      for (const double d : Ds) if (d >= opt.from_D) fitD.push_back(d);
    } else {
      // The largest half of the D values, and at least two.
      const std::size_t take = std::min(Ds.size(), std::max<std::size_t>(2, (Ds.size() + 1) / 2));
      fitD.assign(Ds.end() - static_cast<std::ptrdiff_t>(take), Ds.end());
    }
    double gamma = kNaN, lo = kNaN, hi = kNaN;
    std::vector<std::string> verdicts(presets_now.size(), "n/a");
    if (fitD.size() >= 2) {
      std::vector<double> x, y;
      for (const double d : fitD) {
        x.push_back(std::log(d));
        y.push_back(std::log(mean(reps_of(unique, by_D[d]))));
      }
      gamma = slope(x, y);
      // Percentile bootstrap over replicates within each D.
      Engine eng = make_engine(opt.seed, g, 0, Stream::bootstrap);
      boost::random::uniform_int_distribution<std::size_t> pick(0, reps - 1);
      std::vector<double> slopes;
      slopes.reserve(opt.bootstrap);
      for (std::uint64_t b = 0; b < opt.bootstrap; ++b) {
        for (std::size_t i = 0; i < fitD.size(); ++i) {
          const auto u = reps_of(unique, by_D[fitD[i]]);
          double s = 0;
          for (std::size_t r = 0; r < reps; ++r) s += u[pick(eng)];
          y[i] = std::log(s / static_cast<double>(reps));
        }
        slopes.push_back(slope(x, y));
      }
      // One replicate, or no resamples, leaves no interval and so no verdict.
      if (reps >= 2 && !slopes.empty()) {
        lo = quantile(slopes, 0.025);
        hi = quantile(slopes, 0.975);
        for (std::size_t p = 0; p < presets_now.size(); ++p) verdicts[p] = verdict(lo, hi, presets_now[p]);
      }
    }

    // Theorem 1: (1-delta) quantile of eps per cell against D and d, jointly.
    std::vector<double> lq, lD, ld, C1s, C2s;
    for (const std::size_t c : cs) {
      std::vector<double> e;
      for (const double v : reps_of(eps, c)) if (std::isfinite(v)) e.push_back(v);
      if (e.empty()) continue;
      const double q = quantile(e, 1 - opt.delta);
      const double S = mean(reps_of(unique, c));
      const double d = cls[c] == "top" ? std::min(S, N[c] + 1) : S;
      if (!(q > 0) || !(d > 0)) continue;
      lq.push_back(std::log(q));
      lD.push_back(std::log(D[c]));
      ld.push_back(std::log(d));
      C1s.push_back(D[c] * q * q / (d + std::log(1 / opt.delta)));
      C2s.push_back(D[c] * q * q / (d * std::log(std::max(k[c], 2.0)) + std::log(1 / opt.delta)));
    }
    double eD = kNaN, ed = kNaN;
    if (lq.size() >= 3) {
      Eigen::MatrixXd X(static_cast<Eigen::Index>(lq.size()), 3);
      Eigen::VectorXd Y(static_cast<Eigen::Index>(lq.size()));
      for (std::size_t i = 0; i < lq.size(); ++i) {
        const auto r = static_cast<Eigen::Index>(i);
        X(r, 0) = 1;
        X(r, 1) = lD[i];
        X(r, 2) = ld[i];
        Y(r) = lq[i];
      }
      const Eigen::VectorXd beta = least_squares(X, Y);
      // A regressor without spread (one D, or d tied to D) leaves its exponent undefined.
      if (std::set<double>(lD.begin(), lD.end()).size() > 1) eD = beta(1);
      if (std::set<double>(ld.begin(), ld.end()).size() > 1) ed = beta(2);
    }

    // eq. (11) and (15) at the largest D, with the smallest k > 1 of the group.
    double C3 = kNaN, C5 = kNaN;
    if (!Ds.empty()) {
      const std::size_t c = by_D[Ds.back()];
      double kk = 0;
      for (const std::size_t cc : cs) if (k[cc] > 1 && (kk == 0 || k[cc] < kk)) kk = k[cc];
      const double S = mean(reps_of(unique, c)), Dm = Ds.back();
      if (kk > 1) C3 = law.B * std::pow(Dm, 0.5 - law.beta) / (std::log(kk) * std::pow(S, 1.5));
      C5 = law.B * std::pow(Dm, 1 - law.beta) / (S * S * S);
    }
    const double C3d = 0.5 - law.beta - 1.5 * gamma, C5d = 1 - law.beta - 3 * gamma;
    // 2^(1/gamma) is a doubling factor only for gamma > 0.
    const auto doubling = [](double x) { return x > 0 ? std::pow(2.0, 1 / x) : kNaN; };
    const double dbl = doubling(gamma), dbl_lo = doubling(hi), dbl_hi = doubling(lo);

    out += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}", groups[g].first, groups[g].second, fitD.size(),
                       num(gamma), num(lo), num(hi), num(dbl), num(dbl_lo), num(dbl_hi));
    for (const auto& v : verdicts) out += "\t" + v;
    out += fmt::format("\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n", num(eD), num(ed), num(median(C1s)),
                       num(median(C2s)), num(C3), num(C3d), num(C5), num(C5d));

    f_world.push_back(groups[g].first);
    f_mode.push_back(groups[g].second);
    for (std::size_t p = 0; p < presets_now.size(); ++p) f_verdict[p].push_back(verdicts[p]);
    f_points.push_back(static_cast<double>(fitD.size()));
    f_gamma.push_back(gamma);
    f_lo.push_back(lo);
    f_hi.push_back(hi);
    f_dbl.push_back(dbl);
    f_dbl_lo.push_back(dbl_lo);
    f_dbl_hi.push_back(dbl_hi);
    f_eD.push_back(eD);
    f_ed.push_back(ed);
    f_C1.push_back(median(C1s));
    f_C2.push_back(median(C2s));
    f_C3.push_back(C3);
    f_C3d.push_back(C3d);
    f_C5.push_back(C5);
    f_C5d.push_back(C5d);
  }

  h5::remove(f, "fits");
  const h5::Handle fits = h5::create_group(f, "fits");
  const hid_t fg = fits.id();
  h5::write_attr(fg, "law", opt.law);
  h5::write_attr(fg, "beta", law.beta);
  h5::write_attr(fg, "B", law.B);
  h5::write_attr(fg, "delta", opt.delta);
  h5::write_attr(fg, "bootstrap", static_cast<std::uint64_t>(opt.bootstrap));
  h5::write_attr(fg, "seed", static_cast<std::uint64_t>(opt.seed));
  h5::write_attr(fg, "from_D", opt.from_D);
  h5::write_1d(fg, "world", f_world);
  h5::write_1d(fg, "mode", f_mode);
  h5::write_1d(fg, "points", f_points);
  h5::write_1d(fg, "gamma", f_gamma);
  h5::write_1d(fg, "gamma_lo", f_lo);
  h5::write_1d(fg, "gamma_hi", f_hi);
  h5::write_1d(fg, "doubling", f_dbl);
  h5::write_1d(fg, "doubling_lo", f_dbl_lo);
  h5::write_1d(fg, "doubling_hi", f_dbl_hi);
  for (std::size_t p = 0; p < presets_now.size(); ++p) {
    h5::write_1d(fg, "verdict_" + presets_now[p].name, f_verdict[p]);
    h5::write_dataset_attr(fg, "verdict_" + presets_now[p].name, "range",
                           fmt::format("[{:.6g}, {:.6g}] = {}", presets_now[p].lo, presets_now[p].hi,
                                       presets_now[p].formula));
  }
  h5::write_1d(fg, "eps_exp_D", f_eD);
  h5::write_1d(fg, "eps_exp_d", f_ed);
  h5::write_1d(fg, "C1", f_C1);
  h5::write_1d(fg, "C2", f_C2);
  h5::write_1d(fg, "C3", f_C3);
  h5::write_1d(fg, "C3_drift", f_C3d);
  h5::write_1d(fg, "C5", f_C5);
  h5::write_1d(fg, "C5_drift", f_C5d);
  return out;
}

}  // namespace pacsim
