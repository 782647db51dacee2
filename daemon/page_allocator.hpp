#pragma once
// An allocator that gives each object pages of its own (mmap), returned to the system once the daemon is
// quiet again.
//
// For objects that come and go by the thousand and are large next to what lives on beside them: a
// connection's session (its 16 KiB read buffer inline). From glibc's heap, 1000 of them spread 18 MiB of
// heap between the small blocks that outlive them (Asio keeps every socket's reactor state for reuse), and
// those pinned 2.8 MiB of it for good after the clients had gone, malloc_trim or not.
//
// A freed block is kept for the next object of its size rather than unmapped at once: a crowd of clients
// then costs no munmap (and its TLB flush) while it is being served, and the crowd after it reuses pages
// already mapped and faulted in. The kept blocks go back to the system when the daemon is quiet
// (release_kept_pages(), from the heap trimmer), so memory after a crowd is what it was before. Objects
// placed here must wipe their own secrets in their destructors: a kept block is not cleared.
#include <cstddef>
#include <new>

namespace alfabravo {

namespace page_blocks {
// Pages for `bytes`: a kept block of exactly that size if there is one, else a fresh mapping.
void* take(std::size_t bytes);
// Keeps the block for reuse (up to a bound), else unmaps it.
void give_back(void* block, std::size_t bytes) noexcept;
}  // namespace page_blocks

// Unmaps every kept block; returns how many there were. Safe from any thread.
std::size_t release_kept_pages() noexcept;
// How many blocks are kept now (for tests and the trimmer).
std::size_t kept_page_blocks() noexcept;

template <typename T>
class PageAllocator {
 public:
  using value_type = T;

  PageAllocator() noexcept = default;
  template <typename U>
  PageAllocator(const PageAllocator<U>&) noexcept {}  // NOLINT: converting, as allocate_shared rebinds

  T* allocate(std::size_t n) { return static_cast<T*>(page_blocks::take(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) noexcept { page_blocks::give_back(p, n * sizeof(T)); }

  template <typename U>
  bool operator==(const PageAllocator<U>&) const noexcept {
    return true;
  }
};

}  // namespace alfabravo
