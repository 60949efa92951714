// The HDF5 file of a study (sim/SCHEMA.md), written from the runner's results.
// Part of the I/O plugin (see plugin.hpp).
#include <cmath>
#include <ctime>
#include <stdexcept>

#include "h5.hpp"
#include "plugin.hpp"
#include "sim/runner.hpp"
#include "theory/expect.hpp"
#include "version.hpp"

namespace pacsim {

namespace {

std::string iso_now() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

}  // namespace

void write_study_file(const StudyFileData& in, const std::string& path) {
  const Study& s = in.study;
  const auto& names = in.names;
  const auto& data = in.data;
  const int threads = in.threads;
  const std::size_t n = s.cells.size();
  h5::Handle file = h5::create_file(path);
  const hid_t f = file.id();
  h5::write_attr(f, "filetype", std::string("pacsim-study"));
  h5::write_attr(f, "schema_version", std::vector<std::int64_t>{1, 0});
  h5::write_attr(f, "pacsim_version", std::string(PACSIM_VERSION));
  h5::write_attr(f, "git_commit", std::string(PACSIM_GIT_COMMIT));
  h5::write_attr(f, "created", iso_now());
  h5::write_attr(f, "study_path", s.path);
  h5::write_attr(f, "study_toml", s.text);
  h5::write_attr(f, "title", s.title);
  h5::write_attr(f, "seed", static_cast<std::uint64_t>(s.seed));
  h5::write_attr(f, "reps", static_cast<std::uint64_t>(s.reps));
  h5::write_attr(f, "n_cells", static_cast<std::uint64_t>(n));
  h5::write_attr(f, "threads", static_cast<std::int64_t>(threads));

  {  // /cells: one row per cell.
    const h5::Handle g = h5::create_group(f, "cells");
    std::vector<std::string> world(n), mode(n), cls(n), est(n), rounding(n);
    std::vector<double> a(n), b(n), M(n), beta(n);
    std::vector<std::uint64_t> D(n), k(n), N(n), minq(n), corpus(n);
    for (std::size_t i = 0; i < n; ++i) {
      const Cell& c = s.cells[i];
      const CorpusCell& cc = s.corpus_cells[c.corpus];
      const World& w = s.worlds[cc.world];
      world[i] = w.name();
      a[i] = w.a();
      b[i] = w.b();
      M[i] = w.infinite() ? INFINITY : static_cast<double>(w.M());
      D[i] = cc.D;
      mode[i] = to_string(cc.mode);
      k[i] = c.spec.Q.k;
      rounding[i] = to_string(c.spec.Q.rounding);
      minq[i] = c.spec.Q.min_one_over_k;
      cls[i] = to_string(c.spec.cls);
      N[i] = c.spec.N;
      est[i] = to_string(c.spec.estimator);
      beta[i] = c.spec.beta;
      corpus[i] = c.corpus;
    }
    h5::write_1d(g.id(), "world", world);
    h5::write_1d(g.id(), "a", a);
    h5::write_1d(g.id(), "b", b);
    h5::write_1d(g.id(), "M", M);
    h5::write_1d(g.id(), "D", D);
    h5::write_1d(g.id(), "mode", mode);
    h5::write_1d(g.id(), "k", k);
    h5::write_1d(g.id(), "rounding", rounding);
    h5::write_1d(g.id(), "min_one_over_k", minq);
    h5::write_1d(g.id(), "class", cls);
    h5::write_1d(g.id(), "N", N);
    h5::write_1d(g.id(), "estimator", est);
    h5::write_1d(g.id(), "beta", beta);
    h5::write_1d(g.id(), "corpus_cell", corpus);
  }
  {  // /metrics: [n_cells, reps] each.
    const h5::Handle g = h5::create_group(f, "metrics");
    for (std::size_t j = 0; j < names.size(); ++j) h5::write_2d(g.id(), names[j], data[j], n, s.reps);
    std::string checks;
    for (std::size_t c = 0; c < check_defs().size(); ++c) {
      checks += std::string(check_defs()[c].name) + ": " + check_defs()[c].inequality + "\n";
      for (const auto& ts : target_scopes())
        for (int side = 0; side < 2; ++side) {
          const std::string name = std::string(check_defs()[c].name) + "_" + ts + (side ? "_rhs" : "_lhs");
          const std::string shared = shared_side(c, side, ts);
          if (!shared.empty()) h5::link(g.id(), shared, name);
          else h5::write_dataset_attr(g.id(), name, "check", std::string(check_defs()[c].inequality) +
                                                                  " over " + ts + "; holds when lhs <= rhs");
        }
    }
    h5::write_attr(g.id(), "checks", checks + "each holds when <check>_<TS>_lhs <= <check>_<TS>_rhs");
  }
  {  // /theory: exact values per cell (they depend on the corpus cell only).
    const h5::Handle g = h5::create_group(f, "theory");
    const std::vector<Expectation>& by_corpus = in.theory;
    std::vector<double> eu(n), vu(n), eh(n), em(n);
    for (std::size_t i = 0; i < n; ++i) {
      const Expectation& e = by_corpus[s.cells[i].corpus];
      eu[i] = e.E_unique;
      vu[i] = e.Var_unique;
      eh[i] = e.E_V[1];
      em[i] = e.E_missing_mass;
    }
    h5::write_1d(g.id(), "E_unique", eu);
    h5::write_1d(g.id(), "Var_unique", vu);
    h5::write_1d(g.id(), "E_hapax", eh);
    h5::write_1d(g.id(), "E_missing_mass", em);
  }
  // The close flushes metadata: a failure there must not be renamed into place.
  if (H5Fflush(f, H5F_SCOPE_GLOBAL) < 0) throw std::runtime_error("HDF5: cannot flush " + path);
  file.close("cannot close " + path);
}


}  // namespace pacsim
