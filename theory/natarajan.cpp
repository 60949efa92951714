// Natarajan dimension by brute force; see natarajan.hpp.
#include "theory/natarajan.hpp"

#include <atomic>
#include <cmath>
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

namespace {

// A projection onto Y (|Y| <= 16 values of at most 8 bits, packed into 128 bits
// would do; here a string keeps it simple and exact).
std::string project(const Function& f, const std::vector<int>& Y) {
  std::string s(Y.size(), '\0');
  for (std::size_t i = 0; i < Y.size(); ++i) s[i] = static_cast<char>(f[static_cast<std::size_t>(Y[i])]);
  return s;
}

enum class Shattered { no, yes, out_of_work };

// Pairs (f, g) are tried in parallel (OpenMP) when there are many: the search is
// quadratic in the number of distinct patterns. The first shattering pair found
// ends it; which pair that is does not change the answer.
Shattered shattered(const std::vector<Function>& H, const std::vector<int>& Y, std::uint64_t& work,
                    std::uint64_t max_work) {
  std::unordered_set<std::string> P;
  for (const auto& f : H) P.insert(project(f, Y));
  const std::vector<std::string> pats(P.begin(), P.end());
  const std::size_t m = Y.size();
  if (m >= 63) return Shattered::no;
  const std::uint64_t mixtures = std::uint64_t{1} << m;
  if (P.size() < mixtures) return Shattered::no;  // 2^m distinct patterns are needed
  std::atomic<bool> found{false}, over{false};
  std::atomic<std::uint64_t> used{work};
  const long long n_pats = static_cast<long long>(pats.size());
#pragma omp parallel for schedule(dynamic, 16) if (n_pats > 256)
  for (long long a = 0; a < n_pats; ++a) {
    if (found.load(std::memory_order_relaxed) || over.load(std::memory_order_relaxed)) continue;
    std::string h(m, '\0');
    for (long long b = a + 1; b < n_pats && !found.load(std::memory_order_relaxed); ++b) {
      const std::string& fa = pats[static_cast<std::size_t>(a)];
      const std::string& gb = pats[static_cast<std::size_t>(b)];
      bool differ = true;
      for (std::size_t i = 0; i < m && differ; ++i) differ = fa[i] != gb[i];
      if (!differ) continue;
      bool all = true;
      for (std::uint64_t T = 0; T < mixtures && all; ++T) {
        if (used.fetch_add(1, std::memory_order_relaxed) + 1 > max_work) {
          over = true;
          all = false;
          b = n_pats;  // leave this f
          break;
        }
        for (std::size_t i = 0; i < m; ++i) h[i] = ((T >> i) & 1) ? fa[i] : gb[i];
        all = P.count(h) > 0;
      }
      if (all) found = true;
    }
  }
  work = used.load();
  if (found) return Shattered::yes;
  return over ? Shattered::out_of_work : Shattered::no;
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

NatarajanResult natarajan_dimension(const std::vector<Function>& H, int n, int k, std::uint64_t max_work) {
  NatarajanResult r;
  for (int m = 1; m <= n; ++m) {
    std::vector<int> found;
    const bool any = any_subset(n, m, [&](const std::vector<int>& Y) {
      const Shattered s = shattered(H, Y, r.work, max_work);
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
