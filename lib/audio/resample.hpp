#pragma once
// Sample-rate conversion of alfabravo's mono 16-bit PCM with libsoxr (high quality, no dither: digital
// silence stays silent, which matters to telephony voice-activity detection).
#include <span>
#include <vector>

#include "audio/pcm.hpp"

namespace alfabravo {

// Returns round(samples.size() * to_rate / from_rate) samples (the same duration). Rates must be positive;
// throws std::invalid_argument otherwise and std::runtime_error if libsoxr fails.
std::vector<Sample> resample(std::span<const Sample> samples, int from_rate, int to_rate);

}  // namespace alfabravo
