// alfabravod with PortAudio playing into a private PulseAudio server (tests/support): what a speak request
// makes audible, and that stop silences it.
#include <gtest/gtest.h>

#include <thread>

#include "audio_analysis.hpp"
#include "daemon_on_pulse.hpp"

namespace alfabravo::test {
namespace {

class RealAudio : public DaemonOnPulseTest {
 protected:
  RealAudio() : DaemonOnPulseTest("1") {}
};

TEST_F(RealAudio, SpeakIsHeardOnTheSoundServer) {
  auto recording = pulse_->record("alfabravo_test");
  ASSERT_TRUE(recording);
  Client client(daemon_->socket_path());
  client.send(R"({"op":"speak","id":"s","text":"Ab"})"
              "\n");
  const auto events = client.read_until_final(id("s"));
  ASSERT_EQ(event_names(events),
            (std::vector<std::string>{"queued", "started", "progress", "progress", "done"}))
      << daemon_->log();
  recording->wait_for_samples(recording->sample_count() + kRecordSampleRate / 2, 5s);
  const auto samples = recording->stop();
  // "capital Alfa Bravo": three words, well over half a second of sound. The voice leaves 20 ms between
  // words (and each clip keeps a little quiet at its ends), so 15 ms of silence splits them (a word's own
  // stop closures may split it further).
  const auto bursts = find_bursts(samples, kRecordSampleRate, 0.015);
  std::size_t loud = 0;
  for (const auto& burst : bursts)
    loud += burst.end - burst.begin;
  EXPECT_GE(bursts.size(), 3u);
  EXPECT_GT(loud, static_cast<std::size_t>(kRecordSampleRate / 2));
}

TEST_F(RealAudio, StopSilencesTheOutput) {
  auto recording = pulse_->record("alfabravo_test");
  ASSERT_TRUE(recording);
  Client client(daemon_->socket_path());
  client.send(R"({"op":"speak","id":"s","text":"abcdefghijklmnopqrstuvwxyz"})"
              "\n");
  for (int i = 0; i < 10; ++i) {
    const auto event = client.read_event();
    if (event.type == EventType::progress && event.body["index"] == 2) break;
  }
  const auto stop_time = std::chrono::steady_clock::now();
  client.send(R"({"op":"stop","id":"x"})"
              "\n");
  const auto events = client.read_until_final(id("s"));
  EXPECT_EQ(events.back().type, EventType::cancelled);
  std::this_thread::sleep_for(1500ms);  // record the silence after the stop: its length is what is checked
  const auto samples = recording->stop();
  const auto quiet_from = recording->sample_at(stop_time + 500ms);
  ASSERT_LT(quiet_from, samples.size());
  const auto last = last_non_silent(samples);
  ASSERT_TRUE(last) << "nothing was heard before the stop";
  EXPECT_LT(*last, quiet_from) << "still sounding half a second after stop";
}

}  // namespace
}  // namespace alfabravo::test
