// Unit tests for sim/learning/hypothesis and metrics: the ERM
// hypothesis of each class and the per-replicate metrics kl, lk, tv, mismatch,
// q_mass, t_mass and the renormalised kl_norm and tv_norm for the targets pop /
// train and scopes S / U, best_lk and eps.
//
// The reference (`reference()` below) is written from the definitions alone, by
// brute force over every rank of the universe, in long double:
//  - ERM: all: q_s = Q_k(estimate(c_s)), unseen = Q_k(estimate(0)); top N: the N
//    largest counts (ties: lower rank first) keep their own value, the rest and
//    every unseen sequence share the grid value v maximising sum_{rest, Q(c/n)=v} c
//    (ties: smaller v); with N >= |S| the unseen value is Q_k(estimate(0));
//  - the grid index of c/n by brute force over j = 0..k in integer arithmetic;
//    the grid index of a double (p_r, the add estimate) by Quantiser::index, whose
//    exactness test_quantiser.cpp checks on its own;
//  - t_mass and q_mass: the sums over the scope; kl_norm and tv_norm: a second
//    pass over the scope with t / t_mass and q / q_mass (NaN where a mass is 0 or
//    infinite), each term t log1p(x) + (q - t), x = (t - q) / q, in long double;
//  - best_lk: 0 for all (q_s = Q(p_s) is in the class); for top the minimum over
//    every grid value j = 0..k of sum_{rest, Q(p_s) != j} p_s (own values set to
//    Q(p_s)); eps = lk_pop_S - best_lk.
// Tolerances: the code's fields must equal the reference within a relative 1e-12
// (absolute floor 1e-14, for fields that are 0 or cancel to near 0: the code gets
// the unseen part of kl as a difference of totals); infinities must match exactly;
// grid indices and mismatch counts exactly. For worlds with M > 64 the code's
// totals come from Euler–Maclaurin (theory/world): relative 1e-10, floor 1e-12.
// Sampled means: within 4 standard errors, the SE from the exact variance
// obtained by enumerating every multinomial outcome.
#include <catch2/catch.hpp>

#include "tests/support.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iomanip>
#include <iterator>
#include <limits>
#include <map>
#include <numeric>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "sim/sampling/corpus.hpp"
#include "sim/learning/hypothesis.hpp"
#include "sim/learning/metrics.hpp"
#include "sim/random/rng.hpp"
#include "sim/input/spelling.hpp"
#include "sim/sampling/sampler.hpp"
#include "theory/quantiser.hpp"
#include "theory/sampling_mode.hpp"
#include "theory/world.hpp"

using pacsim::test::make_spec;
using namespace pacsim;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
using ld = long double;

// ------------------------------------------------------------------ specs ----

std::string spec_name(const HypothesisSpec& s) {
  std::ostringstream o;
  o << to_string(s.cls);
  if (s.cls == HypothesisClass::top) o << " N=" << s.N;
  o << " " << to_string(s.estimator);
  if (s.estimator == Estimator::add) o << "(beta=" << s.beta << ")";
  o << " k=" << s.Q.k << " " << to_string(s.Q.rounding) << (s.Q.min_one_over_k ? "+min_one_over_k" : "");
  return o.str();
}

std::string counts_name(const std::vector<std::uint64_t>& c) {
  std::ostringstream o;
  o << "(";
  for (std::size_t i = 0; i < c.size(); ++i) o << (i ? "," : "") << c[i];
  o << ")";
  return o.str();
}

// -------------------------------------------------------------- reference ----

// Grid index of num/den by brute force over the grid (exact, integers): every
// candidate j is compared with num/den through j den vs num k in 128 bits. Only
// j within 2 of floor(num k / den) can win, so those are the candidates.
std::int64_t ref_ratio(const Quantiser& Q, std::uint64_t num, std::uint64_t den) {
  __extension__ using u128 = unsigned __int128;
  const u128 nk = static_cast<u128>(num) * Q.k;
  const u128 j0 = nk / den;
  const std::uint64_t lo = j0 >= 2 ? static_cast<std::uint64_t>(j0 - 2) : 0;
  const std::uint64_t hi = static_cast<std::uint64_t>(std::min<u128>(j0 + 2, Q.k));
  std::int64_t best = -1;
  if (Q.rounding == Rounding::floor) {  // the largest j with j/k <= num/den
    for (std::uint64_t j = lo; j <= hi; ++j)
      if (static_cast<u128>(j) * den <= nk) best = static_cast<std::int64_t>(j);
  } else if (Q.rounding == Rounding::ceil) {  // the smallest j with j/k >= num/den
    for (std::uint64_t j = hi + 1; j-- > lo;)
      if (static_cast<u128>(j) * den >= nk) best = static_cast<std::int64_t>(j);
  } else {  // the j minimising |j/k - num/den|, ties to the larger j
    u128 best_d = ~u128{0};
    for (std::uint64_t j = lo; j <= hi; ++j) {
      const u128 jd = static_cast<u128>(j) * den;
      const u128 d = jd > nk ? jd - nk : nk - jd;
      if (d <= best_d) {
        best_d = d;
        best = static_cast<std::int64_t>(j);
      }
    }
  }
  if (best < 0) best = static_cast<std::int64_t>(hi);  // num/den > 1 (never here): clamp to k
  if (Q.min_one_over_k && best < 1) best = 1;
  return best;
}

struct RefScope {
  ld kl = 0, lk = 0, tv = 0, mismatch = 0, q_mass = 0, t_mass = 0, kl_norm = 0, tv_norm = 0;
};

// t log(t / q) - t + q in long double, in the form that keeps its digits when t
// is close to q (log1p of the exact-to-rounding x, and q - t last).
ld divergence(ld t, ld q) {
  if (t == 0) return q;
  if (q == 0) return static_cast<ld>(kInf);
  return t * std::log1p((t - q) / q) + (q - t);
}

// The renormalised losses of one target/scope, given each type's (t, q) in it
// and the masses: NaN where a mass is 0 or infinite.
void renormalised(RefScope& s, const std::vector<std::pair<ld, ld>>& terms) {
  if (!(s.t_mass > 0 && s.q_mass > 0 && std::isfinite(s.t_mass) && std::isfinite(s.q_mass))) {
    s.kl_norm = s.tv_norm = std::numeric_limits<ld>::quiet_NaN();
    return;
  }
  s.kl_norm = s.tv_norm = 0;
  for (const auto& [t, q] : terms) {
    s.kl_norm += divergence(t / s.t_mass, q / s.q_mass);
    s.tv_norm += std::fabs(t / s.t_mass - q / s.q_mass);
  }
}

struct Ref {
  RefScope pop_S, pop_U, train_S, train_U;
  ld best_lk = 0, eps = 0;
  std::uint64_t unique = 0;
  std::vector<std::int64_t> q;  // grid index per rank 1..L
  std::int64_t unseen = 0;
  std::vector<std::uint8_t> own;  // per rank (seen ranks only meaningful)
};

