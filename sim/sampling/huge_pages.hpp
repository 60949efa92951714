// An allocator for the samplers' large buffers (count vectors, head tables,
// sort scratch). Blocks of 1 MiB or more are mapped 2 MiB-aligned and marked
// MADV_HUGEPAGE, so the kernel backs them with transparent huge pages: one page
// fault per 2 MiB instead of 512: on virtual machines, where a fresh 4 KiB page
// can cost microseconds, first touch of memory is otherwise the largest cost of
// a short run. Smaller blocks, and systems without MADV_HUGEPAGE, use malloc.
// Contents are never affected, only how memory is backed.
#pragma once
#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace pacsim {

namespace detail {
void* huge_allocate(std::size_t bytes);            ///< throws std::bad_alloc
void huge_deallocate(void* p, std::size_t bytes);  ///< `bytes` as given to huge_allocate
}  // namespace detail

template <class T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() noexcept = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_alloc();
    return static_cast<T*>(detail::huge_allocate(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t n) noexcept { detail::huge_deallocate(p, n * sizeof(T)); }
  /// Default-initialisation: resize(n) leaves new elements of trivial types
  /// unwritten (writers fill them) instead of zeroing them first.
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible<U>::value) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const noexcept { return true; }
  template <class U>
  bool operator!=(const HugePageAllocator<U>&) const noexcept { return false; }
};

/// A std::vector whose large buffers live on huge pages. resize(n) and the
/// constructor from a size do not zero new elements of trivial types.
template <class T>
using BigVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace pacsim
