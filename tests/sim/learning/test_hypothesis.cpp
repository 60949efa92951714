// Unit tests for sim/learning/hypothesis: the learner (ERM) learn() of each class
// and estimator, HypothesisSpec::refusal, the names of classes and estimators,
// and seen_types(). (tests/sim/learning/test_metrics.cpp checks learn() too, but
// always together with the metrics; every case here tests hypothesis.hpp alone.)
//
// learn() is checked on hand-worked known answers and against a brute-force
// reference written from hypothesis.hpp's definitions:
//  - all: q_s = Q_k(estimate(c_s)), unseen = Q_k(estimate(0)), every entry own;
//  - top N (N < |S|): the N largest counts keep their own value (count ties to the
//    lower rank, far types last, i.e. to the earlier entry); the rest and every
//    unseen sequence share the grid value v maximising the training weight
//    sum_{s in rest, Q_k(c_s/n) = v} c_s (ties to the smaller v); N >= |S| is all;
//  - estimators ml (c/n) and add ((c + beta)/(n + beta M)).
// The reference computes Q_k(c/n) by scanning every grid index j = 0..k in
// integer arithmetic (j n against c k), so it shares no code with
// Quantiser::index_ratio; Q_k of the add estimate (a double) goes through
// Quantiser::index, checked on its own by test_quantiser.cpp.
// Every comparison is exact: grid indices and flags are integers, and seen_types'
// p values are copied (compared with == against the source they must come from).
#include <catch2/catch.hpp>

#include "tests/support.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "sim/input/spelling.hpp"
#include "sim/learning/hypothesis.hpp"
#include "sim/sampling/corpus.hpp"
#include "sim/sampling/head_table.hpp"
#include "theory/quantiser.hpp"
#include "theory/world.hpp"

using pacsim::test::make_spec;
using namespace pacsim;

namespace {

std::string describe(const HypothesisSpec& s) {
  std::ostringstream o;
  o << to_string(s.cls) << " N=" << s.N << " " << to_string(s.estimator) << " beta=" << s.beta << " k=" << s.Q.k
    << " " << to_string(s.Q.rounding) << (s.Q.min_one_over_k ? "+min1" : "");
  return o.str();
}

// Seen entries with these counts (ranks 1, 2, ... in order; p unused by learn()).
SeenTypes seen_of(const std::vector<std::uint64_t>& c) {
  SeenTypes s;
  for (std::size_t i = 0; i < c.size(); ++i) {
    s.rank.push_back(static_cast<Rank>(i + 1));
    s.c.push_back(c[i]);
    s.p.push_back(0.0);
  }
  return s;
}

Hypothesis learned(const HypothesisSpec& spec, const World& w, const std::vector<std::uint64_t>& c) {
  const SeenTypes s = seen_of(c);
  Hypothesis h;
  learn(spec, w, s, std::accumulate(c.begin(), c.end(), std::uint64_t{0}), h);
  return h;
}

// Q_k(num/den) by scanning the grid: nearest = the j minimising |j den - num k|
// (ties, i.e. halves, to the larger j), floor = the largest j with j den <= num k,
// ceil = the smallest j with j den >= num k; then min_one_over_k.
std::int64_t grid_ratio(const Quantiser& Q, std::uint64_t num, std::uint64_t den) {
  __extension__ using u128 = unsigned __int128;
  const u128 nk = static_cast<u128>(num) * Q.k;
  std::int64_t best = -1;
  u128 best_d = ~u128{0};
  for (std::uint64_t j = 0; j <= Q.k; ++j) {
    const u128 jd = static_cast<u128>(j) * den;
    if (Q.rounding == Rounding::floor) {
      if (jd <= nk) best = static_cast<std::int64_t>(j);
    } else if (Q.rounding == Rounding::ceil) {
      if (jd >= nk && best < 0) best = static_cast<std::int64_t>(j);
    } else {
      const u128 d = jd > nk ? jd - nk : nk - jd;
      if (d <= best_d) {
        best_d = d;
        best = static_cast<std::int64_t>(j);
      }
    }
  }
  if (Q.min_one_over_k && best < 1) best = 1;
  return best;
}

struct RefHypothesis {
  std::vector<std::int64_t> q;
  std::vector<std::uint8_t> own;
  std::int64_t unseen = 0;
};

RefHypothesis reference(const HypothesisSpec& spec, double M, const std::vector<std::uint64_t>& c) {
  const std::uint64_t n = std::accumulate(c.begin(), c.end(), std::uint64_t{0});
  const auto est = [&](std::uint64_t cnt) -> std::int64_t {
    if (spec.estimator == Estimator::add)
      return spec.Q.index((static_cast<double>(cnt) + spec.beta) / (static_cast<double>(n) + spec.beta * M));
    return n ? grid_ratio(spec.Q, cnt, n) : spec.Q.index(0.0);
  };
  RefHypothesis r;
  for (const std::uint64_t cnt : c) r.q.push_back(est(cnt));
  r.own.assign(c.size(), 1);
  r.unseen = est(0);
  if (spec.cls == HypothesisClass::all || spec.N >= c.size()) return r;
  std::vector<std::size_t> order(c.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return c[x] > c[y]; });
  std::vector<std::uint64_t> weight(spec.Q.k + 1, 0);
  for (std::size_t j = spec.N; j < order.size(); ++j)
    weight[static_cast<std::size_t>(grid_ratio(spec.Q, c[order[j]], n))] += c[order[j]];
  std::size_t v = 0;
  for (std::size_t j = 1; j < weight.size(); ++j)
    if (weight[j] > weight[v]) v = j;
  for (std::size_t j = spec.N; j < order.size(); ++j) {
    r.q[order[j]] = static_cast<std::int64_t>(v);
    r.own[order[j]] = 0;
  }
  r.unseen = static_cast<std::int64_t>(v);
  return r;
}

