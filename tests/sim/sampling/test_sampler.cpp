// Unit tests for sim/sampling/sampler and corpus: sampled means of
// |S|, V_1 and the missing mass against theory's exact expectations
// (theory/expect: E|S| = sum 1-(1-p_r)^D, E V_1 = sum D p (1-p)^(D-1), E missing =
// sum p (1-p)^D, and their Poisson forms), the multinomial / Poisson marginal law
// of single counts, the corpus invariants, reproducibility and bad input.
//
// Tolerances: a sampled mean passes when |mean - exact| <= 4 standard errors.
//  - |S| and V_1: the standard error is the sample standard deviation over the n
//    replicates / sqrt(n), floored at sqrt(|mean - exact| / n). The floor is the
//    standard error of a count of rare unit jumps whose expected number over the
//    run is lambda = n |mean - exact|; it matters only when (almost) every
//    replicate gives the same value, and then |z| = sqrt(lambda) > 4 means that
//    >= 16 expected deviations were all missing (probability <= e^-16).
//  - missing mass: its law has rare large jumps (a frequent rank, missed with a tiny
//    probability, moves it by p_r), which a sample SD over a few hundred replicates
//    cannot see, so the SE comes from theory: Var = sum_r p_r^2 A_r (1 - A_r) with
//    A_r = P(c_r = 0), exact in poisson mode (independent counts) and an upper bound
//    under the multinomial (the indicators [c_r = 0] are negatively correlated:
//    (1-p_r-p_s)^D <= (1-p_r)^D (1-p_s)^D). Summed by theory's rank_sum. Plus an
//    allowance of 1e-12 for double rounding of the sums of p_r that make a sampled
//    missing mass (~ |S| * 1e-16).
// Chi-square tests pass at p-value > 1e-4.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/poisson.hpp>

#include "analysis/stats.hpp"
#include "sim/sampling/corpus.hpp"
#include "sim/random/rng.hpp"
#include "sim/sampling/sampler.hpp"
#include "sim/input/spelling.hpp"
#include "theory/expect.hpp"
#include "theory/world.hpp"

using pacsim::Corpus;
using pacsim::CorpusSampler;
using pacsim::Rank;
using pacsim::SamplingMode;
using pacsim::parse_world;
using pacsim::World;