// Brute force over ranks 1..L with p[r-1] and counts c[r-1]; M is the world's M
// (for the add estimator). For an infinite world L < M and the caller adds the
// tail beyond L (`tail_mass` of p, which pop_U's renormalisation counts). The
// renormalised losses take a second pass, once the masses of the first are known.
Ref reference(const std::vector<double>& p, const std::vector<std::uint64_t>& c, const HypothesisSpec& spec,
              double M, ld tail_mass = 0) {
  const Quantiser& Q = spec.Q;
  const std::size_t L = p.size();
  const std::uint64_t n = std::accumulate(c.begin(), c.end(), std::uint64_t{0});
  const auto est = [&](std::uint64_t cnt) -> std::int64_t {
    if (spec.estimator == Estimator::ml) return ref_ratio(Q, cnt, n);
    return Q.index((static_cast<double>(cnt) + spec.beta) / (static_cast<double>(n) + spec.beta * M));
  };
  Ref ref;
  ref.q.assign(L, 0);
  ref.own.assign(L, 0);
  std::vector<std::size_t> seen;
  for (std::size_t i = 0; i < L; ++i)
    if (c[i] > 0) seen.push_back(i);
  ref.unique = seen.size();
  for (std::size_t i : seen) {
    ref.q[i] = est(c[i]);
    ref.own[i] = 1;
  }
  ref.unseen = est(0);
  std::vector<std::size_t> rest;
  if (spec.cls == HypothesisClass::top && spec.N < seen.size()) {
    std::vector<std::size_t> order = seen;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return c[x] > c[y]; });
    rest.assign(order.begin() + static_cast<std::ptrdiff_t>(spec.N), order.end());
    std::vector<std::uint64_t> weight(Q.k + 1, 0);
    for (std::size_t i : rest) weight[static_cast<std::size_t>(ref_ratio(Q, c[i], n))] += c[i];
    std::int64_t v = 0;
    for (std::uint64_t j = 0; j <= Q.k; ++j)
      if (weight[j] > weight[static_cast<std::size_t>(v)]) v = static_cast<std::int64_t>(j);
    for (std::size_t i : rest) {
      ref.q[i] = v;
      ref.own[i] = 0;
    }
    ref.unseen = v;
  }
  for (std::size_t i = 0; i < L; ++i)
    if (c[i] == 0) ref.q[i] = ref.unseen;

  for (std::size_t i = 0; i < L; ++i) {
    const bool in_S = c[i] > 0;
    const ld pi = p[i];
    const ld t = static_cast<ld>(c[i]) / static_cast<ld>(n);
    const ld qv = static_cast<ld>(ref.q[i]) / static_cast<ld>(Q.k);
    const std::int64_t Qp = Q.index(p[i]);
    const std::int64_t Qt = ref_ratio(Q, c[i], n);
    RefScope pop, train;
    pop.kl = pi > 0 ? (qv > 0 ? pi * std::log(pi / qv) : static_cast<ld>(kInf)) : 0;
    train.kl = t > 0 ? (qv > 0 ? t * std::log(t / qv) : static_cast<ld>(kInf)) : 0;
    pop.lk = Qp != ref.q[i] ? pi : 0;
    pop.mismatch = Qp != ref.q[i] ? 1 : 0;
    train.lk = Qt != ref.q[i] ? t : 0;
    train.mismatch = Qt != ref.q[i] ? 1 : 0;
    pop.tv = std::fabs(pi - qv);
    train.tv = std::fabs(t - qv);
    pop.q_mass = train.q_mass = qv;
    pop.t_mass = pi;
    train.t_mass = t;
    const auto add = [](RefScope& a, const RefScope& b) {
      a.kl += b.kl;
      a.lk += b.lk;
      a.tv += b.tv;
      a.mismatch += b.mismatch;
      a.q_mass += b.q_mass;
      a.t_mass += b.t_mass;
    };
    add(ref.pop_U, pop);
    add(ref.train_U, train);
    if (in_S) {
      add(ref.pop_S, pop);
      add(ref.train_S, train);
    }
  }
  ref.pop_U.t_mass += tail_mass;
  std::vector<std::pair<ld, ld>> pop_S, pop_U, train_S, train_U;  // (t, q) per type
  for (std::size_t i = 0; i < L; ++i) {
    const ld qv = static_cast<ld>(ref.q[i]) / static_cast<ld>(Q.k);
    const ld t = static_cast<ld>(c[i]) / static_cast<ld>(n);
    pop_U.emplace_back(p[i], qv);
    train_U.emplace_back(t, qv);
    if (c[i] > 0) {
      pop_S.emplace_back(p[i], qv);
      train_S.emplace_back(t, qv);
    }
  }
  renormalised(ref.pop_S, pop_S);
  renormalised(ref.pop_U, pop_U);
  renormalised(ref.train_S, train_S);
  renormalised(ref.train_U, train_U);
  if (!rest.empty()) {
    // L_k of the best shared value: try every j = 0..k; own entries take Q(p_s).
    // sum_{rest, Q(p) != j} p = (rest mass) - (mass of the rest with Q(p) = j).
    std::vector<ld> mass_at(Q.k + 1, 0);
    ld rest_mass = 0;
    for (std::size_t i : rest) {
      mass_at[static_cast<std::size_t>(Q.index(p[i]))] += p[i];
      rest_mass += p[i];
    }
    ld best = kInf;
    for (std::uint64_t j = 0; j <= Q.k; ++j) best = std::min(best, rest_mass - mass_at[j]);
    ref.best_lk = best;
  }
  ref.eps = ref.pop_S.lk - ref.best_lk;
  return ref;
}

std::vector<double> world_p(const World& w, std::size_t L) {
  std::vector<double> p(L);
  for (std::size_t r = 1; r <= L; ++r) p[r - 1] = w.pmf(static_cast<double>(r));
  return p;
}

// ------------------------------------------------------------- code runs ----

Corpus make_corpus(const std::vector<double>& p, const std::vector<std::uint64_t>& c, ld tail_missing = 0) {
  Corpus k;
  ld missing = tail_missing;
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (c[i] > 0) {
      k.rank.push_back(static_cast<Rank>(i + 1));
      k.count.push_back(c[i]);
      k.size += c[i];
    } else {
      missing += p[i];
    }
  }
  k.missing_mass = static_cast<double>(missing);
  return k;
}

struct CodeRun {
  SeenTypes seen;
  Hypothesis h;
  Metrics m;
};

CodeRun run_code(const World& w, const HypothesisSpec& spec, const Corpus& corpus) {
  CodeRun r;
  seen_types(w, corpus, nullptr, 0, r.seen);
  learn(spec, w, r.seen, corpus.size, r.h);
  r.m = compute_metrics(w, spec, r.seen, r.h, corpus.size, corpus.missing_mass);
  return r;
}

// ------------------------------------------------------------ comparison ----

bool close(double got, ld want, double rel, double abs_floor) {
  if (std::isnan(want) || std::isnan(got)) return std::isnan(want) && std::isnan(got);
  if (std::isinf(static_cast<double>(want)) || std::isinf(got)) return got == static_cast<double>(want);
  return std::fabs(static_cast<ld>(got) - want) <= rel * std::fabs(want) + abs_floor;
}

// Collects discrepancies; one CHECK per batch reports the first few in full.
struct Diffs {
  std::vector<std::string> msgs;
  std::map<std::string, std::size_t> by_field;  // "pop_U kl" -> number of discrepancies
  std::size_t fields = 0;
  void val(const std::string& ctx, const char* what, double got, ld want, double rel, double abs_floor) {
    ++fields;
    if (close(got, want, rel, abs_floor)) return;
    const auto bar = ctx.rfind(" | ");
    ++by_field[(bar == std::string::npos ? std::string() : ctx.substr(bar + 3) + " ") + what];
    std::ostringstream o;
    o << std::setprecision(17) << ctx << " | " << what << ": got " << got << ", expected "
      << static_cast<double>(want);
    msgs.push_back(o.str());
  }
  void scope(const std::string& ctx, const char* name, const Losses& got, const RefScope& want, double rel,
             double abs_floor) {
    const std::string c = ctx + " | " + name;
    val(c, "kl", got.kl, want.kl, rel, abs_floor);
    val(c, "lk", got.lk, want.lk, rel, abs_floor);
    val(c, "tv", got.tv, want.tv, rel, abs_floor);
    val(c, "mismatch", got.mismatch, want.mismatch, 0, 0);
    val(c, "q_mass", got.q_mass, want.q_mass, rel, abs_floor);
    val(c, "t_mass", got.t_mass, want.t_mass, rel, abs_floor);
    val(c, "kl_norm", got.kl_norm, want.kl_norm, rel, abs_floor);
    val(c, "tv_norm", got.tv_norm, want.tv_norm, rel, abs_floor);
  }
  void all(const std::string& ctx, const CodeRun& run, const Ref& ref, double rel = 1e-12, double abs_floor = 1e-14) {
    scope(ctx, "pop_S", run.m.pop_S, ref.pop_S, rel, abs_floor);
    scope(ctx, "pop_U", run.m.pop_U, ref.pop_U, rel, abs_floor);
    scope(ctx, "train_S", run.m.train_S, ref.train_S, rel, abs_floor);
    scope(ctx, "train_U", run.m.train_U, ref.train_U, rel, abs_floor);
    val(ctx, "best_lk", run.m.best_lk, ref.best_lk, rel, abs_floor);
    val(ctx, "eps", run.m.eps, ref.eps, rel, abs_floor);
    val(ctx, "unique", static_cast<double>(run.m.unique), static_cast<ld>(ref.unique), 0, 0);
    // The fitted hypothesis itself, entry by entry (seen entries are in rank order).
    std::ostringstream hq;
    bool bad = run.h.unseen != ref.unseen;
    for (std::size_t i = 0; i < run.seen.rank.size(); ++i) {
      const std::size_t r = run.seen.rank[i] - 1;
      if (run.h.q[i] != ref.q[r] || run.h.own[i] != ref.own[r]) bad = true;
      hq << " r" << (r + 1) << ":q=" << run.h.q[i] << "/" << ref.q[r] << ",own=" << int(run.h.own[i]) << "/"
         << int(ref.own[r]);
    }
    ++fields;
    if (bad) ++by_field["hypothesis"];
    if (bad) msgs.push_back(ctx + " | hypothesis (got/expected): unseen=" + std::to_string(run.h.unseen) + "/" +
                            std::to_string(ref.unseen) + hq.str());
  }
  std::string report() const {
    std::ostringstream o;
    o << msgs.size() << " discrepancies in " << fields << " fields; by field:";
    for (const auto& kv : by_field) o << " [" << kv.first << ": " << kv.second << "]";
    for (std::size_t i = 0; i < std::min<std::size_t>(msgs.size(), 25); ++i) o << "\n  " << msgs[i];
    return o.str();
  }
};

