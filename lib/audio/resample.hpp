#pragma once
// Sample-rate conversion of alfabravo's mono 16-bit PCM with libsoxr (high quality, no dither: digital
// silence stays silent, which matters to telephony voice-activity detection).
#include <cstddef>
#include <span>
#include <vector>

#include "audio/pcm.hpp"

struct soxr;  // libsoxr's soxr_t

namespace alfabravo {

// round(samples * to_rate / from_rate): how many samples `samples` last at to_rate.
std::size_t converted_length(std::size_t samples, int from_rate, int to_rate) noexcept;

// Returns round(samples.size() * to_rate / from_rate) samples (the same duration). Rates must be positive;
// throws std::invalid_argument otherwise and std::runtime_error if libsoxr fails.
std::vector<Sample> resample(std::span<const Sample> samples, int from_rate, int to_rate);

// The same conversion fed piece by piece, for audio too long to hold whole: given the same samples in any
// pieces, it produces exactly what resample() returns for them at once (libsoxr's output does not depend on
// how its input is split). The input's total length must be known in advance: the output is cut or padded
// to the same duration. Same throws as resample().
class StreamResampler {
 public:
  StreamResampler(int from_rate, int to_rate, std::size_t input_samples);
  ~StreamResampler();
  StreamResampler(const StreamResampler&) = delete;
  StreamResampler& operator=(const StreamResampler&) = delete;

  std::size_t output_samples() const noexcept { return wanted_; }
  // Appends the output for the next input samples to `out` (growing it with append_wiping: it may be secret).
  void push(std::span<const Sample> input, std::vector<Sample>& out);
  // After every input sample has been pushed: appends the rest, up to output_samples() in all.
  void finish(std::vector<Sample>& out);

 private:
  void take(const Sample* samples, std::size_t count, std::vector<Sample>& out);

  ::soxr* soxr_ = nullptr;  // null when the rates are equal: the samples pass through
  std::size_t wanted_;
  std::size_t produced_ = 0;
  std::vector<Sample> buffer_;
};

}  // namespace alfabravo
