// Unit tests for sim/sampling/tail_sampler: ZipfTailSampler(world, lo) must draw
// iid ranks r >= lo with probability p_r / sum_{j>=lo} p_j. Each configuration is a
// Pearson chi-square of N draws against the exact cell probabilities from the
// world's own sums (theory/world: direct sums and Euler–Maclaurin, tested in
// theory/); p-value > 1e-4 (pacsim::chi_square pools cells expecting < 5).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/stats.hpp"
#include "sim/random/rng.hpp"
#include "sim/sampling/tail_sampler.hpp"
#include "theory/world.hpp"

using pacsim::kInfiniteM;
using pacsim::Rank;
using pacsim::World;
using pacsim::ZipfTailSampler;

namespace {

constexpr Rank kFarLo = Rank{1} << 53;  // first rank reported as a far draw

// Unnormalised weight of ranks x..y (inclusive) in world w: exact integer width for
// the uniform world, the world's power sum otherwise.
double weight(const World& w, Rank x, Rank y) {
  if (y < x) return 0.0;
  if (w.a() == 0) return static_cast<double>(y - x) + 1.0;
  return w.power_sum(x, y, w.a(), 0);
}

struct GofResult {
  pacsim::ChiSquare chi;
  std::uint64_t below_lo = 0, above_M = 0, far = 0, bad_far_p = 0, far_in_uniform = 0;
  double prob_sum = 0;  // sum of the cell probabilities (should be 1)
  int cells = 0;
};

// Chi-square of n draws of ZipfTailSampler(w, lo) against the exact law. Cells: ranks
// lo..lo+63 one by one, then ranges whose offsets from lo grow by ~15% up to the last
// representable rank; for non-uniform worlds reaching 2^53 one pooled far cell whose
// expectation is the world's tail mass beyond 2^53 - 1 (relative to the tail at lo).
// `law` is the world the expectations come from (the sampler's own, or a perturbed
// one for the negative control).
GofResult goodness_of_fit(const World& w, const World& law, Rank lo, std::size_t n,
                          std::uint64_t cell) {
  GofResult g;
  const Rank M = w.M();
  const bool uniform = w.a() == 0;
  const bool has_far = !uniform && M >= kFarLo;
  const Rank last = has_far ? kFarLo - 1 : M;  // last rank drawn as a plain rank
  // Cell edges: cell i is [edge[i], edge[i+1] - 1].
  std::vector<Rank> edge;
  Rank x = lo;
  for (int i = 0; i < 64 && x <= last; ++i) edge.push_back(x++);
  while (x <= last) {
    edge.push_back(x);
    const Rank off = x - lo;
    const Rank step = std::max<Rank>(1, off / 7);  // ~15% growth
    if (last - x < step) break;
    x += step;
  }
  const std::size_t nb = edge.size();
  auto cell_hi = [&](std::size_t i) { return i + 1 < nb ? edge[i + 1] - 1 : last; };

  const double total = weight(law, lo, M);
  std::vector<double> expct(nb + (has_far ? 1 : 0)), obs(expct.size(), 0.0);
  for (std::size_t i = 0; i < nb; ++i) expct[i] = weight(law, edge[i], cell_hi(i)) / total;
  if (has_far) expct[nb] = law.tail_mass(kFarLo - 1) / law.tail_mass(lo - 1);
  for (double e : expct) g.prob_sum += e;
  for (double& e : expct) e *= static_cast<double>(n);

  ZipfTailSampler ts(w, lo);
  pacsim::Engine eng = pacsim::make_engine(0x7A11, cell, 0);
  const double far_p_max = w.pmf(static_cast<double>(kFarLo)) * (1 + 1e-12);
  const double far_p_min = w.infinite() ? 0.0 : w.pmf(static_cast<double>(M)) * (1 - 1e-12);
  for (std::size_t k = 0; k < n; ++k) {
    const pacsim::TailDraw d = ts(eng);
    if (d.far) {
      ++g.far;
      if (!has_far) ++g.far_in_uniform;
      // In an infinite world with a near 1 a far rank can lie beyond 1e308, where its
      // p underflows to 0 in double precision: p >= 0 there, p > p_M otherwise.
      const bool p_ok = w.infinite() ? d.far_p >= 0.0 : d.far_p > far_p_min;
      if (!(p_ok && d.far_p <= far_p_max)) ++g.bad_far_p;
      if (has_far) obs[nb] += 1;
      continue;
    }
    if (d.rank < lo) { ++g.below_lo; continue; }
    if (d.rank > last) { ++g.above_M; continue; }
    const std::size_t i =
        static_cast<std::size_t>(std::upper_bound(edge.begin(), edge.end(), d.rank) - edge.begin()) - 1;
    obs[i] += 1;
  }
  g.cells = static_cast<int>(obs.size());
  g.chi = pacsim::chi_square(obs, expct);
  return g;
}

std::string describe(const World& w, Rank lo) {
  std::ostringstream os;
  os << w.name() << " lo=" << lo;
  return os.str();
}

void check_gof(const World& w, Rank lo, std::size_t n, std::uint64_t cell) {
  const GofResult g = goodness_of_fit(w, w, lo, n, cell);
  INFO(describe(w, lo) << ": chi2 " << g.chi.statistic << " dof " << g.chi.dof << " p "
                       << g.chi.p_value << "; far " << g.far << "; cells " << g.cells);
  // The cells partition lo..M: their exact probabilities sum to 1 (to the precision
  // of the world's sums, ~1e-12 relative).
  CHECK(g.prob_sum == Approx(1.0).epsilon(1e-9));
  CHECK(g.below_lo == 0);       // draws lie in [lo, M]
  CHECK(g.above_M == 0);
  CHECK(g.far_in_uniform == 0);  // far draws only where ranks >= 2^53 exist and a > 0
  CHECK(g.bad_far_p == 0);      // a far draw's p lies in [p_M, p_{2^53}]
  CHECK(g.chi.p_value > 1e-4);
}

}  // namespace