// Properties of one run: lk in [0, 1] for pop; mismatch a whole
// number (or inf); eps >= 0 (up to 1e-14 for sums taken in different orders);
// tv, q_mass >= 0. Returns a message or "".
std::string property_violation(const Metrics& m) {
  std::ostringstream o;
  const auto lk_ok = [](double x) { return x >= 0 && x <= 1 + 1e-12; };
  if (!lk_ok(m.pop_S.lk)) o << " lk_pop_S=" << m.pop_S.lk;
  if (!lk_ok(m.pop_U.lk)) o << " lk_pop_U=" << m.pop_U.lk;
  if (!lk_ok(m.train_S.lk)) o << " lk_train_S=" << m.train_S.lk;
  if (!(m.pop_U.lk >= m.pop_S.lk - 1e-15)) o << " lk_pop_U<lk_pop_S";
  for (const Losses* s : {&m.pop_S, &m.pop_U, &m.train_S, &m.train_U}) {
    if (!(s->mismatch >= 0) || (std::isfinite(s->mismatch) && std::floor(s->mismatch) != s->mismatch))
      o << " mismatch=" << s->mismatch;
    if (!(s->tv >= 0)) o << " tv=" << s->tv;
    if (!(s->q_mass >= 0)) o << " q_mass=" << s->q_mass;
  }
  if (!(m.eps >= -1e-14)) o << " eps=" << m.eps;
  if (!(m.best_lk >= 0 && m.best_lk <= m.pop_S.lk + 1e-14)) o << " best_lk=" << m.best_lk;
  return o.str();
}

// Every spec of the sweeps: classes all / top N=1 / top N=2 / top N=10, both
// estimators, each rounding with and without min_one_over_k, several k.
std::vector<HypothesisSpec> spec_grid(const std::vector<std::uint64_t>& ks, bool with_add, bool finite) {
  std::vector<HypothesisSpec> out;
  const std::pair<HypothesisClass, std::uint64_t> classes[] = {
      {HypothesisClass::all, 0}, {HypothesisClass::top, 1}, {HypothesisClass::top, 2}, {HypothesisClass::top, 10}};
  for (auto [cls, N] : classes)
    for (Estimator est : {Estimator::ml, Estimator::add}) {
      if (est == Estimator::add && (!with_add || !finite)) continue;
      for (std::uint64_t k : ks)
        for (Rounding r : {Rounding::nearest, Rounding::floor, Rounding::ceil})
          for (bool min1 : {false, true}) out.push_back(make_spec(cls, N, est, k, r, min1));
    }
  return out;
}

// All count vectors of D draws over M ranks.
void compositions(std::size_t M, std::uint64_t D, std::vector<std::uint64_t>& cur,
                  std::vector<std::vector<std::uint64_t>>& out) {
  if (cur.size() + 1 == M) {
    cur.push_back(D);
    out.push_back(cur);
    cur.pop_back();
    return;
  }
  for (std::uint64_t c = 0; c <= D; ++c) {
    cur.push_back(c);
    compositions(M, D - c, cur, out);
    cur.pop_back();
  }
}

std::vector<std::vector<std::uint64_t>> all_outcomes(std::size_t M, std::uint64_t D) {
  std::vector<std::vector<std::uint64_t>> out;
  std::vector<std::uint64_t> cur;
  compositions(M, D, cur, out);
  return out;
}

ld multinomial_prob(const std::vector<double>& p, const std::vector<std::uint64_t>& c) {
  ld lp = std::lgamma(static_cast<ld>(std::accumulate(c.begin(), c.end(), std::uint64_t{0})) + 1);
  for (std::size_t i = 0; i < c.size(); ++i) {
    lp -= std::lgamma(static_cast<ld>(c[i]) + 1);
    if (c[i] > 0) {
      if (p[i] <= 0) return 0;
      lp += static_cast<ld>(c[i]) * std::log(static_cast<ld>(p[i]));
    }
  }
  return std::exp(lp);
}

}  // namespace

// ======================================================== hand-computed =====

TEST_CASE("metrics: literal hand values, uniform M=2, counts (2,0), k=2 nearest", "[sim][metrics]") {
  // p = (1/2, 1/2); ERM all/ml: q_1 = Q(2/2) = 2 (value 1), unseen Q(0) = 0.
  // Q(p_r) = Q(1/2) = round(1) = 1 for both ranks.
  const World w(0.0, 0.0, 2);
  const auto spec = make_spec(HypothesisClass::all, 0, Estimator::ml, 2, Rounding::nearest, false);
  const Corpus corpus = make_corpus(world_p(w, 2), {2, 0});
  REQUIRE(corpus.missing_mass == 0.5);
  const CodeRun r = run_code(w, spec, corpus);
  REQUIRE(r.h.q.size() == 1);
  CHECK(r.h.q[0] == 2);
  CHECK(r.h.unseen == 0);
  const Metrics& m = r.m;
  CHECK(m.unique == 1);
  CHECK(m.pop_S.kl == Approx(-0.5 * std::log(2.0)).epsilon(1e-14));  // 1/2 log(1/2 / 1)
  CHECK(m.pop_S.lk == 0.5);
  CHECK(m.pop_S.tv == 0.5);
  CHECK(m.pop_S.mismatch == 1);
  CHECK(m.pop_S.q_mass == 1.0);
  CHECK(m.pop_U.kl == kInf);  // rank 2: p = 1/2, q = 0
  CHECK(m.pop_U.lk == 1.0);
  CHECK(m.pop_U.tv == 1.0);
  CHECK(m.pop_U.mismatch == 2);
  CHECK(m.pop_U.q_mass == 1.0);
  CHECK(m.train_S.kl == 0.0);
  CHECK(m.train_S.lk == 0.0);
  CHECK(m.train_S.tv == 0.0);
  CHECK(m.train_S.mismatch == 0);
  CHECK(m.train_U.kl == 0.0);
  CHECK(m.train_U.lk == 0.0);
  CHECK(m.train_U.tv == 0.0);
  CHECK(m.train_U.mismatch == 0);  // Q(0) = 0 = q_unseen
  CHECK(m.train_U.q_mass == 1.0);
  CHECK(m.best_lk == 0.0);
  CHECK(m.eps == 0.5);
}

