#pragma once
// The clips of a voice's vocabulary, rendered once (at start-up, or read back from the on-disk cache) and
// shared read-only by the player and the renderer. Words outside the vocabulary (Unicode character names)
// are rendered on demand on the synthesizer's thread and kept.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "audio/clip_cache.hpp"
#include "audio/pcm.hpp"
#include "spelling/token.hpp"
#include "voice/voice.hpp"

namespace alfabravo {

class Synthesizer;

struct ClipLibraryOptions {
  // Where prepare() keeps rendered vocabularies between runs; nullopt: no disk cache.
  std::optional<std::filesystem::path> cache_directory = ClipCache::default_directory();
  // Clips rendered on demand (character names, words at a request's own rate) that are kept in memory; beyond
  // this they are rendered for each use and dropped, so callers cannot grow the daemon without bound.
  // On-demand clips are never written to the disk cache: they could tell which characters a secret held.
  std::size_t max_on_demand_clips = 1000;
};

class ClipLibrary {
 public:
  using ClipPtr = std::shared_ptr<const Clip>;

  explicit ClipLibrary(Synthesizer& synthesizer);  // with the default cache directory (see ClipCache)
  ClipLibrary(Synthesizer& synthesizer, ClipLibraryOptions options);
  ~ClipLibrary();

  // Renders (or loads from the cache) every word of the voice at its own settings. Thread-safe.
  // Throws std::invalid_argument for settings or words eSpeak NG must not be given (a bad voice file) and
  // std::runtime_error if synthesis fails; the words that did render are kept.
  void prepare(const Voice& voice);
  // The same at other settings (e.g. a configured rate that overrides the voice's), so requests at those
  // settings find every word ready.
  void prepare(const Voice& voice, const SynthesisSettings& settings);
  // prepare() in two steps, so that a daemon can serve while the clips are loaded or rendered:
  // start_preparing() claims every word of the voice at once (from then on, clip() for one of them waits for
  // it instead of rendering it again) and validates the settings (throwing as prepare() does); the returned
  // job, run on any thread, loads or renders them. The job must be run (it settles every claim, with the clip
  // or the error).
  class Preparation;
  Preparation start_preparing(const Voice& voice);
  // The clip for a token's clip text at these settings; renders it if it is not known yet (callers asking
  // for the same clip meanwhile wait for that one rendering). Thread-safe. Throws as Synthesizer does.
  ClipPtr clip(const std::string& text, const SynthesisSettings& settings);

  // The clip converted to `rate` (the clip itself at kClipSampleRate), resampled on first use and kept while
  // the clip lives: a render at another rate is then a copy of its words, not a conversion of all its audio.
  // Thread-safe. Throws as resample() does.
  ClipPtr at_rate(const ClipPtr& clip, int rate);

  // Statistics, for tests and the daemon's log: clips held, and how each came to be.
  std::size_t size() const;
  std::size_t clips_synthesized() const;  // rendered by eSpeak NG in this library's lifetime
  std::size_t clips_loaded_from_cache() const;
  std::size_t cache_writes() const;  // vocabularies successfully written to the disk cache

 private:
  struct Impl;
  struct Claims;
  std::shared_ptr<Claims> claim_vocabulary(const Voice& voice, const SynthesisSettings& settings);
  std::unique_ptr<Impl> impl_;
};

class ClipLibrary::Preparation {
 public:
  explicit Preparation(std::shared_ptr<Claims> claims) : claims_(std::move(claims)) {}
  // Loads or renders the claimed words; throws as prepare() does. Runs once: later calls do nothing.
  void run();

 private:
  std::shared_ptr<Claims> claims_;
};

}  // namespace alfabravo
