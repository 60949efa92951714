// The AVX-512 build of the samplers' vector kernels (see lane_kernels.hpp). This
// file alone is compiled with -mavx512f -mavx512dq; lanes.cpp calls it only where
// the processor has both. It defines only its five entry points: everything else
// it compiles has internal linkage, and it uses no inline function of the headers
// it includes (sim/random/rng.hpp, theory/world.hpp...), whose copies, built for AVX-512, the linker
// could otherwise pick for the baseline's callers. A test (sim_lanes_avx512_symbols)
// checks its object defines nothing else.
#include <immintrin.h>

#include "sim/sampling/kernels/lane_kernels.hpp"

namespace {

struct Avx512Ops {
  static m8 lt(d8 a, d8 b) { return _mm512_cmp_pd_mask((__m512d)a, (__m512d)b, _CMP_LT_OQ); }
  static m8 le(d8 a, d8 b) { return _mm512_cmp_pd_mask((__m512d)a, (__m512d)b, _CMP_LE_OQ); }
  static m8 gt(d8 a, d8 b) { return _mm512_cmp_pd_mask((__m512d)a, (__m512d)b, _CMP_GT_OQ); }
  static m8 ge(d8 a, d8 b) { return _mm512_cmp_pd_mask((__m512d)a, (__m512d)b, _CMP_GE_OQ); }
  static m8 eq(d8 a, d8 b) { return _mm512_cmp_pd_mask((__m512d)a, (__m512d)b, _CMP_EQ_OQ); }
  static m8 lt_i(i8 a, i8 b) { return _mm512_cmplt_epi64_mask((__m512i)a, (__m512i)b); }
  static m8 eq_i(i8 a, i8 b) { return _mm512_cmpeq_epi64_mask((__m512i)a, (__m512i)b); }
  static d8 sel(m8 m, d8 a, d8 b) {
    return (d8)_mm512_mask_blend_pd(static_cast<__mmask8>(m), (__m512d)b, (__m512d)a);
  }
  static i8 sel_i(m8 m, i8 a, i8 b) {
    return (i8)_mm512_mask_blend_epi64(static_cast<__mmask8>(m), (__m512i)b, (__m512i)a);
  }
  static d8 abs(d8 x) { return (d8)_mm512_abs_pd((__m512d)x); }
  static d8 sqrt(d8 x) { return (d8)_mm512_sqrt_pd((__m512d)x); }
  static d8 floor(d8 x) {
    return (d8)_mm512_roundscale_pd((__m512d)x, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
  }
  static d8 to_d(i8 x) { return (d8)_mm512_cvtepi64_pd((__m512i)x); }
  static i8 to_i(d8 x) { return (i8)_mm512_cvttpd_epi64((__m512d)x); }
  static d8 gather(const double* base, i8 at, m8 m) {
    return (d8)_mm512_mask_i64gather_pd(_mm512_setzero_pd(), static_cast<__mmask8>(m), (__m512i)at, base, 8);
  }
  static void scatter(std::uint64_t* base, i8 at, i8 x) { _mm512_i64scatter_epi64(base, (__m512i)at, (__m512i)x, 8); }
  static d8 load(const double* x) { return (d8)_mm512_loadu_pd(x); }
  static void store(double* out, d8 x) { _mm512_storeu_pd(out, (__m512d)x); }
  static i8 load_counts(const std::uint32_t* c) { return (i8)_mm512_cvtepu32_epi64(_mm256_loadu_si256((const __m256i*)c)); }
  static i8 load_counts(const std::uint64_t* c) { return (i8)_mm512_loadu_si512(c); }
  /// Stores the lanes of x in m, in lane order, at out (and garbage after them,
  /// up to out + 8); returns how many.
  template <class T>
  static long long compress(T* out, m8 m, i8 x) {
    _mm512_storeu_si512(out, _mm512_maskz_compress_epi64(static_cast<__mmask8>(m), (__m512i)x));
    return __builtin_popcount(m);
  }
};

}  // namespace

bool pacsim::detail::chains_kernel_avx512(const Chains& c, const std::uint64_t (&state)[4][kChainLanes]) {
  return chains_kernel<Avx512Ops>(c, state);
}

void pacsim::detail::draws_kernel_avx512(std::uint64_t (&state)[4][8], const double* p, long long len, long long n,
                                         std::uint32_t* counts) {
  draws_kernel<Avx512Ops>(state, p, len, n, counts);
}

double pacsim::detail::compact_kernel_avx512(const std::uint32_t* counts, const double* p, long long len,
                                             long long first, std::uint64_t* rank, std::uint64_t* count,
                                             long long& kept) {
  return compact_kernel<Avx512Ops>(counts, p, len, first, rank, count, kept);
}

double pacsim::detail::compact_kernel_avx512(const std::uint64_t* counts, const double* p, long long len,
                                             long long first, std::uint64_t* rank, std::uint64_t* count,
                                             long long& kept) {
  return compact_kernel<Avx512Ops>(counts, p, len, first, rank, count, kept);
}

void pacsim::detail::pmf_kernel_avx512(double first, long long n, double a, double b, double Z, double* out) {
  pmf_kernel<Avx512Ops>(first, n, a, b, Z, out);
}
