#pragma once
// Synthetic test signals: tones whose shape the analysis can recognise in a recording.
#include <cmath>
#include <cstdint>
#include <vector>

namespace alfabravo::test {

inline std::vector<std::int16_t> tone(double seconds, double hz, double amplitude = 8000, int rate = 22050) {
  std::vector<std::int16_t> out(static_cast<std::size_t>(seconds * rate));
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<std::int16_t>(std::lround(amplitude * std::sin(2 * M_PI * hz * double(i) / rate)));
  }
  return out;
}

inline std::vector<std::int16_t> silence(double seconds, int rate = 22050) {
  return std::vector<std::int16_t>(static_cast<std::size_t>(seconds * rate), 0);
}

inline void append(std::vector<std::int16_t>& to, const std::vector<std::int16_t>& more) {
  to.insert(to.end(), more.begin(), more.end());
}

// Largest step between neighbouring samples of a full-scale-amplitude sine: a fade must stay near this.
inline double sine_max_step(double hz, double amplitude, int rate = 22050) {
  return amplitude * 2 * M_PI * hz / rate;
}

}  // namespace alfabravo::test
