#pragma once
// Audio as alfabravo passes it around: mono signed 16-bit PCM at eSpeak NG's native rate.
#include <cstdint>
#include <vector>

namespace alfabravo {

using Sample = std::int16_t;
inline constexpr int kClipSampleRate = 22050;

struct Clip {
  std::vector<Sample> samples;  // mono, kClipSampleRate, leading/trailing silence trimmed
};

}  // namespace alfabravo