bool equal(const Hypothesis& h, const RefHypothesis& r) {
  return h.unseen == r.unseen && std::vector<std::int64_t>(h.q.begin(), h.q.end()) == r.q &&
         std::vector<std::uint8_t>(h.own.begin(), h.own.end()) == r.own;
}

// A Hypothesis or a RefHypothesis, for failure messages.
template <class H>
std::string show(const H& h) {
  std::ostringstream o;
  o << "q=(";
  for (const auto x : h.q) o << x << ",";
  o << ") own=(";
  for (const auto x : h.own) o << int(x) << ",";
  o << ") unseen=" << h.unseen;
  return o.str();
}

template <class T>
std::vector<T> vec(const BigVector<T>& v) {
  return std::vector<T>(v.begin(), v.end());
}

}  // namespace

// ---------------------------------------------------------------------------
// Names and refusals
// ---------------------------------------------------------------------------

TEST_CASE("hypothesis: to_string of classes and estimators", "[sim][hypothesis]") {
  CHECK(to_string(HypothesisClass::all) == "all");
  CHECK(to_string(HypothesisClass::top) == "top");
  CHECK(to_string(Estimator::ml) == "ml");
  CHECK(to_string(Estimator::add) == "add");
}

TEST_CASE("hypothesis: refusal names what cannot apply, empty when fine", "[sim][hypothesis]") {
  const World finite(1.2, 0, 1000);
  const World infinite(2.0, 0, kInfiniteM);
  // Fine: the defaults (all, ml, k = 1), top with N >= 1, add on a finite world.
  CHECK(HypothesisSpec{}.refusal(finite) == "");
  CHECK(HypothesisSpec{}.refusal(infinite) == "");
  CHECK(make_spec(HypothesisClass::top, 1, Estimator::ml, 10).refusal(infinite) == "");
  CHECK(make_spec(HypothesisClass::all, 0, Estimator::add, 10, Rounding::nearest, false, 0.5).refusal(finite) == "");
  CHECK(make_spec(HypothesisClass::top, 3, Estimator::add, 10, Rounding::floor, true, 1e-9).refusal(finite) == "");
  // k = 0.
  CHECK(make_spec(HypothesisClass::all, 0, Estimator::ml, 0).refusal(finite) == "k: must be at least 1");
  // top with N = 0 (all ignores N).
  CHECK(make_spec(HypothesisClass::top, 0, Estimator::ml, 10).refusal(finite) == "N: top needs N >= 1");
  CHECK(make_spec(HypothesisClass::all, 0, Estimator::ml, 10).refusal(finite) == "");
  // add with an infinite world: names the world.
  const std::string inf_msg = make_spec(HypothesisClass::all, 0, Estimator::add, 10).refusal(infinite);
  CHECK_THAT(inf_msg, Catch::Matchers::Contains("finite M") && Catch::Matchers::Contains(infinite.name()));
  // beta <= 0 or NaN (on a finite world).
  for (const double beta : {0.0, -0.5, -std::numeric_limits<double>::infinity(),
                            std::numeric_limits<double>::quiet_NaN()}) {
    INFO("beta " << beta);
    const std::string msg =
        make_spec(HypothesisClass::all, 0, Estimator::add, 10, Rounding::nearest, false, beta).refusal(finite);
    CHECK_THAT(msg, Catch::Matchers::StartsWith("beta: ") && Catch::Matchers::EndsWith("must be > 0"));
  }
  // beta is not looked at for ml.
  CHECK(make_spec(HypothesisClass::all, 0, Estimator::ml, 10, Rounding::nearest, false, -1.0).refusal(finite) == "");
  // The first failing condition is reported: k before N before the estimator.
  CHECK(make_spec(HypothesisClass::top, 0, Estimator::add, 0, Rounding::nearest, false, -1).refusal(infinite) ==
        "k: must be at least 1");
  CHECK(make_spec(HypothesisClass::top, 0, Estimator::add, 5, Rounding::nearest, false, -1).refusal(infinite) ==
        "N: top needs N >= 1");
}

