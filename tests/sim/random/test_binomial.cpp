// Unit tests for sim/random/binomial: exact Bin(n, q) variates, one at a time and
// in the chains' vector kernel (sim/sampling/kernels, which runs the same
// algorithm), against the exact law (Boost.Math).
//
// Tolerances: per (n, q), 20000 variates; the mean within 4 standard errors of n q
// (exact variance n q (1-q)) and Pearson's chi-square over cells of the exact law
// (one per value, or about 50 between its quantiles) at p-value > 1e-4.
// The AVX-512 and baseline builds of the chains' kernel must agree bit for bit.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include <boost/math/distributions/binomial.hpp>

#include "analysis/stats.hpp"
#include "sim/random/binomial.hpp"
#include "sim/sampling/kernels/lanes.hpp"
#include "sim/random/rng.hpp"

using pacsim::Engine;

namespace {

constexpr std::uint64_t kMaster = 0xB170B1A1ULL;
constexpr long long kTwo62 = 1LL << 62;

struct Case {
  long long n;
  double q;
};

// Inversion (m = floor((n+1) min(q, 1-q)) < 11) and BTRD (m >= 11) on both sides
// of m = 11, q above 1/2 (drawn as n - Bin(n, 1-q)), and n up to 2^62.
const std::vector<Case> kCases = {
    {1, 0.3},         {7, 0.5},           {30, 0.2},          {100, 0.11},
    {1000, 0.011},    {1000, 0.9},        {1000000, 1e-5},    {1000000, 0.37},
    {10000000000, 3e-7}, {kTwo62, 1e-17}, {kTwo62, 0.5},      {4000000000000, 0.999999},
    {1000000000000000, 2e-15}, {50, 0.78}, {12, 0.95},        {2000, 0.5}};

// The smallest k with P(X <= k) >= P, by bisection on the exact cdf (Boost's own
// quantile gives 0 for n = 2^62).
double quantile(const boost::math::binomial_distribution<double>& law, double n, double P) {
  double lo = 0, hi = n;  // cdf(hi) >= P
  for (;;) {
    const double mid = std::floor(lo + (hi - lo) / 2);
    if (!(mid > lo && mid < hi)) break;  // adjacent (integers, or doubles near 2^62)
    if (boost::math::cdf(law, mid) >= P) hi = mid;
    else lo = mid;
  }
  return boost::math::cdf(law, lo) >= P ? lo : hi;
}

// Chi-square of xs against Bin(n, q): one cell per value when the law has fewer
// than 60 values of note, else cells between its quantiles at j/50 (normal
// cells for n > 2^53 with sd > 1e6).
pacsim::ChiSquare law_test(const std::vector<long long>& xs, long long n, double q) {
  const double nd = static_cast<double>(n);
  const double sd = std::sqrt(nd * q * (1 - q));
  if (nd > 0x1p53 && sd > 1e6) {
    // Boost.Math's binomial cdf is not accurate at n = 2^62. There the law is the
    // normal N(nq, nq(1-q)) to within 1/sd < 1e-6 in every cell's probability
    // (Berry-Esseen), far below what 20000 variates can see: 50 equiprobable cells.
    std::vector<double> obs(50, 0.0), expct(50, static_cast<double>(xs.size()) / 50);
    for (const long long x : xs) {
      const double u = 0.5 * std::erfc(-(static_cast<double>(x) - nd * q) / (sd * std::sqrt(2.0)));
      obs[std::min<std::size_t>(49, static_cast<std::size_t>(std::max(0.0, u * 50)))] += 1;
    }
    return pacsim::chi_square(obs, expct);
  }
  const boost::math::binomial_distribution<double> law(nd, q);
  std::vector<double> edges;  // cell j holds (edges[j-1], edges[j]]
  const double lo = quantile(law, nd, 1e-6), hi = quantile(law, nd, 1 - 1e-6);
  if (hi - lo < 60) {
    for (double e = lo; e < hi; ++e) edges.push_back(e);
  } else {
    for (int j = 1; j < 50; ++j) {
      const double e = quantile(law, nd, j / 50.0);
      if (edges.empty() || e > edges.back()) edges.push_back(e);
    }
  }
  if (edges.empty()) edges.push_back(lo);  // a law with one value of note
  const std::size_t cells = edges.size() + 1;
  std::vector<double> obs(cells, 0.0), expct(cells, 0.0);
  for (const long long x : xs) {
    const auto it = std::lower_bound(edges.begin(), edges.end(), static_cast<double>(x));
    obs[static_cast<std::size_t>(it - edges.begin())] += 1;
  }
  const double N = static_cast<double>(xs.size());
  double below = 0;
  for (std::size_t j = 0; j < edges.size(); ++j) {
    const double c = boost::math::cdf(law, edges[j]);
    expct[j] = N * (c - below);
    below = c;
  }
  expct[cells - 1] = N * boost::math::cdf(boost::math::complement(law, edges.back()));
  return pacsim::chi_square(obs, expct);
}

void check_law(const std::vector<long long>& xs, const Case& c, const char* how) {
  std::vector<double> d(xs.begin(), xs.end());
  const auto m = pacsim::mean_se(d);
  const double nd = static_cast<double>(c.n);
  const double z = pacsim::z_score(m.mean, nd * c.q, nd * c.q * (1 - c.q), m.n);
  const auto cs = law_test(xs, c.n, c.q);
  INFO(how << " Bin(" << c.n << ", " << c.q << "): mean " << m.mean << " vs " << nd * c.q << " (z " << z
           << "); chi2 " << cs.statistic << " dof " << cs.dof << " p " << cs.p_value);
  CHECK(std::fabs(z) <= 4.0);
  CHECK(cs.p_value > 1e-4);
  CHECK(*std::min_element(xs.begin(), xs.end()) >= 0);
  CHECK(*std::max_element(xs.begin(), xs.end()) <= c.n);
}

}  // namespace

