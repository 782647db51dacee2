// The private sound server itself: it starts, records what is played through ALSA's default device and a
// named device, survives a kill + restart on the same socket, and leaves nothing behind.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>

#include "audio_analysis.hpp"
#include "pulse_harness.hpp"
#include "subprocess.hpp"

namespace alfabravo::test {
namespace {

using namespace std::chrono_literals;

// Writes one second of a 440 Hz tone as raw s16le mono 22050 Hz.
std::filesystem::path write_tone(const std::filesystem::path& dir) {
  const auto path = dir / "tone.raw";
  std::ofstream out(path, std::ios::binary);
  for (int i = 0; i < kRecordSampleRate; ++i) {
    const auto s = static_cast<std::int16_t>(8000 * std::sin(2 * M_PI * 440 * i / kRecordSampleRate));
    out.write(reinterpret_cast<const char*>(&s), sizeof s);
  }
  return path;
}

void aplay(const PulseHarness& pulse, const std::string& device, const std::filesystem::path& raw) {
  run_command(
      {"aplay", "-q", "-D", device, "-t", "raw", "-f", "S16_LE", "-r", "22050", "-c", "1", raw.string()},
      pulse.client_environment(), 20s);
}

TEST(PulseHarness, AlsaDefaultDeviceReachesTheDefaultNullSink) {
  PulseHarness pulse;
  pulse.start_server();
  auto recording = pulse.record("alfabravo_test");
  aplay(pulse, "default", write_tone(pulse.dir()));
  std::this_thread::sleep_for(200ms);
  const auto samples = recording->stop();
  const auto bursts = find_bursts(samples, kRecordSampleRate, 0.1);
  ASSERT_EQ(bursts.size(), 1u);
  const double seconds = double(bursts[0].end - bursts[0].begin) / kRecordSampleRate;
  EXPECT_NEAR(seconds, 1.0, 0.05);
}

TEST(PulseHarness, NamedAlsaDeviceReachesItsOwnSinkOnly) {
  PulseHarness pulse({.sinks = {"sink_a", "sink_b"}});
  pulse.start_server();
  auto rec_a = pulse.record("sink_a");
  auto rec_b = pulse.record("sink_b");
  aplay(pulse, "sink_b", write_tone(pulse.dir()));
  std::this_thread::sleep_for(200ms);
  EXPECT_FALSE(first_non_silent(rec_a->stop()));
  EXPECT_TRUE(first_non_silent(rec_b->stop()));
}

TEST(PulseHarness, ServerCanBeKilledAndStartedAgainOnTheSameSocket) {
  PulseHarness pulse;
  pulse.start_server();
  const auto socket = pulse.dir() / "runtime" / "native";
  EXPECT_TRUE(std::filesystem::exists(socket));
  pulse.kill_server();
  EXPECT_FALSE(pulse.server_running());
  int status = 0;
  run_command({"pactl", "info"}, pulse.client_environment(), 10s, true, &status);
  EXPECT_NE(status, 0) << "pactl must fail while the server is down (and must not autospawn one)";
  pulse.start_server();
  EXPECT_NO_THROW(pulse.pactl({"info"}));
  auto recording = pulse.record("alfabravo_test");
  aplay(pulse, "default", write_tone(pulse.dir()));
  std::this_thread::sleep_for(200ms);
  EXPECT_TRUE(first_non_silent(recording->stop()));
}

TEST(PulseHarness, DestructorRemovesItsDirectory) {
  std::filesystem::path dir;
  {
    PulseHarness pulse;
    pulse.start_server();
    dir = pulse.dir();
    EXPECT_TRUE(std::filesystem::exists(dir));
  }
  EXPECT_FALSE(std::filesystem::exists(dir));
}

TEST(PulseHarness, RecordingTimesFollowTheWallClock) {
  PulseHarness pulse;
  pulse.start_server();
  auto recording = pulse.record("alfabravo_test");
  ASSERT_TRUE(recording->wait_for_samples(kRecordSampleRate, 10s));
  const auto start = std::chrono::steady_clock::now();
  const auto count_at_start = recording->sample_count();
  std::this_thread::sleep_for(2s);
  const auto now = std::chrono::steady_clock::now();
  const auto count = recording->sample_count();
  // The sample the clock estimate puts at `now` can never be more than a block behind the newest one recorded
  // (the estimate is built that way). What can go wrong is the other side: samples that reach the recorder
  // late, in large blocks, would make every time_of_sample() early by that delay. The newest sample is
  // recent.
  EXPECT_LE(recording->sample_at(now), count + kRecordSampleRate * 3 / 20) << "the recorder lags by > 150 ms";
  // And the sink's clock runs at the wall clock's pace: 2 s of wall time bring 2 s of samples.
  const double recorded_seconds = double(count - count_at_start) / kRecordSampleRate;
  EXPECT_NEAR(recorded_seconds, std::chrono::duration<double>(now - start).count(), 0.15);
  recording->stop();
}

}  // namespace
}  // namespace alfabravo::test