// ---------------------------------------------------------------------------
// learn(): known answers
// ---------------------------------------------------------------------------

TEST_CASE("hypothesis: class all with ml, known answers", "[sim][hypothesis]") {
  const World w(1.0, 0.0, 100);
  {  // counts (5, 3, 2), n = 10, k = 10: q = c exactly, unseen Q(0) = 0.
    const Hypothesis h = learned(make_spec(HypothesisClass::all, 0, Estimator::ml, 10), w, {5, 3, 2});
    CHECK(vec(h.q) == std::vector<std::int64_t>{5, 3, 2});
    CHECK(vec(h.own) == std::vector<std::uint8_t>{1, 1, 1});
    CHECK(h.unseen == 0);
  }
  {  // counts (1, 3), n = 4, k = 2: 1/4 -> 0.5 grid steps, a half: rounds up to 1; 3/4 -> 1.5 -> 2.
    const Hypothesis h = learned(make_spec(HypothesisClass::all, 0, Estimator::ml, 2), w, {1, 3});
    CHECK(vec(h.q) == std::vector<std::int64_t>{1, 2});
  }
  {  // counts (1, 2), n = 3, k = 2: 2/3 and 4/3 grid steps; floor (0, 1), ceil (1, 2), nearest (1, 1).
    CHECK(vec(learned(make_spec(HypothesisClass::all, 0, Estimator::ml, 2, Rounding::floor), w, {1, 2}).q) ==
          std::vector<std::int64_t>{0, 1});
    CHECK(vec(learned(make_spec(HypothesisClass::all, 0, Estimator::ml, 2, Rounding::ceil), w, {1, 2}).q) ==
          std::vector<std::int64_t>{1, 2});
    CHECK(vec(learned(make_spec(HypothesisClass::all, 0, Estimator::ml, 2), w, {1, 2}).q) ==
          std::vector<std::int64_t>{1, 1});
  }
  {  // min_one_over_k: small values and the unseen value become 1; ceil gives 1 to c > 0 anyway.
    const Hypothesis h =
        learned(make_spec(HypothesisClass::all, 0, Estimator::ml, 10, Rounding::floor, true), w, {97, 1, 2});
    CHECK(vec(h.q) == std::vector<std::int64_t>{9, 1, 1});
    CHECK(h.unseen == 1);
    CHECK(learned(make_spec(HypothesisClass::all, 0, Estimator::ml, 10, Rounding::ceil), w, {97, 1, 2}).unseen == 0);
  }
  {  // One type seen D times: q = k.
    const Hypothesis h = learned(make_spec(HypothesisClass::all, 0, Estimator::ml, 1000), w, {123456789});
    CHECK(vec(h.q) == std::vector<std::int64_t>{1000});
  }
  {  // Nothing seen (n = 0): no entries, unseen Q(0) (1 under min_one_over_k).
    SeenTypes none;
    Hypothesis h;
    learn(make_spec(HypothesisClass::all, 0, Estimator::ml, 10), w, none, 0, h);
    CHECK(h.q.empty());
    CHECK(h.own.empty());
    CHECK(h.unseen == 0);
    learn(make_spec(HypothesisClass::top, 2, Estimator::ml, 10, Rounding::nearest, true), w, none, 0, h);
    CHECK(h.unseen == 1);
  }
}