TEST_CASE("metrics: literal hand values for edge cases", "[sim][metrics]") {
  SECTION("M = 1: all mass on one type") {
    const World w(1.0, 0.0, 1);
    const auto spec = make_spec(HypothesisClass::all, 0, Estimator::ml, 3, Rounding::nearest, false);
    const Corpus corpus = make_corpus(world_p(w, 1), {5});
    CHECK(corpus.missing_mass == 0.0);
    const Metrics m = run_code(w, spec, corpus).m;
    for (const Losses* s : {&m.pop_S, &m.pop_U, &m.train_S, &m.train_U}) {
      CHECK(s->kl == Approx(0.0).margin(1e-15));
      CHECK(s->lk == 0.0);
      CHECK(s->tv == Approx(0.0).margin(1e-15));
      CHECK(s->mismatch == 0);
      CHECK(s->q_mass == 1.0);
    }
    CHECK(m.unique == 1);
    CHECK(m.eps == 0.0);
  }
  SECTION("unnormalised q: uniform M=4, counts (1,1,1,1), k=3 nearest") {
    // q_s = Q(1/4) = round(0.75) = 1 -> 1/3 each: q_mass = 4/3, tv = 4 (1/3 - 1/4) = 1/3,
    // kl = log(3/4), and Q(p_s) = 1 = q_s so lk = mismatch = 0.
    const World w(0.0, 0.0, 4);
    const auto spec = make_spec(HypothesisClass::all, 0, Estimator::ml, 3, Rounding::nearest, false);
    const Metrics m = run_code(w, spec, make_corpus(world_p(w, 4), {1, 1, 1, 1})).m;
    CHECK(m.pop_S.q_mass == Approx(4.0 / 3.0).epsilon(1e-14));
    CHECK(m.pop_U.q_mass == Approx(4.0 / 3.0).epsilon(1e-14));
    CHECK(m.pop_S.tv == Approx(1.0 / 3.0).epsilon(1e-14));
    CHECK(m.pop_S.kl == Approx(std::log(0.75)).epsilon(1e-13));
    CHECK(m.pop_U.kl == Approx(std::log(0.75)).epsilon(1e-13));
    CHECK(m.pop_S.lk == 0.0);
    CHECK(m.pop_S.mismatch == 0);
    CHECK(m.train_S.kl == Approx(std::log(0.75)).epsilon(1e-13));
    // Renormalised, q' = (1/3) / (4/3) = 1/4 = p: no divergence left; every
    // type seen, so the target mass over S is 1.
    for (const Losses* l : {&m.pop_S, &m.pop_U, &m.train_S, &m.train_U}) {
      CHECK(l->t_mass == Approx(1.0).epsilon(1e-15));
      CHECK(l->kl_norm == Approx(0.0).margin(1e-15));
      CHECK(l->tv_norm == Approx(0.0).margin(1e-15));
    }
  }
  SECTION("q = 0 where p > 0: kl is +inf, the other fields finite") {
    // p = (6, 3, 2)/11; counts (3, 1, 0), k = 1 nearest: q = (Q(3/4), Q(1/4)) = (1, 0).
    const World w(1.0, 0.0, 3);
    const auto p = world_p(w, 3);
    const auto spec = make_spec(HypothesisClass::all, 0, Estimator::ml, 1, Rounding::nearest, false);
    const Metrics m = run_code(w, spec, make_corpus(p, {3, 1, 0})).m;
    CHECK(m.pop_S.kl == kInf);
    CHECK(m.pop_U.kl == kInf);
    CHECK(m.train_S.kl == kInf);
    CHECK(m.train_U.kl == kInf);
    // Q(p) = (1, 0, 0): rank 1 matches, rank 2 matches, rank 3 (unseen, q = 0) matches.
    // lk over U: the code subtracts interval masses (missing - mass where Q(p) = q),
    // so allow 1e-15 of rounding there.
    CHECK(m.pop_S.lk == 0.0);
    CHECK(m.pop_U.lk == Approx(0.0).margin(1e-15));
    CHECK(m.pop_S.tv == Approx((1 - p[0]) + p[1]).epsilon(1e-14));
    CHECK(m.pop_U.tv == Approx((1 - p[0]) + p[1] + p[2]).epsilon(1e-14));
    CHECK(m.pop_U.mismatch == 0);
    CHECK(m.pop_U.q_mass == 1.0);
    // Renormalised over S: t' = (6, 3) / 9 against q' = (1, 0).
    CHECK(m.pop_S.t_mass == Approx(9.0 / 11).epsilon(1e-15));
    CHECK(m.pop_S.kl_norm == kInf);
    CHECK(m.pop_S.tv_norm == Approx(2.0 / 3).epsilon(1e-14));
    CHECK(m.pop_U.t_mass == 1.0);
    CHECK(m.train_S.t_mass == 1.0);
    CHECK(m.train_S.tv_norm == Approx(0.5).epsilon(1e-14));  // t = (3/4, 1/4) against (1, 0)
  }
  SECTION("min_one_over_k: the unseen value becomes 1/k") {
    // p = (6, 3, 2)/11, counts (4, 0, 0), k = 10 nearest + min_one_over_k:
    // q_1 = 10 (value 1), unseen Q(0) -> 1 (value 1/10).
    const World w(1.0, 0.0, 3);
    const auto p = world_p(w, 3);
    const auto spec = make_spec(HypothesisClass::all, 0, Estimator::ml, 10, Rounding::nearest, true);
    const CodeRun r = run_code(w, spec, make_corpus(p, {4, 0, 0}));
    const Metrics& m = r.m;
    CHECK(r.h.unseen == 1);
    CHECK(m.pop_U.q_mass == Approx(1.2).epsilon(1e-14));
    CHECK(m.train_U.tv == Approx(0.2).epsilon(1e-14));  // train target 0 off S
    CHECK(m.train_U.mismatch == 0);                     // Q(0) = 1 = q_unseen
    CHECK(m.pop_U.kl == Approx(p[0] * std::log(p[0]) + p[1] * std::log(p[1] / 0.1) + p[2] * std::log(p[2] / 0.1))
                            .epsilon(1e-13));
    // Q(p) = (round(5.45), round(2.73), round(1.82)) = (5, 3, 2) against q = (10, 1, 1).
    CHECK(m.pop_U.lk == Approx(1.0).epsilon(1e-14));
    CHECK(m.pop_U.mismatch == 3);
    CHECK(m.pop_U.tv == Approx((1 - p[0]) + (p[1] - 0.1) + (p[2] - 0.1)).epsilon(1e-14));
    // Renormalised: over S t' = q' = 1; over U q' = (1, 0.1, 0.1) / 1.2.
    CHECK(m.pop_S.t_mass == Approx(6.0 / 11).epsilon(1e-15));
    CHECK(m.pop_S.kl_norm == Approx(0.0).margin(1e-15));
    CHECK(m.pop_S.tv_norm == Approx(0.0).margin(1e-15));
    const double qn[3] = {1 / 1.2, 0.1 / 1.2, 0.1 / 1.2};
    double kl = 0, tv = 0;
    for (int r = 0; r < 3; ++r) {
      kl += p[r] * std::log(p[r] / qn[r]);
      tv += std::fabs(p[r] - qn[r]);
    }
    CHECK(m.pop_U.kl_norm == Approx(kl).epsilon(1e-13));
    CHECK(m.pop_U.tv_norm == Approx(tv).epsilon(1e-13));
    CHECK(m.train_U.kl_norm == Approx(std::log(1.2)).epsilon(1e-13));  // t = (1, 0, 0)
    CHECK(m.train_U.tv_norm == Approx(1.0 / 3).epsilon(1e-13));
  }
  SECTION("floor and ceil: uniform M=4, counts (2,1,0,0), k=3") {
    const World w(0.0, 0.0, 4);
    const auto p = world_p(w, 4);
    const Corpus corpus = make_corpus(p, {2, 1, 0, 0});
    // floor: q = (2, 1), unseen 0; Q_floor(1/4) = 0 -> ranks 1, 2 mismatch.
    const Metrics f = run_code(w, make_spec(HypothesisClass::all, 0, Estimator::ml, 3, Rounding::floor, false), corpus).m;
    CHECK(f.pop_S.lk == 0.5);
    CHECK(f.pop_S.mismatch == 2);
    CHECK(f.pop_U.lk == 0.5);
    CHECK(f.pop_U.mismatch == 2);
    CHECK(f.train_S.lk == 0.0);
    CHECK(f.pop_U.tv == Approx((2.0 / 3 - 0.25) + (1.0 / 3 - 0.25) + 0.5).epsilon(1e-14));
    // ceil: q = (2, 1), unseen 0; Q_ceil(1/4) = 1 -> rank 1 and both unseen ranks mismatch.
    const Metrics c = run_code(w, make_spec(HypothesisClass::all, 0, Estimator::ml, 3, Rounding::ceil, false), corpus).m;
    CHECK(c.pop_S.lk == 0.25);
    CHECK(c.pop_S.mismatch == 1);
    CHECK(c.pop_U.lk == 0.75);
    CHECK(c.pop_U.mismatch == 3);
  }
  SECTION("top N = 1, 2, >= |S|: uniform M=4, counts (3,2,1,0), k=6 nearest") {
    // p_r = 1/4, Q(1/4) = round(1.5) = 2. Q(c/6) = (3, 2, 1).
    const World w(0.0, 0.0, 4);
    const Corpus corpus = make_corpus(world_p(w, 4), {3, 2, 1, 0});
    {  // N = 1: own rank 1 (q 3); rest {2 (vote 2, weight 2), 3 (vote 1, weight 1)}: v = 2.
      const CodeRun r = run_code(w, make_spec(HypothesisClass::top, 1, Estimator::ml, 6, Rounding::nearest, false), corpus);
      CHECK(r.h.unseen == 2);
      CHECK(r.h.q == BigVector<std::int64_t>{3, 2, 2});
      CHECK(r.m.pop_S.lk == 0.25);
      CHECK(r.m.best_lk == 0.0);
      CHECK(r.m.eps == 0.25);
      CHECK(r.m.pop_U.lk == 0.25);
      CHECK(r.m.pop_U.mismatch == 1);
      CHECK(r.m.pop_U.q_mass == Approx(9.0 / 6.0).epsilon(1e-14));
    }
    {  // N = 2: own ranks 1, 2; rest {3}: v = 1; best shared value 2 gives 0.
      const CodeRun r = run_code(w, make_spec(HypothesisClass::top, 2, Estimator::ml, 6, Rounding::nearest, false), corpus);
      CHECK(r.h.unseen == 1);
      CHECK(r.h.q == BigVector<std::int64_t>{3, 2, 1});
      CHECK(r.m.pop_S.lk == 0.5);
      CHECK(r.m.best_lk == 0.0);
      CHECK(r.m.eps == 0.5);
      CHECK(r.m.pop_U.lk == 0.75);
    }
    for (std::uint64_t N : {3u, 4u, 100u}) {  // N >= |S|: everything own, unseen Q(0) = 0
      const CodeRun r = run_code(w, make_spec(HypothesisClass::top, N, Estimator::ml, 6, Rounding::nearest, false), corpus);
      CHECK(r.h.unseen == 0);
      CHECK(r.h.q == BigVector<std::int64_t>{3, 2, 1});
      CHECK(r.m.best_lk == 0.0);
      CHECK(r.m.pop_S.lk == 0.5);
    }
  }
  SECTION("top: vote ties go to the smaller grid value, count ties to the lower rank") {
    // counts (4, 2, 1, 1) n = 8, k = 8, N = 1: rest votes 2 (weight 2) and 1 (weight 1 + 1).
    const World w(0.0, 0.0, 4);
    const CodeRun r = run_code(w, make_spec(HypothesisClass::top, 1, Estimator::ml, 8, Rounding::nearest, false),
                               make_corpus(world_p(w, 4), {4, 2, 1, 1}));
    CHECK(r.h.unseen == 1);
    CHECK(r.h.q == BigVector<std::int64_t>{4, 1, 1, 1});
    // counts (1, 2, 2, 0), N = 1: the top entry is rank 2 (count 2, lower rank than 3).
    const CodeRun t = run_code(w, make_spec(HypothesisClass::top, 1, Estimator::ml, 8, Rounding::nearest, false),
                               make_corpus(world_p(w, 4), {1, 2, 2, 0}));
    CHECK(t.h.own == BigVector<std::uint8_t>{0, 1, 0});
  }
  SECTION("add estimator, beta = 0.5: p = (6,3,2)/11, counts (2,1,0), k = 10") {
    // (c + 1/2) / (3 + 3/2): 5/9 -> 6, 1/3 -> 3, 1/9 -> 1.
    const World w(1.0, 0.0, 3);
    const auto p = world_p(w, 3);
    const CodeRun r = run_code(w, make_spec(HypothesisClass::all, 0, Estimator::add, 10, Rounding::nearest, false),
                               make_corpus(p, {2, 1, 0}));
    CHECK(r.h.q == BigVector<std::int64_t>{6, 3});
    CHECK(r.h.unseen == 1);
    CHECK(r.m.pop_U.q_mass == Approx(1.0).epsilon(1e-14));
    CHECK(r.m.pop_U.kl ==
          Approx(p[0] * std::log(p[0] / 0.6) + p[1] * std::log(p[1] / 0.3) + p[2] * std::log(p[2] / 0.1)).epsilon(1e-13));
  }
}