namespace {

constexpr std::uint64_t kMaster = 0x5A3D1E5EEDULL;
constexpr Rank kFarLo = Rank{1} << 53;

std::string mode_name(SamplingMode m) { return pacsim::to_string(m); }

// Count of rank r in a corpus (0 when unseen); ranks are ascending.
std::uint64_t count_of(const Corpus& c, Rank r) {
  const auto it = std::lower_bound(c.rank.begin(), c.rank.end(), r);
  if (it == c.rank.end() || *it != r) return 0;
  return c.count[static_cast<std::size_t>(it - c.rank.begin())];
}

// Invariants of one corpus; returns an empty string when all hold, otherwise the
// first violation.
std::string corpus_violation(const Corpus& c, const World& w, std::uint64_t D, SamplingMode mode) {
  std::ostringstream os;
  if (c.rank.size() != c.count.size()) return "rank and count differ in length";
  std::uint64_t total = c.far_p.size();
  for (std::size_t i = 0; i < c.rank.size(); ++i) {
    if (c.count[i] == 0) return "a zero count is stored";
    if (c.rank[i] < 1 || (!w.infinite() && c.rank[i] > w.M())) {
      os << "rank " << c.rank[i] << " outside 1..M";
      return os.str();
    }
    if (c.rank[i] >= kFarLo && w.a() > 0) return "a plain rank >= 2^53 in a Zipf world";
    if (i > 0 && !(c.rank[i - 1] < c.rank[i])) {
      os << "ranks not strictly ascending at " << i << ": " << c.rank[i - 1] << ", " << c.rank[i];
      return os.str();
    }
    total += c.count[i];
  }
  if (total != c.size) {
    os << "counts sum to " << total << " but size is " << c.size;
    return os.str();
  }
  if (mode != SamplingMode::poisson && c.size != D) {
    os << "size " << c.size << " != D " << D;
    return os.str();
  }
  const double M = w.infinite() ? INFINITY : static_cast<double>(w.M());
  const double cap = mode == SamplingMode::poisson ? M : std::min(static_cast<double>(D), M);
  if (static_cast<double>(c.unique()) > cap) return "unique() exceeds min(D, M)";
  if (!(c.missing_mass >= 0 && c.missing_mass <= 1 + 1e-12)) {
    os << "missing mass " << c.missing_mass << " outside [0, 1]";
    return os.str();
  }
  for (double p : c.far_p)
    if (!(p > 0 && p <= w.pmf(static_cast<double>(kFarLo)) * (1 + 1e-12))) return "bad far_p";
  // summarise() agrees with the count vector.
  const pacsim::CorpusSummary s = pacsim::summarise(c);
  std::uint64_t v[4] = {0, 0, 0, 0};
  for (std::uint64_t n : c.count)
    if (n <= 3) ++v[n];
  v[1] += c.far_p.size();
  if (s.unique != c.unique() || s.size != c.size || s.V[1] != v[1] || s.V[2] != v[2] || s.V[3] != v[3])
    return "summarise() disagrees with the count vector";
  return "";
}

struct PointStats {
  pacsim::MeanSE unique, hapax, missing, size;
  std::string violation;  // first corpus invariant violated, if any
};

PointStats run_point(const CorpusSampler& sampler, SamplingMode mode, std::uint64_t cell, int reps,
                     Corpus& corpus) {
  std::vector<double> u, h, m, n;
  u.reserve(reps);
  h.reserve(reps);
  m.reserve(reps);
  n.reserve(reps);
  PointStats ps;
  for (int rep = 0; rep < reps; ++rep) {
    pacsim::Engine eng = pacsim::make_engine(kMaster, cell, static_cast<std::uint64_t>(rep));
    sampler.sample(eng, corpus);
    if (ps.violation.empty()) ps.violation = corpus_violation(corpus, sampler.world(), sampler.D(), mode);
    const pacsim::CorpusSummary s = pacsim::summarise(corpus);
    u.push_back(static_cast<double>(s.unique));
    h.push_back(static_cast<double>(s.V[1]));
    m.push_back(s.missing_mass);
    n.push_back(static_cast<double>(s.size));
  }
  ps.unique = pacsim::mean_se(u);
  ps.hapax = pacsim::mean_se(h);
  ps.missing = pacsim::mean_se(m);
  ps.size = pacsim::mean_se(n);
  return ps;
}

// z of a sampled mean of an integer statistic; SE floored as explained at the top.
double zval(const pacsim::MeanSE& s, double expected) {
  const double floor = std::sqrt(std::fabs(s.mean - expected) / static_cast<double>(s.n));
  const double se = std::max(s.se, floor);
  return se > 0 ? (s.mean - expected) / se : 0.0;
}

// p^2 A (1 - A), A = P(c_r = 0): (1-p)^D (multinomial, draws) or e^{-Dp} (poisson).
struct MissingVarTerm final : pacsim::RankFunction {
  double D;
  bool poisson;
  MissingVarTerm(double d, bool pois) : D(d), poisson(pois) {}
  double at(double p, double lp) const override {
    const double logA = poisson ? -D * p : D * std::log1p(-p);
    return std::exp(2 * lp + logA) * -std::expm1(logA);
  }
  pacsim::Jet at(const pacsim::Jet& lp) const override {
    const pacsim::Jet p = pacsim::exp(lp);
    const pacsim::Jet logA = poisson ? (-D) * p : D * pacsim::log1p((-1.0) * p);
    return pacsim::exp(2.0 * lp + logA) * ((-1.0) * pacsim::expm1(logA));
  }
  int leading_power() const override { return 3; }  // p^2 (1 - A) ~ D p^3
};

double missing_mass_variance(const World& w, std::uint64_t D, SamplingMode mode) {
  return pacsim::rank_sum(w, MissingVarTerm(static_cast<double>(D), mode == SamplingMode::poisson));
}

// z of the sampled missing mass: theory SE (see top), rounding allowance 1e-12.
double zmissing(const pacsim::MeanSE& s, double expected, double variance) {
  const double dev = std::max(0.0, std::fabs(s.mean - expected) - 1e-12);
  const double se = std::sqrt(std::max(0.0, variance) / static_cast<double>(s.n));
  const double z = dev == 0 ? 0.0 : (se > 0 ? dev / se : INFINITY);
  return s.mean < expected ? -z : z;
}

// Expected work of one replicate: head ranks plus expected tail draws.
double replicate_cost(const World& w, std::uint64_t D, SamplingMode mode) {
  const Rank R = CorpusSampler::head_size(w, D, mode);
  return static_cast<double>(R) + static_cast<double>(D) * w.tail_mass(R);
}

struct GridTally {
  int points = 0, skipped = 0;
  std::uint64_t replicates = 0;
};

// The grid: for each world and D (and mode), the means of |S|, V_1 and
// the missing mass over the replicates within 4 SE of theory. Replicates: 200 while
// a replicate costs at most 1e4 units of work (head ranks + expected tail draws),
// otherwise 2e6 / cost, at least 40; points costing more than 1.2e5 per replicate
// are skipped (they are covered at smaller D), as are points refusal() refuses.
void run_grid(const std::vector<std::string>& worlds, const std::vector<std::uint64_t>& Ds,
              SamplingMode mode, std::uint64_t cell0, GridTally& tally) {
  Corpus corpus;
  std::uint64_t cell = cell0;
  for (const std::string& wname : worlds) {
    const World w = parse_world(wname);
    for (const std::uint64_t D : Ds) {
      ++cell;
      const double cost = replicate_cost(w, D, mode);
      if (cost > 1.2e5) {
        ++tally.skipped;
        continue;
      }
      if (!CorpusSampler::refusal(w, D, mode).empty()) {
        ++tally.skipped;  // refused (memory or far collisions): tested in "refusals"
        continue;
      }
      const int reps = cost <= 1e4 ? 200 : std::max(40, static_cast<int>(2e6 / cost));
      const CorpusSampler sampler(w, D, mode);
      const pacsim::Expectation ex = pacsim::expect(w, D, mode);
      const PointStats ps = run_point(sampler, mode, cell, reps, corpus);
      ++tally.points;
      tally.replicates += static_cast<std::uint64_t>(reps);

      const double zu = zval(ps.unique, ex.E_unique);
      const double zh = zval(ps.hapax, ex.E_V[1]);
      const double var_mm = missing_mass_variance(w, D, mode);
      const double zm = zmissing(ps.missing, ex.E_missing_mass, var_mm);
      INFO(wname << " D=" << D << " mode=" << mode_name(mode) << " reps=" << reps << " (R="
                 << sampler.head() << ")\n  unique " << ps.unique.mean << " +- " << ps.unique.se
                 << " vs E " << ex.E_unique << " (z " << zu << ")\n  hapax " << ps.hapax.mean
                 << " +- " << ps.hapax.se << " vs E " << ex.E_V[1] << " (z " << zh
                 << ")\n  missing " << ps.missing.mean << " +- " << ps.missing.se << " vs E "
                 << ex.E_missing_mass << " (theory SE " << std::sqrt(var_mm / reps) << ", z " << zm << ")");
      CHECK(ps.violation == "");
      CHECK(std::fabs(zu) <= 4.0);
      CHECK(std::fabs(zh) <= 4.0);
      CHECK(std::fabs(zm) <= 4.0);
      if (mode == SamplingMode::poisson) {
        // Corpus size ~ Poisson(D): mean within 4 SE = sqrt(D / n) of D.
        const double zs = pacsim::z_score(ps.size.mean, static_cast<double>(D), static_cast<double>(D),
                                          static_cast<std::size_t>(reps));
        INFO("size " << ps.size.mean << " vs D (z " << zs << ")");
        CHECK(std::fabs(zs) <= 4.0);
      }
    }
  }
}

// Finite and infinite worlds, a from 0 to 6, b in {0, -0.7, 3}; small finite M
// (theory sums term by term; saturated at large D, when the whole world is head)
// and large ones (1e5 .. 2^62: theory's Euler–Maclaurin path; far ranks beyond
// 2^53 for 2^62).
const std::vector<std::string> kGridWorlds = {
    "zm:a=0,M=1000",         "zm:a=0,M=1e9",          "zm:a=0.5,M=2e4",
    "zm:a=0.5,b=3,M=2^62",   "zm:a=1,M=2e4",          "zm:a=1,b=-0.7,M=1e12",
    "zm:a=1.2,M=2e4",        "zm:a=1.2,b=3,M=1e7",    "zm:a=1.2,M=inf",
    "zm:a=1.2,b=-0.7,M=inf", "zm:a=2,M=inf",          "zm:a=2,b=3,M=1e4",
    "zm:a=3,b=-0.7,M=inf",   "zm:a=3,M=1000",         "zm:a=6,M=inf",
    "zm:a=6,b=3,M=inf",      "zm:a=6,b=-0.7,M=1e5",
};

const std::vector<std::uint64_t> kGridD = {10,        100,         1000,           10000,         100000,
                                           1000000,   100000000,   10000000000ULL, 1000000000000ULL};

}  // namespace

