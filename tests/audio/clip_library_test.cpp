// The clip library with real eSpeak NG and the real English voice file.
#include "audio/clip_library.hpp"

#include <gtest/gtest.h>

#include <alfabravo/build_config.hpp>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "audio/resample.hpp"
#include "audio/synthesizer.hpp"
#include "audio_analysis.hpp"
#include "temp_dir.hpp"
#include "voice/voice_loader.hpp"
#include "voice/voice_vocabulary.hpp"

namespace alfabravo {
namespace {

using test::TempDir;

Voice english_voice() {
  auto voice = load_voice_file(std::filesystem::path(build::kSourceVoicesDir) / "en.toml");
  if (!voice) throw std::runtime_error(voice.error().message);
  return *voice;
}

class ClipLibraryTest : public ::testing::Test {
 protected:
  Synthesizer synthesizer;
  Voice voice = english_voice();
  TempDir cache_directory;
  ClipLibraryOptions no_cache{std::nullopt};
  ClipLibraryOptions with_cache{cache_directory.path()};

  std::vector<std::filesystem::path> cache_files() const {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(cache_directory.path())) {
      files.push_back(entry.path());
    }
    return files;
  }
};

// Several voices in one cache directory: each keeps its own file, and a restart loads every one of them.
TEST_F(ClipLibraryTest, SeveralVoicesCoexistInTheCache) {
  std::vector<Voice> voices{voice};
  for (const char* name : {"de", "fr"}) {
    auto loaded =
        load_voice_file(std::filesystem::path(build::kSourceVoicesDir) / (std::string(name) + ".toml"));
    ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
    voices.push_back(*loaded);
  }
  std::size_t words = 0;
  {
    ClipLibrary first(synthesizer, with_cache);
    for (const auto& each : voices) {
      first.prepare(each);
      words += vocabulary(each).size();
    }
    EXPECT_EQ(first.cache_writes(), voices.size());
  }
  EXPECT_EQ(cache_files().size(), voices.size());
  ClipLibrary restarted(synthesizer, with_cache);
  for (const auto& each : voices)
    restarted.prepare(each);
  EXPECT_EQ(restarted.clips_loaded_from_cache(), words);
  EXPECT_EQ(restarted.clips_synthesized(), 0u);
}

TEST_F(ClipLibraryTest, PrepareRendersEveryVocabularyWord) {
  ClipLibrary library(synthesizer, no_cache);
  library.prepare(voice);
  const auto words = vocabulary(voice);
  ASSERT_GT(words.size(), 60u);  // 26 letters, digits, symbols, case words...
  EXPECT_EQ(library.clips_synthesized(), words.size());
  EXPECT_EQ(library.size(), words.size());
  for (const auto& word : words) {
    SCOPED_TRACE(word);
    const auto clip = library.clip(word, voice.synthesis);
    ASSERT_TRUE(clip);
    EXPECT_GT(test::seconds(clip->samples.size()), 0.1);
    EXPECT_LT(test::seconds(clip->samples.size()), 2.0);
    EXPECT_GT(test::rms(clip->samples), 500.0);
  }
  EXPECT_EQ(library.clips_synthesized(), words.size()) << "clip() found them all: nothing rendered again";
  library.prepare(voice);
  EXPECT_EQ(library.clips_synthesized(), words.size()) << "a second prepare() renders nothing";
}

TEST_F(ClipLibraryTest, TheCacheRoundTripsWithoutSynthesizing) {
  const auto words = vocabulary(voice);
  ClipLibrary first(synthesizer, with_cache);
  first.prepare(voice);
  EXPECT_EQ(first.clips_synthesized(), words.size());
  EXPECT_EQ(first.cache_writes(), 1u);
  ASSERT_EQ(cache_files().size(), 1u);

  ClipLibrary second(synthesizer, with_cache);
  second.prepare(voice);
  EXPECT_EQ(second.clips_synthesized(), 0u);
  EXPECT_EQ(second.clips_loaded_from_cache(), words.size());
  EXPECT_EQ(second.cache_writes(), 0u);
  for (const auto& word : words) {
    EXPECT_EQ(second.clip(word, voice.synthesis)->samples, first.clip(word, voice.synthesis)->samples)
        << word;
  }
  EXPECT_EQ(second.clips_synthesized(), 0u);
}

// A daemon serves while its clips are loaded: a request asking for a word between start_preparing() and the
// end of the job waits for that job's clip (from the cache here) rather than rendering the word itself.
TEST_F(ClipLibraryTest, AClipAskedForWhilePreparingWaitsForThePreparedOne) {
  const auto words = vocabulary(voice);
  {
    ClipLibrary first(synthesizer, with_cache);
    first.prepare(voice);
  }
  ClipLibrary library(synthesizer, with_cache);
  auto preparation = library.start_preparing(voice);
  EXPECT_EQ(library.size(), words.size()) << "every word is claimed at once";
  std::vector<Sample> asked;
  std::thread request([&] { asked = library.clip(words.front(), voice.synthesis)->samples; });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the request is waiting by now
  preparation.run();
  request.join();
  EXPECT_EQ(library.clips_synthesized(), 0u) << "the waiting request did not render the word itself";
  EXPECT_EQ(library.clips_loaded_from_cache(), words.size());
  EXPECT_EQ(asked, library.clip(words.front(), voice.synthesis)->samples);
  EXPECT_FALSE(asked.empty());
  preparation.run();  // a second run does nothing
  EXPECT_EQ(library.clips_loaded_from_cache(), words.size());
}

// A render at another rate copies its words' clips converted once: the same conversion is handed out again,
// and one made for a clip that has since gone is never handed out for another clip.
TEST_F(ClipLibraryTest, ClipsAreConvertedToARateOnceWhileTheyLive) {
  ClipLibrary library(synthesizer, no_cache);
  const auto alfa = library.clip("Alfa", voice.synthesis);
  EXPECT_EQ(library.at_rate(alfa, kClipSampleRate), alfa);
  const auto at_8k = library.at_rate(alfa, 8000);
  EXPECT_EQ(at_8k->samples, resample(alfa->samples, kClipSampleRate, 8000));
  EXPECT_EQ(library.at_rate(alfa, 8000), at_8k) << "converted once";
  EXPECT_NE(library.at_rate(alfa, 16000), at_8k);
  auto brief = std::make_shared<const Clip>(Clip{std::vector<Sample>(441, 1000)});
  const Clip* address = brief.get();
  EXPECT_EQ(library.at_rate(brief, 8000)->samples.size(), 160u);
  brief.reset();
  auto other = std::make_shared<const Clip>(Clip{std::vector<Sample>(882, -1000)});
  if (other.get() == address) {  // the allocator reused the address: the old conversion must not come back
    EXPECT_EQ(library.at_rate(other, 8000)->samples.size(), 320u);
  }
  EXPECT_EQ(library.at_rate(other, 8000)->samples, resample(other->samples, kClipSampleRate, 8000));
}

TEST_F(ClipLibraryTest, OtherSettingsAreAnotherCacheEntry) {
  ClipLibrary first(synthesizer, with_cache);
  first.prepare(voice);
  Voice faster = voice;
  faster.synthesis.rate_wpm = 220;
  ClipLibrary second(synthesizer, with_cache);
  second.prepare(faster);
  EXPECT_EQ(second.clips_loaded_from_cache(), 0u);
  EXPECT_EQ(second.clips_synthesized(), vocabulary(voice).size());
  EXPECT_EQ(cache_files().size(), 2u);
}

TEST_F(ClipLibraryTest, ACorruptCacheFileIsIgnoredAndRewritten) {
  const auto words = vocabulary(voice);
  {
    ClipLibrary writer(synthesizer, with_cache);
    writer.prepare(voice);
  }
  ASSERT_EQ(cache_files().size(), 1u);
  const auto file = cache_files().front();
  // Corrupt one sample in the middle of the file: lengths stay plausible, only the checksum can tell.
  {
    std::fstream stream(file, std::ios::in | std::ios::out | std::ios::binary);
    stream.seekp(static_cast<std::streamoff>(std::filesystem::file_size(file) / 2));
    stream.put('\x7f');
    stream.put('\x7f');
  }
  ClipLibrary after_corruption(synthesizer, with_cache);
  after_corruption.prepare(voice);
  EXPECT_EQ(after_corruption.clips_loaded_from_cache(), 0u);
  EXPECT_EQ(after_corruption.clips_synthesized(), words.size());
  EXPECT_EQ(after_corruption.cache_writes(), 1u);

  std::filesystem::resize_file(file, 100);  // truncated
  ClipLibrary after_truncation(synthesizer, with_cache);
  after_truncation.prepare(voice);
  EXPECT_EQ(after_truncation.clips_synthesized(), words.size());

  ClipLibrary after_rewrite(synthesizer, with_cache);
  after_rewrite.prepare(voice);
  EXPECT_EQ(after_rewrite.clips_synthesized(), 0u);
  EXPECT_EQ(after_rewrite.clips_loaded_from_cache(), words.size());
}

TEST_F(ClipLibraryTest, AnUnusableCacheDirectoryStillPrepares) {
  const auto blocker = cache_directory.path() / "not-a-directory";
  { std::ofstream(blocker) << "x"; }
  ClipLibrary library(synthesizer, ClipLibraryOptions{blocker / "alfabravo"});
  library.prepare(voice);
  EXPECT_EQ(library.clips_synthesized(), vocabulary(voice).size());
  EXPECT_EQ(library.cache_writes(), 0u);
}

TEST_F(ClipLibraryTest, WordsOutsideTheVocabularyAreRenderedOnceOnDemand) {
  ClipLibrary library(synthesizer, no_cache);
  const std::string name = "cyrillic small letter a";
  std::vector<ClipLibrary::ClipPtr> results(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i] { results[i] = library.clip(name, voice.synthesis); });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(library.clips_synthesized(), 1u);
  for (const auto& result : results) {
    ASSERT_TRUE(result);
    EXPECT_EQ(result.get(), results.front().get()) << "one shared clip";
  }
  EXPECT_GT(test::seconds(results.front()->samples.size()), 0.5);
}