TEST_CASE("binomial: one variate at a time follows Bin(n, q)", "[sim][binomial]") {
  std::uint64_t cell = 0;
  for (const Case& c : kCases) {
    Engine eng = pacsim::make_engine(kMaster, ++cell, 0);
    std::vector<long long> xs(20000);
    for (auto& x : xs) x = pacsim::binomial(eng, c.n, c.q);
    check_law(xs, c, "binomial");
  }
}

namespace {

// One run_chains() call over chains given as q lists and totals (at most kChainLanes).
struct ChainRun {
  std::vector<double> q;
  std::vector<std::uint64_t> out;
  pacsim::Chains c{};
  explicit ChainRun(const std::vector<std::vector<double>>& qs, const std::vector<long long>& totals,
                    long long stride = 64) {
    q.assign(pacsim::kChainLanes * stride, 0.0);
    out.assign(pacsim::kChainLanes * stride, 7);
    c.q = q.data();
    c.out = out.data();
    c.stride = stride;
    c.lanes = static_cast<int>(qs.size());
    for (std::size_t l = 0; l < qs.size(); ++l) {
      std::copy(qs[l].begin(), qs[l].end(), q.begin() + static_cast<long long>(l) * stride);
      c.len[l] = static_cast<long long>(qs[l].size());
      c.total[l] = totals[l];
    }
  }
  long long count(int lane, long long i) const { return static_cast<long long>(out[lane * c.stride + i]); }
};

}  // namespace

TEST_CASE("binomial: chains of one rank follow Bin(n, q) in every lane", "[sim][binomial]") {
  // Lane l of call j draws case (l + j) mod |cases|: every case meets every lane
  // and every mix of neighbours.
  const int L = pacsim::kChainLanes;
  std::vector<std::vector<long long>> xs(kCases.size());
  Engine eng = pacsim::make_engine(kMaster, 100, 0);
  const std::size_t calls = 20000 * kCases.size() / L;
  for (std::size_t j = 0; j < calls; ++j) {
    std::vector<std::vector<double>> qs(L);
    std::vector<long long> totals(L);
    std::size_t which[L];
    for (int l = 0; l < L; ++l) {
      which[l] = (static_cast<std::size_t>(l) + j) % kCases.size();
      qs[l] = {kCases[which[l]].q};
      totals[l] = kCases[which[l]].n;
    }
    ChainRun run(qs, totals, 2);
    pacsim::run_chains(eng, run.c);
    for (int l = 0; l < L; ++l) xs[which[l]].push_back(run.count(l, 0));
  }
  for (std::size_t i = 0; i < kCases.size(); ++i) check_law(xs[i], kCases[i], "chains");
}

TEST_CASE("binomial: a chain's counts are Bin(n, pi_i) and sum to n", "[sim][binomial][slow]") {
  // Rank i of the chain takes Bin(n_left, q_i), so its marginal count is
  // Bin(n, pi_i) with pi_i = q_i prod_{j<i} (1 - q_j). Lanes hold chains of
  // different lengths and totals, so they end at different rounds; both sets of
  // eight lanes hold the same eight chains.
  const int L = pacsim::kChainLanes;
  const std::vector<double> q = {0.3, 0.5, 1e-3, 0.02, 0.9, 0.6, 1.0};
  std::vector<long long> totals = {40, 100000, 1000000000000, 3, 5000, 1LL << 40, 0, 777};
  std::vector<std::size_t> lens = {7, 7, 7, 7, 5, 6, 7, 3};
  for (int l = 8; l < L; ++l) {
    totals.push_back(totals[static_cast<std::size_t>(l % 8)]);
    lens.push_back(lens[static_cast<std::size_t>(l % 8)]);
  }
  std::vector<std::vector<double>> qs;
  for (const std::size_t len : lens) qs.emplace_back(q.begin(), q.begin() + static_cast<long long>(len));
  std::vector<std::vector<std::vector<long long>>> xs(L, std::vector<std::vector<long long>>(7));
  Engine eng = pacsim::make_engine(kMaster, 101, 0);
  bool sums_ok = true;
  for (int j = 0; j < 20000; ++j) {
    ChainRun run(qs, totals, 8);
    pacsim::run_chains(eng, run.c);
    for (int l = 0; l < L; ++l) {
      long long sum = 0;
      for (std::size_t i = 0; i < lens[l]; ++i) {
        xs[l][i].push_back(run.count(l, static_cast<long long>(i)));
        sum += run.count(l, static_cast<long long>(i));
      }
      if (q[lens[l] - 1] == 1.0 && sum != totals[l]) sums_ok = false;
      if (q[lens[l] - 1] != 1.0 && sum > totals[l]) sums_ok = false;
    }
  }
  CHECK(sums_ok);
  for (int l = 0; l < L; ++l) {
    if (totals[l] == 0) {
      CHECK(*std::max_element(xs[l][0].begin(), xs[l][0].end()) == 0);
      continue;
    }
    double left = 1;
    for (std::size_t i = 0; i < lens[l]; ++i) {
      const double pi = left * q[i];
      left *= 1 - q[i];
      if (pi >= 1) continue;  // the whole rest: checked by the sum above
      check_law(xs[l][i], Case{totals[l], pi}, "chain rank");
    }
  }
}

