// Composing an utterance: exact lengths, marks, and the clips where the marks say.
#include "audio/utterance_audio.hpp"

#include <gtest/gtest.h>

#include <alfabravo/build_config.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>

#include "audio/clip_library.hpp"
#include "audio/synthesizer.hpp"
#include "spelling/speller.hpp"
#include "voice/voice_loader.hpp"

namespace alfabravo {
namespace {

using namespace std::chrono_literals;

Token word(std::string text, std::size_t source) {
  Token token;
  token.kind = TokenKind::letter;
  token.display = text;
  token.clip = std::move(text);
  token.source_index = source;
  return token;
}

Token pause(std::chrono::milliseconds length, std::size_t source) {
  Token token;
  token.kind = TokenKind::pause;
  token.pause = length;
  token.source_index = source;
  return token;
}

bool all_zero(const std::vector<Sample>& samples, std::size_t begin, std::size_t length) {
  return std::all_of(samples.begin() + static_cast<std::ptrdiff_t>(begin),
                     samples.begin() + static_cast<std::ptrdiff_t>(begin + length),
                     [](Sample s) { return s == 0; });
}

bool holds(const std::vector<Sample>& samples, std::size_t offset, const Clip& clip) {
  return offset + clip.samples.size() <= samples.size() &&
         std::equal(clip.samples.begin(), clip.samples.end(),
                    samples.begin() + static_cast<std::ptrdiff_t>(offset));
}

class ComposeTest : public ::testing::Test {
 protected:
  Synthesizer synthesizer;
  ClipLibrary library{synthesizer, ClipLibraryOptions{std::nullopt}};
  SynthesisSettings settings{"en-gb", 150, 50, 100};

