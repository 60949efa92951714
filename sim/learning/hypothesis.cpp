// Hypothesis classes and ERM; see hypothesis.hpp.
#include "sim/learning/hypothesis.hpp"

#include <algorithm>
#include <numeric>

namespace pacsim {

std::string to_string(HypothesisClass c) { return c == HypothesisClass::all ? "all" : "top"; }
std::string to_string(Estimator e) { return e == Estimator::ml ? "ml" : "add"; }

std::string HypothesisSpec::refusal(const World& world) const {
  if (Q.k < 1) return "k: must be at least 1";
  if (cls == HypothesisClass::top && N < 1) return "N: top needs N >= 1";
  if (estimator == Estimator::add) {
    if (world.infinite()) return "estimator add needs a finite M (world " + world.name() + ")";
    if (!(beta > 0)) return "beta: " + std::to_string(beta) + " must be > 0";
  }
  return "";
}

void seen_types(const World& world, const Corpus& corpus, const double* head_p,
                std::uint64_t head_size, SeenTypes& out) {
  const std::size_t n = corpus.rank.size(), nf = corpus.far_p.size();
  out.rank.resize(n + nf);
  out.c.resize(n + nf);
  out.p.resize(n + nf);
  for (std::size_t i = 0; i < n; ++i) {
    const Rank r = corpus.rank[i];
    out.rank[i] = r;
    out.c[i] = corpus.count[i];
    out.p[i] = (head_p && r <= head_size) ? head_p[r - 1] : world.pmf(static_cast<double>(r));
  }
  for (std::size_t i = 0; i < nf; ++i) {
    out.rank[n + i] = 0;
    out.c[n + i] = 1;
    out.p[n + i] = corpus.far_p[i];
  }
}

namespace {

std::int64_t estimate_index(const HypothesisSpec& spec, const World& world, std::uint64_t c,
                            std::uint64_t n) {
  if (spec.estimator == Estimator::ml) return n ? spec.Q.index_ratio(c, n) : spec.Q.index(0.0);
  const double M = static_cast<double>(world.M());
  return spec.Q.index((static_cast<double>(c) + spec.beta) / (static_cast<double>(n) + spec.beta * M));
}

// The grid value with the most training weight among `votes` (grid index,
// count); ties go to the smaller value. Requires: votes not empty.
std::int64_t heaviest_value(std::vector<std::pair<std::int64_t, std::uint64_t>>& votes) {
  std::sort(votes.begin(), votes.end());
  std::int64_t best_v = votes.front().first;
  std::uint64_t best_w = 0;
  for (std::size_t i = 0; i < votes.size();) {
    std::uint64_t w = 0;
    std::size_t j = i;
    for (; j < votes.size() && votes[j].first == votes[i].first; ++j) w += votes[j].second;
    if (w > best_w) {  // strict: ties go to the smaller grid value
      best_w = w;
      best_v = votes[i].first;
    }
    i = j;
  }
  return best_v;
}

}  // namespace

void learn(const HypothesisSpec& spec, const World& world, const SeenTypes& seen, std::uint64_t n,
           Hypothesis& out) {
  const std::size_t m = seen.c.size();
  out.q.resize(m);
  out.own.assign(m, 1);
  for (std::size_t i = 0; i < m; ++i) out.q[i] = estimate_index(spec, world, seen.c[i], n);
  out.unseen = estimate_index(spec, world, 0, n);
  if (spec.cls == HypothesisClass::all || spec.N >= m) return;

  // top N: the N largest counts (ties: lower rank first, far types last) keep
  // their own value; the rest share the training-ERM value.
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  const auto before = [&](std::size_t x, std::size_t y) {
    if (seen.c[x] != seen.c[y]) return seen.c[x] > seen.c[y];
    return x < y;  // entries are in rank order, far types last
  };
  std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(spec.N), order.end(), before);
  std::vector<std::pair<std::int64_t, std::uint64_t>> votes;  // (Q_k(c/n), c) of the rest
  votes.reserve(m - spec.N);
  for (std::size_t j = spec.N; j < m; ++j) {
    const std::size_t i = order[j];
    out.own[i] = 0;
    votes.emplace_back(n ? spec.Q.index_ratio(seen.c[i], n) : spec.Q.index(0.0), seen.c[i]);
  }
  const std::int64_t shared = heaviest_value(votes);
  for (std::size_t i = 0; i < m; ++i)
    if (!out.own[i]) out.q[i] = shared;
  out.unseen = shared;
}

}  // namespace pacsim
