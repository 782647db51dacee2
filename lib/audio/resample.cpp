#include "audio/resample.hpp"

#include <soxr.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "core/secret.hpp"

namespace alfabravo {

namespace {

void check_rates(int from_rate, int to_rate) {
  if (from_rate <= 0 || to_rate <= 0) throw std::invalid_argument("sample rates must be positive");
}

soxr_io_spec_t io_spec() {
  soxr_io_spec_t io = soxr_io_spec(SOXR_INT16_I, SOXR_INT16_I);
  io.flags |= SOXR_NO_DITHER;
  return io;
}

constexpr std::size_t kStreamBufferSamples = 8192;

}  // namespace

std::size_t converted_length(std::size_t samples, int from_rate, int to_rate) noexcept {
  return static_cast<std::size_t>((static_cast<std::uint64_t>(samples) * static_cast<std::uint64_t>(to_rate) +
                                   static_cast<std::uint64_t>(from_rate) / 2) /
                                  static_cast<std::uint64_t>(from_rate));
}

std::vector<Sample> resample(std::span<const Sample> samples, int from_rate, int to_rate) {
  check_rates(from_rate, to_rate);
  if (from_rate == to_rate || samples.empty()) return {samples.begin(), samples.end()};

  const std::size_t wanted = converted_length(samples.size(), from_rate, to_rate);
  std::vector<Sample> out(wanted + 16);  // soxr may round the last sample either way
  const soxr_io_spec_t io = io_spec();
  const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
  std::size_t consumed = 0;
  std::size_t produced = 0;
  const soxr_error_t error = soxr_oneshot(from_rate, to_rate, 1, samples.data(), samples.size(), &consumed,
                                          out.data(), out.size(), &produced, &io, &quality, nullptr);
  if (error != nullptr) throw std::runtime_error(std::string("libsoxr: ") + error);
  out.resize(produced);
  out.resize(wanted, 0);  // exactly the input's duration: pad or cut the last sample of rounding
  return out;
}

StreamResampler::StreamResampler(int from_rate, int to_rate, std::size_t input_samples)
    : wanted_(converted_length(input_samples, from_rate, to_rate)) {
  check_rates(from_rate, to_rate);
  if (from_rate == to_rate || input_samples == 0) return;
  const soxr_io_spec_t io = io_spec();
  const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_HQ, 0);
  soxr_error_t error = nullptr;
  soxr_ = soxr_create(from_rate, to_rate, 1, &error, &io, &quality, nullptr);
  if (error != nullptr) throw std::runtime_error(std::string("libsoxr: ") + error);
  buffer_.resize(kStreamBufferSamples);
}

StreamResampler::~StreamResampler() {
  if (soxr_ != nullptr) soxr_delete(soxr_);
  wipe(buffer_);
}

void StreamResampler::take(const Sample* samples, std::size_t count, std::vector<Sample>& out) {
  const std::size_t kept = std::min(count, wanted_ - produced_);  // the rounding's extra samples are dropped
  append_wiping(out, samples, kept);
  produced_ += kept;
}

void StreamResampler::push(std::span<const Sample> input, std::vector<Sample>& out) {
  if (soxr_ == nullptr) {
    take(input.data(), input.size(), out);
    return;
  }
  std::size_t done = 0;
  while (done < input.size()) {
    std::size_t consumed = 0;
    std::size_t produced = 0;
    const soxr_error_t error = soxr_process(soxr_, input.data() + done, input.size() - done, &consumed,
                                            buffer_.data(), buffer_.size(), &produced);
    if (error != nullptr) throw std::runtime_error(std::string("libsoxr: ") + error);
    if (consumed == 0 && produced == 0) throw std::runtime_error("libsoxr: no progress");
    take(buffer_.data(), produced, out);
    done += consumed;
  }
  wipe_bytes(buffer_.data(), buffer_.size() * sizeof(Sample));
}

void StreamResampler::finish(std::vector<Sample>& out) {
  for (std::size_t produced = 1; soxr_ != nullptr && produced > 0;) {  // flush what soxr holds back
    const soxr_error_t error =
        soxr_process(soxr_, nullptr, 0, nullptr, buffer_.data(), buffer_.size(), &produced);
    if (error != nullptr) throw std::runtime_error(std::string("libsoxr: ") + error);
    take(buffer_.data(), produced, out);
  }
  wipe_bytes(buffer_.data(), buffer_.size() * sizeof(Sample));
  const std::vector<Sample> silence(wanted_ - produced_, Sample{0});
  take(silence.data(), silence.size(), out);  // exactly the input's duration: pad the last sample of rounding
}

}  // namespace alfabravo
