// The check table; see check.hpp.
#include "check.hpp"

#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <stdexcept>
#include <vector>

#include "sim/io/h5.hpp"
#include "theory/checks.hpp"
#include "theory/errors.hpp"

namespace pacsim {

namespace {

constexpr std::int64_t kSchemaMajor = 1;


h5::Handle open_study(const std::string& path) {
  h5::Handle f;
  try {
    f = h5::open_file_read(path);
  } catch (const std::runtime_error&) {
    throw InputError(path + ": not a readable HDF5 file");
  }
  std::string filetype;
  try {
    filetype = h5::read_attr_string(f.id(), "filetype");
  } catch (const std::runtime_error&) {
  }
  if (filetype != "pacsim-study") throw InputError(path + ": not a pacsim study file (filetype '" + filetype + "')");
  const auto v = h5::read_attr_ints(f.id(), "schema_version");
  if (v.empty() || v[0] != kSchemaMajor)
    throw InputError(path + ": schema_version " + (v.empty() ? std::string("?") : std::to_string(v[0])) +
                     ".x, this pacsim reads " + std::to_string(kSchemaMajor) + ".x");
  return f;
}

}  // namespace

void require_study_file(const std::string& path) { open_study(path); }

std::string check_table(const std::string& path) {
  const h5::Handle f = open_study(path);
  const h5::Handle cells = h5::open_group(f.id(), "cells");
  const h5::Handle metrics = h5::open_group(f.id(), "metrics");
  const auto world = h5::read_strings(cells.id(), "world");
  const auto mode = h5::read_strings(cells.id(), "mode");
  const auto rounding = h5::read_strings(cells.id(), "rounding");
  const auto cls = h5::read_strings(cells.id(), "class");
  const auto est = h5::read_strings(cells.id(), "estimator");
  const auto D = h5::read_doubles(cells.id(), "D");
  const auto k = h5::read_doubles(cells.id(), "k");
  const auto minq = h5::read_doubles(cells.id(), "min_one_over_k");
  const auto N = h5::read_doubles(cells.id(), "N");
  const auto beta = h5::read_doubles(cells.id(), "beta");
  const auto describe = [&](std::size_t c) {
    std::string s = fmt::format("world={} D={:.0f} mode={} k={:.0f} rounding={}{} class={}", world[c], D[c],
                                mode[c], k[c], rounding[c], minq[c] ? " min_one_over_k" : "", cls[c]);
    if (cls[c] == "top") s += fmt::format(" N={:.0f}", N[c]);
    s += " estimator=" + est[c];
    if (est[c] == "add") s += fmt::format(" beta={}", beta[c]);
    return s;
  };

  std::string out =
      "check\ttarget_scope\tinequality\tchecked\tholding\tviolated\tviolated_inf\tworst_slack\tworst_finite_slack\t"
      "worst_cell\tworst_rep\tworst_cell_params\n";
  for (const CheckDef& chk : check_defs())
    for (const std::string& ts : target_scopes()) {
      const std::string base = std::string(chk.name) + "_" + ts;
      std::vector<std::size_t> shape;
      const auto lhs = h5::read_doubles(metrics.id(), base + "_lhs", &shape);
      const auto rhs = h5::read_doubles(metrics.id(), base + "_rhs");
      const std::size_t reps = shape.size() == 2 ? shape[1] : 1;
      // The worst cell is the worst finite violation when there is one (an infinite
      // slack, from kl = inf, would hide it); infinite violations are counted apart.
      std::size_t checked = 0, holding = 0, violated_inf = 0, worst = 0, worst_finite = 0;
      double worst_slack = std::numeric_limits<double>::infinity(), worst_finite_slack = worst_slack;
      bool any_finite = false;
      for (std::size_t i = 0; i < lhs.size(); ++i) {
        const double slack = rhs[i] - lhs[i];  // NaN when both are inf, or a side undefined
        if (std::isnan(slack)) continue;
        ++checked;
        if (lhs[i] <= rhs[i]) ++holding;
        else if (std::isinf(slack)) ++violated_inf;
        if (slack < worst_slack) {
          worst_slack = slack;
          worst = i;
        }
        if (std::isfinite(slack) && slack < worst_finite_slack) {
          worst_finite_slack = slack;
          worst_finite = i;
          any_finite = true;
        }
      }
      if (checked == 0) {
        out += fmt::format("{}\t{}\t{}\t0\t0\t0\t0\tnan\tnan\t-\t-\t-\n", chk.name, ts, chk.inequality);
        continue;
      }
      const std::size_t at = any_finite ? worst_finite : worst;
      const std::size_t cell = at / reps, rep = at % reps;
      out += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.6g}\t{}\t{}\t{}\t{}\n", chk.name, ts, chk.inequality, checked,
                         holding, checked - holding, violated_inf, worst_slack,
                         any_finite ? fmt::format("{:.6g}", worst_finite_slack) : std::string("nan"), cell, rep,
                         describe(cell));
    }
  return out;
}

}  // namespace pacsim
