#pragma once
// An allocator that gives each object pages of its own (mmap), returned to the system when it is freed.
//
// For objects that come and go by the thousand and are large next to what lives on beside them: a
// connection's session (its 16 KiB read buffer inline). From glibc's heap, 1000 of them spread 18 MiB of
// heap between the small blocks that outlive them (Asio keeps every socket's reactor state for reuse), and
// those pinned 2.8 MiB of it for good after the clients had gone, malloc_trim or not.
#include <sys/mman.h>

#include <cstddef>
#include <new>

namespace alfabravo {

template <typename T>
class PageAllocator {
 public:
  using value_type = T;

  PageAllocator() noexcept = default;
  template <typename U>
  PageAllocator(const PageAllocator<U>&) noexcept {}  // NOLINT: converting, as allocate_shared rebinds

  T* allocate(std::size_t n) {
    void* pages = mmap(nullptr, n * sizeof(T), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (pages == MAP_FAILED) throw std::bad_alloc();
    return static_cast<T*>(pages);
  }
  void deallocate(T* p, std::size_t n) noexcept { munmap(p, n * sizeof(T)); }

  template <typename U>
  bool operator==(const PageAllocator<U>&) const noexcept {
    return true;
  }
};

}  // namespace alfabravo
