// Session pages: a freed block is reused by the next session, and every kept block goes back to the system
// once the daemon is quiet (the heap trimmer), so memory after a crowd of clients is what it was before.
#include "page_allocator.hpp"

#include <gtest/gtest.h>
#include <sys/mman.h>

#include <boost/asio/io_context.hpp>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

#include "heap_trimmer.hpp"

namespace alfabravo {
namespace {

struct SessionSized {
  char bytes[17216];
};

bool mapped(void* block) {
  return msync(block, 4096, MS_ASYNC) == 0 || errno != ENOMEM;
}

TEST(PageAllocator, AFreedBlockIsReusedThenUnmappedWhenReleased) {
  release_kept_pages();
  PageAllocator<SessionSized> allocator;
  SessionSized* first = allocator.allocate(1);
  std::memset(first, 'x', sizeof *first);
  allocator.deallocate(first, 1);
  EXPECT_EQ(kept_page_blocks(), 1u);
  SessionSized* second = allocator.allocate(1);
  EXPECT_EQ(second, first);  // no new mapping for the next session
  EXPECT_EQ(kept_page_blocks(), 0u);
  allocator.deallocate(second, 1);
  EXPECT_EQ(release_kept_pages(), 1u);
  EXPECT_EQ(kept_page_blocks(), 0u);
  EXPECT_FALSE(mapped(first));
}

TEST(PageAllocator, KeepsABoundedNumberOfBlocks) {
  release_kept_pages();
  PageAllocator<SessionSized> allocator;
  std::vector<SessionSized*> blocks;
  for (int i = 0; i < 1500; ++i)
    blocks.push_back(allocator.allocate(1));
  for (auto* block : blocks)
    allocator.deallocate(block, 1);
  EXPECT_EQ(kept_page_blocks(), 1024u);
  EXPECT_FALSE(mapped(blocks.back()));  // freed past the bound: unmapped at once
  EXPECT_TRUE(mapped(blocks.front()));
  EXPECT_EQ(release_kept_pages(), 1024u);
  EXPECT_FALSE(mapped(blocks.front()));
}

TEST(PageAllocator, TheHeapTrimmerReturnsKeptBlocksOnceQuiet) {
  release_kept_pages();
  boost::asio::io_context io;
  HeapTrimmer trimmer(io, std::chrono::milliseconds(5));
  PageAllocator<SessionSized> allocator;
  SessionSized* block = allocator.allocate(1);
  allocator.deallocate(block, 1);
  trimmer.note_release();
  ASSERT_EQ(kept_page_blocks(), 1u);
  io.run();  // the trimmer's quiet period passes
  EXPECT_EQ(kept_page_blocks(), 0u);
  EXPECT_FALSE(mapped(block));
}

}  // namespace
}  // namespace alfabravo
