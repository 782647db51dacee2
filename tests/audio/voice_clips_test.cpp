// Every word of every shipped voice, synthesized by the real eSpeak NG: Debian's 1.51 crashes or goes silent
// on some strings, so a voice file is only shipped once each of its clips is known to be sound.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <future>
#include <string>
#include <vector>

#include "alfabravo/build_config.hpp"
#include "audio/clip_text.hpp"
#include "audio/synthesizer.hpp"
#include "audio_analysis.hpp"
#include "voice/voice_loader.hpp"
#include "voice/voice_vocabulary.hpp"

namespace alfabravo {
namespace {

using test::peak;
using test::rms;
using test::seconds;

std::vector<std::string> shipped_voices() {
  return available_voices({std::filesystem::path(build::kSourceVoicesDir)});
}

TEST(ShippedVoices, EnglishAndAtLeastEightNationalVoices) {
  const auto names = shipped_voices();
  for (const char* name : {"en", "de", "fr", "it", "es", "nl", "sv", "pl", "pt"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
}

class EveryClip : public ::testing::TestWithParam<std::string> {};

// Non-silent, a length a spoken word or short phrase has, and never at full scale (clipped).
void expect_sound_clip(const Clip& clip, const std::string& text) {
  SCOPED_TRACE("clip of " + std::to_string(text.size()) + " bytes: " + text);
  const double length = seconds(clip.samples.size());
  EXPECT_GE(length, 0.06);  // the shortest, Portuguese "um" (one), is 75 ms
  EXPECT_LE(length, 4.0);
  EXPECT_GT(rms(clip.samples), 500.0);
  const auto full_scale = std::count_if(clip.samples.begin(), clip.samples.end(),
                                        [](Sample s) { return s >= 32700 || s <= -32700; });
  EXPECT_LE(full_scale, 2) << "peak " << peak(clip.samples);
}

TEST_P(EveryClip, IsSoundAtTheVoicesOwnSettings) {
  auto voice = find_voice(GetParam(), {std::filesystem::path(build::kSourceVoicesDir)});
  ASSERT_TRUE(voice.has_value()) << voice.error().message;
  const std::vector<std::string> words = vocabulary(*voice);
  ASSERT_EQ(admit_clip_texts(words), words.size()) << "the gate refuses a word the loader accepted";

  Synthesizer synthesizer;
  std::vector<std::future<Clip>> clips;
  for (const auto& word : words)
    clips.push_back(synthesizer.synthesize(word, voice->synthesis));
  for (std::size_t i = 0; i < words.size(); ++i)
    expect_sound_clip(clips[i].get(), words[i]);

  // The names of characters the alphabet has no word for, in its names voice.
  SynthesisSettings names = voice->synthesis;
  names.espeak_voice = voice->names_espeak_voice;
  const std::string name = "cyrillic small letter zhe";
  expect_sound_clip(synthesizer.synthesize(name, names).get(), name);
}

INSTANTIATE_TEST_SUITE_P(ShippedVoices, EveryClip, ::testing::ValuesIn(shipped_voices()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace alfabravo
