// Unit tests for sim/sampling/huge_pages: HugePageAllocator and BigVector.
// Blocks below 1 MiB come from malloc, larger ones are mapped 2 MiB-aligned (on
// Linux with MADV_HUGEPAGE); either way a block must hold what is written to it
// and keep it across growth (resize, reserve, push_back move the contents to a
// new block, possibly from a malloc block to a mapped one). resize(n) leaves new
// trivial elements unwritten, so their values are never asserted: only values the
// test wrote. An impossible size throws std::bad_alloc. Every check is exact
// (stored integers compared with ==, pointer alignment with %).
#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <new>
#include <stdexcept>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>  // MADV_HUGEPAGE: whether large blocks are mapped (huge_pages.cpp's test)
#endif

#include "sim/sampling/huge_pages.hpp"

using pacsim::BigVector;
using pacsim::HugePageAllocator;

namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;
constexpr std::size_t kHuge = 2 * kMiB;

#if defined(__linux__) && defined(MADV_HUGEPAGE)
constexpr bool kMapped = true;
#else
constexpr bool kMapped = false;
#endif

// A value for index i that differs from its neighbours and from 0.
std::uint64_t pattern(std::size_t i) { return 0x9E3779B97F4A7C15ULL * (i + 1) ^ (i << 7); }

template <class T>
std::size_t mismatches(const BigVector<T>& v, std::size_t n) {
  std::size_t bad = 0;
  for (std::size_t i = 0; i < n; ++i) bad += v[i] != static_cast<T>(pattern(i));
  return bad;
}

template <class T>
void fill(BigVector<T>& v, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to; ++i) v[i] = static_cast<T>(pattern(i));
}

bool aligned(const void* p, std::size_t a) { return reinterpret_cast<std::uintptr_t>(p) % a == 0; }

}  // namespace

TEST_CASE("huge_pages: small blocks hold their contents", "[sim][huge_pages]") {
  HugePageAllocator<std::uint64_t> alloc;
  for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{1000},
                              kMiB / sizeof(std::uint64_t) - 1}) {
    std::uint64_t* p = alloc.allocate(n);
    REQUIRE(p != nullptr);
    CHECK(aligned(p, alignof(std::uint64_t)));
    for (std::size_t i = 0; i < n; ++i) p[i] = pattern(i);
    std::size_t bad = 0;
    for (std::size_t i = 0; i < n; ++i) bad += p[i] != pattern(i);
    INFO("n=" << n);
    CHECK(bad == 0);
    alloc.deallocate(p, n);
  }
}

TEST_CASE("huge_pages: large blocks hold their contents and are 2 MiB-aligned", "[sim][huge_pages]") {
  HugePageAllocator<std::uint64_t> alloc;
  // Exactly 1 MiB (the threshold), just over 2 MiB, and 40 MiB + 8 bytes.
  for (const std::size_t n : {kMiB / 8, kHuge / 8 + 1, 5 * kHuge + 3, 20 * kHuge / 8 + 1}) {
    std::uint64_t* p = alloc.allocate(n);
    REQUIRE(p != nullptr);
    INFO("n=" << n << " (" << n * 8 << " bytes) at " << static_cast<const void*>(p));
    if (kMapped) CHECK(aligned(p, kHuge));
    for (std::size_t i = 0; i < n; ++i) p[i] = pattern(i);
    std::size_t bad = 0;
    for (std::size_t i = 0; i < n; ++i) bad += p[i] != pattern(i);
    CHECK(bad == 0);
    alloc.deallocate(p, n);
  }
  // Several live large blocks at once do not overlap: each keeps its own pattern.
  std::vector<std::uint32_t*> blocks;
  const std::size_t n = 3 * kMiB / 4;  // 3 MiB of uint32
  HugePageAllocator<std::uint32_t> a32;
  for (int b = 0; b < 4; ++b) {
    blocks.push_back(a32.allocate(n));
    for (std::size_t i = 0; i < n; ++i) blocks.back()[i] = static_cast<std::uint32_t>(pattern(i) + b);
  }
  std::size_t bad = 0;
  for (int b = 0; b < 4; ++b)
    for (std::size_t i = 0; i < n; ++i) bad += blocks[b][i] != static_cast<std::uint32_t>(pattern(i) + b);
  CHECK(bad == 0);
  for (auto* p : blocks) a32.deallocate(p, n);
}

