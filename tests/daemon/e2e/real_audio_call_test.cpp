// Pause and resume heard at the sink: alfabravod with PortAudio playing into a private PulseAudio server.
// Pausing silences the output and resuming makes it sound again; prints the pause-to-silence and
// resume-to-sound times it measured. Which words are heard after resuming is checked in-process
// (tests/daemon/inprocess/call_ops_test.cpp).
#include <gtest/gtest.h>

#include <iostream>
#include <thread>

#include "audio_analysis.hpp"
#include "daemon_on_pulse.hpp"

namespace alfabravo::test {
namespace {

constexpr const char* kText = "abcdefgh";

class RealAudioCall : public DaemonOnPulseTest {
 protected:
  RealAudioCall() : DaemonOnPulseTest("1") {}
};

double milliseconds(std::size_t samples) {
  return 1000.0 * static_cast<double>(samples) / kRecordSampleRate;
}

TEST_F(RealAudioCall, PauseSilencesTheSinkAndResumeMakesItSoundAgain) {
  auto recording = pulse_->record("alfabravo_test");
  ASSERT_TRUE(recording);
  Client speaker(daemon_->socket_path());
  Client control(daemon_->socket_path());  // as a hotkey's process would
  speaker.send(std::string(R"({"op":"speak","id":"s","text":")") + kText + "\"}\n");
  speaker.read_event_of(id("s"), EventType::started);
  for (int i = 0; i < 10; ++i) {
    const auto event = speaker.read_event_of(id("s"));
    if (event.type == EventType::progress && event.body["index"] == 2) break;
  }
  const auto pause_time = std::chrono::steady_clock::now();
  control.send(R"({"op":"pause","id":"p"})"
               "\n");
  ASSERT_EQ(control.read_until_final(id("p")).back().type, EventType::ok) << daemon_->log();
  const auto paused = speaker.read_event_of(id("s"), EventType::paused);
  const std::size_t cut_index = paused.body["index"].get<std::size_t>();
  std::this_thread::sleep_for(1500ms);  // the caller finds a pen: silence is what is measured here

  const auto resume_time = std::chrono::steady_clock::now();
  control.send(R"({"op":"resume","id":"r"})"
               "\n");
  ASSERT_EQ(control.read_until_final(id("r")).back().type, EventType::ok);
  const auto events = speaker.read_until_final(id("s"));
  ASSERT_EQ(events.back().type, EventType::done) << daemon_->log();
  recording->wait_for_samples(recording->sample_count() + kRecordSampleRate / 2, 5s);
  const auto samples = recording->stop();
  keep_recording("pause_resume", samples);

  const std::size_t pause_at = recording->sample_at(pause_time);
  const std::size_t resume_at = recording->sample_at(resume_time);
  ASSERT_LT(resume_at, samples.size());
  const Pcm all(samples);
  const auto last_before_resume = last_non_silent(all.subspan(0, resume_at));
  ASSERT_TRUE(last_before_resume) << "nothing was heard before the pause";
  const auto first_after_resume = first_non_silent(all.subspan(resume_at));
  ASSERT_TRUE(first_after_resume) << "nothing was heard after resume";
  const double pause_to_silence =
      *last_before_resume > pause_at ? milliseconds(*last_before_resume - pause_at) : 0.0;
  const double resume_to_sound = milliseconds(*first_after_resume);
  std::cout << "pause-to-silence " << pause_to_silence << " ms, resume-to-sound " << resume_to_sound
            << " ms (cut at character " << cut_index << ")\n";
  RecordProperty("pause_to_silence_ms", std::to_string(pause_to_silence));
  RecordProperty("resume_to_sound_ms", std::to_string(resume_to_sound));
  // The request's own timestamps include the recorder's latency; the output's own fade is a few ms.
  EXPECT_LT(pause_to_silence, 150.0) << "still sounding after pause";
  EXPECT_LT(resume_to_sound, 300.0);
}

}  // namespace
}  // namespace alfabravo::test
