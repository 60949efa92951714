// Finite-precision hypotheses and their learner: a hypothesis
// f : S -> K gives q_s = f(s) on the grid of a Quantiser, and one shared value to
// every sequence off S. Classes:
//  - all:   every function S -> K; ERM sets f(s) = Q_k(estimate(c_s)).
//  - top N: the N most frequent sequences of the corpus get their own value
//           Q_k(estimate(c_s)); all others (the rest of S and every unseen
//           sequence) share one value, the ERM choice: the grid value v that
//           maximises the training mass sum_{s in rest, Q_k(c_s/n) = v} c_s/n.
// Estimators: ml (c/n) and add with beta ((c + beta)/(n + beta M), finite M).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/sampling/corpus.hpp"
#include "theory/quantiser.hpp"
#include "theory/world.hpp"

namespace pacsim {

enum class HypothesisClass { all, top };
enum class Estimator { ml, add };

std::string to_string(HypothesisClass c);  ///< "all" or "top"
std::string to_string(Estimator e);        ///< "ml" or "add"

struct HypothesisSpec {
  HypothesisClass cls = HypothesisClass::all;
  std::uint64_t N = 0;      ///< top: how many sequences get their own value
  Estimator estimator = Estimator::ml;
  double beta = 0.5;        ///< add: pseudo-count
  Quantiser Q;

  /// Why the spec cannot apply to `world` (add with M = inf, beta <= 0, top with
  /// N = 0, k = 0), for the user; empty when it can.
  std::string refusal(const World& world) const;
};

/// The seen types of a corpus as parallel arrays: entry i has count c[i] and
/// probability p[i]; ranks first (ascending), then far types (rank 0 here).
struct SeenTypes {
  BigVector<Rank> rank;
  BigVector<std::uint64_t> c;
  BigVector<double> p;
};

/// p for each seen type; `head_p` (may be null) gives p_r for r <= head_size
/// without recomputing it.
void seen_types(const World& world, const Corpus& corpus, const double* head_p,
                std::uint64_t head_size, SeenTypes& out);

struct Hypothesis {
  BigVector<std::int64_t> q;     ///< grid index of q_s per seen entry
  std::int64_t unseen = 0;       ///< grid index given to every sequence off S
  BigVector<std::uint8_t> own;   ///< top: 1 if the entry has its own value
};

/// The learner's (ERM) hypothesis from corpus counts; n = corpus size.
void learn(const HypothesisSpec& spec, const World& world, const SeenTypes& seen, std::uint64_t n,
           Hypothesis& out);

}  // namespace pacsim
