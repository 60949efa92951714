// Unit tests for sim/sampling/kernels/lanes' block kernels: draws within a block
// (the law of the draws by chi-square at p-value > 1e-4, their exact number), the
// compaction of counts (against a direct loop in the documented order) and the
// table's p_r (within (a + 8) 2^-53 relative of libm's pow), and the AVX-512 and
// baseline builds of each, bit for bit. The chains' kernel is tested with the
// binomial whose law it draws (tests/sim/random/test_binomial.cpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "analysis/stats.hpp"
#include "sim/random/binomial.hpp"
#include "sim/sampling/kernels/lanes.hpp"
#include "sim/random/rng.hpp"

using pacsim::Engine;

namespace {

constexpr std::uint64_t kMaster = 0x1A4E5ULL;

// A block of non-increasing p of length len, p_i proportional to (i + 5)^-s.
std::vector<double> block(std::size_t len, double s) {
  std::vector<double> p(len);
  for (std::size_t i = 0; i < len; ++i) p[i] = std::pow(static_cast<double>(i) + 5, -s) * 1e-6;
  return p;
}

bool same_streams(const pacsim::LaneStreams& a, const pacsim::LaneStreams& b) {
  for (int w = 0; w < 4; ++w)
    for (int l = 0; l < 8; ++l)
      if (a.s[w][l] != b.s[w][l]) return false;
  return true;
}

template <class Count>
double compact(int build, const Count* c, const double* p, std::uint64_t len, std::uint64_t first,
               std::uint64_t* rank, std::uint64_t* count, std::uint64_t& kept) {
  return build == 0 ? pacsim::detail::compact_counts_baseline(c, p, len, first, rank, count, kept)
                    : pacsim::detail::compact_counts_avx512(c, p, len, first, rank, count, kept);
}

}  // namespace

TEST_CASE("lanes: draws in a block follow p and number exactly n", "[sim][lanes]") {
  // Len 37 is not a power of two (slots >= len are rejected); calls of 1 to
  // 5000 draws, across the kernel's 1024-draw buffer.
  const std::vector<double> p = block(37, 0.2);
  double sum = 0;
  for (const double x : p) sum += x;
  Engine eng = pacsim::make_engine(kMaster, 1, 0);
  pacsim::LaneStreams g(eng);
  std::vector<std::uint32_t> counts(p.size(), 0);
  std::uint64_t n = 0;
  bool exact_total = true;
  for (const std::uint64_t calls : {1, 7, 1023, 1024, 1025, 5000}) {
    for (int rep = 0; rep < 40; ++rep) {
      std::uint64_t before = 0, after = 0;
      for (const auto c : counts) before += c;
      pacsim::draw_in_block(g, p.data(), p.size(), calls, counts.data());
      for (const auto c : counts) after += c;
      exact_total = exact_total && after - before == calls;
      n += calls;
    }
  }
  CHECK(exact_total);
  std::vector<double> obs(p.size()), expct(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    obs[i] = counts[i];
    expct[i] = static_cast<double>(n) * p[i] / sum;
  }
  const auto cs = pacsim::chi_square(obs, expct);
  INFO("chi2 " << cs.statistic << " dof " << cs.dof << " p " << cs.p_value);
  CHECK(cs.p_value > 1e-4);
  // One rank: every draw is it, and the streams are not used.
  pacsim::LaneStreams before = g;
  std::uint32_t one = 0;
  pacsim::draw_in_block(g, p.data(), 1, 99, &one);
  CHECK(one == 99);
  CHECK(same_streams(g, before));
  std::vector<double> wide(4097, 1.0);  // slot and acceptance bits would overlap
  std::vector<std::uint32_t> wide_counts(4097, 0);
  CHECK_THROWS_AS(pacsim::draw_in_block(g, wide.data(), wide.size(), 5, wide_counts.data()), std::logic_error);
}

TEST_CASE("lanes: the AVX-512 and baseline block draws agree bit for bit", "[sim][lanes]") {
  if (!pacsim::detail::have_avx512()) {
    WARN("no AVX-512 on this processor: only the baseline build runs here");
    return;
  }
  Engine pick = pacsim::make_engine(kMaster, 2, 0);
  Engine eng = pacsim::make_engine(kMaster, 3, 0);
  pacsim::LaneStreams g1(eng), g2 = g1;
  int differ = 0;
  for (int j = 0; j < 400; ++j) {
    const std::size_t len = 1 + pick() % 4096;
    const std::vector<double> p = block(len, 0.01 * static_cast<double>(pick() % 100));
    const std::uint64_t n = pick() % 6000;
    std::vector<std::uint32_t> c1(len, 0), c2(len, 0);
    pacsim::detail::draw_in_block_baseline(g1, p.data(), len, n, c1.data());
    pacsim::detail::draw_in_block_avx512(g2, p.data(), len, n, c2.data());
    differ += c1 != c2;
  }
  CHECK(differ == 0);
  CHECK(same_streams(g1, g2));
}

