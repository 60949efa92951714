// Unit tests for sim/sampling/head_table: the shared table of p_r (HeadTable) and
// suffix_sums, the one loop every block mass and chain is summed with.
//
// Tolerances:
//  - suffix_sums: bit for bit against a loop written here in the same order (last
//    element first), and exact on inputs whose partial sums are exact (small
//    integers, powers of two).
//  - HeadTable: p_r bit for bit equal to the kernel zm_pmf's output (the table is
//    that output), and within (a + 8) 2^-53 relative of World::pmf (libm's pow;
//    see test_lanes); block masses bit for bit equal to suffix sums of the
//    table's p_r, and to the world's mass of the block's ranks within 1e-12
//    relative (World sums are exact to ~1e-15; the difference of two tail masses
//    loses at most three digits here).
#include <catch2/catch.hpp>

#include "tests/support.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "sim/input/spelling.hpp"
#include "sim/sampling/head_table.hpp"
#include "sim/sampling/kernels/lanes.hpp"
#include "theory/world.hpp"

using pacsim::test::same_bits;
using pacsim::HeadTable;
using pacsim::parse_world;
using pacsim::Rank;
using pacsim::World;

namespace {

// The reference loop: out[i] = p[i] + (p[i+1] + (... + p[n-1])), last first.
std::vector<double> suffix_reference(const std::vector<double>& p) {
  std::vector<double> out(p.size());
  double acc = 0;
  for (std::size_t i = p.size(); i-- > 0;) {
    acc += p[i];
    out[i] = acc;
  }
  return out;
}


}  // namespace

// ---------------------------------------------------------------------------
// suffix_sums
// ---------------------------------------------------------------------------

TEST_CASE("head_table: suffix_sums of small integers, exactly", "[sim][head_table]") {
  const std::vector<double> p = {1, 2, 3, 4, 5};
  std::vector<double> out(p.size(), -1);
  CHECK(pacsim::suffix_sums(p.data(), p.size(), out.data()) == 15);
  CHECK(out == std::vector<double>{15, 14, 12, 9, 5});
  // One element.
  double one = -1;
  CHECK(pacsim::suffix_sums(p.data() + 4, 1, &one) == 5);
  CHECK(one == 5);
}

TEST_CASE("head_table: suffix_sums sums the last element first, bit for bit", "[sim][head_table]") {
  // {1, 2^-53, 2^-53}: last first gives 1 + 2^-52 (the two small terms add
  // exactly first); first to last would give 1 (each 2^-53 is lost to rounding).
  {
    const std::vector<double> p = {1.0, 0x1p-53, 0x1p-53};
    std::vector<double> out(3);
    const double total = pacsim::suffix_sums(p.data(), p.size(), out.data());
    CHECK(total == 1.0 + 0x1p-52);
    CHECK(out[0] == 1.0 + 0x1p-52);
    CHECK(out[1] == 0x1p-52);
    CHECK(out[2] == 0x1p-53);
  }
  // A decreasing Zipf-like sequence of 10^5 doubles with full mantissas: every
  // out[i] equals the reference loop's, bit for bit, and the total is out[0].
  std::vector<double> p(100000);
  for (std::size_t i = 0; i < p.size(); ++i) p[i] = std::pow(static_cast<double>(i) + 1.37, -1.2) / 7.123;
  const std::vector<double> want = suffix_reference(p);
  std::vector<double> out(p.size(), std::numeric_limits<double>::quiet_NaN());
  const double total = pacsim::suffix_sums(p.data(), p.size(), out.data());
  std::size_t bad = 0;
  for (std::size_t i = 0; i < p.size(); ++i) bad += !same_bits(out[i], want[i]);
  CHECK(bad == 0);
  CHECK(same_bits(total, want[0]));
  // The same sums differ from the first-to-last order somewhere (so the order matters
  // and the check above can fail).
  double forward = 0;
  for (const double x : p) forward += x;
  CHECK_FALSE(same_bits(forward, want[0]));
}

TEST_CASE("head_table: suffix_sums with a null output and with n = 0", "[sim][head_table]") {
  std::vector<double> p(1000);
  for (std::size_t i = 0; i < p.size(); ++i) p[i] = 1.0 / (static_cast<double>(i) + 3.0);
  const std::vector<double> want = suffix_reference(p);
  CHECK(same_bits(pacsim::suffix_sums(p.data(), p.size(), nullptr), want[0]));
  // Part of an array: the sums of p[200..499] only.
  const std::vector<double> part(p.begin() + 200, p.begin() + 500);
  CHECK(same_bits(pacsim::suffix_sums(p.data() + 200, 300, nullptr), suffix_reference(part)[0]));
  // n = 0: total 0, nothing written (a sentinel survives), any pointer accepted.
  double sentinel = 42;
  CHECK(pacsim::suffix_sums(p.data(), 0, &sentinel) == 0.0);
  CHECK(sentinel == 42);
  CHECK(pacsim::suffix_sums(nullptr, 0, nullptr) == 0.0);
}

