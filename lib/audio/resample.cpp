#include "audio/resample.hpp"

#include <soxr.h>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace alfabravo {

std::vector<Sample> resample(std::span<const Sample> samples, int from_rate, int to_rate) {
  if (from_rate <= 0 || to_rate <= 0) throw std::invalid_argument("sample rates must be positive");
  if (from_rate == to_rate || samples.empty()) return {samples.begin(), samples.end()};

  const auto wanted = static_cast<std::size_t>(
      (static_cast<std::uint64_t>(samples.size()) * static_cast<std::uint64_t>(to_rate) +
       static_cast<std::uint64_t>(from_rate) / 2) /
      static_cast<std::uint64_t>(from_rate));
  std::vector<Sample> out(wanted + 16);  // soxr may round the last sample either way
  soxr_io_spec_t io = soxr_io_spec(SOXR_INT16_I, SOXR_INT16_I);
  io.flags |= SOXR_NO_DITHER;
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

}  // namespace alfabravo