TEST_CASE("tail sampler: chi-square against p_r / tail mass, finite Zipf worlds", "[sim][tail]") {
  // a in {0.5, 1, 1.2, 2.5, 6} x b in {0, -0.7, 3} x M in {2e6, 1e12, 2^62} x
  // lo in {1, 10, 1000, 1e6}; 1e5 draws each.
  std::uint64_t cell = 0;
  for (double a : {0.5, 1.0, 1.2, 2.5, 6.0})
    for (double b : {0.0, -0.7, 3.0})
      for (Rank M : {Rank{2000000}, Rank{1000000000000}, Rank{1} << 62}) {
        const World w(a, b, M);
        for (Rank lo : {Rank{1}, Rank{10}, Rank{1000}, Rank{1000000}}) check_gof(w, lo, 100000, ++cell);
      }
}

TEST_CASE("tail sampler: chi-square against p_r / tail mass, infinite worlds", "[sim][tail]") {
  // M = inf needs a > 1; draws beyond 2^53 come back as far draws (one pooled cell).
  std::uint64_t cell = 1000;
  for (double a : {1.2, 2.5, 6.0})
    for (double b : {0.0, -0.7, 3.0}) {
      const World w(a, b, kInfiniteM);
      for (Rank lo : {Rank{1}, Rank{10}, Rank{1000}, Rank{1000000}}) check_gof(w, lo, 100000, ++cell);
    }
  // Close to a = 1 most of the mass of a deep tail is beyond 2^53: the far cell is
  // large, and far_p must match the world's p at the far rank.
  check_gof(World(1.05, 0.0, kInfiniteM), 1, 100000, 1100);
  check_gof(World(1.05, 0.0, kInfiniteM), 1000000, 100000, 1101);
  check_gof(World(1.01, -0.7, kInfiniteM), 10, 100000, 1102);
}

TEST_CASE("tail sampler: uniform worlds (a = 0)", "[sim][tail]") {
  std::uint64_t cell = 2000;
  for (Rank M : {Rank{2000000}, Rank{1000000000000}, Rank{1} << 62}) {
    const World w(0.0, 0.0, M);
    for (Rank lo : {Rank{1}, Rank{10}, Rank{1000}, Rank{1000000}}) check_gof(w, lo, 100000, ++cell);
  }
  // Small universes: every rank its own cell.
  check_gof(World(0.0, 0.0, 1), 1, 20000, 2100);
  check_gof(World(0.0, 0.0, 7), 3, 20000, 2101);
  check_gof(World(0.0, 0.0, 1000), 990, 20000, 2102);
}