TEST_CASE("sampler grid: multinomial means of |S|, V_1, missing mass vs theory", "[sim][sampler][slow]") {
  GridTally t;
  run_grid(kGridWorlds, kGridD, SamplingMode::multinomial, 10000, t);
  INFO("points " << t.points << " skipped " << t.skipped << " replicates " << t.replicates);
  CHECK(t.points >= 110);
}

TEST_CASE("sampler grid: poisson means of |S|, V_1, missing mass, size vs theory", "[sim][sampler][slow]") {
  GridTally t;
  run_grid(kGridWorlds, kGridD, SamplingMode::poisson, 20000, t);
  INFO("points " << t.points << " skipped " << t.skipped << " replicates " << t.replicates);
  CHECK(t.points >= 110);
}

TEST_CASE("sampler grid: draws mode (reference, O(D)) vs theory", "[sim][sampler][slow]") {
  GridTally t;
  run_grid(kGridWorlds, {10, 100, 1000, 10000, 100000}, SamplingMode::draws, 30000, t);
  INFO("points " << t.points << " skipped " << t.skipped << " replicates " << t.replicates);
  CHECK(t.points >= 60);
}

TEST_CASE("sampler: the benchmark's world zm:a=1.2,M=1e6 at D = 1e5 .. 1e12", "[sim][sampler]") {
  // runs/bench's world (theory takes its Euler–Maclaurin path: M > 2^16).
  const World w = parse_world("zm:a=1.2,M=1e6");
  Corpus corpus;
  std::uint64_t cell = 40000;
  // Replicates: 100, 40, and 10 at D = 1e12 where all 1e6 ranks are seen with
  // counts >= ~1e4 in every replicate (|S| = M, V_1 = 0: nothing random to average).
  for (const std::uint64_t D : {100000ULL, 10000000ULL, 1000000000000ULL}) {
    const SamplingMode mode = SamplingMode::multinomial;
    const CorpusSampler sampler(w, D, mode);
    const pacsim::Expectation ex = pacsim::expect(w, D, mode);
    const int reps = D == 100000ULL ? 100 : D == 10000000ULL ? 40 : 10;
    const PointStats ps = run_point(sampler, mode, ++cell, reps, corpus);
    const double zu = zval(ps.unique, ex.E_unique);
    const double zh = zval(ps.hapax, ex.E_V[1]);
    const double zm = zmissing(ps.missing, ex.E_missing_mass, missing_mass_variance(w, D, mode));
    INFO("D=" << D << " unique " << ps.unique.mean << " vs " << ex.E_unique << " (z " << zu
              << "), hapax " << ps.hapax.mean << " vs " << ex.E_V[1] << " (z " << zh
              << "), missing " << ps.missing.mean << " vs " << ex.E_missing_mass << " (z " << zm << ")");
    CHECK(ps.violation == "");
    CHECK(std::fabs(zu) <= 4.0);
    CHECK(std::fabs(zh) <= 4.0);
    CHECK(std::fabs(zm) <= 4.0);
  }
}

