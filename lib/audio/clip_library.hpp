#pragma once
// The clips of a voice's vocabulary, rendered once (at start-up, or read back from the on-disk cache) and
// shared read-only by the player and the renderer. Words outside the vocabulary (Unicode character names)
// are rendered on demand on the synthesizer's thread and kept.
#include <memory>
#include <span>
#include <string>

#include "audio/pcm.hpp"
#include "spelling/token.hpp"
#include "voice/voice.hpp"

namespace alfabravo {

class Synthesizer;

class ClipLibrary {
 public:
  using ClipPtr = std::shared_ptr<const Clip>;

  explicit ClipLibrary(Synthesizer& synthesizer);
  ~ClipLibrary();

  // Renders (or loads from the cache) every word of the voice at its own settings. Thread-safe.
  void prepare(const Voice& voice);
  // The clip for a token's clip text at these settings; renders it if it is not known yet. Thread-safe.
  ClipPtr clip(const std::string& text, const SynthesisSettings& settings);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace alfabravo
