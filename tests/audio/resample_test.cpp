// libsoxr resampling: durations are kept, frequencies are kept, silence stays digital silence.
#include "audio/resample.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <vector>

#include "audio_analysis.hpp"

namespace alfabravo {
namespace {

std::vector<Sample> tone(double frequency, int rate, std::size_t length) {
  std::vector<Sample> samples(length);
  for (std::size_t i = 0; i < length; ++i) {
    samples[i] = static_cast<Sample>(12000.0 * std::sin(2 * std::numbers::pi * frequency * i / rate));
  }
  return samples;
}

std::size_t zero_crossings(const std::vector<Sample>& samples) {
  std::size_t count = 0;
  for (std::size_t i = 1; i < samples.size(); ++i) {
    if ((samples[i - 1] < 0) != (samples[i] < 0)) ++count;
  }
  return count;
}

TEST(Resample, KeepsDurationAndFrequency) {
  const auto input = tone(440.0, kClipSampleRate, kClipSampleRate);  // one second of A4
  for (const int rate : {8000, 16000, 44100, 48000}) {
    SCOPED_TRACE(rate);
    const auto output = resample(input, kClipSampleRate, rate);
    EXPECT_EQ(output.size(), static_cast<std::size_t>(rate));
    EXPECT_NEAR(static_cast<double>(zero_crossings(output)), 880.0, 4.0);
    // Same loudness in the steady middle (libsoxr's filter delay is compensated in oneshot mode).
    const std::span middle(output.begin() + rate / 4, output.begin() + 3 * rate / 4);
    EXPECT_NEAR(test::rms(middle), 12000.0 / std::sqrt(2.0), 300.0);
  }
}

TEST(Resample, RemovesWhatTheLowerRateCannotHold) {
  // 6 kHz is above 8 kHz's Nyquist frequency: it must be filtered out, not folded back as a 2 kHz alias.
  const auto output = resample(tone(6000.0, kClipSampleRate, kClipSampleRate), kClipSampleRate, 8000);
  const std::span middle(output.begin() + 2000, output.begin() + 6000);
  EXPECT_LT(test::rms(middle), 100.0);
}

TEST(Resample, SilenceStaysDigitalSilence) {
  const std::vector<Sample> silence(5000, 0);
  for (const Sample s : resample(silence, kClipSampleRate, 8000))
    ASSERT_EQ(s, 0);
}

TEST(Resample, SameRateAndEmptyInput) {
  const auto input = tone(300.0, kClipSampleRate, 1234);
  EXPECT_EQ(resample(input, kClipSampleRate, kClipSampleRate), input);
  EXPECT_TRUE(resample(std::vector<Sample>{}, kClipSampleRate, 8000).empty());
  EXPECT_EQ(resample(std::vector<Sample>(3, 100), kClipSampleRate, 8000).size(), 1u);
}

TEST(Resample, RefusesNonsenseRates) {
  const std::vector<Sample> input(10, 0);
  EXPECT_THROW(resample(input, 0, 8000), std::invalid_argument);
  EXPECT_THROW(resample(input, kClipSampleRate, -1), std::invalid_argument);
}

}  // namespace
}  // namespace alfabravo