TEST_CASE("sampler: head size is the largest r with D p_r >= 1", "[sim][sampler]") {
  // sampler.hpp: "the largest r with D p_r >= 1 (0 in draws mode)"; 1e-9 relative
  // slack for the floating-point boundary.
  for (const char* wn : {"zm:a=1.2,M=1e6", "zm:a=1.2,M=inf", "zm:a=2.5,b=3,M=inf", "zm:a=0.5,M=1e5",
                         "zm:a=1,b=-0.7,M=1e12", "zm:a=6,M=inf", "zm:a=0,M=1000"}) {
    const World w = parse_world(wn);
    for (const std::uint64_t D : {1ULL, 10ULL, 1000ULL, 1000000ULL, 1000000000ULL}) {
      INFO(wn << " D=" << D);
      const Rank R = CorpusSampler::head_size(w, D, SamplingMode::multinomial);
      CHECK(R == CorpusSampler::head_size(w, D, SamplingMode::poisson));
      CHECK(CorpusSampler::head_size(w, D, SamplingMode::draws) == 0);
      const double Dd = static_cast<double>(D);
      if (R >= 1) CHECK(Dd * w.pmf(static_cast<double>(R)) >= 1 - 1e-9);
      if (R < w.M()) CHECK(Dd * w.pmf(static_cast<double>(R + 1)) < 1 + 1e-9);
    }
  }
}

TEST_CASE("sampler: the table reaches to D p_r >= 1/32, at most 8R and R + 2^24", "[sim][sampler]") {
  // sampler.hpp's table_size(): R <= T <= min(M, 8R, R + 2^24); where no cap binds,
  // T is the largest r with D p_r >= 1/32 (1e-9 relative slack); 0 in draws mode.
  for (const char* wn : {"zm:a=1.2,M=1e6", "zm:a=2.5,M=inf", "zm:a=1.1,M=inf", "zm:a=0.5,M=1e12",
                         "zm:a=1,b=-0.7,M=1e12", "zm:a=6,M=inf", "zm:a=0,M=1000"}) {
    const World w = parse_world(wn);
    for (const std::uint64_t D : {1ULL, 10ULL, 1000ULL, 1000000ULL, 1000000000ULL, 1000000000000000ULL}) {
      INFO(wn << " D=" << D);
      const Rank R = CorpusSampler::head_size(w, D, SamplingMode::multinomial);
      const Rank T = CorpusSampler::table_size(w, D, SamplingMode::multinomial);
      CHECK(T == CorpusSampler::table_size(w, D, SamplingMode::poisson));
      CHECK(CorpusSampler::table_size(w, D, SamplingMode::draws) == 0);
      CHECK(T >= R);
      CHECK(T <= w.M());
      CHECK(T <= 8 * R);
      CHECK(T <= R + (Rank{1} << 24));
      const double Dd = static_cast<double>(D);
      if (T > R) CHECK(Dd * w.pmf(static_cast<double>(T)) >= (1 - 1e-9) / 32);
      const bool capped = T == w.M() || T == 8 * R || T == R + (Rank{1} << 24);
      if (R > 0 && !capped) CHECK(Dd * w.pmf(static_cast<double>(T + 1)) < (1 + 1e-9) / 32);
    }
  }
}

namespace {

// Counts of the given ranks in `reps` corpora (one corpus per replicate):
// result[i][rep] is the count of ranks[i] in replicate rep.
std::vector<std::vector<double>> rank_counts(const CorpusSampler& s, const std::vector<Rank>& ranks,
                                             int reps, std::uint64_t cell) {
  std::vector<std::vector<double>> out(ranks.size());
  Corpus c;
  for (int rep = 0; rep < reps; ++rep) {
    pacsim::Engine eng = pacsim::make_engine(kMaster, cell, static_cast<std::uint64_t>(rep));
    s.sample(eng, c);
    for (std::size_t i = 0; i < ranks.size(); ++i)
      out[i].push_back(static_cast<double>(count_of(c, ranks[i])));
  }
  return out;
}

// Histogram of integer samples against a pmf on 0..min(60, support_max); the last
// cell pools everything above 60 (its expectation: the law's upper tail).
template <class Dist>
pacsim::ChiSquare histogram_test(const std::vector<double>& xs, const Dist& law, double support_max) {
  const int max = 60;
  std::vector<double> obs(max + 2, 0.0), expct(max + 2, 0.0);
  for (double x : xs) obs[static_cast<std::size_t>(std::min<double>(x, max + 1))] += 1;
  const double n = static_cast<double>(xs.size());
  const double kmax = std::min<double>(max, support_max);
  for (int k = 0; k <= kmax; ++k) expct[k] = n * boost::math::pdf(law, k);
  if (kmax == max) expct[max + 1] = n * boost::math::cdf(boost::math::complement(law, max));
  return pacsim::chi_square(obs, expct);
}

std::vector<double> products(const std::vector<double>& x, const std::vector<double>& y) {
  std::vector<double> xy(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) xy[i] = x[i] * y[i];
  return xy;
}

}  // namespace

