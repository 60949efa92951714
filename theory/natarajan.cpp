// Natarajan dimension by brute force; see natarajan.hpp.
#include "theory/natarajan.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <string>
#include <unordered_set>

namespace pacsim {

std::vector<Function> all_functions(int n, int k) {
  std::vector<Function> H;
  Function f(static_cast<std::size_t>(n), 0);
  for (;;) {
    H.push_back(f);
    int i = 0;
    while (i < n && f[static_cast<std::size_t>(i)] == k) f[static_cast<std::size_t>(i++)] = 0;
    if (i == n) break;
    ++f[static_cast<std::size_t>(i)];
  }
  return H;
}

std::vector<Function> top_functions(int n, int k, int N) {
  const int own = std::min(N, n);
  const bool shared = n > N;
  std::vector<Function> H;
  for (const Function& g : all_functions(own + (shared ? 1 : 0), k)) {
    Function f(static_cast<std::size_t>(n));
    for (int x = 0; x < n; ++x) f[static_cast<std::size_t>(x)] = g[static_cast<std::size_t>(x < own ? x : own)];
    H.push_back(f);
  }
  return H;
}

bool WorkMeter::charge(std::uint64_t units) {
  if (exhausted()) return false;  // once refused, always: a search stops at its first refusal
  std::uint64_t used = used_.load(std::memory_order_relaxed);
  do {
    if (units > limit_ - used) {
      exhausted_.store(true, std::memory_order_relaxed);
      return false;
    }
  } while (!used_.compare_exchange_weak(used, used + units, std::memory_order_relaxed));
  return true;
}

double natarajan_least_work(int n, double size, int d) {
  double work = size * n;  // building the class
  if (d < 0) return work;
  for (int m = 1; m <= d; ++m) work += size * m;  // the projection that found a shattered m-set
  const int top = std::min(n, static_cast<int>(std::floor(std::log2(size))));
  if (d < top) {  // every (d+1)-subset projected, none shattered
    double subsets = 1;  // C(n, d+1)
    for (int i = 1; i <= d + 1; ++i) subsets = subsets * (n - d - 1 + i) / i;
    work += subsets * size * (d + 1);
  }
  return work;
}

namespace {

// A projection onto Y (|Y| <= 16 values of at most 8 bits, packed into 128 bits
// would do; here a string keeps it simple and exact).
std::string project(const Function& f, const std::vector<int>& Y) {
  std::string s(Y.size(), '\0');
  for (std::size_t i = 0; i < Y.size(); ++i) s[i] = static_cast<char>(f[static_cast<std::size_t>(Y[i])]);
  return s;
}

enum class Shattered { no, yes, out_of_work };

using Patterns = std::unordered_set<std::string>;

// Whether pats[a] and a later pattern differ on all of Y and have every mixture
// in P. Charges |Y| units per pair compared and per mixture looked up; false as
// soon as `stop` is set or a charge is refused.
bool shatters_with_later(const std::vector<std::string>& pats, const Patterns& P, std::size_t a,
                         WorkMeter& meter, const std::atomic<bool>& stop) {
  const std::size_t m = pats[a].size();
  const std::uint64_t mixtures = std::uint64_t{1} << m;
  const std::string& fa = pats[a];
  std::string h(m, '\0');
  for (std::size_t b = a + 1; b < pats.size() && !stop.load(std::memory_order_relaxed); ++b) {
    if (!meter.charge(m)) return false;
    const std::string& gb = pats[b];
    bool differ = true;
    for (std::size_t i = 0; i < m && differ; ++i) differ = fa[i] != gb[i];
    if (!differ) continue;
    bool all = true;
    for (std::uint64_t T = 0; T < mixtures && all; ++T) {
      if (!meter.charge(m)) return false;
      for (std::size_t i = 0; i < m; ++i) h[i] = ((T >> i) & 1) ? fa[i] : gb[i];
      all = P.count(h) > 0;
    }
    if (all) return true;
  }
  return false;
}

// Pairs (f, g) are tried in parallel (OpenMP) when there are many: the search is
// quadratic in the number of distinct patterns. The first shattering pair found
// ends it; which pair that is does not change the answer. No exception leaves
// the parallel region: the first is kept and rethrown after it.
Shattered any_shattering_pair(const std::vector<std::string>& pats, const Patterns& P, WorkMeter& meter) {
  std::atomic<bool> found{false}, stop{false};
  std::exception_ptr failure;
  const long long n_pats = static_cast<long long>(pats.size());
#pragma omp parallel for schedule(dynamic, 16) if (n_pats > 256)
  for (long long a = 0; a < n_pats; ++a) {
    if (stop.load(std::memory_order_relaxed)) continue;
    try {
      if (shatters_with_later(pats, P, static_cast<std::size_t>(a), meter, stop)) found = true;
    } catch (...) {
#pragma omp critical(natarajan_failure)
      if (!failure) failure = std::current_exception();
      stop = true;
    }
    if (found || meter.exhausted()) stop = true;
  }
  if (failure) std::rethrow_exception(failure);
  if (found) return Shattered::yes;
  return meter.exhausted() ? Shattered::out_of_work : Shattered::no;
}

// Whether H shatters Y: |H| |Y| units to project H onto Y, |P| |Y| to list the
// distinct patterns P, then the pairs.
Shattered shattered(const std::vector<Function>& H, const std::vector<int>& Y, WorkMeter& meter) {
  const std::size_t m = Y.size();
  if (m >= 63) return Shattered::no;
  if (!meter.charge(H.size() * m)) return Shattered::out_of_work;
  Patterns P;
  for (const auto& f : H) P.insert(project(f, Y));
  if (P.size() < (std::uint64_t{1} << m)) return Shattered::no;  // 2^m distinct patterns are needed
  if (!meter.charge(P.size() * m)) return Shattered::out_of_work;
  const std::vector<std::string> pats(P.begin(), P.end());
  return any_shattering_pair(pats, P, meter);
}

// Calls visit(Y) for every m-subset of 0..n-1 in lexicographic order until it returns true.
template <class Visit>
bool any_subset(int n, int m, Visit visit) {
  std::vector<int> Y(static_cast<std::size_t>(m));
  for (int i = 0; i < m; ++i) Y[static_cast<std::size_t>(i)] = i;
  for (;;) {
    if (visit(Y)) return true;
    int i = m - 1;
    while (i >= 0 && Y[static_cast<std::size_t>(i)] == n - m + i) --i;
    if (i < 0) return false;
    ++Y[static_cast<std::size_t>(i)];
    for (int j = i + 1; j < m; ++j) Y[static_cast<std::size_t>(j)] = Y[static_cast<std::size_t>(j - 1)] + 1;
  }
}

}  // namespace

NatarajanResult natarajan_dimension(const std::vector<Function>& H, int n, int k, WorkMeter& meter) {
  NatarajanResult r;
  // A shattered m-set needs 2^m distinct functions: sizes up to log2 |H| only.
  for (int m = 1; m <= n && m < 63 && (std::uint64_t{1} << m) <= H.size(); ++m) {
    std::vector<int> found;
    const bool any = any_subset(n, m, [&](const std::vector<int>& Y) {
      const Shattered s = shattered(H, Y, meter);
      if (s == Shattered::out_of_work) r.finished = false;
      if (s != Shattered::yes) return !r.finished;  // stop at the work limit
      found = Y;
      return true;
    });
    if (!r.finished || !any) break;
    r.dimension = m;
    r.witness = found;
  }
  const double d = r.dimension;
  r.lemma_lhs = static_cast<double>(H.size());
  r.lemma_rhs = std::pow(static_cast<double>(n), d) * std::pow(static_cast<double>(k + 1), 2 * d);
  return r;
}

}  // namespace pacsim
