// Regression tests of sim/metrics at the edges of double precision (found in
// review): p_r underflowing to 0 in an infinite world, and unseen sums that used
// to be differences of nearly equal masses.
#include <catch2/catch.hpp>

#include <cmath>

#include "sim/metrics.hpp"

using namespace pacsim;

namespace {

Metrics metrics_of(const World& w, const Corpus& c, const HypothesisSpec& spec) {
  SeenTypes seen;
  seen_types(w, c, nullptr, 0, seen);
  Hypothesis h;
  fit(spec, w, seen, c.size, h);
  return compute_metrics(w, spec, seen, h, c.size, c.missing_mass);
}

}  // namespace

TEST_CASE("metrics: an infinite world whose p underflows still has infinitely many mismatches",
          "[sim][metrics]") {
  // zm:a=20,M=inf: p_r underflows to 0 beyond r ~ 1e15, yet every unseen rank has
  // ceil(k p_r) = 1 while the unseen value is Q(0) = 0: infinitely many mismatches.
  const World w(20, 0, kInfiniteM);
  Corpus c;
  c.rank = {1};
  c.count = {1000};
  c.size = 1000;
  c.missing_mass = w.tail_mass(1);
  HypothesisSpec spec;
  spec.Q = Quantiser{10, Rounding::ceil, false};
  const Metrics m = metrics_of(w, c, spec);
  CHECK(std::isinf(m.pop_U.mismatch));
  // All the unseen mass is mismatched: lk_pop_U = lk_pop_S + missing mass.
  CHECK(m.pop_U.lk == Approx(m.pop_S.lk + c.missing_mass).epsilon(1e-12));
  // Under nearest rounding the far ranks round to 0 = the unseen value: finitely many.
  spec.Q.rounding = Rounding::nearest;
  CHECK(std::isfinite(metrics_of(w, c, spec).pop_U.mismatch));
}

TEST_CASE("metrics: no unseen mismatch means no unseen L_k, exactly", "[sim][metrics]") {
  // zm:a=1.5,M=2^62 under floor with k = 10: every unseen rank has Q(p) = 0, the
  // unseen value; the unseen part of L_k must be exactly 0, not rounding noise.
  const World w(1.5, 0, Rank{1} << 62);
  Corpus c;
  c.rank = {1, 2, 3};
  c.count = {600, 250, 150};
  c.size = 1000;
  c.missing_mass = w.tail_mass(3);
  HypothesisSpec spec;
  spec.Q = Quantiser{10, Rounding::floor, false};
  const Metrics m = metrics_of(w, c, spec);
  REQUIRE(m.pop_U.mismatch == m.pop_S.mismatch);
  CHECK(m.pop_U.lk == m.pop_S.lk);
}