TEST_CASE("hypothesis: estimator add is (c + beta)/(n + beta M)", "[sim][hypothesis]") {
  {  // M = 3, beta = 0.5, counts (2, 1), n = 3, k = 10: 2.5/4.5 = 0.556 -> 6, 1.5/4.5 = 0.333 -> 3,
     // unseen 0.5/4.5 = 0.111 -> 1.
    const World w(1.0, 0.0, 3);
    const Hypothesis h = learned(make_spec(HypothesisClass::all, 0, Estimator::add, 10), w, {2, 1});
    CHECK(vec(h.q) == std::vector<std::int64_t>{6, 3});
    CHECK(h.unseen == 1);
  }
  {  // M = 10, beta = 1, counts (3), n = 3, k = 100: 4/13 = 0.3077 -> 31, unseen 1/13 = 0.0769 -> 8;
     // floor: 30 and 7.
    const World w(0.0, 0.0, 10);
    const Hypothesis h = learned(make_spec(HypothesisClass::all, 0, Estimator::add, 100, Rounding::nearest, false, 1.0), w, {3});
    CHECK(vec(h.q) == std::vector<std::int64_t>{31});
    CHECK(h.unseen == 8);
    const Hypothesis f = learned(make_spec(HypothesisClass::all, 0, Estimator::add, 100, Rounding::floor, false, 1.0), w, {3});
    CHECK(vec(f.q) == std::vector<std::int64_t>{30});
    CHECK(f.unseen == 7);
  }
  {  // A large M and small beta: the unseen estimate beta/(n + beta M) = 1e-3/(10 + 1e6) -> 0 at k = 100.
    const World w(1.0, 0.0, 1000000000);
    const Hypothesis h = learned(make_spec(HypothesisClass::all, 0, Estimator::add, 100, Rounding::nearest, false, 1e-3), w, {6, 4});
    CHECK(vec(h.q) == std::vector<std::int64_t>{0, 0});  // 6.001 / 1000010 ~ 6e-6 -> 0
    CHECK(h.unseen == 0);
  }
}

