#pragma once
// eSpeak NG, linked in-process, confined to one thread of its own (it is not thread-safe). Only the fixed
// vocabulary of voice files and Unicode character names is ever given to it, never a caller's text.
#include <future>
#include <memory>
#include <string>

#include "audio/pcm.hpp"
#include "voice/voice.hpp"

namespace alfabravo {

class Synthesizer {
 public:
  Synthesizer();   // starts the thread and initialises eSpeak NG on it; throws std::runtime_error on failure
  ~Synthesizer();  // words still queued get a broken_promise future_error
  Synthesizer(const Synthesizer&) = delete;
  Synthesizer& operator=(const Synthesizer&) = delete;

  // Renders one word as said in a running list (the first of "word word", cut at eSpeak NG's word event),
  // trimmed of leading silence and of its trailing decay (see silence_trim.hpp).
  // Throws std::invalid_argument at once for text that is not is_safe_clip_text() or for settings out of
  // eSpeak NG's ranges (rate 80-450, pitch 0-100, volume 0-200, a plain voice name); the future throws
  // std::invalid_argument for an unknown eSpeak NG voice and std::runtime_error if eSpeak NG fails.
  std::future<Clip> synthesize(std::string text, const SynthesisSettings& settings);
  // The eSpeak NG library's version ("1.51"), part of the clip cache's key.
  static std::string espeak_version();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Throws std::invalid_argument (saying which setting) unless eSpeak NG accepts these settings.
void validate_synthesis_settings(const SynthesisSettings& settings);

}  // namespace alfabravo
