// Trimming eSpeak NG's silence, on signals whose answer is known.
#include "audio/silence_trim.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

namespace alfabravo {
namespace {

constexpr std::size_t kMs = kClipSampleRate / 1000;  // 22 samples (the ms margins round the same way)

std::vector<Sample> tone(std::size_t length, double amplitude) {
  std::vector<Sample> samples(length);
  for (std::size_t i = 0; i < length; ++i) {
    samples[i] =
        static_cast<Sample>(amplitude * std::sin(2 * std::numbers::pi * 440.0 * i / kClipSampleRate));
  }
  return samples;
}

std::vector<Sample> padded(std::size_t before, const std::vector<Sample>& middle, std::size_t after,
                           Sample noise = 0) {
  std::vector<Sample> samples(before, noise);
  samples.insert(samples.end(), middle.begin(), middle.end());
  samples.insert(samples.end(), after, noise);
  return samples;
}

TEST(SilenceTrim, CutsSilenceButKeepsMargins) {
  const auto word = tone(4410, 10000.0);  // 200 ms
  const auto trimmed = trim_silence(padded(22050, word, 22050));
  const TrimSettings settings;
  const std::size_t before = static_cast<std::size_t>(settings.keep_before_ms) * kClipSampleRate / 1000;
  const std::size_t after = static_cast<std::size_t>(settings.keep_after_ms) * kClipSampleRate / 1000;
  // The tone starts at 0 (sin 0): its first loud sample is a few samples in, its last a few samples before
  // the end.
  EXPECT_NEAR(static_cast<double>(trimmed.size()), static_cast<double>(word.size() + before + after),
              2.0 * kMs);
  EXPECT_LT(trimmed.size(), word.size() + before + after + 1);
}

TEST(SilenceTrim, NoiseBelowTheThresholdCountsAsSilence) {
  const auto word = tone(2205, 8000.0);
  const auto trimmed = trim_silence(padded(11025, word, 11025, Sample{40}));
  EXPECT_LT(trimmed.size(), word.size() + 25 * kMs);
}

TEST(SilenceTrim, FadesInAndOutWhenTheSoundReachesTheEdges) {
  const std::vector<Sample> loud(2205,
                                 Sample{10000});  // a DC block from the first sample: a worst-case click
  const auto trimmed = trim_silence(loud);
  ASSERT_FALSE(trimmed.empty());
  EXPECT_EQ(trimmed.front(), 0);
  EXPECT_EQ(trimmed.back(), 0);
  // Monotonic ramp over the fade, no jump larger than a fade step.
  const std::size_t fade = static_cast<std::size_t>(TrimSettings{}.fade_ms) * kClipSampleRate / 1000;
  for (std::size_t i = 1; i < trimmed.size(); ++i) {
    EXPECT_LE(std::abs(trimmed[i] - trimmed[i - 1]), 10000 / static_cast<int>(fade) + 1) << i;
  }
}

TEST(SilenceTrim, AllSilenceGivesNothing) {
  EXPECT_TRUE(trim_silence(std::vector<Sample>(22050, Sample{0})).empty());
  EXPECT_TRUE(trim_silence(std::vector<Sample>(22050, Sample{-64})).empty());
  EXPECT_TRUE(trim_silence(std::vector<Sample>{}).empty());
}

TEST(SilenceTrim, ASoundAtTheVeryEdgesIsKeptWhole) {
  const auto word = tone(1000, 9000.0);
  const auto trimmed = trim_silence(word);
  EXPECT_GE(trimmed.size(), word.size() - 4);  // only the sub-threshold first/last samples of the sine can go
}

TEST(SilenceTrim, ATailFarBelowThePeakGoesButAQuietOnsetStays) {
  const auto onset = tone(2205, 200.0);   // 100 ms, 34 dB below the word: an "h"
  const auto word = tone(4410, 10000.0);  // 200 ms
  const auto tail = tone(4410, 80.0);     // 200 ms, 42 dB below: a decay into the next word
  std::vector<Sample> samples = onset;
  samples.insert(samples.end(), word.begin(), word.end());
  samples.insert(samples.end(), tail.begin(), tail.end());
  TrimSettings settings;
  settings.tail_below_peak_db = -40;
  const auto trimmed = trim_silence(samples, settings);
  const auto margin = static_cast<std::size_t>(settings.keep_after_ms) * kMs;
  EXPECT_NEAR(static_cast<double>(trimmed.size()), static_cast<double>(onset.size() + word.size() + margin),
              2.0 * kMs);
  // Without the relative threshold the tail is kept (it is above the absolute one).
  EXPECT_GT(trim_silence(samples).size(), samples.size() - 2 * kMs);
}

}  // namespace
}  // namespace alfabravo