TEST_CASE("hypothesis: class top, known answers", "[sim][hypothesis]") {
  const World w(0.0, 0.0, 4);
  {  // counts (3, 2, 1), n = 6, k = 6, N = 1: own rank 1 (q 3); rest votes 2 (weight 2) and
     // 1 (weight 1): shared value 2, also the unseen value.
    const Hypothesis h = learned(make_spec(HypothesisClass::top, 1, Estimator::ml, 6), w, {3, 2, 1});
    CHECK(vec(h.q) == std::vector<std::int64_t>{3, 2, 2});
    CHECK(vec(h.own) == std::vector<std::uint8_t>{1, 0, 0});
    CHECK(h.unseen == 2);
  }
  {  // Vote ties go to the smaller value: counts (4, 2, 1, 1), n = 8, k = 8, N = 1: the rest
     // votes 2 (weight 2) and 1 (weight 1 + 1).
    const Hypothesis h = learned(make_spec(HypothesisClass::top, 1, Estimator::ml, 8), w, {4, 2, 1, 1});
    CHECK(vec(h.q) == std::vector<std::int64_t>{4, 1, 1, 1});
    CHECK(vec(h.own) == std::vector<std::uint8_t>{1, 0, 0, 0});
    CHECK(h.unseen == 1);
  }
  {  // Weight, not the number of voters: counts (10, 5, 1, 1, 1, 1), n = 19, k = 19, N = 1:
     // the rest votes 5 (one type, weight 5) and 1 (four types, weight 4): 5 wins.
    const Hypothesis h = learned(make_spec(HypothesisClass::top, 1, Estimator::ml, 19), w, {10, 5, 1, 1, 1, 1});
    CHECK(h.unseen == 5);
    CHECK(vec(h.q) == std::vector<std::int64_t>{10, 5, 5, 5, 5, 5});
  }
  {  // Count ties go to the lower rank: counts (1, 2, 2), N = 1: rank 2 is the top entry.
    const Hypothesis h = learned(make_spec(HypothesisClass::top, 1, Estimator::ml, 5), w, {1, 2, 2});
    CHECK(vec(h.own) == std::vector<std::uint8_t>{0, 1, 0});
    // ... and N = 2: ranks 2 and 3.
    CHECK(vec(learned(make_spec(HypothesisClass::top, 2, Estimator::ml, 5), w, {1, 2, 2}).own) ==
          std::vector<std::uint8_t>{0, 1, 1});
  }
  {  // N >= |S| behaves as all: every entry own, unseen Q(0).
    for (const std::uint64_t N : {3u, 4u, 1000u}) {
      const Hypothesis h = learned(make_spec(HypothesisClass::top, N, Estimator::ml, 6), w, {3, 2, 1});
      const Hypothesis a = learned(make_spec(HypothesisClass::all, 0, Estimator::ml, 6), w, {3, 2, 1});
      INFO("N=" << N);
      CHECK(vec(h.q) == std::vector<std::int64_t>{3, 2, 1});
      CHECK(vec(h.own) == std::vector<std::uint8_t>{1, 1, 1});
      CHECK(h.unseen == 0);
      CHECK(vec(h.q) == vec(a.q));
      CHECK(h.unseen == a.unseen);
    }
  }
  {  // top with add: the own entries keep their add estimates; the shared value is the
     // training ERM over Q_k(c/n) (hypothesis.hpp). M = 4, beta = 1, counts (6, 1, 1),
     // n = 8, k = 10: add (7/12 -> 6, 2/12 -> 2, 2); votes Q(1/8) = round(1.25) = 1.
    const Hypothesis h =
        learned(make_spec(HypothesisClass::top, 1, Estimator::add, 10, Rounding::nearest, false, 1.0), w, {6, 1, 1});
    CHECK(vec(h.q) == std::vector<std::int64_t>{6, 1, 1});
    CHECK(vec(h.own) == std::vector<std::uint8_t>{1, 0, 0});
    CHECK(h.unseen == 1);
  }
}

TEST_CASE("hypothesis: top puts far types last among equal counts", "[sim][hypothesis]") {
  // A corpus with ranks 3 and 7 seen once and two far types: seen_types lists the
  // far types after the ranks (count 1 each); with N = 2 the two ranks are the top.
  const World w = parse_world("zm:a=1.01,M=inf");
  Corpus c;
  c.rank = {3, 7};
  c.count = {1, 1};
  c.far_p = {1e-17, 2e-17};
  c.size = 4;
  SeenTypes s;
  seen_types(w, c, nullptr, 0, s);
  Hypothesis h;
  learn(make_spec(HypothesisClass::top, 2, Estimator::ml, 8), w, s, c.size, h);
  CHECK(vec(h.own) == std::vector<std::uint8_t>{1, 1, 0, 0});
  learn(make_spec(HypothesisClass::top, 3, Estimator::ml, 8), w, s, c.size, h);
  CHECK(vec(h.own) == std::vector<std::uint8_t>{1, 1, 1, 0});
  // Far types are seen once, so a rank seen twice comes before all of them: counts
  // (1, 2), N = 1: rank 7 is the top entry.
  c.count = {1, 2};
  c.size = 5;
  seen_types(w, c, nullptr, 0, s);
  learn(make_spec(HypothesisClass::top, 1, Estimator::ml, 8), w, s, c.size, h);
  CHECK(vec(h.own) == std::vector<std::uint8_t>{0, 1, 0, 0});
}

