#include "playback/sample_ring.hpp"

#include <algorithm>

#include "core/secret.hpp"

namespace alfabravo {

SampleRing::SampleRing(std::size_t capacity) : storage_(capacity) {}

std::size_t SampleRing::write(std::span<const Sample> samples) noexcept {
  const std::size_t w = write_.load(std::memory_order_relaxed);
  const std::size_t r = read_.load(std::memory_order_acquire);
  const std::size_t n = std::min(samples.size(), storage_.size() - (w - r));
  for (std::size_t i = 0; i < n; ++i)
    storage_[(w + i) % storage_.size()] = samples[i];
  write_.store(w + n, std::memory_order_release);
  return n;
}

std::size_t SampleRing::read(std::span<Sample> out) noexcept {
  const std::size_t r = read_.load(std::memory_order_relaxed);
  const std::size_t w = write_.load(std::memory_order_acquire);
  const std::size_t n = std::min(out.size(), w - r);
  for (std::size_t i = 0; i < n; ++i)
    out[i] = storage_[(r + i) % storage_.size()];
  read_.store(r + n, std::memory_order_release);
  return n;
}

void SampleRing::discard() noexcept {
  read_.store(write_.load(std::memory_order_acquire), std::memory_order_release);
}

void SampleRing::wipe() noexcept {
  wipe_bytes(storage_.data(), storage_.size() * sizeof(Sample));
  discard();
}

std::size_t SampleRing::size() const noexcept {
  return write_.load(std::memory_order_acquire) - read_.load(std::memory_order_acquire);
}

}  // namespace alfabravo
