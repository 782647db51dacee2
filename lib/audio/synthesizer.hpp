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
  Synthesizer();  // starts the thread and initialises eSpeak NG on it; throws std::runtime_error on failure
  ~Synthesizer();
  Synthesizer(const Synthesizer&) = delete;
  Synthesizer& operator=(const Synthesizer&) = delete;

  // Renders one word; the clip is trimmed of leading and trailing silence.
  std::future<Clip> synthesize(std::string text, const SynthesisSettings& settings);
  static std::string espeak_version();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace alfabravo