TEST_CASE("lanes: compacted counts and the missing mass, in both builds", "[sim][lanes]") {
  // Against a direct loop in the documented order: eight accumulators (i mod 8)
  // summed as ((0+1)+(2+3))+((4+5)+(6+7)), then the last len mod 8 ranks.
  Engine pick = pacsim::make_engine(kMaster, 4, 0);
  int wrong = 0, differ = 0;
  for (int j = 0; j < 300; ++j) {
    const std::size_t len = pick() % 70;
    const std::uint64_t first = 1 + pick() % 1000000;
    std::vector<double> p(len);
    std::vector<std::uint32_t> c32(len);
    std::vector<std::uint64_t> c64(len);
    const unsigned sparsity = 1 + static_cast<unsigned>(pick() % 4);
    for (std::size_t i = 0; i < len; ++i) {
      p[i] = pacsim::uniform53(pick);
      c32[i] = pick() % sparsity == 0 ? static_cast<std::uint32_t>(pick() % 5) : 0;
      c64[i] = c32[i] == 0 ? 0 : (pick() >> 2);
    }
    double acc[8] = {}, missing = 0;
    std::vector<std::uint64_t> want_rank;
    const std::size_t body = len / 8 * 8;
    for (std::size_t i = 0; i < len; ++i) {
      if (c32[i] != 0) want_rank.push_back(first + i);
      else if (i < body) acc[i % 8] += p[i];
    }
    missing = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
    for (std::size_t i = body; i < len; ++i)
      if (c32[i] == 0) missing += p[i];
    for (int build = 0; build < 2; ++build) {
      if (build == 1 && !pacsim::detail::have_avx512()) break;
      std::vector<std::uint64_t> r32(len + 8), n32(len + 8), r64(len + 8), n64(len + 8);
      std::uint64_t k32 = 0, k64 = 0;
      const double m32 = compact(build, c32.data(), p.data(), len, first, r32.data(), n32.data(), k32);
      const double m64 = compact(build, c64.data(), p.data(), len, first, r64.data(), n64.data(), k64);
      wrong += m32 != missing || m64 != missing;
      wrong += k32 != want_rank.size() || k64 != want_rank.size();
      for (std::size_t x = 0; x < want_rank.size() && x < k32 && x < k64; ++x) {
        const std::size_t i = want_rank[x] - first;
        wrong += r32[x] != want_rank[x] || r64[x] != want_rank[x] || n32[x] != c32[i] || n64[x] != c64[i];
      }
      differ += build;  // both builds ran against the same reference
    }
  }
  CHECK(wrong == 0);
  if (pacsim::detail::have_avx512()) CHECK(differ == 300);
}

TEST_CASE("lanes: zm_pmf is within (a + 8) 2^-53 of World::pmf, in both builds alike", "[sim][lanes]") {
  // Its own x^-a: y = -a log x in double-double, then exp(y); the log of the
  // mantissa carries about an ulp of 0.35, which a multiplies. Measured worst:
  // 4 ulp for a <= 1.2, 9 for a = 6, 14 for a = 12, 116 for a = 150 (small x);
  // libm's pow is itself within an ulp. Lanes with |y| > 700 go to libm's pow.
  double worst = 0;  // relative difference / ((a + 8) 2^-53)
  int differ = 0;
  for (const double a : {0.0, 0.3, 1.0, 1.2, 2.5, 6.0, 12.0, 150.0})
    for (const double b : {0.0, -0.9, 2.7, 100.0})
      for (const pacsim::Rank first : {pacsim::Rank{1}, pacsim::Rank{999999}, pacsim::Rank{1000000000000}}) {
        const pacsim::World w(a, b, a > 1 ? pacsim::kInfiniteM : pacsim::Rank{1} << 50);
        const pacsim::Rank n = 4099;  // not a multiple of 8
        std::vector<double> p1(n), p2(n);
        pacsim::detail::zm_pmf_baseline(w, first, n, p1.data());
        if (pacsim::detail::have_avx512()) pacsim::detail::zm_pmf_avx512(w, first, n, p2.data());
        else p2 = p1;
        for (pacsim::Rank i = 0; i < n; ++i) {
          const double ref = w.pmf(static_cast<double>(first + i));
          differ += p1[i] != p2[i];
          if (ref > 0) worst = std::max(worst, std::fabs(p1[i] / ref - 1) / ((a + 8) * 0x1p-53));
          else differ += p1[i] != 0;
        }
      }
  INFO("worst relative difference, in units of (a + 8) 2^-53: " << worst);
  CHECK(worst <= 1.0);
  CHECK(differ == 0);
  // So large an a that its exact split overflows: those lanes go to libm's pow.
  const pacsim::World steep(1.4e300, 0, 10);
  double p[10];
  pacsim::zm_pmf(steep, 1, 10, p);
  for (int r = 1; r <= 10; ++r) CHECK(p[r - 1] == steep.pmf(r));
}
