// `alfabravo --voice fr 'Ab3'` through the real client and daemon into a private PulseAudio: the French words
// are what the sink hears, not the default (English) voice's.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "audio_analysis.hpp"
#include "daemon_on_pulse.hpp"
#include "expected_clips.hpp"

namespace alfabravo::test {
namespace {

constexpr std::size_t kMaxGap = kRecordSampleRate / 2;  // between two words

class VoiceHeard : public DaemonOnPulseTest {
 protected:
  VoiceHeard() : DaemonOnPulseTest("5") {}
};

TEST_F(VoiceHeard, TheClientsVoiceOptionIsHeardInThatLanguage) {
  // The output opened first (it stays open 5 s), and recorded only after: what is checked is the voice, not
  // how a stream starts.
  Client client(daemon_->socket_path());
  client.send(R"({"op":"speak","id":"w","text":"x","case":"none"})"
              "\n");
  ASSERT_EQ(client.read_until_final(id("w")).back().type, EventType::done) << daemon_->log();
  auto recording = pulse_->record("alfabravo_test");
  ASSERT_TRUE(recording);
  const std::string command = "ALFABRAVO_SOCKET='" + daemon_->socket_path().string() + "' '" +
                              ALFABRAVO_CLIENT_PATH + "' --voice fr 'Ab3' > /dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << daemon_->log();
  recording->wait_for_samples(recording->sample_count() + kRecordSampleRate / 2, 5s);
  const auto samples = recording->stop();
  keep_recording("voice_fr_Ab3", samples);

  // "majuscule Anatole Berthe trois", word by word in order; and not "capital Alfa Bravo three". Through
  // PortAudio and the sound server, and since eSpeak NG's output varies a little with what it said before, a
  // word scored 0.56 to 0.99 against the clip rendered here, another language's word under 0.35: each word
  // counts from 0.45, in order and in its place.
  const auto french_clips = expected_clips("fr", "Ab3");
  const auto english_clips = expected_clips("en", "Ab3");
  const auto french = check_clip_sequence(samples, french_clips, kMaxGap, 0.45);
  const auto english = check_clip_sequence(samples, english_clips, kMaxGap, 0.45);
  EXPECT_TRUE(french.ok) << "French word " << french.failed_index << " not heard";
  EXPECT_EQ(french.matches.size(), 4u);
  for (const auto& match : french.matches)
    std::cerr << "French word at " << match.offset << ": score " << match.score << "\n";
  EXPECT_FALSE(english.ok) << "the English words were heard";
  for (const auto& match : english.matches)
    std::cerr << "English word at " << match.offset << ": score " << match.score << "\n";
}

}  // namespace
}  // namespace alfabravo::test
