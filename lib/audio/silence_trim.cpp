#include "audio/silence_trim.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdlib>

namespace alfabravo {
namespace {

std::size_t samples_for(int ms) {
  return static_cast<std::size_t>(std::max(ms, 0)) * kClipSampleRate / 1000;
}

bool loud(Sample s, Sample threshold) {
  return std::abs(static_cast<int>(s)) > threshold;
}

}  // namespace

std::vector<Sample> trim_silence(std::span<const Sample> samples, const TrimSettings& settings) {
  const auto is_loud = [&](Sample s) { return loud(s, settings.threshold); };
  const auto first = std::find_if(samples.begin(), samples.end(), is_loud);
  if (first == samples.end()) return {};
  const auto last = std::find_if(samples.rbegin(), samples.rend(), is_loud).base();  // one past the last

  const auto first_index = static_cast<std::size_t>(first - samples.begin());
  const auto end_index = static_cast<std::size_t>(last - samples.begin());
  const std::size_t begin = first_index - std::min(first_index, samples_for(settings.keep_before_ms));
  const std::size_t end = std::min(samples.size(), end_index + samples_for(settings.keep_after_ms));
  std::vector<Sample> kept(samples.begin() + static_cast<std::ptrdiff_t>(begin),
                           samples.begin() + static_cast<std::ptrdiff_t>(end));

  const std::size_t fade = std::min(samples_for(settings.fade_ms), kept.size() / 2);
  for (std::size_t i = 0; i < fade; ++i) {
    const double gain = static_cast<double>(i) / static_cast<double>(fade);
    kept[i] = static_cast<Sample>(kept[i] * gain);
    kept[kept.size() - 1 - i] = static_cast<Sample>(kept[kept.size() - 1 - i] * gain);
  }
  return kept;
}

}  // namespace alfabravo
