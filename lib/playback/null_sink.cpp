#include "playback/null_sink.hpp"

#include <algorithm>

namespace alfabravo {
namespace {

constexpr std::chrono::milliseconds kDeviceBuffer{50};

}  // namespace

NullSink::NullSink(Pace pace) : pace_(pace) {}

void NullSink::open(const SinkFormat& format) {
  std::lock_guard lock(mutex_);
  if (format.sample_rate <= 0) throw AudioUnavailable("null sink: invalid sample rate");
  if (!open_) ++open_count_;
  open_ = true;
  cancelled_ = false;
  rate_ = format.sample_rate;
  accepted_ = 0;
  heard_at_anchor_ = 0;
  anchor_ = Clock::now();
}

std::size_t NullSink::heard_locked(Clock::time_point now) const {
  if (pace_ == Pace::instant) return accepted_;
  const auto elapsed = std::chrono::duration<double>(now - anchor_).count();
  const auto by_clock = heard_at_anchor_ + static_cast<std::size_t>(std::max(0.0, elapsed) * rate_);
  return std::min(accepted_, by_clock);
}

std::size_t NullSink::play(std::span<const Sample> samples) {
  std::unique_lock lock(mutex_);
  if (!open_) throw AudioUnavailable("null sink: play() before open()");
  if (pace_ == Pace::instant) {
    if (cancelled_) return 0;
    accepted_ += samples.size();
    return samples.size();
  }
  const auto buffer = static_cast<std::size_t>(rate_ * kDeviceBuffer.count() / 1000);
  std::size_t done = 0;
  while (done < samples.size() && !cancelled_) {
    const auto now = Clock::now();
    const std::size_t heard = heard_locked(now);
    if (heard == accepted_) {  // the "device" ran dry: its clock restarts with these samples
      anchor_ = now;
      heard_at_anchor_ = heard;
    }
    const std::size_t room = buffer - std::min(buffer, accepted_ - heard);
    const std::size_t n = std::min(room, samples.size() - done);
    accepted_ += n;
    done += n;
    if (done < samples.size()) cancelled_cv_.wait_for(lock, std::chrono::milliseconds(5));
  }
  return done;
}

void NullSink::drain() {
  while (!drain_for(std::chrono::seconds(1))) {
  }
}

bool NullSink::drain_for(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const auto now = Clock::now();
    if (cancelled_ || heard_locked(now) >= accepted_) return true;
    if (now >= deadline) return false;
    const auto left = std::chrono::duration<double>(double(accepted_ - heard_locked(now)) / rate_);
    cancelled_cv_.wait_until(
        lock, std::min<Clock::time_point>(deadline, now + std::chrono::duration_cast<Clock::duration>(left)));
  }
}

void NullSink::cancel() noexcept {
  {
    std::lock_guard lock(mutex_);
    if (!open_) return;
    cancelled_ = true;
    // What was not heard yet is dropped, as a fade-out would.
    accepted_ = heard_locked(Clock::now());
  }
  cancelled_cv_.notify_all();
}

void NullSink::close() noexcept {
  std::lock_guard lock(mutex_);
  open_ = false;
}

std::size_t NullSink::samples_heard() const {
  std::lock_guard lock(mutex_);
  return heard_locked(Clock::now());
}

bool NullSink::is_open() const {
  std::lock_guard lock(mutex_);
  return open_;
}

int NullSink::open_count() const {
  std::lock_guard lock(mutex_);
  return open_count_;
}

std::size_t NullSink::samples_accepted() const {
  std::lock_guard lock(mutex_);
  return accepted_;
}

}  // namespace alfabravo