TEST_CASE("hypothesis: learn reuses its output, sized to the seen entries", "[sim][hypothesis]") {
  const World w(1.0, 0.0, 100);
  Hypothesis h;
  h.q.assign(50, 77);
  h.own.assign(50, 0);
  h.unseen = 99;
  const SeenTypes s = seen_of({4, 4, 2});
  learn(make_spec(HypothesisClass::all, 0, Estimator::ml, 10), w, s, 10, h);
  CHECK(vec(h.q) == std::vector<std::int64_t>{4, 4, 2});
  CHECK(vec(h.own) == std::vector<std::uint8_t>{1, 1, 1});
  CHECK(h.unseen == 0);
  // After a top run that cleared own flags, an all run sets them all again.
  learn(make_spec(HypothesisClass::top, 1, Estimator::ml, 10), w, s, 10, h);
  CHECK(vec(h.own) == std::vector<std::uint8_t>{1, 0, 0});
  learn(make_spec(HypothesisClass::all, 0, Estimator::ml, 10), w, s, 10, h);
  CHECK(vec(h.own) == std::vector<std::uint8_t>{1, 1, 1});
}

// ---------------------------------------------------------------------------
// learn(): brute force
// ---------------------------------------------------------------------------

TEST_CASE("hypothesis: learn equals the brute-force ERM for every small count vector", "[sim][hypothesis]") {
  // Every count vector of 1..6 entries with counts 1..3 (1092 vectors), and 1..3
  // entries with counts in {1, 2, 5, 17, 1000}; every spec: all and top N = 1, 2, 3,
  // 5; ml and add (beta 0.5 and 2, M = 20); k in {1, 2, 3, 7, 10, 1000}; nearest,
  // floor, ceil, each with and without min_one_over_k.
  const World w(1.0, 0.0, 20);
  std::vector<std::vector<std::uint64_t>> vectors;
  for (std::size_t m = 1; m <= 6; ++m) {
    std::vector<std::uint64_t> c(m, 1);
    while (true) {
      vectors.push_back(c);
      std::size_t i = 0;
      while (i < m && c[i] == 3) c[i++] = 1;
      if (i == m) break;
      ++c[i];
    }
  }
  const std::uint64_t big[] = {1, 2, 5, 17, 1000};
  for (const auto a : big) {
    vectors.push_back({a});
    for (const auto b : big) {
      vectors.push_back({a, b});
      for (const auto d : big) vectors.push_back({a, b, d});
    }
  }
  std::vector<HypothesisSpec> specs;
  for (const auto cls : {HypothesisClass::all, HypothesisClass::top})
    for (const std::uint64_t N : {1u, 2u, 3u, 5u}) {
      if (cls == HypothesisClass::all && N > 1) continue;
      for (const std::uint64_t k : {1u, 2u, 3u, 7u, 10u, 1000u})
        for (const auto r : {Rounding::nearest, Rounding::floor, Rounding::ceil})
          for (const bool min1 : {false, true}) {
            specs.push_back(make_spec(cls, cls == HypothesisClass::top ? N : 0, Estimator::ml, k, r, min1));
            for (const double beta : {0.5, 2.0})
              specs.push_back(make_spec(cls, cls == HypothesisClass::top ? N : 0, Estimator::add, k, r, min1, beta));
          }
    }
  std::size_t runs = 0, bad = 0;
  std::string first;
  Hypothesis h;  // reused, as the runner does
  for (const auto& c : vectors) {
    const SeenTypes s = seen_of(c);
    const std::uint64_t n = std::accumulate(c.begin(), c.end(), std::uint64_t{0});
    for (const auto& spec : specs) {
      learn(spec, w, s, n, h);
      const RefHypothesis ref = reference(spec, 20.0, c);
      ++runs;
      if (!equal(h, ref)) {
        if (bad++ == 0) {
          std::ostringstream o;
          o << describe(spec) << " counts (";
          for (auto x : c) o << x << ",";
          o << "): got " << show(h) << ", expected " << show(ref);
          first = o.str();
        }
      }
    }
  }
  INFO(bad << " of " << runs << " differ; first: " << first);
  CHECK(bad == 0);
  CHECK(runs > 100000);
}