TEST_CASE("binomial: fixed outcomes draw nothing from the engine", "[sim][binomial]") {
  Engine eng = pacsim::make_engine(kMaster, 200, 0);
  Engine ref = eng;
  CHECK(pacsim::binomial(eng, 0, 0.3) == 0);
  CHECK(pacsim::binomial(eng, 17, 0.0) == 0);
  CHECK(pacsim::binomial(eng, 17, -1.0) == 0);
  CHECK(pacsim::binomial(eng, 17, 1.0) == 17);
  CHECK(pacsim::binomial(eng, kTwo62, 1.5) == kTwo62);
  CHECK(eng() == ref());
  // Chains take exactly one engine output per lane (their streams' seeds), and
  // fixed outcomes come out as such.
  ChainRun run({{0.5, 1.0}, {0.0, 0.0, 1.0}, {1.0}}, {0, 5, 9}, 4);
  pacsim::run_chains(eng, run.c);
  CHECK(run.count(0, 0) == 0);
  CHECK(run.count(0, 1) == 0);
  CHECK(run.count(1, 0) == 0);
  CHECK(run.count(1, 1) == 0);
  CHECK(run.count(1, 2) == 5);
  CHECK(run.count(2, 0) == 9);
  for (int l = 0; l < pacsim::kChainLanes; ++l) ref();
  CHECK(eng() == ref());
  CHECK_THROWS_AS(pacsim::binomial(eng, 10, std::nan("")), std::logic_error);
  ChainRun nan_run({{0.5, std::nan(""), 1.0}}, {10}, 4);
  CHECK_THROWS_AS(pacsim::run_chains(eng, nan_run.c), std::logic_error);
  ChainRun too_long({{0.5, 0.5, 1.0, 1.0}}, {10}, 4);  // no spare slot
  CHECK_THROWS_AS(pacsim::run_chains(eng, too_long.c), std::logic_error);
}

TEST_CASE("binomial: the AVX-512 and baseline chains agree bit for bit", "[sim][binomial]") {
  // Same chains and engine state -> same counts and the same engine state after,
  // over chains of every kind (fixed outcomes, inversion, BTRD's every step,
  // flipped q, n up to 2^62, lanes < 8, lengths that end at different rounds).
  if (!pacsim::detail::have_avx512()) {
    WARN("no AVX-512 on this processor: only the baseline build runs here");
    return;
  }
  Engine pick = pacsim::make_engine(kMaster, 300, 0);
  Engine e1 = pacsim::make_engine(kMaster, 301, 0), e2 = e1;
  int differ = 0;
  long long draws = 0;
  for (int j = 0; j < 3000; ++j) {
    const int lanes = 1 + static_cast<int>(pick() % pacsim::kChainLanes);
    std::vector<std::vector<double>> qs(lanes);
    std::vector<long long> totals(lanes);
    for (int l = 0; l < lanes; ++l) {
      totals[l] = static_cast<long long>(pick() >> (2 + pick() % 62));  // every magnitude up to 2^62
      qs[l].resize(1 + pick() % 20);
      for (double& q : qs[l]) {
        const double u = pacsim::uniform53(pick);
        q = pick() % 8 == 0 ? std::floor(u * 3) / 2 : std::pow(u, 1 + static_cast<double>(pick() % 40));
      }
      draws += static_cast<long long>(qs[l].size());
    }
    ChainRun r1(qs, totals, 32), r2(qs, totals, 32);
    pacsim::detail::run_chains_baseline(e1, r1.c);
    pacsim::detail::run_chains_avx512(e2, r2.c);
    for (int l = 0; l < lanes; ++l)
      for (std::size_t i = 0; i < qs[l].size(); ++i)
        differ += r1.count(l, static_cast<long long>(i)) != r2.count(l, static_cast<long long>(i));
  }
  INFO(draws << " variates compared");
  CHECK(differ == 0);
  CHECK(e1() == e2());
}
