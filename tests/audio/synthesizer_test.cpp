// eSpeak NG through the Synthesizer: real synthesis, real audio measurements.
#include "audio/synthesizer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "audio/clip_text.hpp"
#include "audio/silence_trim.hpp"
#include "audio_analysis.hpp"

namespace alfabravo {
namespace {

using test::peak;
using test::rms;
using test::seconds;

// The analysis library measures speech at its own copy of the clip rate.
static_assert(test::kSpeechSampleRate == kClipSampleRate);

SynthesisSettings english() {
  return SynthesisSettings{"en-gb", 150, 50, 100};
}

Clip render(Synthesizer& synthesizer, const std::string& text,
            const SynthesisSettings& settings = english()) {
  return synthesizer.synthesize(text, settings).get();
}

TEST(Synthesizer, AWordIsAudibleSpeechOfAPlausibleLength) {
  Synthesizer synthesizer;
  const Clip clip = render(synthesizer, "Bravo");
  EXPECT_GT(seconds(clip.samples.size()), 0.2);
  EXPECT_LT(seconds(clip.samples.size()), 1.2);
  EXPECT_GT(rms(clip.samples), 1000.0) << "speech, not near-silence";
  EXPECT_GT(peak(clip.samples), 8000);
}

TEST(Synthesizer, ClipsAreTrimmedAndStartAndEndWithoutAClick) {
  Synthesizer synthesizer;
  const TrimSettings trim;
  // Words chosen for soft onsets and endings (h, f, s) as well as plosives and vowels.
  for (const std::string word : {"Hotel", "Foxtrot", "Alfa", "Sierra", "Whiskey", "kebeck"}) {
    SCOPED_TRACE(word);
    const Clip clip = render(synthesizer, word);
    ASSERT_FALSE(clip.samples.empty());
    const auto loud = [&](Sample s) { return std::abs(static_cast<int>(s)) > trim.threshold; };
    const auto first = std::find_if(clip.samples.begin(), clip.samples.end(), loud) - clip.samples.begin();
    const auto from_end =
        std::find_if(clip.samples.rbegin(), clip.samples.rend(), loud) - clip.samples.rbegin();
    // Sound within the kept margin (10 ms) plus a few ms: no leading or trailing silence of eSpeak NG's.
    const auto limit = static_cast<long>(kClipSampleRate * 15 / 1000);
    EXPECT_LE(first, limit);
    EXPECT_LE(from_end, limit);
    // Faded ends: the very first and last samples are (near) zero, so joining clips does not click.
    EXPECT_LE(std::abs(clip.samples.front()), trim.threshold);
    EXPECT_LE(std::abs(clip.samples.back()), trim.threshold);
  }
}

TEST(Synthesizer, AWordIsSaidAsInARunningListNotAsASentenceOfItsOwn) {
  // "Sierra." is a sentence of its own: final fall, final lengthening, a long decay. The clip of "Sierra" is
  // the word as said with more to come, so clearly shorter, yet still the whole word.
  Synthesizer synthesizer;
  for (const std::string word : {"Sierra", "November", "Oscar", "slash", "Mike"}) {
    SCOPED_TRACE(word);
    const double listed = seconds(render(synthesizer, word).samples.size());
    const double sentence = seconds(render(synthesizer, word + ".").samples.size());
    EXPECT_LT(listed, 0.85 * sentence) << listed << " s in a list, " << sentence << " s as a sentence";
    EXPECT_GT(listed, 0.5 * sentence) << listed << " s in a list, " << sentence << " s as a sentence";
  }
}

TEST(Synthesizer, ARepeatedWordIsRecognisedAmongOthers) {
  Synthesizer synthesizer;
  const std::vector<std::string> words = {"Charlie", "Delta", "Foxtrot", "Hotel", "Kilo", "Golf", "Alfa"};
  std::vector<std::vector<Sample>> references;
  for (const auto& word : words)
    references.push_back(render(synthesizer, word).samples);
  for (std::size_t i = 0; i < words.size(); ++i) {
    EXPECT_EQ(test::identify_word(render(synthesizer, words[i]).samples, references), static_cast<int>(i))
        << words[i];
  }
}

TEST(Synthesizer, RefusesTextThatIsNotAVocabularyWord) {
  Synthesizer synthesizer;
  const std::vector<std::string> unsafe = {
      "",                        // nothing to say
      "<speak>Alfa</speak>",     // SSML
      "[[h@l'oU]]",              // phoneme input
      "Alfa; rm -rf",            // punctuation
      "Alfa\nBravo",             // control characters
      std::string("Al\0fa", 5),  // embedded NUL
      "\xff\xfe",                // invalid UTF-8
      "\xd0\xb0",                // Cyrillic a: never read a look-alike as Latin
      "\xe2\x80\xae"
      "abc",                         // right-to-left override
      std::string(300, 'a'),         // too long for a word
      "https://example.com/?k=Ab3",  // what a caller would send
  };
  for (const auto& text : unsafe) {
    SCOPED_TRACE("unsafe text of " + std::to_string(text.size()) + " bytes");
    try {
      (void)synthesizer.synthesize(text, english());
      ADD_FAILURE() << "accepted unsafe text of " << text.size() << " bytes";
    } catch (const std::invalid_argument& error) {
      if (text.size() > 3) {
        EXPECT_EQ(std::string(error.what()).find(text), std::string::npos) << "the message must not quote it";
      }
    }
  }
  // Still working after the refusals.
  EXPECT_FALSE(render(synthesizer, "Echo").samples.empty());
}

TEST(Synthesizer, AcceptsTheShapesOfVocabularyWordsAndCharacterNames) {
  Synthesizer synthesizer;
  for (const std::string text : {"x-ray", "o'clock", "latin small letter a with acute", "Dr. Who",
                                 "CJK UNIFIED IDEOGRAPH-4E00", "niner"}) {
    SCOPED_TRACE(text);
    EXPECT_GT(render(synthesizer, text).samples.size(), static_cast<std::size_t>(kClipSampleRate / 10));
  }
}

// Beyond ASCII, only words a voice file brought (admitted when a voice is loaded or prepared).
TEST(Synthesizer, SpeaksNonAsciiWordsOnlyOnceAdmitted) {
  Synthesizer synthesizer;
  const std::string word = "\xc3\x84rgerlich";  // Ärgerlich: in no shipped voice
  EXPECT_THROW((void)synthesizer.synthesize(word, english()), std::invalid_argument);
  EXPECT_EQ(admit_clip_texts({word}), 1u);
  EXPECT_GT(render(synthesizer, word).samples.size(), static_cast<std::size_t>(kClipSampleRate / 10));
}

TEST(Synthesizer, RefusesSettingsOutsideESpeakNGsRanges) {
  Synthesizer synthesizer;
  auto with = [](auto change) {
    SynthesisSettings settings = english();
    change(settings);
    return settings;
  };
  EXPECT_THROW((void)synthesizer.synthesize("Alfa", with([](auto& s) { s.rate_wpm = 79; })),
               std::invalid_argument);
  EXPECT_THROW((void)synthesizer.synthesize("Alfa", with([](auto& s) { s.rate_wpm = 451; })),
               std::invalid_argument);
  EXPECT_THROW((void)synthesizer.synthesize("Alfa", with([](auto& s) { s.pitch = 101; })),
               std::invalid_argument);
  EXPECT_THROW((void)synthesizer.synthesize("Alfa", with([](auto& s) { s.volume = -1; })),
               std::invalid_argument);
  EXPECT_THROW((void)synthesizer.synthesize("Alfa", with([](auto& s) { s.espeak_voice = ""; })),
               std::invalid_argument);
  EXPECT_THROW((void)synthesizer.synthesize("Alfa", with([](auto& s) { s.espeak_voice = "en gb"; })),
               std::invalid_argument);
}

TEST(Synthesizer, AnUnknownVoiceFailsThatWordOnly) {
  Synthesizer synthesizer;
  SynthesisSettings unknown = english();
  unknown.espeak_voice = "no-such-voice-xyz";
  auto missing = synthesizer.synthesize("Alfa", unknown);
  EXPECT_THROW(missing.get(), std::invalid_argument);
  EXPECT_FALSE(render(synthesizer, "Alfa").samples.empty());
}

TEST(Synthesizer, FasterRateGivesShorterWords) {
  Synthesizer synthesizer;
  SynthesisSettings slow = english();
  slow.rate_wpm = 100;
  SynthesisSettings fast = english();
  fast.rate_wpm = 300;
  for (const std::string word : {"November", "Uniform", "exclamation mark"}) {
    SCOPED_TRACE(word);
    const auto slow_length = render(synthesizer, word, slow).samples.size();
    const auto fast_length = render(synthesizer, word, fast).samples.size();
    EXPECT_LT(static_cast<double>(fast_length), 0.7 * static_cast<double>(slow_length));
  }
}

TEST(Synthesizer, VolumeAndPitchReachESpeakNG) {
  Synthesizer synthesizer;
  SynthesisSettings quiet = english();
  quiet.volume = 40;
  SynthesisSettings loud = english();
  loud.volume = 160;
  const double quiet_first = rms(render(synthesizer, "Golf", quiet).samples);
  EXPECT_LT(quiet_first, 0.5 * rms(render(synthesizer, "Golf", loud).samples));

  SynthesisSettings low = english();
  low.pitch = 10;
  SynthesisSettings high = english();
  high.pitch = 90;
  // eSpeak NG's pitch: count the zero crossings of the voiced sound (a higher voice crosses zero more often).
  const auto crossings = [](const std::vector<Sample>& samples) {
    std::size_t count = 0;
    for (std::size_t i = 1; i < samples.size(); ++i)
      count += (samples[i - 1] < 0) != (samples[i] < 0);
    return static_cast<double>(count) / static_cast<double>(samples.size());
  };
  EXPECT_LT(crossings(render(synthesizer, "Romeo", low).samples),
            crossings(render(synthesizer, "Romeo", high).samples));
  // Back to the first settings after loud and high ones: the loudness of the first quiet render (settings are
  // applied, not accumulated).
  EXPECT_NEAR(rms(render(synthesizer, "Golf", quiet).samples), quiet_first, 0.1 * quiet_first);
}

TEST(Synthesizer, ManyWordsFromFourThreadsAllComeBackRight) {
  Synthesizer synthesizer;
  const std::vector<std::string> words = {"Alfa", "Bravo", "Charlie", "Delta",   "Echo", "Foxtrot",
                                          "Golf", "Hotel", "India",   "Juliett", "Kilo", "Lima"};
  SynthesisSettings fast = english();
  fast.rate_wpm = 220;
  // Reference renderings, one at a time (eSpeak NG is not sample-exact: compared by sound, see
  // identify_word).
  std::vector<std::vector<Sample>> expected;
  std::vector<std::vector<Sample>> expected_fast;
  for (const auto& word : words) {
    expected.push_back(render(synthesizer, word).samples);
    expected_fast.push_back(render(synthesizer, word, fast).samples);
  }

  constexpr int kThreads = 4;
  constexpr int kRounds = 5;
  std::vector<int> wrong(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        // Each thread interleaves two rates, so settings change between words from different threads.
        std::vector<std::future<Clip>> futures;
        for (std::size_t i = 0; i < words.size(); ++i) {
          futures.push_back(synthesizer.synthesize(words[i], (i + t) % 2 ? fast : english()));
        }
        for (std::size_t i = 0; i < words.size(); ++i) {
          const auto& references = (i + t) % 2 ? expected_fast : expected;
          if (test::identify_word(futures[i].get().samples, references) != static_cast<int>(i)) ++wrong[t];
        }
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  for (int t = 0; t < kThreads; ++t)
    EXPECT_EQ(wrong[t], 0) << "thread " << t << ": words not the ones asked for";
}

TEST(Synthesizer, TwoSynthesizersCanLiveSideBySide) {
  Synthesizer first;
  Synthesizer second;
  auto a = first.synthesize("Mike", english());
  auto b = second.synthesize("Mike", english());
  const std::vector<std::vector<Sample>> references = {render(first, "Mike").samples,
                                                       render(first, "November").samples};
  EXPECT_EQ(test::identify_word(a.get().samples, references), 0);
  EXPECT_EQ(test::identify_word(b.get().samples, references), 0);
}

TEST(Synthesizer, ReportsTheESpeakNGVersion) {
  const std::string version = Synthesizer::espeak_version();
  ASSERT_FALSE(version.empty());
  EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(version.front()))) << version;
}

}  // namespace
}  // namespace alfabravo