TEST_CASE("huge_pages: BigVector keeps written values across resize, reserve and push_back",
          "[sim][huge_pages]") {
  // Growth from a malloc block (< 1 MiB) to mapped blocks and on; every value
  // written before a growth step is read back after it.
  BigVector<std::uint64_t> v;
  v.resize(1000);
  fill(v, 0, 1000);
  v.resize(200000);  // 1.6 MiB: now a mapped block
  CHECK(mismatches(v, 1000) == 0);
  if (kMapped) CHECK(aligned(v.data(), kHuge));
  fill(v, 1000, 200000);
  v.reserve(3000000);  // 24 MiB
  CHECK(v.size() == 200000);
  CHECK(v.capacity() >= 3000000);
  CHECK(mismatches(v, 200000) == 0);
  if (kMapped) CHECK(aligned(v.data(), kHuge));
  // push_back through several reallocations of a vector that starts empty.
  BigVector<std::uint64_t> w;
  std::size_t reallocations = 0;
  const std::uint64_t* last = nullptr;
  for (std::size_t i = 0; i < 600000; ++i) {
    w.push_back(pattern(i));
    if (w.data() != last) {
      ++reallocations;
      last = w.data();
    }
  }
  CHECK(reallocations >= 10);  // the contents did move, repeatedly
  CHECK(mismatches(w, w.size()) == 0);
  // Shrinking keeps the prefix; growing again keeps it too.
  w.resize(100);
  w.shrink_to_fit();
  CHECK(mismatches(w, 100) == 0);
  w.resize(400000);
  CHECK(mismatches(w, 100) == 0);
  // Copies and moves of a large BigVector.
  const BigVector<std::uint64_t> copy = v;
  CHECK(mismatches(copy, 200000) == 0);
  const std::uint64_t* data = v.data();
  const BigVector<std::uint64_t> moved = std::move(v);
  CHECK(moved.data() == data);
  CHECK(mismatches(moved, 200000) == 0);
}

TEST_CASE("huge_pages: BigVector of doubles and bytes, value-initialising members still work",
          "[sim][huge_pages]") {
  // assign and the (n, value) constructor write every element (only resize(n)
  // leaves trivial elements unwritten).
  BigVector<double> d(300000, 0.25);
  std::size_t bad = 0;
  for (const double x : d) bad += x != 0.25;
  CHECK(bad == 0);
  d.assign(5, -1.5);
  CHECK(d == BigVector<double>{-1.5, -1.5, -1.5, -1.5, -1.5});
  BigVector<unsigned char> bytes;
  for (int i = 0; i < 3000000; ++i) bytes.push_back(static_cast<unsigned char>(i * 7));
  bad = 0;
  for (int i = 0; i < 3000000; ++i) bad += bytes[static_cast<std::size_t>(i)] != static_cast<unsigned char>(i * 7);
  CHECK(bad == 0);
  // Non-trivial element types are constructed normally.
  BigVector<std::vector<int>> nested(3, std::vector<int>{1, 2});
  nested.resize(5);
  CHECK(nested[0] == std::vector<int>{1, 2});
  CHECK(nested[4].empty());
}

TEST_CASE("huge_pages: an impossible size throws std::bad_alloc", "[sim][huge_pages]") {
  // More elements than size_t bytes can hold: refused before any arithmetic.
  {
    HugePageAllocator<double> alloc;
    CHECK_THROWS_AS(alloc.allocate(std::numeric_limits<std::size_t>::max() / sizeof(double) + 1), std::bad_alloc);
  }
  // 2^62 bytes: more than any address space (x86-64 has 2^47 for a process).
  {
    HugePageAllocator<char> alloc;
    CHECK_THROWS_AS(alloc.allocate(std::size_t{1} << 62), std::bad_alloc);
    HugePageAllocator<double> dalloc;
    CHECK_THROWS_AS(dalloc.allocate(std::size_t{1} << 59), std::bad_alloc);
  }
  // Through a vector: reserve of max_size() elements (~2^63 bytes) cannot be met.
  {
    BigVector<double> v;
    CHECK_THROWS_AS(v.reserve(v.max_size()), std::bad_alloc);
    CHECK_THROWS_AS(v.reserve(v.max_size() + 1), std::length_error);
    CHECK(v.empty());
  }
}

TEST_CASE("huge_pages: sizes within 2 MiB of SIZE_MAX throw std::bad_alloc", "[sim][huge_pages]") {
  // The largest sizes allocate() accepts by its element count: n * sizeof(T) just
  // below 2^64 bytes. Rounding such a size up to whole 2 MiB pages must not wrap
  // around to a small mapping.
  {
    HugePageAllocator<double> alloc;
    const std::size_t n = std::numeric_limits<std::size_t>::max() / sizeof(double);  // 2^64 - 8 bytes
    CHECK_THROWS_AS(alloc.allocate(n), std::bad_alloc);
  }
  {
    HugePageAllocator<char> alloc;
    const std::size_t n = std::numeric_limits<std::size_t>::max() - kMiB;
    CHECK_THROWS_AS(alloc.allocate(n), std::bad_alloc);
  }
}