TEST_CASE("multinomial: marginal count of a rank is Binomial(D, p_r)", "[sim][sampler]") {
  // Under the multinomial, c_r ~ Binomial(D, p_r) exactly, for head ranks (drawn by
  // conditional binomials) and tail ranks (drawn by the tail sampler) alike; draws
  // mode must agree. Ranks: 1, 2, the last head rank R, the first tail rank R+1 and
  // 4R; D = 20 and 1e4. Histogram chi-square (p > 1e-4) and mean within 4 SE (exact
  // binomial variance D p (1-p)).
  const World w = parse_world("zm:a=1.2,M=1e5");
  std::uint64_t cell = 50000;
  for (const std::uint64_t D : {20ULL, 10000ULL}) {
    for (const SamplingMode mode : {SamplingMode::multinomial, SamplingMode::draws}) {
      const CorpusSampler s(w, D, mode);
      const Rank R = CorpusSampler::head_size(w, D, SamplingMode::multinomial);
      REQUIRE(R >= 2);
      const int reps = D == 20 ? 40000 : mode == SamplingMode::draws ? 1000 : 3000;
      const std::vector<Rank> ranks = {1, 2, R, R + 1, 4 * R};
      const auto counts = rank_counts(s, ranks, reps, ++cell);
      for (std::size_t i = 0; i < ranks.size(); ++i) {
        const double p = w.pmf(static_cast<double>(ranks[i]));
        const boost::math::binomial_distribution<double> law(static_cast<double>(D), p);
        const auto cs = histogram_test(counts[i], law, static_cast<double>(D));
        const auto m = pacsim::mean_se(counts[i]);
        const double z = pacsim::z_score(m.mean, static_cast<double>(D) * p,
                                         static_cast<double>(D) * p * (1 - p), m.n);
        INFO(mode_name(mode) << " D=" << D << " rank " << ranks[i] << " (R=" << R << "): mean "
                             << m.mean << " vs D p " << static_cast<double>(D) * p << " (z " << z
                             << "); chi2 " << cs.statistic << " dof " << cs.dof << " p " << cs.p_value);
        CHECK(std::fabs(z) <= 4.0);
        CHECK(cs.p_value > 1e-4);
      }
    }
  }
}

TEST_CASE("multinomial: marginal means at large D and the pair moment E(c_r c_s)", "[sim][sampler]") {
  // Mean of c_r within 4 SE (exact binomial variance) of D p_r at large D, and the
  // multinomial pair moment E[c_r c_s] = D (D-1) p_r p_s (r != s) within 4 sample SE:
  // the sequential conditional binomials must reproduce the negative correlation.
  // zm:a=1.2,M=inf at D = 1e3, 1e5 and zm:a=3,M=inf (small head) at D = 1e8, 1e12.
  std::uint64_t cell = 60000;
  const std::pair<const char*, std::uint64_t> points[] = {{"zm:a=1.2,M=inf", 1000ULL},
                                                          {"zm:a=1.2,M=inf", 100000ULL},
                                                          {"zm:a=3,M=inf", 100000000ULL},
                                                          {"zm:a=3,M=inf", 1000000000000ULL}};
  for (const auto& pt : points) {
    const World w = parse_world(pt.first);
    const std::uint64_t D = pt.second;
    const CorpusSampler s(w, D, SamplingMode::multinomial);
    const Rank R = s.head();
    REQUIRE(R >= 3);
    const int reps = D == 1000 ? 2000 : 400;
    const std::vector<Rank> ranks = {1, 2, R, R + 1, 3 * R + 7};
    const auto c = rank_counts(s, ranks, reps, ++cell);
    const double Dd = static_cast<double>(D);
    for (std::size_t i = 0; i < ranks.size(); ++i) {
      const double p = w.pmf(static_cast<double>(ranks[i]));
      const auto m = pacsim::mean_se(c[i]);
      const double z = pacsim::z_score(m.mean, Dd * p, Dd * p * (1 - p), m.n);
      INFO(pt.first << " D=" << D << " rank " << ranks[i] << " (R=" << R << "): mean " << m.mean
                    << " vs " << Dd * p << " (z " << z << ")");
      CHECK(std::fabs(z) <= 4.0);
    }
    for (const auto& pr : {std::make_pair(0, 1), std::make_pair(2, 3)}) {
      const Rank r1 = ranks[pr.first], r2 = ranks[pr.second];
      const double e = Dd * (Dd - 1) * w.pmf(static_cast<double>(r1)) * w.pmf(static_cast<double>(r2));
      const auto m = pacsim::mean_se(products(c[pr.first], c[pr.second]));
      const double z = zval(m, e);
      INFO(pt.first << " D=" << D << " E[c_" << r1 << " c_" << r2 << "] " << m.mean << " +- " << m.se
                    << " vs " << e << " (z " << z << ")");
      CHECK(std::fabs(z) <= 4.0);
    }
  }
}

