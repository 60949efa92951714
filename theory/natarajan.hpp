// The Natarajan dimension of an explicit finite class H of functions X -> K
// (|X| = n, K = {0..k}), by brute force over the paper's definition
// (generalized shattering): Y is shattered if there are f, g in H with
// f(x) != g(x) on all of Y and, for every T subset of Y, an h in H equal to f on T
// and to g on Y \ T. The dimension is the size of the largest shattered set.
// Natarajan's lemma, |H| <= |X|^d (k+1)^(2d), is reported with it.
// Shattering is hereditary, so sizes are tried upwards until none shatters.
#pragma once
#include <cstdint>
#include <vector>

namespace pacsim {

using Function = std::vector<std::uint8_t>;  ///< values f(0..n-1), each in 0..k

/// Every function X -> K: (k+1)^n of them.
std::vector<Function> all_functions(int n, int k);
/// The top-N class over X = {0..n-1} ordered by frequency: elements below N get
/// their own value, all others share one: (k+1)^(min(N,n) + [n > N]) functions.
std::vector<Function> top_functions(int n, int k, int N);

struct NatarajanResult {
  int dimension = 0;
  std::vector<int> witness;   ///< a shattered set of that size
  double lemma_lhs = 0;       ///< |H|
  double lemma_rhs = 0;       ///< |X|^d (k+1)^(2d)
  std::uint64_t work = 0;     ///< mixtures looked up
  /// False when the search stopped at `max_work` look-ups: `dimension` is then
  /// only a lower bound.
  bool finished = true;
};

/// The search stops once it has looked up `max_work` mixtures (each thread may
/// count one more before it sees the limit).
NatarajanResult natarajan_dimension(const std::vector<Function>& H, int n, int k,
                                    std::uint64_t max_work);

}  // namespace pacsim
