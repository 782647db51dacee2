#include "page_allocator.hpp"

#include <sys/mman.h>

#include <mutex>
#include <vector>

namespace alfabravo {

namespace {

// Enough for a crowd of clients at the default client limit; at most a few pages each stay resident, and
// only until the daemon is quiet (each kept block costs a mapping: well under the default 65530 of them).
constexpr std::size_t kMaxKeptBlocks = 1024;

struct KeptBlock {
  void* block;
  std::size_t bytes;
};

// Sessions are freed on the io thread, but the last reference to one may be dropped by a worker.
std::mutex kept_mutex;
std::vector<KeptBlock>& kept() {
  static auto* blocks = new std::vector<KeptBlock>();  // never destroyed: freed blocks may come at exit
  return *blocks;
}

}  // namespace

namespace page_blocks {

void* take(std::size_t bytes) {
  {
    std::lock_guard lock(kept_mutex);
    auto& blocks = kept();
    // Newest first: its pages are the likeliest to be resident still.
    for (auto it = blocks.rbegin(); it != blocks.rend(); ++it) {
      if (it->bytes != bytes) continue;
      void* block = it->block;
      blocks.erase(std::next(it).base());
      return block;
    }
  }
  void* pages = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (pages == MAP_FAILED) throw std::bad_alloc();
  return pages;
}

void give_back(void* block, std::size_t bytes) noexcept {
  {
    std::lock_guard lock(kept_mutex);
    auto& blocks = kept();
    if (blocks.size() < kMaxKeptBlocks) {
      try {
        blocks.push_back({block, bytes});
        return;
      } catch (const std::bad_alloc&) {
        // no room to remember it: unmap below
      }
    }
  }
  munmap(block, bytes);
}

}  // namespace page_blocks

std::size_t release_kept_pages() noexcept {
  std::vector<KeptBlock> blocks;
  {
    std::lock_guard lock(kept_mutex);
    blocks.swap(kept());
  }
  for (const auto& kept_block : blocks)
    munmap(kept_block.block, kept_block.bytes);
  return blocks.size();
}

std::size_t kept_page_blocks() noexcept {
  std::lock_guard lock(kept_mutex);
  return kept().size();
}

}  // namespace alfabravo
