// The samplers' vector kernels, portable build, and their entry points; see
// lanes.hpp. Compiled with -ffp-contract=off (no FMA contraction: this build and
// lanes_avx512.cpp must round alike), -fno-math-errno and -fno-trapping-math.
// PACSIM_AVX512_BUILD (set by CMake) says whether lanes_avx512.cpp is linked in.
#include "sim/sampling/kernels/lanes.hpp"

#include <cmath>
#include <stdexcept>

#include "sim/sampling/kernels/lane_kernels.hpp"

namespace pacsim {

namespace {

// The kernel's portable build: every operation lane by lane.
struct PortableOps {
  static m8 lt(d8 a, d8 b) { return mask([&](int l) { return a[l] < b[l]; }); }
  static m8 le(d8 a, d8 b) { return mask([&](int l) { return a[l] <= b[l]; }); }
  static m8 gt(d8 a, d8 b) { return mask([&](int l) { return a[l] > b[l]; }); }
  static m8 ge(d8 a, d8 b) { return mask([&](int l) { return a[l] >= b[l]; }); }
  static m8 eq(d8 a, d8 b) { return mask([&](int l) { return a[l] == b[l]; }); }
  static m8 lt_i(i8 a, i8 b) { return mask([&](int l) { return a[l] < b[l]; }); }
  static m8 eq_i(i8 a, i8 b) { return mask([&](int l) { return a[l] == b[l]; }); }
  static d8 sel(m8 m, d8 a, d8 b) {
    for (int l = 0; l < 8; ++l)
      if ((m >> l & 1) != 0) b[l] = a[l];
    return b;
  }
  static i8 sel_i(m8 m, i8 a, i8 b) {
    for (int l = 0; l < 8; ++l)
      if ((m >> l & 1) != 0) b[l] = a[l];
    return b;
  }
  static d8 abs(d8 x) { return map(x, [](double y) { return std::fabs(y); }); }
  static d8 sqrt(d8 x) { return map(x, [](double y) { return std::sqrt(y); }); }
  static d8 floor(d8 x) { return map(x, [](double y) { return std::floor(y); }); }
  static d8 to_d(i8 x) {
    d8 r;
    for (int l = 0; l < 8; ++l) r[l] = static_cast<double>(x[l]);
    return r;
  }
  static i8 to_i(d8 x) {
    i8 r;
    for (int l = 0; l < 8; ++l) r[l] = static_cast<long long>(x[l]);
    return r;
  }
  static d8 gather(const double* base, i8 at, m8 m) {
    d8 r = {};
    for (int l = 0; l < 8; ++l)
      if ((m >> l & 1) != 0) r[l] = base[at[l]];
    return r;
  }
  static void scatter(std::uint64_t* base, i8 at, i8 x) {
    for (int l = 0; l < 8; ++l) base[at[l]] = static_cast<std::uint64_t>(x[l]);
  }
  static d8 load(const double* x) {
    d8 r;
    for (int l = 0; l < 8; ++l) r[l] = x[l];
    return r;
  }
  static void store(double* out, d8 x) {
    for (int l = 0; l < 8; ++l) out[l] = x[l];
  }
  template <class Count>
  static i8 load_counts(const Count* c) {
    i8 r;
    for (int l = 0; l < 8; ++l) r[l] = static_cast<long long>(c[l]);
    return r;
  }
  /// Stores the lanes of x in m, in lane order, at out; returns how many.
  template <class T>
  static long long compress(T* out, m8 m, i8 x) {
    long long j = 0;
    for (int l = 0; l < 8; ++l)
      if ((m >> l & 1) != 0) out[j++] = static_cast<T>(x[l]);
    return j;
  }

