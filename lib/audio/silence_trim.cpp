#include "audio/silence_trim.hpp"

#include <algorithm>
#include <cmath>
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

Sample tail_threshold(std::span<const Sample> samples, const TrimSettings& settings) {
  if (settings.tail_below_peak_db >= 0 || samples.empty()) return settings.threshold;
  const auto magnitude = [](Sample s) { return std::abs(static_cast<int>(s)); };
  const int peak = magnitude(*std::max_element(
      samples.begin(), samples.end(), [&](Sample a, Sample b) { return magnitude(a) < magnitude(b); }));
  const double relative = peak * std::pow(10.0, settings.tail_below_peak_db / 20.0);
  return static_cast<Sample>(std::max<double>(settings.threshold, std::min(relative, 32767.0)));
}

}  // namespace

std::vector<Sample> trim_silence(std::span<const Sample> samples, const TrimSettings& settings) {
  const auto is_loud = [&](Sample s) { return loud(s, settings.threshold); };
  const auto first = std::find_if(samples.begin(), samples.end(), is_loud);
  if (first == samples.end()) return {};
  const Sample end_threshold = tail_threshold(samples, settings);
  const auto is_loud_at_end = [&](Sample s) { return loud(s, end_threshold); };
  // One past the last loud sample; never before the first one.
  const auto last =
      std::max(first + 1, std::find_if(samples.rbegin(), samples.rend(), is_loud_at_end).base());

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
