#pragma once
// A single-producer single-consumer ring of samples between the player's thread and an audio callback:
// lock-free, so the real-time callback never waits on a lock.
#include <atomic>
#include <cstddef>
#include <span>
#include <vector>

#include "audio/pcm.hpp"

namespace alfabravo {

class SampleRing {
 public:
  explicit SampleRing(std::size_t capacity);

  // Producer: copies as many samples as fit; returns how many.
  std::size_t write(std::span<const Sample> samples) noexcept;
  // Consumer: copies up to out.size() samples; returns how many.
  std::size_t read(std::span<Sample> out) noexcept;
  // Consumer: drops everything queued.
  void discard() noexcept;
  // Either side, when the other one is known to be idle: zeroes the storage (it held spoken secrets) and
  // empties.
  void wipe() noexcept;

  std::size_t size() const noexcept;
  std::size_t capacity() const noexcept { return storage_.size(); }

 private:
  std::vector<Sample> storage_;
  std::atomic<std::size_t> read_{0};   // total samples read (consumer-owned)
  std::atomic<std::size_t> write_{0};  // total samples written (producer-owned)
};

}  // namespace alfabravo