TEST_CASE("multinomial: the table's blocks, their chains and their draws", "[sim][sampler]") {
  // The table is sampled in blocks of HeadTable::kBlock ranks: block 1 by chains of
  // binomials (eight at a time), the later blocks by draws within the block.
  // Ranks on both sides of block boundaries (B | B+1 is the chain | draws
  // boundary), the last head rank and the next rank must each be Binomial(D, p_r)
  // (histogram chi-square p > 1e-4, mean within 4 SE); the pair moment across the
  // boundary must be D (D-1) p_r p_s, and a whole block's count Binomial(D, W_b) in
  // mean. Worlds: T = M = 20000 (five blocks, the last partial, no far tail) and
  // R = 27797, T = 8R < M (55 blocks and a far tail).
  constexpr Rank B = pacsim::HeadTable::kBlock;
  std::uint64_t cell = 65000;
  for (const char* wn : {"zm:a=1,M=20000", "zm:a=1,M=1e6"}) {
    const World w = parse_world(wn);
    const std::uint64_t D = 400000;
    const CorpusSampler s(w, D, SamplingMode::multinomial);
    const Rank R = s.head();
    REQUIRE(R > 4 * B);
    REQUIRE(s.chain_blocks() == 1);  // block 1 by chains, the others by draws
    std::vector<Rank> ranks = {B, B + 1, 4 * B, 4 * B + 1, R};
    if (R < w.M()) ranks.push_back(R + 1);
    const int reps = R < w.M() ? 1000 : 2000;  // the second world's tail costs more
    std::vector<std::vector<double>> c(ranks.size());
    std::vector<double> block2;  // the count of ranks B+1 .. 2B
    Corpus corpus;
    int bad_totals = 0, unsorted = 0;
    for (int rep = 0; rep < reps; ++rep) {
      pacsim::Engine eng = pacsim::make_engine(kMaster, cell, static_cast<std::uint64_t>(rep));
      s.sample(eng, corpus);
      std::uint64_t total = 0, in_block2 = 0;
      for (std::size_t j = 0; j < corpus.rank.size(); ++j) {
        total += corpus.count[j];
        if (corpus.rank[j] > B && corpus.rank[j] <= 2 * B) in_block2 += corpus.count[j];
      }
      bad_totals += total != D || corpus.size != D;
      unsorted += !std::is_sorted(corpus.rank.begin(), corpus.rank.end());
      block2.push_back(static_cast<double>(in_block2));
      for (std::size_t i = 0; i < ranks.size(); ++i) c[i].push_back(static_cast<double>(count_of(corpus, ranks[i])));
    }
    ++cell;
    CHECK(bad_totals == 0);
    CHECK(unsorted == 0);
    const double Dd = static_cast<double>(D);
    for (std::size_t i = 0; i < ranks.size(); ++i) {
      const double p = w.pmf(static_cast<double>(ranks[i]));
      const boost::math::binomial_distribution<double> law(Dd, p);
      const auto cs = histogram_test(c[i], law, Dd);
      const auto m = pacsim::mean_se(c[i]);
      const double z = pacsim::z_score(m.mean, Dd * p, Dd * p * (1 - p), m.n);
      INFO(wn << " rank " << ranks[i] << " (R=" << R << "): mean " << m.mean << " vs " << Dd * p << " (z "
              << z << "); chi2 p " << cs.p_value);
      CHECK(std::fabs(z) <= 4.0);
      CHECK(cs.p_value > 1e-4);
    }
    {
      const double e = Dd * (Dd - 1) * w.pmf(static_cast<double>(B)) * w.pmf(static_cast<double>(B + 1));
      const auto m = pacsim::mean_se(products(c[0], c[1]));
      INFO(wn << " E[c_B c_B+1] " << m.mean << " +- " << m.se << " vs " << e);
      CHECK(std::fabs(zval(m, e)) <= 4.0);
    }
    {
      const double W = w.partial_mass(2 * B) - w.partial_mass(B);
      const auto m = pacsim::mean_se(block2);
      const double z = pacsim::z_score(m.mean, Dd * W, Dd * W * (1 - W), m.n);
      INFO(wn << " block 2 count " << m.mean << " vs " << Dd * W << " (z " << z << ")");
      CHECK(std::fabs(z) <= 4.0);
    }
  }
}