TEST_F(ClipLibraryTest, OnDemandClipsAreKeptUpToALimit) {
  ClipLibraryOptions options{std::nullopt};
  options.max_on_demand_clips = 2;
  ClipLibrary library(synthesizer, options);
  const auto first = library.clip("latin small letter a with acute", voice.synthesis);
  const auto second = library.clip("latin small letter e with grave", voice.synthesis);
  EXPECT_EQ(library.size(), 2u);
  EXPECT_EQ(library.clip("latin small letter a with acute", voice.synthesis).get(), first.get()) << "kept";
  EXPECT_EQ(library.clips_synthesized(), 2u);

  // Full: a third word is rendered for each use and not kept.
  const auto third = library.clip("greek small letter alpha", voice.synthesis);
  EXPECT_GT(test::seconds(third->samples.size()), 0.3);
  EXPECT_EQ(library.size(), 2u);
  (void)library.clip("greek small letter alpha", voice.synthesis);
  EXPECT_EQ(library.clips_synthesized(), 4u);

  // A prepared vocabulary does not count against the limit.
  library.prepare(voice);
  EXPECT_EQ(library.size(), 2u + vocabulary(voice).size());
}

TEST_F(ClipLibraryTest, AVoiceCanBePreparedAtAConfiguredRate) {
  ClipLibrary library(synthesizer, no_cache);
  SynthesisSettings configured = voice.synthesis;
  configured.rate_wpm = 190;
  library.prepare(voice, configured);
  const std::size_t words = vocabulary(voice).size();
  EXPECT_EQ(library.clips_synthesized(), words);
  for (const auto& word : vocabulary(voice))
    (void)library.clip(word, configured);
  EXPECT_EQ(library.clips_synthesized(), words) << "every word was ready at the configured rate";
  (void)library.clip("Alfa", voice.synthesis);
  EXPECT_EQ(library.clips_synthesized(), words + 1) << "the voice's own rate was not prepared";
}

