// The Natarajan dimension of an explicit finite class H of functions X -> K
// (|X| = n, K = {0..k}), by brute force over the paper's definition
// (generalized shattering): Y is shattered if there are f, g in H with
// f(x) != g(x) on all of Y and, for every T subset of Y, an h in H equal to f on T
// and to g on Y \ T. The dimension is the size of the largest shattered set.
// Natarajan's lemma, |H| <= |X|^d (k+1)^(2d), is reported with it.
// Shattering is hereditary, so sizes are tried upwards until none shatters; a
// shattered Y needs 2^|Y| distinct functions on Y, so no size beyond log2 |H| is tried.
//
// Work is metered in units of one function value handled (WorkMeter): written
// when a class is built, projected onto a candidate set Y (and hashed), compared
// when a pair of patterns is tried, or written and looked up in a mixture.
#pragma once
#include <atomic>
#include <cstdint>
#include <vector>

namespace pacsim {

using Function = std::vector<std::uint8_t>;  ///< values f(0..n-1), each in 0..k

/// Every function X -> K: (k+1)^n of them.
std::vector<Function> all_functions(int n, int k);
/// The top-N class over X = {0..n-1} ordered by frequency: elements below N get
/// their own value, all others share one: (k+1)^(min(N,n) + [n > N]) functions.
std::vector<Function> top_functions(int n, int k, int N);

/// A budget of work units shared by threads. Work is charged before it is done,
/// and a charge that would pass the limit is refused (and not counted), so the
/// work done never exceeds the limit.
class WorkMeter {
 public:
  explicit WorkMeter(std::uint64_t limit) : limit_(limit) {}
  /// Charges `units` and returns true, or returns false (charging nothing, and
  /// marking the meter exhausted) if they would take it past the limit or the
  /// meter is already exhausted.
  bool charge(std::uint64_t units);
  std::uint64_t used() const { return used_.load(std::memory_order_relaxed); }
  std::uint64_t limit() const { return limit_; }
  bool exhausted() const { return exhausted_.load(std::memory_order_relaxed); }

 private:
  std::uint64_t limit_;
  std::atomic<std::uint64_t> used_{0};
  std::atomic<bool> exhausted_{false};
};

/// The least work a search must do on a class of `size` functions over n points
/// whose dimension is d: building it (size n), projecting it once for each size
/// 1..d (size m), and, unless d reaches min(n, floor(log2 size)), projecting it
/// onto every (d+1)-subset to find none shattered (C(n, d+1) size (d+1)). A lower
/// bound in WorkMeter's units (a double: it may pass 2^64).
double natarajan_least_work(int n, double size, int d);

struct NatarajanResult {
  int dimension = 0;
  std::vector<int> witness;   ///< a shattered set of that size
  double lemma_lhs = 0;       ///< |H|
  double lemma_rhs = 0;       ///< |X|^d (k+1)^(2d)
  /// False when the meter ran out: `dimension` is then only a lower bound.
  bool finished = true;
};

/// The search charges `meter` for every projection, pair and mixture it handles
/// and stops when a charge is refused.
NatarajanResult natarajan_dimension(const std::vector<Function>& H, int n, int k, WorkMeter& meter);

}  // namespace pacsim