TEST_CASE("poisson: counts are independent Poisson(D p_r)", "[sim][sampler]") {
  // poisson mode: c_r ~ Poisson(D p_r) independently. Histogram chi-square
  // (p > 1e-4) and mean (4 SE, variance D p_r) for head and tail ranks; independence
  // through E[c_r c_s] = D^2 p_r p_s (4 sample SE) for (1, 2) and the boundary (R, R+1).
  const World w = parse_world("zm:a=1.2,M=1e5");
  std::uint64_t cell = 70000;
  for (const std::uint64_t D : {20ULL, 10000ULL}) {
    const CorpusSampler s(w, D, SamplingMode::poisson);
    const Rank R = s.head();
    REQUIRE(R >= 3);
    const int reps = D == 20 ? 40000 : 3000;
    // 4100 lies in the second block: by draws at D = 1e4, in the far tail at D = 20.
    const std::vector<Rank> ranks = {1, 2, R, R + 1, 4 * R, 4100};
    if (D == 10000) REQUIRE((s.chain_blocks() == 1 && s.table_ranks() >= 4100));
    const auto counts = rank_counts(s, ranks, reps, ++cell);
    const double Dd = static_cast<double>(D);
    for (std::size_t i = 0; i < ranks.size(); ++i) {
      const double lam = Dd * w.pmf(static_cast<double>(ranks[i]));
      const boost::math::poisson_distribution<double> law(lam);
      const auto cs = histogram_test(counts[i], law, INFINITY);
      const auto m = pacsim::mean_se(counts[i]);
      const double z = pacsim::z_score(m.mean, lam, lam, m.n);
      INFO("D=" << D << " rank " << ranks[i] << " (R=" << R << "): mean " << m.mean << " vs " << lam
                << " (z " << z << "); chi2 " << cs.statistic << " dof " << cs.dof << " p " << cs.p_value);
      CHECK(std::fabs(z) <= 4.0);
      CHECK(cs.p_value > 1e-4);
    }
    for (const auto& pr : {std::make_pair(0, 1), std::make_pair(2, 3)}) {
      const Rank r1 = ranks[pr.first], r2 = ranks[pr.second];
      const double e = Dd * Dd * w.pmf(static_cast<double>(r1)) * w.pmf(static_cast<double>(r2));
      const auto m = pacsim::mean_se(products(counts[pr.first], counts[pr.second]));
      const double z = zval(m, e);
      INFO("D=" << D << " E[c_" << r1 << " c_" << r2 << "] " << m.mean << " vs " << e << " (z " << z << ")");
      CHECK(std::fabs(z) <= 4.0);
    }
  }
}

TEST_CASE("poisson: corpus size is Poisson(D)", "[sim][sampler]") {
  // Exact Poissonisation: size ~ Poisson(D). Mean within 4 SE (sqrt(D/n)) at several
  // D, and at D = 30 a histogram chi-square against the Poisson(30) pmf.
  // zm:a=2,b=3,M=inf for small D; zm:a=6,b=3,M=inf (head of ~100 ranks) for large D.
  const World w = parse_world("zm:a=2,b=3,M=inf"), steep = parse_world("zm:a=6,b=3,M=inf");
  std::uint64_t cell = 80000;
  Corpus corpus;
  for (const std::uint64_t D : {1ULL, 30ULL, 10000ULL, 1000000000ULL, 1000000000000ULL}) {
    const CorpusSampler s(D <= 10000 ? w : steep, D, SamplingMode::poisson);
    const int reps = 2000;
    std::vector<double> sizes;
    ++cell;
    for (int rep = 0; rep < reps; ++rep) {
      pacsim::Engine eng = pacsim::make_engine(kMaster, cell, static_cast<std::uint64_t>(rep));
      s.sample(eng, corpus);
      sizes.push_back(static_cast<double>(corpus.size));
    }
    const auto m = pacsim::mean_se(sizes);
    const double Dd = static_cast<double>(D);
    const double z = pacsim::z_score(m.mean, Dd, Dd, m.n);
    INFO("D=" << D << ": mean size " << m.mean << " (z " << z << "), sample var " << m.variance);
    CHECK(std::fabs(z) <= 4.0);
  }
  const CorpusSampler s(w, 30, SamplingMode::poisson);
  const boost::math::poisson_distribution<double> law(30.0);
  std::vector<double> obs(81, 0.0), expct(81, 0.0);
  const int reps = 20000;
  ++cell;
  for (int rep = 0; rep < reps; ++rep) {
    pacsim::Engine eng = pacsim::make_engine(kMaster, cell, static_cast<std::uint64_t>(rep));
    s.sample(eng, corpus);
    obs[std::min<std::uint64_t>(corpus.size, 80)] += 1;
  }
  for (int k = 0; k < 80; ++k) expct[k] = reps * boost::math::pdf(law, k);
  expct[80] = reps * boost::math::cdf(boost::math::complement(law, 79));
  const auto cs = pacsim::chi_square(obs, expct);
  INFO("size histogram chi2 " << cs.statistic << " dof " << cs.dof << " p " << cs.p_value);
  CHECK(cs.p_value > 1e-4);
}

namespace {

bool identical(const Corpus& a, const Corpus& b) {
  return a.rank == b.rank && a.count == b.count && a.size == b.size &&
         a.far_p.size() == b.far_p.size() &&
         (a.far_p.empty() || std::memcmp(a.far_p.data(), b.far_p.data(), a.far_p.size() * sizeof(double)) == 0) &&
         std::memcmp(&a.missing_mass, &b.missing_mass, sizeof(double)) == 0;
}

}  // namespace