TEST_F(ClipLibraryTest, ARequestRateRendersItsOwnClips) {
  ClipLibrary library(synthesizer, no_cache);
  library.prepare(voice);
  const std::size_t prepared = library.clips_synthesized();
  SynthesisSettings fast = voice.synthesis;
  fast.rate_wpm = 300;
  const auto normal = library.clip("November", voice.synthesis);
  const auto quick = library.clip("November", fast);
  EXPECT_EQ(library.clips_synthesized(), prepared + 1);
  EXPECT_LT(static_cast<double>(quick->samples.size()), 0.75 * static_cast<double>(normal->samples.size()));
}

TEST_F(ClipLibraryTest, AFailedWordIsReportedAndCanBeRetried) {
  ClipLibrary library(synthesizer, no_cache);
  EXPECT_THROW(library.clip("a<b", voice.synthesis), std::invalid_argument);
  SynthesisSettings unknown = voice.synthesis;
  unknown.espeak_voice = "no-such-voice-xyz";
  EXPECT_THROW(library.clip("Alfa", unknown), std::invalid_argument);
  EXPECT_THROW(library.clip("Alfa", unknown), std::invalid_argument);
  EXPECT_EQ(library.size(), 0u);
  EXPECT_TRUE(library.clip("Alfa", voice.synthesis));
}

TEST_F(ClipLibraryTest, AVoiceWithAnUnsafeWordIsRefused) {
  Voice broken = voice;
  broken.letters.at(U"a").speak = "<audio src='x'/>";
  ClipLibrary library(synthesizer, with_cache);
  EXPECT_THROW(library.prepare(broken), std::invalid_argument);
  EXPECT_TRUE(cache_files().empty()) << "nothing cached from a failed prepare";
}

}  // namespace
}  // namespace alfabravo
