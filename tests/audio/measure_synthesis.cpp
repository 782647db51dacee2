// Prints the synthesis figures the issue asks for: how long a voice takes to be ready cold (eSpeak NG renders
// every word) and warm (the disk cache), and how fast rendering to a file format is.
// Usage: measure_synthesis [voice.toml] (default: the source tree's voices/en.toml)
#include <alfabravo/build_config.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <vector>

#include "audio/clip_library.hpp"
#include "audio/render_encoder.hpp"
#include "audio/synthesizer.hpp"
#include "temp_dir.hpp"
#include "voice/voice_loader.hpp"
#include "voice/voice_vocabulary.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double milliseconds_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  using namespace alfabravo;
  const std::filesystem::path file =
      argc > 1 ? std::filesystem::path(argv[1]) : std::filesystem::path(build::kSourceVoicesDir) / "en.toml";
  auto loaded = load_voice_file(file);
  if (!loaded) {
    std::fprintf(stderr, "%s\n", loaded.error().message.c_str());
    return 1;
  }
  const Voice& voice = *loaded;
  const std::size_t words = vocabulary(voice).size();

  // First start of the process: eSpeak NG initialisation, voice and dictionary loading, every word.
  auto start = Clock::now();
  Synthesizer synthesizer;
  ClipLibrary first(synthesizer, ClipLibraryOptions{std::nullopt});
  first.prepare(voice);
  const double first_cold = milliseconds_since(start);

  constexpr int kRuns = 7;
  std::vector<double> cold;
  for (int i = 0; i < kRuns; ++i) {
    ClipLibrary library(synthesizer, ClipLibraryOptions{std::nullopt});
    start = Clock::now();
    library.prepare(voice);
    cold.push_back(milliseconds_since(start));
  }

  const test::TempDir scratch("alfabravo-measure");
  const std::filesystem::path& cache_directory = scratch.path();
  { ClipLibrary(synthesizer, ClipLibraryOptions{cache_directory}).prepare(voice); }
  std::vector<double> warm;
  std::size_t loaded_from_cache = 0;
  for (int i = 0; i < kRuns; ++i) {
    ClipLibrary library(synthesizer, ClipLibraryOptions{cache_directory});
    start = Clock::now();
    library.prepare(voice);
    warm.push_back(milliseconds_since(start));
    loaded_from_cache = library.clips_loaded_from_cache();
  }
  std::uintmax_t cache_bytes = 0;
  for (const auto& entry : std::filesystem::directory_iterator(cache_directory))
    cache_bytes += entry.file_size();

  // Render speed: every clip of the vocabulary joined, encoded in each format.
  std::vector<Sample> audio;
  for (const auto& word : vocabulary(voice)) {
    const auto clip = first.clip(word, voice.synthesis);
    audio.insert(audio.end(), clip->samples.begin(), clip->samples.end());
  }
  const double audio_seconds = static_cast<double>(audio.size()) / kClipSampleRate;

  std::printf("voice %s: %zu clips, eSpeak NG %s, %s\n", voice.name.c_str(), words,
              Synthesizer::espeak_version().c_str(), file.c_str());
  std::printf("cold, first in process (eSpeak NG init + every word): %.1f ms\n", first_cold);
  std::printf("cold prepare (no cache), median of %d: %.1f ms (min %.1f, max %.1f)\n", kRuns, median(cold),
              *std::min_element(cold.begin(), cold.end()), *std::max_element(cold.begin(), cold.end()));
  std::printf("warm prepare (disk cache, %zu clips loaded, %.1f MB file), median of %d: %.1f ms (min %.1f)\n",
              loaded_from_cache, static_cast<double>(cache_bytes) / 1e6, kRuns, median(warm),
              *std::min_element(warm.begin(), warm.end()));
  for (const RenderFormat format : all_render_formats()) {
    std::vector<double> times;
    for (int i = 0; i < 5; ++i) {
      start = Clock::now();
      const auto bytes = encode_audio(audio, format);
      times.push_back(milliseconds_since(start));
    }
    const double ms = median(times);
    std::printf("render %-6s: %.1f s of audio in %.1f ms = %.0fx real time\n",
                std::string(to_string(format)).c_str(), audio_seconds, ms, audio_seconds * 1000.0 / ms);
  }
  return 0;
}
