#include "heap_trimmer.hpp"

#include <malloc.h>

#include "page_allocator.hpp"

namespace alfabravo {

namespace {
constexpr int kMaxPostponements = 8;
constexpr int kMmapThresholdBytes = 128 * 1024;  // glibc's initial default, kept fixed
}  // namespace

HeapTrimmer::HeapTrimmer(boost::asio::io_context& io, std::chrono::milliseconds quiet_period)
    : timer_(io), quiet_period_(quiet_period) {}

void HeapTrimmer::note_release() {
  ++releases_;
  if (!armed_) arm();
}

void HeapTrimmer::arm() {
  armed_ = true;
  releases_when_armed_ = releases_;
  timer_.expires_after(quiet_period_);
  // Destroying the trimmer cancels the wait: the handler then only sees operation_aborted and never this.
  timer_.async_wait([this](const boost::system::error_code& error) {
    if (!error) on_timer();
  });
}

void HeapTrimmer::on_timer() {
  armed_ = false;
  if (releases_ != releases_when_armed_ && postponed_ < kMaxPostponements) {
    ++postponed_;  // still busy: wait for the burst to end
    arm();
    return;
  }
  postponed_ = 0;
  release_kept_pages();  // the pages of closed sessions, kept for reuse while clients came and went
  malloc_trim(0);
}

void configure_allocator() noexcept {
  mallopt(M_MMAP_THRESHOLD, kMmapThresholdBytes);
}

}  // namespace alfabravo