TEST_CASE("metrics equal brute force for every count vector of small finite worlds", "[sim][metrics]") {
  // Worlds with M <= 6 (zm closed forms are exact sums there), every count vector
  // with D in {1, 2, 5}, and every spec of spec_grid: classes all / top N=1,2,10,
  // estimators ml / add(beta=0.5), nearest / floor / ceil, +-min_one_over_k,
  // k in {1, 2, 3, 10, 1000}.
  const char* worlds[] = {"zm:a=1,M=3", "zm:a=0,M=4", "zm:a=1.5,b=0.5,M=6", "zm:a=1,M=1", "zm:a=2,b=-0.5,M=5",
                          "zm:a=0.3,M=2"};
  Diffs diffs;
  std::vector<std::string> props;
  std::size_t runs = 0;
  for (const char* ws : worlds) {
    const World w = parse_world(ws);
    const std::size_t M = static_cast<std::size_t>(w.M());
    const auto p = world_p(w, M);
    // The world's p against (r+b)^-a / Z summed here.
    ld Z = 0;
    for (std::size_t r = 1; r <= M; ++r) Z += std::pow(static_cast<ld>(r) + w.b(), -static_cast<ld>(w.a()));
    for (std::size_t r = 1; r <= M; ++r)
      CHECK(p[r - 1] == Approx(static_cast<double>(std::pow(static_cast<ld>(r) + w.b(), -static_cast<ld>(w.a())) / Z))
                            .epsilon(1e-14));
    const auto specs = spec_grid({1, 2, 3, 10, 1000}, true, true);
    for (std::uint64_t D : {1u, 2u, 5u})
      for (const auto& c : all_outcomes(M, D)) {
        const Corpus corpus = make_corpus(p, c);
        for (const auto& spec : specs) {
          const CodeRun run = run_code(w, spec, corpus);
          const Ref ref = reference(p, c, spec, static_cast<double>(M));
          const std::string ctx = std::string(ws) + " c=" + counts_name(c) + " " + spec_name(spec);
          diffs.all(ctx, run, ref);
          const std::string v = property_violation(run.m);
          if (!v.empty()) props.push_back(ctx + ":" + v);
          ++runs;
        }
      }
  }
  INFO(diffs.report());
  CHECK(diffs.msgs.empty());
  INFO(props.size() << " property violations; first: " << (props.empty() ? "" : props.front()));
  CHECK(props.empty());
  CHECK(runs > 50000);
}

TEST_CASE("metrics equal brute force over all ranks for sampled corpora of mid-size worlds", "[sim][metrics]") {
  // M up to 5000: the code's unseen sums come from rank intervals and the world's
  // closed forms (Euler–Maclaurin beyond 64 ranks); the reference sums every rank.
  // Tolerance: relative 1e-10, absolute floor 1e-12 (see the file header).
  const char* worlds[] = {"zm:a=1.1,b=0.3,M=2000", "zm:a=0,M=1500", "zm:a=0.7,b=-0.5,M=3000", "zm:a=2.5,M=5000"};
  Diffs diffs;
  std::vector<std::string> props;
  std::size_t cell = 0;
  for (const char* ws : worlds) {
    const World w = parse_world(ws);
    const std::size_t M = static_cast<std::size_t>(w.M());
    const auto p = world_p(w, M);
    for (std::uint64_t D : {50u, 3000u}) {
      const CorpusSampler sampler(w, D, SamplingMode::multinomial);
      for (std::uint64_t rep = 0; rep < 2; ++rep) {
        Engine eng = make_engine(0x3e7a1c5, cell, rep);
        const Corpus corpus = sampler.sample(eng);
        REQUIRE(corpus.far_p.empty());
        std::vector<std::uint64_t> c(M, 0);
        for (std::size_t i = 0; i < corpus.rank.size(); ++i) c[corpus.rank[i] - 1] = corpus.count[i];
        for (const auto& spec : spec_grid({1, 3, 10, 100, 1000}, true, true)) {
          if (spec.cls == HypothesisClass::top && spec.N == 2) continue;
          const CodeRun run = run_code(w, spec, corpus);
          const Ref ref = reference(p, c, spec, static_cast<double>(M));
          const std::string ctx = std::string(ws) + " D=" + std::to_string(D) + " rep=" + std::to_string(rep) + " " +
                                  spec_name(spec);
          diffs.all(ctx, run, ref, 1e-10, 1e-12);
          const std::string v = property_violation(run.m);
          if (!v.empty()) props.push_back(ctx + ":" + v);
        }
      }
      ++cell;
    }
  }
  INFO(diffs.report());
  CHECK(diffs.msgs.empty());
  INFO(props.size() << " property violations; first: " << (props.empty() ? "" : props.front()));
  CHECK(props.empty());
}

// ========================================================= infinite worlds ====

