#pragma once
// Joins an utterance's clips and silences into one PCM stream, and remembers where each token starts so
// progress can be reported as the words are heard. Shared by the player and the renderer.
//
// Layout: each word token is its clip; two words next to each other are separated by word_gap of silence;
// a pause token is silence of its own length and takes the place of the word gap at that spot (so a group
// pause of 400 ms between two words gives exactly 400 ms, not 400 ms plus the word gap). Pauses at the start
// or end of an utterance are kept as they are. Hence, exactly:
//   samples = sum(clip lengths) + sum(pause lengths) + word_gap * (pairs of adjacent words with no pause
//   between)
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
  std::vector<Sample> samples;   // mono, kClipSampleRate
  std::vector<TokenMark> marks;  // one per token, in order
};

// Samples of silence that last `duration` at kClipSampleRate (rounded down; negative durations give 0).
std::size_t silence_samples(std::chrono::milliseconds duration) noexcept;

// word_gap: silence between words (the voice's pauses.word unless the request overrides it).
// The clips are taken from `clips` at `settings`, rendered on demand if the library does not have them yet.
// Throws std::invalid_argument for a word token without clip text, and whatever ClipLibrary::clip throws.
UtteranceAudio compose(const Utterance& utterance, ClipLibrary& clips, const SynthesisSettings& settings,
                       std::chrono::milliseconds word_gap);

}  // namespace alfabravo