// ---------------------------------------------------------------------------
// seen_types
// ---------------------------------------------------------------------------

TEST_CASE("hypothesis: seen_types without a head table takes p from World::pmf", "[sim][hypothesis]") {
  const World w = parse_world("zm:a=1.2,M=1e6");
  Corpus c;
  c.rank = {1, 5, 4096, 4097, 999999, 1000000};
  c.count = {40, 3, 1, 2, 1, 1};
  c.size = 48;
  SeenTypes s;
  seen_types(w, c, nullptr, 0, s);
  CHECK(vec(s.rank) == std::vector<Rank>{1, 5, 4096, 4097, 999999, 1000000});
  CHECK(vec(s.c) == std::vector<std::uint64_t>{40, 3, 1, 2, 1, 1});
  REQUIRE(s.p.size() == 6);
  for (std::size_t i = 0; i < 6; ++i) {
    INFO("rank " << c.rank[i]);
    CHECK(s.p[i] == w.pmf(static_cast<double>(c.rank[i])));
  }
}

TEST_CASE("hypothesis: seen_types takes p from the head table within it, pmf beyond, far types last",
          "[sim][hypothesis]") {
  const World w = parse_world("zm:a=1.1,M=inf");
  Corpus c;
  c.rank = {1, 2, 100, 4096, 4097, 123456};
  c.count = {9, 4, 2, 1, 1, 3};
  c.far_p = {3e-18, 1e-18};
  c.size = 22;
  // A stand-in table whose values differ from the world's, so the source of each p shows.
  const std::uint64_t head = 4096;
  std::vector<double> fake(head);
  for (std::size_t i = 0; i < head; ++i) fake[i] = 1000.0 + static_cast<double>(i + 1);
  SeenTypes s;
  seen_types(w, c, fake.data(), head, s);
  CHECK(vec(s.rank) == std::vector<Rank>{1, 2, 100, 4096, 4097, 123456, 0, 0});
  CHECK(vec(s.c) == std::vector<std::uint64_t>{9, 4, 2, 1, 1, 3, 1, 1});
  REQUIRE(s.p.size() == 8);
  CHECK(s.p[0] == 1001.0);
  CHECK(s.p[1] == 1002.0);
  CHECK(s.p[2] == 1100.0);
  CHECK(s.p[3] == 1000.0 + 4096);
  CHECK(s.p[4] == w.pmf(4097.0));
  CHECK(s.p[5] == w.pmf(123456.0));
  CHECK(s.p[6] == 3e-18);
  CHECK(s.p[7] == 1e-18);
  // head_size 0 with a table pointer: every p from pmf.
  seen_types(w, c, fake.data(), 0, s);
  CHECK(s.p[0] == w.pmf(1.0));
  CHECK(s.p[3] == w.pmf(4096.0));
  // A real HeadTable: its p_r for the ranks it holds.
  const HeadTable t(w, 200);
  seen_types(w, c, t.p_data(), t.size(), s);
  CHECK(s.p[0] == t.p(1));
  CHECK(s.p[1] == t.p(2));
  CHECK(s.p[2] == t.p(100));
  CHECK(s.p[3] == w.pmf(4096.0));
  CHECK(s.p[6] == 3e-18);
}

TEST_CASE("hypothesis: seen_types resizes its output, only far types, empty corpus", "[sim][hypothesis]") {
  const World w = parse_world("zm:a=2,M=inf");
  SeenTypes s;
  s.rank.assign(100, 5);
  s.c.assign(100, 5);
  s.p.assign(100, 0.5);
  Corpus only_far;
  only_far.far_p = {2e-17};
  only_far.size = 1;
  seen_types(w, only_far, nullptr, 0, s);
  CHECK(vec(s.rank) == std::vector<Rank>{0});
  CHECK(vec(s.c) == std::vector<std::uint64_t>{1});
  CHECK(vec(s.p) == std::vector<double>{2e-17});
  seen_types(w, Corpus{}, nullptr, 0, s);
  CHECK(s.rank.empty());
  CHECK(s.c.empty());
  CHECK(s.p.empty());
}