namespace {

// zm:a=2,b=0,M=inf: p_r = r^-2 / Z, Z = pi^2 / 6. Bounds on the tail beyond L by
// integrals of decreasing functions: sum_{r>L} f(r) in [int_{L+1}^inf f, int_L^inf f].
struct TailBounds {
  ld mass_lo, mass_hi;      // sum_{r>L} p_r
  ld plogp_lo, plogp_hi;    // sum_{r>L} p_r log p_r (negative)
};

TailBounds zipf2_tail(std::size_t L) {
  const ld Z = 3.14159265358979323846264338327950288L * 3.14159265358979323846264338327950288L / 6;
  const ld lZ = std::log(Z);
  // int_X^inf x^-2 dx = 1/X; int_X^inf x^-2 (2 log x + log Z) dx = (2 log X + 2 + log Z) / X.
  const auto g = [&](ld X) { return (2 * std::log(X) + 2 + lZ) / X; };
  TailBounds t;
  t.mass_lo = 1 / ((L + 1) * Z);
  t.mass_hi = 1 / (L * Z);
  t.plogp_lo = -g(static_cast<ld>(L)) / Z;
  t.plogp_hi = -g(static_cast<ld>(L + 1)) / Z;
  return t;
}

}  // namespace

TEST_CASE("metrics on an infinite world: zm:a=2,M=inf against brute force plus a tail bound", "[sim][metrics]") {
  // Brute force over ranks 1..L = 10^6 (reference()), plus the ranks beyond L,
  // whose p_r < 1e-12: Q_k(p_r) is 0 (nearest, floor; k <= 1000), 1 (ceil), 1
  // (min_one_over_k); each beyond-L rank has q = q_unseen. The tail mass and
  // sum p log p are bounded above; tolerance = the bound width + relative 1e-10.
  const World w = parse_world("zm:a=2,M=inf");
  REQUIRE(w.infinite());
  const std::size_t L = 1000000;
  const auto p = world_p(w, L);
  const TailBounds tb = zipf2_tail(L);
  const ld tail_mass = (tb.mass_lo + tb.mass_hi) / 2, tail_plogp = (tb.plogp_lo + tb.plogp_hi) / 2;
  const double mass_tol = static_cast<double>(tb.mass_hi - tb.mass_lo);
  const double plogp_tol = static_cast<double>(tb.plogp_hi - tb.plogp_lo);
  REQUIRE(w.normaliser() == Approx(M_PI * M_PI / 6).epsilon(1e-14));
  REQUIRE(p[L - 1] < 1e-12);

  std::vector<std::uint64_t> c(L, 0);
  c[0] = 5;
  c[1] = 2;
  c[2] = 1;
  c[6] = 1;
  c[49] = 1;  // n = 10
  const Corpus corpus = make_corpus(p, c, tail_mass);

  struct Case {
    HypothesisSpec spec;
    const char* what;
  };
  const Case cases[] = {
      {make_spec(HypothesisClass::all, 0, Estimator::ml, 3, Rounding::nearest, false), "all nearest k=3"},
      {make_spec(HypothesisClass::all, 0, Estimator::ml, 10, Rounding::nearest, false), "all nearest k=10"},
      {make_spec(HypothesisClass::all, 0, Estimator::ml, 1000, Rounding::nearest, false), "all nearest k=1000"},
      {make_spec(HypothesisClass::all, 0, Estimator::ml, 10, Rounding::floor, false), "all floor k=10"},
      {make_spec(HypothesisClass::all, 0, Estimator::ml, 10, Rounding::ceil, false), "all ceil k=10"},
      {make_spec(HypothesisClass::all, 0, Estimator::ml, 10, Rounding::nearest, true), "all nearest+min1 k=10"},
      {make_spec(HypothesisClass::all, 0, Estimator::ml, 1000, Rounding::floor, true), "all floor+min1 k=1000"},
      {make_spec(HypothesisClass::top, 1, Estimator::ml, 10, Rounding::nearest, false), "top N=1 nearest k=10"},
      {make_spec(HypothesisClass::top, 2, Estimator::ml, 100, Rounding::nearest, false), "top N=2 nearest k=100"},
      {make_spec(HypothesisClass::top, 4, Estimator::ml, 10, Rounding::nearest, false), "top N=4 nearest k=10"},
  };
  for (const Case& cs : cases) {
    const HypothesisSpec& spec = cs.spec;
    INFO(cs.what);
    const CodeRun run = run_code(w, spec, corpus);
    Ref ref = reference(p, c, spec, kInf, tail_mass);
    const Quantiser& Q = spec.Q;
    const std::int64_t q_tail = Q.min_one_over_k ? 1 : (Q.rounding == Rounding::ceil ? 1 : 0);
    REQUIRE(Q.index(p[L - 1]) == q_tail);  // and p decreases beyond L
    const std::int64_t u = ref.unseen;
    const ld v = static_cast<ld>(u) / Q.k;
    // Tail beyond L: each rank has q = v.
    const bool tail_mismatch = q_tail != u;
    ref.pop_U.kl += v > 0 ? tail_plogp - std::log(v) * tail_mass : static_cast<ld>(kInf);
    ref.pop_U.lk += tail_mismatch ? tail_mass : 0;
    ref.pop_U.mismatch += tail_mismatch ? static_cast<ld>(kInf) : 0;
    ref.pop_U.tv += v > 0 ? static_cast<ld>(kInf) : tail_mass;
    ref.pop_U.q_mass += v > 0 ? static_cast<ld>(kInf) : 0;
    ref.train_U.tv += v > 0 ? static_cast<ld>(kInf) : 0;
    ref.train_U.q_mass += v > 0 ? static_cast<ld>(kInf) : 0;
    ref.train_U.mismatch += (ref_ratio(Q, 0, 10) != u) ? static_cast<ld>(kInf) : 0;
    // Renormalised over U: with v > 0 the infinitely many tail ranks make q_mass
    // infinite (NaN); with v = 0 they give q' = 0 where p > 0 (kl_norm inf) and
    // add their mass to tv_norm, and nothing against train.
    if (v > 0) {
      ref.pop_U.kl_norm = ref.pop_U.tv_norm = ref.train_U.kl_norm = ref.train_U.tv_norm =
          std::numeric_limits<ld>::quiet_NaN();
    } else {
      ref.pop_U.kl_norm = static_cast<ld>(kInf);
      ref.pop_U.tv_norm += tail_mass;
    }
    const double tol_kl = plogp_tol + mass_tol * std::fabs(std::log(static_cast<double>(v > 0 ? v : 1)));

    Diffs d;
    d.scope(cs.what, "pop_S", run.m.pop_S, ref.pop_S, 1e-12, 1e-14);
    d.scope(cs.what, "train_S", run.m.train_S, ref.train_S, 1e-12, 1e-14);
    d.scope(cs.what, "train_U", run.m.train_U, ref.train_U, 1e-12, 1e-14);
    d.val(cs.what, "pop_U.kl", run.m.pop_U.kl, ref.pop_U.kl, 1e-10, tol_kl);
    d.val(cs.what, "pop_U.lk", run.m.pop_U.lk, ref.pop_U.lk, 1e-10, mass_tol);
    d.val(cs.what, "pop_U.tv", run.m.pop_U.tv, ref.pop_U.tv, 1e-10, mass_tol);
    d.val(cs.what, "pop_U.mismatch", run.m.pop_U.mismatch, ref.pop_U.mismatch, 0, 0);
    d.val(cs.what, "pop_U.q_mass", run.m.pop_U.q_mass, ref.pop_U.q_mass, 1e-12, 1e-14);
    d.val(cs.what, "pop_U.t_mass", run.m.pop_U.t_mass, ref.pop_U.t_mass, 1e-12, mass_tol);
    d.val(cs.what, "pop_U.kl_norm", run.m.pop_U.kl_norm, ref.pop_U.kl_norm, 1e-10, tol_kl);
    d.val(cs.what, "pop_U.tv_norm", run.m.pop_U.tv_norm, ref.pop_U.tv_norm, 1e-10, mass_tol);
    d.val(cs.what, "best_lk", run.m.best_lk, ref.best_lk, 1e-12, 1e-14);
    d.val(cs.what, "eps", run.m.eps, ref.eps, 1e-12, 1e-14);
    INFO(d.report());
    CHECK(d.msgs.empty());
  }
  // Direct reasoning, independent of the reference: with q_unseen > 0 and
  // Q_k(p_r) = 0 far out (top N=1, k=10: v = Q(2/10) = 2 from the rest's votes),
  // infinitely many unseen ranks carry q = 0.2: q_mass = tv = mismatch = inf.
  const Metrics m =
      run_code(w, make_spec(HypothesisClass::top, 1, Estimator::ml, 10, Rounding::nearest, false), corpus).m;
  CHECK(m.pop_U.q_mass == kInf);
  CHECK(m.pop_U.tv == kInf);
  CHECK(m.pop_U.mismatch == kInf);
  CHECK(m.train_U.tv == kInf);
  CHECK(std::isfinite(m.pop_U.kl));
  CHECK(std::isfinite(m.pop_U.lk));
  // With min_one_over_k every far rank has Q_k(p_r) = 1 = q_unseen: the mismatch
  // over U counts only head ranks and is finite; q_mass and tv are still inf.
  const Metrics m1 =
      run_code(w, make_spec(HypothesisClass::all, 0, Estimator::ml, 10, Rounding::nearest, true), corpus).m;
  CHECK(m1.pop_U.q_mass == kInf);
  CHECK(m1.pop_U.tv == kInf);
  CHECK(std::isfinite(m1.pop_U.mismatch));
  CHECK(m1.train_U.mismatch == m1.train_S.mismatch);  // Q(0) = 1 = q_unseen
}

