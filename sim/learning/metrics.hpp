// Per-replicate metrics of a hypothesis: its losses (theory/losses.hpp: kl, lk,
// tv, mismatch, q_mass, t_mass, kl_norm, tv_norm) against two targets over two
// scopes, in O(|S|): sums over the unseen part of the universe come from the
// world's totals and closed-form interval masses, never from a loop over M.
// Targets t: pop (the world p) and train (c/n); scopes: S (the corpus support,
// the paper's own sums) and U (the universe; off S the hypothesis gives its
// unseen value and the train target is 0). A q_s = 0 where t_s > 0 makes kl
// infinite (stored as inf); infinite universes make some U sums infinite.
// t_mass is the sum of p over S for pop_S and 1 for the others (0 for train
// over an empty Poisson corpus); kl_norm and tv_norm are NaN where t_mass or
// q_mass is 0 or infinite.
// Beyond the losses: best_lk, the class's best L_k against p on S, and
// Theorem 1's eps = lk_pop_S - best_lk.
//
// Adding a metric: a member of Metrics, computed in compute_metrics(), and a row
// of metric_fields() (a loss: theory/losses.hpp instead).
#pragma once
#include <cstdint>
#include <vector>

#include "sim/learning/hypothesis.hpp"
#include "theory/losses.hpp"

namespace pacsim {

struct Metrics {
  Losses pop_S, pop_U, train_S, train_U;
  std::uint64_t unique = 0;  ///< |S|
  double best_lk = 0;        ///< min over the class of L_k(h) against p on S (exact)
  double eps = 0;            ///< lk_pop_S(ERM) - best_lk (Theorem 1's epsilon)
};

/// One target/scope: its name (in dataset names such as kl_pop_S) and member.
struct TargetScope {
  const char* name;
  Losses Metrics::*member;
};
/// pop_S, pop_U, train_S, train_U, in this order.
const std::vector<TargetScope>& target_scopes();

/// A metric that is not a loss: its name, unit and member.
struct MetricField {
  const char* name;
  const char* unit;
  double Metrics::*member;
};
/// best_lk, eps, in this order.
const std::vector<MetricField>& metric_fields();

/// Metrics of `h` (fitted on `seen`, corpus size n) against world and corpus.
/// `missing_mass` is the corpus's true unseen probability.
Metrics compute_metrics(const World& world, const HypothesisSpec& spec, const SeenTypes& seen,
                        const Hypothesis& h, std::uint64_t n, double missing_mass);

}  // namespace pacsim
