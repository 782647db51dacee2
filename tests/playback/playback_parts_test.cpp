// The pure parts of playback and of the test support, without a sound server: the analysis the real-audio
// tests rely on (so a broken checker cannot pass them), device choice, the sample ring, the watchdog runner.
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "audio_analysis.hpp"
#include "playback/audio_sink.hpp"
#include "playback/portaudio_devices.hpp"
#include "playback/sample_ring.hpp"
#include "playback/watchdog_runner.hpp"
#include "signals.hpp"

namespace alfabravo::test {
namespace {

using namespace std::chrono_literals;

TEST(AudioAnalysis, BurstsAreSplitBySilence) {
  std::vector<std::int16_t> pcm = silence(0.1);
  append(pcm, tone(0.2, 440));
  append(pcm, silence(0.05));  // shorter than min_silence: same burst
  append(pcm, tone(0.1, 440));
  append(pcm, silence(0.3));
  append(pcm, tone(0.2, 660));
  const auto bursts = find_bursts(pcm, 22050, 0.1);
  ASSERT_EQ(bursts.size(), 2u);
  EXPECT_NEAR(double(bursts[0].begin), 0.1 * 22050, 2);
  EXPECT_NEAR(double(bursts[0].end - bursts[0].begin), 0.35 * 22050, 30);
  EXPECT_EQ(*first_non_silent(pcm), bursts[0].begin);
  EXPECT_EQ(*last_non_silent(pcm) + 1, bursts[1].end);
  EXPECT_FALSE(first_non_silent(silence(0.1)));
}

TEST(AudioAnalysis, MaxJumpFindsAHardCut) {
  auto pcm = tone(0.1, 440, 8000);
  const int smooth = max_jump(pcm, 0, pcm.size());
  EXPECT_LE(smooth, sine_max_step(440, 8000) + 2);
  pcm.resize(pcm.size() - 17);  // cut near a peak, then silence
  append(pcm, silence(0.05));
  EXPECT_GT(max_jump(pcm, 0, pcm.size()), 3 * smooth);
}

TEST(AudioAnalysis, RmsEnvelopeOfASine) {
  const auto env = rms_envelope(tone(0.5, 441, 1000), 2205);
  ASSERT_EQ(env.size(), 5u);
  for (double v : env)
    EXPECT_NEAR(v, 1000 / std::sqrt(2.0), 5);
}

// A "word" that does not correlate with others: a chirp whose start frequency identifies it.
std::vector<std::int16_t> word(double hz) {
  std::vector<std::int16_t> out(4410);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const double t = double(i) / 22050;
    out[i] = static_cast<std::int16_t>(6000 * std::sin(2 * M_PI * (hz * t + 2000 * t * t)));
  }
  return out;
}

TEST(AudioAnalysis, FindsAClipWhereItIsEvenScaledAndShifted) {
  std::vector<std::int16_t> recording = silence(0.3);
  auto clip = word(300);
  auto quieter = clip;
  for (auto& s : quieter)
    s = static_cast<std::int16_t>(s / 3);
  append(recording, quieter);
  append(recording, silence(0.2));
  const auto match = find_clip(recording, clip, 0, recording.size());
  ASSERT_TRUE(match);
  EXPECT_EQ(match->offset, static_cast<std::size_t>(0.3 * 22050));
  EXPECT_GT(match->score, 0.99);
  const auto other = find_clip(recording, word(900), 0, recording.size());
  ASSERT_TRUE(other);
  EXPECT_LT(other->score, 0.5);
}

TEST(AudioAnalysis, ClipSequenceCatchesSwappedAndMissingWords) {
  const std::vector<std::vector<std::int16_t>> words{word(300), word(600), word(900)};
  auto build = [&](std::vector<int> order) {
    std::vector<std::int16_t> r = silence(0.2);
    for (int i : order) {
      append(r, words[std::size_t(i)]);
      append(r, silence(0.15));
    }
    return r;
  };
  const std::size_t gap = 22050 / 2;
  EXPECT_TRUE(check_clip_sequence(build({0, 1, 2}), words, gap).ok);
  EXPECT_FALSE(check_clip_sequence(build({0, 2, 1}), words, gap).ok);
  EXPECT_FALSE(check_clip_sequence(build({1, 0, 2}), words, gap).ok);
  const auto missing = check_clip_sequence(build({0, 2}), words, gap);
  EXPECT_FALSE(missing.ok);
  EXPECT_EQ(missing.failed_index, 1u);
  // A repeated word must be found twice, in turn.
  const std::vector<std::vector<std::int16_t>> twice{word(300), word(300), word(600)};
  EXPECT_TRUE(check_clip_sequence(build({0, 0, 1}), twice, gap).ok);
  EXPECT_FALSE(check_clip_sequence(build({0, 1}), twice, gap).ok);
}

TEST(AudioAnalysis, ResampleKeepsDurationAndShape) {
  const auto at_22k = tone(0.5, 440);
  const auto at_8k = resample(at_22k, 22050, 8000);
  EXPECT_NEAR(double(at_8k.size()), 4000, 20);
  const auto back = resample(at_8k, 8000, 22050);
  const auto match = find_clip(back, std::span(at_22k).subspan(2000, 4000), 1000, 3000);
  ASSERT_TRUE(match);
  EXPECT_GT(match->score, 0.98);
}

TEST(DeviceChoice, ByDefaultIndexExactNameOrUniquePart) {
  const std::vector<PortAudioDevice> devices{
      {0, "HDA Intel PCH: ALC3246 Analog (hw:0,0)", "ALSA", 2, 48000, false},
      {3, "alfabravo_out", "ALSA", 32, 44100, false},
      {4, "pulse", "ALSA", 32, 44100, false},
      {5, "default", "ALSA", 32, 44100, true},
  };
  EXPECT_EQ(*choose_output_device(devices, ""), 5);
  EXPECT_EQ(*choose_output_device(devices, "3"), 3);
  EXPECT_EQ(*choose_output_device(devices, "pulse"), 4);
  EXPECT_EQ(*choose_output_device(devices, "alc3246"), 0);
  EXPECT_EQ(*choose_output_device(devices, "alfabravo"), 3);
  EXPECT_FALSE(choose_output_device(devices, "7"));
  EXPECT_FALSE(choose_output_device(devices, "headset"));
  const auto ambiguous = choose_output_device(devices, "a");  // in several names
  ASSERT_FALSE(ambiguous);
  EXPECT_NE(ambiguous.error().find("several"), std::string::npos);
  EXPECT_FALSE(choose_output_device({}, ""));
}

TEST(SampleRing, KeepsOrderAcrossWrapAroundAndRefusesWhenFull) {
  SampleRing ring(5);
  const std::vector<Sample> in{1, 2, 3, 4, 5, 6, 7};
  EXPECT_EQ(ring.write(in), 5u);
  std::vector<Sample> out(3);
  EXPECT_EQ(ring.read(out), 3u);
  EXPECT_EQ(out, (std::vector<Sample>{1, 2, 3}));
  EXPECT_EQ(ring.write(std::span(in).subspan(5)), 2u);
  std::vector<Sample> rest(10);
  EXPECT_EQ(ring.read(rest), 4u);
  EXPECT_EQ(std::vector<Sample>(rest.begin(), rest.begin() + 4), (std::vector<Sample>{4, 5, 6, 7}));
  ring.write(in);
  ring.discard();
  EXPECT_EQ(ring.size(), 0u);
}

TEST(SampleRing, OneProducerOneConsumerLoseNothing) {
  SampleRing ring(64);
  constexpr int kCount = 200000;
  auto producer = std::async(std::launch::async, [&] {
    for (int i = 0; i < kCount;) {
      const Sample s = static_cast<Sample>(i % 30000);
      if (ring.write(std::span(&s, 1)) == 1) ++i;
    }
  });
  int expected = 0;
  Sample buffer[16];
  while (expected < kCount) {
    const std::size_t n = ring.read(buffer);
    for (std::size_t i = 0; i < n; ++i, ++expected)
      ASSERT_EQ(buffer[i], expected % 30000);
  }
  producer.get();
}

TEST(WatchdogRunner, AHungCallIsAbandonedAndTheNextOneRunsOnAFreshWorker) {
  WatchdogRunner runner;
  auto release = std::make_shared<std::promise<void>>();
  auto released = release->get_future().share();
  const auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(runner.run(
                   "a hanging call", [released] { released.wait(); }, 200ms),
               AudioUnavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_EQ(runner.abandoned(), 1);
  int ran = 0;
  runner.run(
      "a quick call", [&] { ran = 1; }, 2s);
  EXPECT_EQ(ran, 1);
  EXPECT_THROW(runner.run(
                   "a failing call", [] { throw AudioUnavailable("no device"); }, 2s),
               AudioUnavailable);
  release->set_value();  // let the abandoned worker finish and exit
}

}  // namespace
}  // namespace alfabravo::test