// ================================================== exact expectations =======

TEST_CASE("metrics: sampled means equal exact expectations over all multinomial outcomes", "[sim][metrics]") {
  // Tiny worlds (M <= 4, D <= 6): every count vector c with its multinomial
  // probability. For each spec (class all / top N=1, estimator ml, rounding
  // nearest / floor / ceil / nearest+min_one_over_k, k in {1, 3, 10}) and each
  // field of each target/scope: the exact E and Var by enumeration (with the
  // brute-force reference), against the mean of the code's values over R sampled
  // corpora (CorpusSampler multinomial, engines make_engine(seed, cell, rep)).
  // Pass: |mean - E| <= 4 sqrt(Var / R); Var = 0: |mean - E| <= 1e-12 (1 + |E|).
  // kl: its mean only where every outcome has finite kl; separately the sampled
  // fraction of kl = inf against its exact probability, within 4 binomial SEs.
  // Also: the code equals the reference on every enumerated outcome, and the
  // probabilities sum to 1 (1e-15).
  struct Cell {
    const char* world;
    std::uint64_t D;
  };
  const Cell cells[] = {{"zm:a=1,M=3", 1},  {"zm:a=1,M=3", 3},         {"zm:a=1,M=3", 6},
                        {"zm:a=0,M=4", 2},  {"zm:a=0,M=4", 5},         {"zm:a=1.5,b=0.5,M=4", 3},
                        {"zm:a=1.5,b=0.5,M=4", 6}, {"zm:a=2,M=2", 4}, {"zm:a=1,M=1", 3}};
  const std::uint64_t R = 200000;
  const std::uint64_t seed = 0x9e3779b9;

  std::vector<HypothesisSpec> specs;
  for (auto [cls, N] : {std::pair{HypothesisClass::all, std::uint64_t{0}}, std::pair{HypothesisClass::top, std::uint64_t{1}}})
    for (std::uint64_t k : {1u, 3u, 10u}) {
      specs.push_back(make_spec(cls, N, Estimator::ml, k, Rounding::nearest, false));
      specs.push_back(make_spec(cls, N, Estimator::ml, k, Rounding::floor, false));
      specs.push_back(make_spec(cls, N, Estimator::ml, k, Rounding::ceil, false));
      specs.push_back(make_spec(cls, N, Estimator::ml, k, Rounding::nearest, true));
    }

  Diffs exact_diffs;
  std::vector<std::string> stat_fails;
  std::size_t n_mean_tests = 0, n_inf_tests = 0;
  for (std::size_t ci = 0; ci < std::size(cells); ++ci) {
    const World w = parse_world(cells[ci].world);
    const std::size_t M = static_cast<std::size_t>(w.M());
    const std::uint64_t D = cells[ci].D;
    const auto p = world_p(w, M);
    const auto outcomes = all_outcomes(M, D);
    std::vector<ld> prob(outcomes.size());
    ld total = 0;
    for (std::size_t o = 0; o < outcomes.size(); ++o) total += prob[o] = multinomial_prob(p, outcomes[o]);
    CHECK(static_cast<double>(total) == Approx(1.0).margin(1e-15));

    // Sample R corpora; tally outcomes (the code's metrics depend on the count
    // vector only: each distinct corpus is evaluated once and weighted by its
    // frequency, which is the mean over all R replicates).
    std::map<std::vector<std::uint64_t>, std::size_t> index_of;
    for (std::size_t o = 0; o < outcomes.size(); ++o) index_of[outcomes[o]] = o;
    std::vector<std::uint64_t> freq(outcomes.size(), 0);
    std::vector<Corpus> rep_corpus(outcomes.size());
    const CorpusSampler sampler(w, D, SamplingMode::multinomial);
    Corpus corpus;
    std::vector<std::uint64_t> key(M);
    bool corpus_ok = true;
    for (std::uint64_t rep = 0; rep < R; ++rep) {
      Engine eng = make_engine(seed, ci, rep);
      sampler.sample(eng, corpus);
      std::fill(key.begin(), key.end(), 0);
      for (std::size_t i = 0; i < corpus.rank.size(); ++i) key[corpus.rank[i] - 1] = corpus.count[i];
      const auto it = index_of.find(key);
      if (it == index_of.end() || !corpus.far_p.empty() || corpus.size != D) {
        corpus_ok = false;
        continue;
      }
      if (freq[it->second]++ == 0) {
        rep_corpus[it->second] = corpus;
      } else if (corpus.missing_mass != rep_corpus[it->second].missing_mass) {
        corpus_ok = false;
      }
    }
    REQUIRE(corpus_ok);

    for (const auto& spec : specs) {
      // Fields: 4 scopes x {kl, lk, tv, mismatch, q_mass}, best_lk, eps, unique.
      constexpr std::size_t F = 23;
      static const char* names[F] = {"kl_pop_S",   "lk_pop_S",       "tv_pop_S",   "mismatch_pop_S",   "q_mass_pop_S",
                                     "kl_pop_U",   "lk_pop_U",       "tv_pop_U",   "mismatch_pop_U",   "q_mass_pop_U",
                                     "kl_train_S", "lk_train_S",     "tv_train_S", "mismatch_train_S", "q_mass_train_S",
                                     "kl_train_U", "lk_train_U",     "tv_train_U", "mismatch_train_U", "q_mass_train_U",
                                     "best_lk",    "eps",            "unique"};
      const auto fields_of_ref = [](const Ref& r) {
        std::vector<ld> f;
        for (const RefScope* s : {&r.pop_S, &r.pop_U, &r.train_S, &r.train_U})
          f.insert(f.end(), {s->kl, s->lk, s->tv, s->mismatch, s->q_mass});
        f.insert(f.end(), {r.best_lk, r.eps, static_cast<ld>(r.unique)});
        return f;
      };
      const auto fields_of_code = [](const Metrics& m) {
        std::vector<ld> f;
        for (const Losses* s : {&m.pop_S, &m.pop_U, &m.train_S, &m.train_U})
          f.insert(f.end(), {s->kl, s->lk, s->tv, s->mismatch, s->q_mass});
        f.insert(f.end(), {m.best_lk, m.eps, static_cast<ld>(m.unique)});
        return f;
      };
      std::vector<ld> E(F, 0), E2(F, 0), P_inf(F, 0), sum(F, 0);
      std::vector<std::uint64_t> n_inf(F, 0);
      for (std::size_t o = 0; o < outcomes.size(); ++o) {
        const Ref ref = reference(p, outcomes[o], spec, static_cast<double>(M));
        const auto fr = fields_of_ref(ref);
        for (std::size_t f = 0; f < F; ++f) {
          if (std::isinf(fr[f])) {
            P_inf[f] += prob[o];
          } else {
            E[f] += prob[o] * fr[f];
            E2[f] += prob[o] * fr[f] * fr[f];
          }
        }
        // The code on this outcome (a hand-built corpus) equals the reference.
        const std::string ctx = std::string(cells[ci].world) + " c=" + counts_name(outcomes[o]) + " " + spec_name(spec);
        exact_diffs.all(ctx, run_code(w, spec, make_corpus(p, outcomes[o])), ref);
        if (freq[o] == 0) continue;
        // And on the sampled corpus with the same counts (its missing_mass is the sampler's).
        const CodeRun sampled_run = run_code(w, spec, rep_corpus[o]);
        std::ostringstream sctx;
        sctx << ctx << " [sampled corpus, missing_mass=" << std::setprecision(3) << rep_corpus[o].missing_mass << "]";
        exact_diffs.all(sctx.str(), sampled_run, ref);
        const auto fc = fields_of_code(sampled_run.m);
        for (std::size_t f = 0; f < F; ++f) {
          if (std::isinf(fc[f])) n_inf[f] += freq[o];
          else sum[f] += static_cast<ld>(freq[o]) * fc[f];
        }
      }
      for (std::size_t f = 0; f < F; ++f) {
        std::ostringstream ctx;
        ctx << std::setprecision(12) << cells[ci].world << " D=" << D << " " << spec_name(spec) << " " << names[f];
        // Fraction of infinite values.
        const ld pi = P_inf[f], frac = static_cast<ld>(n_inf[f]) / R;
        const ld se_inf = std::sqrt(pi * (1 - pi) / R);
        ++n_inf_tests;
        if ((pi == 0 && n_inf[f] != 0) || (pi >= 1 - 1e-15L && n_inf[f] != R) ||
            std::fabs(frac - pi) > 4 * se_inf + 1e-15L)
          stat_fails.push_back(ctx.str() + ": fraction inf " + std::to_string(static_cast<double>(frac)) +
                               " vs exact " + std::to_string(static_cast<double>(pi)));
        if (pi > 0) continue;  // mean only where every outcome is finite
        const ld mean = sum[f] / R;
        const ld var = std::max<ld>(0, E2[f] - E[f] * E[f]);
        const ld se = std::sqrt(var / R);
        const bool zero_var = var <= 1e-24L * (1 + E[f] * E[f]);
        ++n_mean_tests;
        const bool ok = zero_var ? std::fabs(mean - E[f]) <= 1e-12L * (1 + std::fabs(E[f]))
                                 : std::fabs(mean - E[f]) <= 4 * se;
        if (!ok) {
          std::ostringstream o;
          o << std::setprecision(12) << ctx.str() << ": sampled mean " << static_cast<double>(mean) << " vs exact "
            << static_cast<double>(E[f]) << " (SE " << static_cast<double>(se) << ", z "
            << static_cast<double>(se > 0 ? (mean - E[f]) / se : 0) << ")";
          stat_fails.push_back(o.str());
        }
      }
    }
  }
  {
    INFO(exact_diffs.report());
    CHECK(exact_diffs.msgs.empty());
  }
  std::ostringstream o;
  o << stat_fails.size() << " of " << n_mean_tests << " mean tests and " << n_inf_tests << " inf-fraction tests fail";
  for (std::size_t i = 0; i < std::min<std::size_t>(stat_fails.size(), 25); ++i) o << "\n  " << stat_fails[i];
  INFO(o.str());
  CHECK(stat_fails.empty());
  CHECK(n_mean_tests > 1000);
}