 private:
  template <class F>
  static m8 mask(F f) {
    m8 m = 0;
    for (int l = 0; l < 8; ++l) m |= static_cast<m8>(f(l)) << l;
    return m;
  }
  template <class F>
  static d8 map(d8 x, F f) {
    for (int l = 0; l < 8; ++l) x[l] = f(x[l]);
    return x;
  }
};

// Lane l's stream is seeded from the l-th of L outputs of `eng`, through
// SplitMix64 as Xoshiro256ss(seed) is.
template <int L>
void seed_lanes(Engine& eng, std::uint64_t (&state)[4][L]) {
  for (int l = 0; l < L; ++l) {
    std::uint64_t s = eng();
    for (auto& word : state) word[l] = splitmix64_next(s);
  }
}

// The slot (top bits) and the acceptance (low 52 bits) of a proposal must not
// share bits: blocks of at most 2^12 ranks.
void check_block(std::uint64_t len) {
  if (len < 1 || len > 4096) throw std::logic_error("draw_in_block: len must be in 1..4096");
}

void check_pmf_range(Rank first, Rank n) {
  if (first < 1 || n > (Rank{1} << 53) || first > (Rank{1} << 53) - n)
    throw std::logic_error("zm_pmf: ranks beyond 2^53");
}

void check_chains(const Chains& c) {
  if (c.lanes < 0 || c.lanes > kChainLanes) throw std::logic_error("run_chains: lanes out of range");
  for (int l = 0; l < c.lanes; ++l)
    if (c.len[l] < 0 || c.len[l] >= c.stride || c.total[l] < 0)
      throw std::logic_error("run_chains: a chain does not fit its stride");
}

}  // namespace

namespace detail {

#if !PACSIM_AVX512_BUILD
// Without lanes_avx512.cpp the AVX-512 kernels do not exist; have_avx512() is
// false, so nothing calls these but a test that ignores it.
namespace {
[[noreturn]] void no_avx512() { throw std::logic_error("pacsim was built without the AVX-512 kernels"); }
}  // namespace
bool chains_kernel_avx512(const Chains&, const std::uint64_t (&)[4][kChainLanes]) { no_avx512(); }
void draws_kernel_avx512(std::uint64_t (&)[4][8], const double*, long long, long long, std::uint32_t*) {
  no_avx512();
}
double compact_kernel_avx512(const std::uint32_t*, const double*, long long, long long, std::uint64_t*,
                             std::uint64_t*, long long&) {
  no_avx512();
}
double compact_kernel_avx512(const std::uint64_t*, const double*, long long, long long, std::uint64_t*,
                             std::uint64_t*, long long&) {
  no_avx512();
}
void pmf_kernel_avx512(double, long long, double, double, double, double*) { no_avx512(); }
#endif

void run_chains_baseline(Engine& eng, const Chains& c) {
  check_chains(c);
  std::uint64_t state[4][kChainLanes];
  seed_lanes(eng, state);
  if (!chains_kernel<PortableOps>(c, state)) throw std::logic_error("binomial: q is NaN");
}

void run_chains_avx512(Engine& eng, const Chains& c) {
  check_chains(c);
  std::uint64_t state[4][kChainLanes];
  seed_lanes(eng, state);
  if (!chains_kernel_avx512(c, state)) throw std::logic_error("binomial: q is NaN");
}

void draw_in_block_baseline(LaneStreams& g, const double* p, std::uint64_t len, std::uint64_t n,
                            std::uint32_t* counts) {
  check_block(len);
  draws_kernel<PortableOps>(g.s, p, static_cast<long long>(len), static_cast<long long>(n), counts);
}

void draw_in_block_avx512(LaneStreams& g, const double* p, std::uint64_t len, std::uint64_t n,
                          std::uint32_t* counts) {
  check_block(len);
  draws_kernel_avx512(g.s, p, static_cast<long long>(len), static_cast<long long>(n), counts);
}

template <class Count>
double compact_counts_baseline(const Count* counts, const double* p, std::uint64_t len, std::uint64_t first,
                               std::uint64_t* rank, std::uint64_t* count, std::uint64_t& kept) {
  long long m = 0;
  const double missing = compact_kernel<PortableOps>(counts, p, static_cast<long long>(len),
                                                     static_cast<long long>(first), rank, count, m);
  kept = static_cast<std::uint64_t>(m);
  return missing;
}

template <class Count>
double compact_counts_avx512(const Count* counts, const double* p, std::uint64_t len, std::uint64_t first,
                             std::uint64_t* rank, std::uint64_t* count, std::uint64_t& kept) {
  long long m = 0;
  const double missing = compact_kernel_avx512(counts, p, static_cast<long long>(len),
                                               static_cast<long long>(first), rank, count, m);
  kept = static_cast<std::uint64_t>(m);
  return missing;
}

void zm_pmf_baseline(const World& w, Rank first, Rank n, double* out) {
  check_pmf_range(first, n);
  pmf_kernel<PortableOps>(static_cast<double>(first), static_cast<long long>(n), w.a(), w.b(), w.normaliser(), out);
}

void zm_pmf_avx512(const World& w, Rank first, Rank n, double* out) {
  check_pmf_range(first, n);
  pmf_kernel_avx512(static_cast<double>(first), static_cast<long long>(n), w.a(), w.b(), w.normaliser(), out);
}

bool have_avx512() {
  static const bool yes =
      PACSIM_AVX512_BUILD && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
  return yes;
}

}  // namespace detail

void run_chains(Engine& eng, const Chains& c) {
  if (detail::have_avx512()) detail::run_chains_avx512(eng, c);
  else detail::run_chains_baseline(eng, c);
}

LaneStreams::LaneStreams(Engine& eng) { seed_lanes(eng, s); }

void zm_pmf(const World& w, Rank first, Rank n, double* out) {
  if (detail::have_avx512()) detail::zm_pmf_avx512(w, first, n, out);
  else detail::zm_pmf_baseline(w, first, n, out);
}

template <class Count>
double compact_counts(const Count* counts, const double* p, std::uint64_t len, std::uint64_t first,
                      std::uint64_t* rank, std::uint64_t* count, std::uint64_t& kept) {
  return detail::have_avx512() ? detail::compact_counts_avx512(counts, p, len, first, rank, count, kept)
                               : detail::compact_counts_baseline(counts, p, len, first, rank, count, kept);
}

// The two count types there are: draws blocks' and chains'.
#define PACSIM_COMPACT(fn, Count)                                                                      \
  template double fn<Count>(const Count*, const double*, std::uint64_t, std::uint64_t, std::uint64_t*, \
                            std::uint64_t*, std::uint64_t&);
PACSIM_COMPACT(compact_counts, std::uint32_t)
PACSIM_COMPACT(compact_counts, std::uint64_t)
PACSIM_COMPACT(detail::compact_counts_baseline, std::uint32_t)
PACSIM_COMPACT(detail::compact_counts_baseline, std::uint64_t)
PACSIM_COMPACT(detail::compact_counts_avx512, std::uint32_t)
PACSIM_COMPACT(detail::compact_counts_avx512, std::uint64_t)
#undef PACSIM_COMPACT

void draw_in_block(LaneStreams& g, const double* p, std::uint64_t len, std::uint64_t n, std::uint32_t* counts) {
  if (detail::have_avx512()) detail::draw_in_block_avx512(g, p, len, n, counts);
  else detail::draw_in_block_baseline(g, p, len, n, counts);
}

}  // namespace pacsim