  std::size_t length_of(const std::string& text) { return library.clip(text, settings)->samples.size(); }
};

TEST_F(ComposeTest, SilenceSamplesAreExact) {
  EXPECT_EQ(silence_samples(0ms), 0u);
  EXPECT_EQ(silence_samples(-5ms), 0u);
  EXPECT_EQ(silence_samples(1000ms), static_cast<std::size_t>(kClipSampleRate));
  EXPECT_EQ(silence_samples(120ms), 2646u);
  EXPECT_EQ(silence_samples(1ms), 22u);  // 22.05 rounded down
}

TEST_F(ComposeTest, WordsAreJoinedWithWordGapsAndPausesReplaceThem) {
  // "capital Alfa, [group pause] Bravo three [pause] [pause] Echo"
  const Utterance utterance = {word("capital", 0), word("Alfa", 0), pause(700ms, 1), word("Bravo", 1),
                               word("three", 2),   pause(350ms, 3), pause(100ms, 3), word("Echo", 4)};
  const auto gap = 120ms;
  const UtteranceAudio audio = compose(utterance, library, settings, gap);

  const std::size_t expected = length_of("capital") + length_of("Alfa") + length_of("Bravo") +
                               length_of("three") + length_of("Echo") + silence_samples(700ms) +
                               silence_samples(350ms) + silence_samples(100ms) +
                               2 * silence_samples(gap);  // capital|Alfa, Bravo|three
  EXPECT_EQ(audio.samples.size(), expected);

  ASSERT_EQ(audio.marks.size(), utterance.size());
  std::size_t offset = 0;
  for (std::size_t i = 0; i < utterance.size(); ++i) {
    SCOPED_TRACE(i);
    const TokenMark& mark = audio.marks[i];
    EXPECT_EQ(mark.token_index, i);
    EXPECT_EQ(mark.source_index, utterance[i].source_index);
    const bool gap_before = i > 0 && !utterance[i].is_pause() && !utterance[i - 1].is_pause();
    if (gap_before) {
      EXPECT_TRUE(all_zero(audio.samples, offset, silence_samples(gap)));
      offset += silence_samples(gap);
    }
    EXPECT_EQ(mark.sample_offset, offset);
    if (utterance[i].is_pause()) {
      EXPECT_TRUE(all_zero(audio.samples, offset, silence_samples(utterance[i].pause)));
      offset += silence_samples(utterance[i].pause);
    } else {
      const auto clip = library.clip(utterance[i].clip, settings);
      EXPECT_TRUE(holds(audio.samples, offset, *clip))
          << "the clip of " << utterance[i].clip << " is at its mark";
      offset += clip->samples.size();
    }
  }
  EXPECT_EQ(offset, audio.samples.size());
}

TEST_F(ComposeTest, LeadingAndTrailingPausesAreKept) {
  const Utterance utterance = {pause(200ms, 0), word("Kilo", 0), pause(300ms, 1)};
  const auto audio = compose(utterance, library, settings, 120ms);
  EXPECT_EQ(audio.samples.size(), silence_samples(200ms) + length_of("Kilo") + silence_samples(300ms));
  ASSERT_EQ(audio.marks.size(), 3u);
  EXPECT_EQ(audio.marks[1].sample_offset, silence_samples(200ms));
  EXPECT_EQ(audio.marks[2].sample_offset, silence_samples(200ms) + length_of("Kilo"));
}

TEST_F(ComposeTest, AnEmptyUtteranceIsSilentAndHasNoMarks) {
  const auto audio = compose({}, library, settings, 120ms);
  EXPECT_TRUE(audio.samples.empty());
  EXPECT_TRUE(audio.marks.empty());
}

TEST_F(ComposeTest, TheRequestsRateIsUsed) {
  const Utterance utterance = {word("November", 0), word("Oscar", 1)};
  SynthesisSettings fast = settings;
  fast.rate_wpm = 300;
  const auto normal = compose(utterance, library, settings, 100ms);
  const auto quick = compose(utterance, library, fast, 100ms);
  EXPECT_LT(static_cast<double>(quick.samples.size()), 0.8 * static_cast<double>(normal.samples.size()));
  EXPECT_TRUE(holds(quick.samples, 0, *library.clip("November", fast)));
}

TEST_F(ComposeTest, AWordWithoutClipTextIsAnError) {
  Token broken = word("Alfa", 0);
  broken.clip.clear();
  EXPECT_THROW(compose({broken}, library, settings, 100ms), std::invalid_argument);
}

TEST_F(ComposeTest, UnsafeClipTextNeverReachesESpeakNG) {
  EXPECT_THROW(compose({word("Alfa", 0), word("hello; <b>", 1)}, library, settings, 100ms),
               std::invalid_argument);
}

TEST(ComposeSpelledText, EveryTokenOfARealSpellingIsPlacedWhereItsMarkSays) {
  auto voice = load_voice_file(std::filesystem::path(build::kSourceVoicesDir) / "en.toml");
  ASSERT_TRUE(voice) << voice.error().message;
  SpellingOptions options;
  options.mode = SpellMode::password;  // groups of four: pause tokens between the groups
  auto utterance = spell("Ab3/x\xc3\xa9Z9k", *voice, options);  // a character name too: "é"
  ASSERT_TRUE(utterance) << utterance.error().message;
  ASSERT_TRUE(std::any_of(utterance->begin(), utterance->end(), [](const Token& t) { return t.is_pause(); }));

  Synthesizer synthesizer;
  ClipLibrary library(synthesizer, ClipLibraryOptions{std::nullopt});
  library.prepare(*voice);
  const auto audio = compose(*utterance, library, voice->synthesis, voice->pauses.word);

  ASSERT_EQ(audio.marks.size(), utterance->size());
  std::size_t expected_length = 0;
  for (std::size_t i = 0; i < utterance->size(); ++i) {
    const Token& token = (*utterance)[i];
    const TokenMark& mark = audio.marks[i];
    EXPECT_EQ(mark.token_index, i);
    EXPECT_EQ(mark.source_index, token.source_index);
    if (i > 0) {
      EXPECT_GE(mark.sample_offset, audio.marks[i - 1].sample_offset);
    }
    if (token.is_pause()) {
      EXPECT_TRUE(all_zero(audio.samples, mark.sample_offset, silence_samples(token.pause)));
      expected_length += silence_samples(token.pause);
    } else {
      const auto clip = library.clip(token.clip, voice->synthesis);
      EXPECT_TRUE(holds(audio.samples, mark.sample_offset, *clip)) << token.display;
      expected_length += clip->samples.size();
      if (i > 0 && !(*utterance)[i - 1].is_pause()) expected_length += silence_samples(voice->pauses.word);
    }
  }
  EXPECT_EQ(audio.samples.size(), expected_length);
  // Source indices run through the text: the last token speaks its last character (index 8).
  EXPECT_EQ(audio.marks.back().source_index, 8u);
}

}  // namespace
}  // namespace alfabravo
