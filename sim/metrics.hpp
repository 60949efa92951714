// Per-replicate metrics of a hypothesis against a target (SPEC §1.4), in O(|S|):
// sums over the unseen part of the universe come from the world's totals and
// closed-form interval masses, never from a loop over M.
//   kl       = sum t_s log(t_s / q_s)          (the paper's Delta, eq. (2))
//   lk       = sum_{Q_k(t_s) != q_s} t_s       (the discrete loss L_k, eq. (4))
//   tv       = sum |t_s - q_s|
//   mismatch = #{s : Q_k(t_s) != q_s}
//   q_mass   = sum q_s                         (flags an unnormalised q)
// Targets t: pop (the world p) and train (c/n); scopes: S (the corpus support,
// the paper's own sums) and U (the universe; off S the hypothesis gives its
// unseen value and the train target is 0). A q_s = 0 where t_s > 0 makes kl
// infinite (stored as inf); infinite universes make some U sums infinite.
#pragma once
#include <cstdint>

#include "hypothesis.hpp"

namespace pacsim {

struct ScopeMetrics {
  double kl = 0, lk = 0, tv = 0, mismatch = 0, q_mass = 0;
};

struct Metrics {
  ScopeMetrics pop_S, pop_U, train_S, train_U;
  std::uint64_t unique = 0;  ///< |S|
  double best_lk = 0;        ///< min over the class of L_k(h) against p on S (exact)
  double eps = 0;            ///< lk_pop_S(ERM) - best_lk (Theorem 1's epsilon)
};

/// Metrics of `h` (fitted on `seen`, corpus size n) against world and corpus.
/// `missing_mass` is the corpus's true unseen probability.
Metrics compute_metrics(const World& world, const HypothesisSpec& spec, const SeenTypes& seen,
                        const Hypothesis& h, std::uint64_t n, double missing_mass);

}  // namespace pacsim
