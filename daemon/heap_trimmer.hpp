#pragma once
// Gives the memory of closed connections back to the system once the daemon is quiet again: the heap, and
// the session pages kept for reuse (page_allocator.hpp).
//
// glibc keeps freed small blocks in its heaps for reuse: after a thousand clients have come and gone, the
// daemon held 80 MiB it no longer used (measured: 15 MiB before a 1000-connection burst, 94 MiB after it,
// 16 MiB after one malloc_trim). A trim walks every arena, so it is not done per connection: a burst of
// closes arms one timer, further closes while it runs postpone it (a few times at most, so that a steady
// stream of connections is still trimmed now and then), and the trim runs when it fires.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>

namespace alfabravo {

class HeapTrimmer {
 public:
  explicit HeapTrimmer(boost::asio::io_context& io,
                       std::chrono::milliseconds quiet_period = std::chrono::milliseconds(500));

  // Memory worth returning was freed (a connection closed). Called on the io thread.
  void note_release();

 private:
  void arm();
  void on_timer();

  boost::asio::steady_timer timer_;
  const std::chrono::milliseconds quiet_period_;
  std::uint64_t releases_ = 0;
  std::uint64_t releases_when_armed_ = 0;
  int postponed_ = 0;
  bool armed_ = false;
};

// Allocator settings for a long-running daemon, called once at start-up before any thread exists: large
// blocks (renders, clip audio) always get their own mapping, returned to the system when freed, instead of
// glibc raising its mmap threshold after the first large free and keeping later ones in the heap.
void configure_allocator() noexcept;

}  // namespace alfabravo
