// Huge-page-backed allocation; see huge_pages.hpp.
#include "sim/sampling/huge_pages.hpp"

#include <cstdint>
#include <cstdlib>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace pacsim::detail {

namespace {
constexpr std::size_t kHuge = std::size_t{2} << 20;     // 2 MiB, x86-64's huge page
constexpr std::size_t kThreshold = std::size_t{1} << 20;  // below this, malloc
#if defined(__linux__) && defined(MADV_HUGEPAGE)
constexpr bool kUseMmap = true;
#else
constexpr bool kUseMmap = false;
#endif
std::size_t mapped_size(std::size_t bytes) { return (bytes + kHuge - 1) / kHuge * kHuge; }
}  // namespace

void* huge_allocate(std::size_t bytes) {
  if (!kUseMmap || bytes < kThreshold) {
    void* p = std::malloc(bytes ? bytes : 1);
    if (!p) throw std::bad_alloc();
    return p;
  }
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  // Map one huge page more than needed, then trim to a 2 MiB-aligned block;
  // sizes within two huge pages of SIZE_MAX would wrap in the rounding.
  if (bytes > static_cast<std::size_t>(-1) - 2 * kHuge) throw std::bad_alloc();
  const std::size_t size = mapped_size(bytes);
  void* raw = mmap(nullptr, size + kHuge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto base = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t aligned = (base + kHuge - 1) & ~(std::uintptr_t{kHuge} - 1);
  if (aligned > base) munmap(raw, aligned - base);
  const std::uintptr_t end = base + size + kHuge;
  if (end > aligned + size) munmap(reinterpret_cast<void*>(aligned + size), end - (aligned + size));
  void* p = reinterpret_cast<void*>(aligned);
  madvise(p, size, MADV_HUGEPAGE);  // advice only: without THP the pages are small
  return p;
#else
  return nullptr;
#endif
}

void huge_deallocate(void* p, std::size_t bytes) {
  if (!p) return;
  if (!kUseMmap || bytes < kThreshold) {
    std::free(p);
    return;
  }
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  munmap(p, mapped_size(bytes));
#endif
}

}  // namespace pacsim::detail