// ---------------------------------------------------------------------------
// HeadTable
// ---------------------------------------------------------------------------

TEST_CASE("head_table: HeadTable holds p_r and its blocks' masses", "[sim][head_table]") {
  // Moved from test_sampler.cpp. p(r) is zm_pmf's (pacsim's own x^-a, see test_lanes),
  // within (a + 8) 2^-53 relative of World::pmf(r) (libm's pow); block b's mass is
  // the sum of its p_r summed smallest first, bit for bit, and equals the world's
  // mass of its ranks, tail_mass(first - 1) - tail_mass(last), to 1e-12 relative
  // (World sums are exact to ~1e-15; the difference loses at most three digits here).
  for (const char* wn : {"zm:a=1.2,M=1e6", "zm:a=2.5,b=-0.7,M=inf", "zm:a=0,M=50000"}) {
    const World w = parse_world(wn);
    const Rank R = 10000;  // blocks of 4096, 4096 and 1808 ranks
    const HeadTable t(w, R);
    REQUIRE(t.size() == R);
    for (Rank r : {Rank{1}, Rank{2}, Rank{17}, Rank{4097}, R}) {
      INFO(wn << " r=" << r);
      CHECK(t.p(r) == Approx(w.pmf(static_cast<double>(r))).epsilon((w.a() + 8) * 0x1p-53).margin(0));
    }
    for (std::size_t b = 0; b < 3; ++b) {
      const Rank first = b * HeadTable::kBlock + 1;
      const Rank last = std::min(R, (b + 1) * HeadTable::kBlock);
      double sum = 0;
      for (Rank r = last; r >= first; --r) sum += t.p(r);
      INFO(wn << " block " << b);
      CHECK(t.block_mass(b) == sum);
      CHECK(t.block_mass(b) == Approx(w.tail_mass(first - 1) - w.tail_mass(last)).epsilon(1e-12));
    }
  }
}

TEST_CASE("head_table: the table is zm_pmf's output, p_data points at p_1", "[sim][head_table]") {
  const World w = parse_world("zm:a=1.1,b=0.5,M=1e7");
  const Rank R = 3 * HeadTable::kBlock + 5;
  const HeadTable t(w, R);
  std::vector<double> want(R);
  pacsim::zm_pmf(w, 1, R, want.data());
  std::size_t bad = 0;
  for (Rank r = 1; r <= R; ++r) bad += !same_bits(t.p(r), want[r - 1]) || !same_bits(t.p_data()[r - 1], want[r - 1]);
  CHECK(bad == 0);
}

TEST_CASE("head_table: a table of R = 0 is empty", "[sim][head_table]") {
  for (const char* wn : {"zm:a=1.2,M=1e6", "zm:a=2,M=inf", "zm:a=0,M=1"}) {
    const World w = parse_world(wn);
    const HeadTable t(w, 0);
    INFO(wn);
    CHECK(t.size() == 0);
  }
}

TEST_CASE("head_table: block masses of full and partial last blocks", "[sim][head_table]") {
  // R = 1 (one partial block of one rank), B - 1, B (one full block, no partial),
  // B + 1 (a last block of one rank), 2B - 1, 3B, 3B + 17; and a table covering a
  // whole finite world (R = M). Each block's mass is suffix_sums over its own
  // ranks of the table, bit for bit; the masses add up to the table's total mass
  // (world partial_mass(R)) within 1e-12 relative.
  constexpr Rank B = HeadTable::kBlock;
  for (const char* wn : {"zm:a=1.2,M=1e6", "zm:a=0,M=50000", "zm:a=3,b=2,M=inf"}) {
    const World w = parse_world(wn);
    for (const Rank R : {Rank{1}, B - 1, B, B + 1, 2 * B - 1, 3 * B, 3 * B + 17}) {
      const HeadTable t(w, R);
      REQUIRE(t.size() == R);
      const std::size_t blocks = static_cast<std::size_t>((R + B - 1) / B);
      double total = 0;
      for (std::size_t b = 0; b < blocks; ++b) {
        const Rank first = b * B, len = std::min(R - first, B);  // 0-based
        INFO(wn << " R=" << R << " block " << b << " of " << blocks << " (" << len << " ranks)");
        const std::vector<double> ps(t.p_data() + first, t.p_data() + first + len);
        CHECK(same_bits(t.block_mass(b), suffix_reference(ps)[0]));
        CHECK(t.block_mass(b) > 0);
        total += t.block_mass(b);
      }
      INFO(wn << " R=" << R);
      CHECK(total == Approx(w.partial_mass(R)).epsilon(1e-12));
    }
  }
  // The whole of a small finite world: R = M = 5000 (blocks 4096 + 904), total 1.
  const World small = parse_world("zm:a=0.8,M=5000");
  const HeadTable t(small, 5000);
  CHECK(t.block_mass(0) + t.block_mass(1) == Approx(1.0).epsilon(1e-12));
  CHECK(t.block_mass(1) == Approx(small.tail_mass(B)).epsilon(1e-12));
}