TEST_CASE("tail sampler: tails of a few ranks and the single-rank tail", "[sim][tail]") {
  std::uint64_t cell = 3000;
  // lo = M: the only possible draw is M.
  for (double a : {0.0, 0.5, 1.0, 2.5})
    for (double b : {0.0, -0.7, 3.0})
      for (Rank M : {Rank{1}, Rank{2}, Rank{1000}}) {
        const World w(a, b, M);
        ZipfTailSampler ts(w, M);
        pacsim::Engine eng = pacsim::make_engine(0x7A11, ++cell, 0);
        bool all_M = true;
        for (int i = 0; i < 1000; ++i) {
          const auto d = ts(eng);
          all_M = all_M && !d.far && d.rank == M;
        }
        INFO(describe(w, M));
        CHECK(all_M);
      }
  // A handful of ranks at the top of a finite world, and b = -0.7 at lo = 1 (where
  // rank lo is split off with its exact probability): every rank its own cell.
  for (double a : {0.5, 1.0, 1.2, 2.5, 6.0})
    for (double b : {0.0, -0.7, -0.999, 3.0}) {
      check_gof(World(a, b, 2), 1, 20000, ++cell);
      check_gof(World(a, b, 3), 2, 20000, ++cell);
      check_gof(World(a, b, 5), 1, 20000, ++cell);
      check_gof(World(a, b, 50), 1, 50000, ++cell);
      check_gof(World(a, b, 1000), 995, 20000, ++cell);
    }
}

TEST_CASE("tail sampler: the chi-square detects a wrong law (negative control)", "[sim][tail]") {
  // The same draws tested against a world whose exponent is off by 0.05 must be
  // rejected (p < 1e-4): the goodness-of-fit above has power at this size.
  const World w(1.2, 0.0, 1000000), wrong(1.25, 0.0, 1000000);
  const GofResult g = goodness_of_fit(w, wrong, 1, 100000, 4000);
  INFO("chi2 " << g.chi.statistic << " dof " << g.chi.dof << " p " << g.chi.p_value);
  CHECK(g.chi.p_value < 1e-4);
}

TEST_CASE("tail sampler: rank law just below 2^53 (double-precision limit)", "[sim][tail]") {
  // The share of draws in [2^48, 2^53) against its exact value
  // (power_sum over the range / power_sum over the tail), within 4 standard errors
  // of the binomial proportion (sqrt(p (1 - p) / n)). These ranks are still drawn
  // as plain ranks, so the law there must be exact like anywhere else.
  struct Case { double a, b; Rank M; std::size_t n; };
  const Case cases[] = {
      {0.5, 0.0, Rank{1} << 62, 1000000},   // most mass beyond 2^53 (far draws)
      {0.5, 0.0, Rank{1} << 53, 1000000},   // no far ranks at all
      {0.8, 3.0, Rank{1} << 58, 1000000},
      {1.05, 0.0, kInfiniteM, 4000000},
  };
  std::uint64_t cell = 5000;
  for (const Case& c : cases) {
    const World w(c.a, c.b, c.M);
    const Rank x = Rank{1} << 48, y = std::min<Rank>((Rank{1} << 53) - 1, c.M);
    const double p = w.power_sum(x, y, c.a, 0) / w.power_sum(1, c.M, c.a, 0);
    ZipfTailSampler ts(w, 1);
    pacsim::Engine eng = pacsim::make_engine(0x7A11, ++cell, 0);
    std::size_t hits = 0;
    for (std::size_t i = 0; i < c.n; ++i) {
      const auto d = ts(eng);
      if (!d.far && d.rank >= x && d.rank <= y) ++hits;
    }
    const double share = static_cast<double>(hits) / static_cast<double>(c.n);
    const double z = pacsim::z_score(share, p, p * (1 - p), c.n);
    INFO(w.name() << ": share of [2^48, 2^53) " << share << ", exact " << p << ", z " << z);
    CHECK(std::fabs(z) < 4.0);
  }
}