TEST_CASE("metrics: a sampled corpus that sees every rank has no unseen part", "[sim][metrics]") {
  // zm:a=1.5,b=0.5,M=4 at D = 6 samples ranks 3..4 as tail draws (head R = 2).
  // When all 4 ranks are seen, U = S: every U metric must equal its S value;
  // in particular kl_pop_U is finite when kl_pop_S is (q_unseen = 0 is given to
  // no rank). The sampler's missing_mass may carry rounding (allowed: 1e-15).
  const World w = parse_world("zm:a=1.5,b=0.5,M=4");
  const CorpusSampler sampler(w, 6, SamplingMode::multinomial);
  const auto spec = make_spec(HypothesisClass::all, 0, Estimator::ml, 10, Rounding::nearest, false);
  int found = 0;
  for (std::uint64_t rep = 0; rep < 2000 && found < 5; ++rep) {
    Engine eng = make_engine(77, 0, rep);
    const Corpus corpus = sampler.sample(eng);
    if (corpus.unique() != 4) continue;
    ++found;
    INFO("rep " << rep << ", sampler missing_mass = " << corpus.missing_mass);
    CHECK(std::fabs(corpus.missing_mass) <= 1e-15);
    const Metrics m = run_code(w, spec, corpus).m;
    REQUIRE(std::isfinite(m.pop_S.kl));
    CHECK(m.pop_U.kl == Approx(m.pop_S.kl).epsilon(1e-12).margin(1e-14));
    CHECK(m.pop_U.lk == Approx(m.pop_S.lk).margin(1e-15));
    CHECK(m.pop_U.tv == Approx(m.pop_S.tv).epsilon(1e-12).margin(1e-15));
    CHECK(m.pop_U.mismatch == m.pop_S.mismatch);
    CHECK(m.pop_U.q_mass == m.pop_S.q_mass);
    CHECK(m.pop_U.kl_norm == Approx(m.pop_S.kl_norm).epsilon(1e-12).margin(1e-14));
    CHECK(m.pop_U.tv_norm == Approx(m.pop_S.tv_norm).epsilon(1e-12).margin(1e-15));
  }
  CHECK(found == 5);
}

// ========================================================= properties ========

TEST_CASE("metrics properties: 0 <= lk <= 1, whole mismatch counts, eps >= 0, best_lk is the class minimum",
          "[sim][metrics]") {
  // Sampled corpora of larger worlds (finite and infinite), every spec of the
  // grid; best_lk checked against brute force over every shared grid value
  // j = 0..k for the ERM's own set (reference()'s best_lk needs only seen ranks).
  const char* worlds[] = {"zm:a=1.2,M=1e6", "zm:a=1.05,b=2,M=1e9", "zm:a=2.5,M=inf", "zm:a=0,M=1000"};
  std::vector<std::string> fails;
  std::size_t runs = 0, cell = 100;
  for (const char* ws : worlds) {
    const World w = parse_world(ws);
    for (std::uint64_t D : {20u, 2000u}) {
      const CorpusSampler sampler(w, D, SamplingMode::multinomial);
      for (std::uint64_t rep = 0; rep < 3; ++rep) {
        Engine eng = make_engine(0x51a7e, cell, rep);
        const Corpus corpus = sampler.sample(eng);
        // Seen types only: their p and counts.
        SeenTypes seen;
        seen_types(w, corpus, nullptr, 0, seen);
        std::vector<double> ps(seen.p.begin(), seen.p.end());
        std::vector<std::uint64_t> cs(seen.c.begin(), seen.c.end());
        for (const auto& spec : spec_grid({1, 3, 10, 1000}, true, !w.infinite())) {
          const CodeRun run = run_code(w, spec, corpus);
          const std::string ctx = std::string(ws) + " D=" + std::to_string(D) + " rep=" + std::to_string(rep) + " " +
                                  spec_name(spec);
          const std::string v = property_violation(run.m);
          if (!v.empty()) fails.push_back(ctx + ":" + v);
          // best_lk and eps by brute force: reference() restricted to the seen
          // types (the top set, votes and best shared value depend on S only).
          if (spec.estimator == Estimator::ml) {
            const Ref ref = reference(ps, cs, spec, static_cast<double>(w.M()));
            if (!close(run.m.best_lk, ref.best_lk, 1e-12, 1e-14) || !close(run.m.eps, ref.eps, 1e-12, 1e-14) ||
                !close(run.m.pop_S.lk, ref.pop_S.lk, 1e-12, 1e-14) ||
                run.m.pop_S.mismatch != static_cast<double>(ref.pop_S.mismatch)) {
              std::ostringstream o;
              o << std::setprecision(17) << ctx << ": best_lk " << run.m.best_lk << " vs " << static_cast<double>(ref.best_lk)
                << ", eps " << run.m.eps << " vs " << static_cast<double>(ref.eps) << ", lk_pop_S " << run.m.pop_S.lk
                << " vs " << static_cast<double>(ref.pop_S.lk);
              fails.push_back(o.str());
            }
          }
          ++runs;
        }
      }
      ++cell;
    }
  }
  std::ostringstream o;
  o << fails.size() << " failures in " << runs << " runs";
  for (std::size_t i = 0; i < std::min<std::size_t>(fails.size(), 25); ++i) o << "\n  " << fails[i];
  INFO(o.str());
  CHECK(fails.empty());
  CHECK(runs > 1000);
}

// ---------------------------------------------------------------------------
// The edges of double precision: p_r underflowing to 0 in an infinite world,
// and unseen sums that would be differences of nearly equal masses.
// ---------------------------------------------------------------------------

namespace {

// The ERM of `spec` on corpus c, and its metrics.
Metrics metrics_of(const World& w, const Corpus& c, const HypothesisSpec& spec) {
  SeenTypes seen;
  seen_types(w, c, nullptr, 0, seen);
  Hypothesis h;
  learn(spec, w, seen, c.size, h);
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
