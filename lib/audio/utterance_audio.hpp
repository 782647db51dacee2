#pragma once
// Joins an utterance's clips and silences into one PCM stream, and remembers where each token starts so
// progress can be reported as the words are heard. Shared by the player and the renderer.
#include <chrono>
#include <cstddef>
#include <vector>

#include "audio/pcm.hpp"
#include "spelling/token.hpp"
#include "voice/voice.hpp"

namespace alfabravo {

class ClipLibrary;

struct TokenMark {
  std::size_t sample_offset;  // where the token's sound (or pause) starts in UtteranceAudio::samples
  std::size_t token_index;    // index into the utterance
  std::size_t source_index;   // the token's source character index
};

struct UtteranceAudio {
  std::vector<Sample> samples;  // mono, kClipSampleRate
  std::vector<TokenMark> marks; // one per token, in order
};

// word_gap: silence between words (the voice's pauses.word unless the request overrides it).
UtteranceAudio compose(const Utterance& utterance, ClipLibrary& clips, const SynthesisSettings& settings,
                       std::chrono::milliseconds word_gap);

}  // namespace alfabravo