TEST_CASE("sampler: the same engine seed gives a bit-identical corpus", "[sim][sampler]") {
  // A replicate is a function of (master, cell, replicate) only. Same seed ->
  // identical count vectors, far draws and missing mass (bitwise), whether the Corpus
  // is fresh or reused, and whatever sampler object or shared HeadTable is used;
  // different replicates give different corpora.
  for (const char* wn : {"zm:a=1.2,M=1e6", "zm:a=1.1,M=inf", "zm:a=0,M=1e9", "zm:a=0.5,b=3,M=2^62"}) {
    const World w = parse_world(wn);
    for (const SamplingMode mode : {SamplingMode::multinomial, SamplingMode::poisson, SamplingMode::draws}) {
      const std::uint64_t D = mode == SamplingMode::draws ? 20000 : w.M() > 10000000 ? 100000 : 1000000;
      INFO(wn << " mode " << mode_name(mode));
      const CorpusSampler s1(w, D, mode), s2(w, D, mode);
      const auto shared = std::make_shared<const pacsim::HeadTable>(w, s1.table_ranks() + 100);
      const CorpusSampler s3(w, D, mode, shared);

      pacsim::Engine e1 = pacsim::make_engine(kMaster, 7, 3);
      const Corpus fresh = s1.sample(e1);

      Corpus reused;  // dirty it with another replicate first
      pacsim::Engine e0 = pacsim::make_engine(kMaster, 7, 4);
      s1.sample(e0, reused);
      const Corpus other = reused;
      pacsim::Engine e2 = pacsim::make_engine(kMaster, 7, 3);
      s2.sample(e2, reused);
      pacsim::Engine e3 = pacsim::make_engine(kMaster, 7, 3);
      const Corpus via_shared = s3.sample(e3);

      CHECK(identical(fresh, reused));
      CHECK(identical(fresh, via_shared));
      CHECK_FALSE(identical(fresh, other));
      // The engine is advanced identically too: the next outputs agree.
      const std::uint64_t next = e1();
      CHECK(next == e2());
      CHECK(next == e3());
    }
  }
}

TEST_CASE("sampler: refusals name their reason, the constructor refuses the same", "[sim][sampler]") {
  const World w = parse_world("zm:a=1.2,M=1e5");
  for (const SamplingMode mode : {SamplingMode::multinomial, SamplingMode::poisson, SamplingMode::draws}) {
    INFO("mode " << mode_name(mode));
    // D = 0 and D > 2^62 (1 <= D <= 2^62).
    CHECK_FALSE(CorpusSampler::refusal(w, 0, mode).empty());
    CHECK_THROWS_AS(CorpusSampler(w, 0, mode), std::invalid_argument);
    CHECK_FALSE(CorpusSampler::refusal(w, (std::uint64_t{1} << 62) + 1, mode).empty());
    // Memory: a small max_bytes refuses a count vector that the default accepts.
    pacsim::SamplerLimits tiny;
    tiny.max_bytes = 1000;
    CHECK_FALSE(CorpusSampler::refusal(w, 1000000, mode, tiny).empty());
    CHECK_THROWS_AS(CorpusSampler(w, 1000000, mode, nullptr, tiny), std::invalid_argument);
    CHECK(CorpusSampler::refusal(w, 1000000, mode).empty());
  }
  // Far ranks that would collide: zm:a=1.01,M=inf at D=1e12 (expected merges among
  // ranks >= 2^53: D^2/2 sum p_r^2 ~ 3e3). Refused with the default limits, and for
  // the collision reason itself when memory is not the limit.
  const World near1 = parse_world("zm:a=1.01,M=inf");
  pacsim::SamplerLimits roomy;
  roomy.max_bytes = 1e300;
  for (const SamplingMode mode : {SamplingMode::multinomial, SamplingMode::poisson}) {
    CHECK_FALSE(CorpusSampler::refusal(near1, 1000000000000ULL, mode).empty());
    CHECK_THAT(CorpusSampler::refusal(near1, 1000000000000ULL, mode, roomy), Catch::Matchers::Contains("collide"));
  }
  // A finite world beyond 2^53 as well: zm:a=0.5,M=2^62 collides at D=1e9
  // (D^2/2 sum_{r>=2^53} p_r^2 ~ 0.17 > 0.01) but not at D=1e5 (~2e-9).
  const World wide = parse_world("zm:a=0.5,M=2^62");
  CHECK_THAT(CorpusSampler::refusal(wide, 1000000000ULL, SamplingMode::multinomial, roomy),
             Catch::Matchers::Contains("collide"));
  CHECK(CorpusSampler::refusal(wide, 100000, SamplingMode::multinomial).empty());
  // The benchmark's cases must be accepted: zm:a=2.5,M=inf at D=1e15, and M=1e12 finite.
  CHECK(CorpusSampler::refusal(parse_world("zm:a=2.5,M=inf"), 1000000000000000ULL, SamplingMode::multinomial).empty());
  CHECK(CorpusSampler::refusal(parse_world("zm:a=2.5,M=1e12"), 1000000000000000ULL, SamplingMode::multinomial).empty());
}
