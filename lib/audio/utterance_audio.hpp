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
#include <memory>
#include <span>
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

// The same samples as compose(), read piece by piece instead of built whole (a render of a long text streams
// them through the encoder). Every clip is fetched by the constructor (which throws as compose() does), so
// reading cannot fail. The utterance is not kept; the order of its clips, which spells it, is wiped at the
// end.
//
// At another rate, the same layout made of the clips converted one by one (ClipLibrary::at_rate): each piece
// starts at the output sample nearest its place at kClipSampleRate (so no drift however long the text), the
// silences fill up to the next piece, and there are exactly converted_length(kClipSampleRate samples) in
// all. Between words there is silence, where a conversion of the whole would only carry the filter's ringing,
// so the two differ by each word's start moving less than half an output sample.
class UtteranceSamples {
 public:
  UtteranceSamples(const Utterance& utterance, ClipLibrary& clips, const SynthesisSettings& settings,
                   std::chrono::milliseconds word_gap, int rate = kClipSampleRate);
  ~UtteranceSamples();
  UtteranceSamples(const UtteranceSamples&) = delete;
  UtteranceSamples& operator=(const UtteranceSamples&) = delete;

  std::size_t size() const noexcept { return total_; }  // all the samples, exactly
  // Copies the next samples into `out`, as many as fit; returns how many (0 once all have been read).
  std::size_t read(std::span<Sample> out) noexcept;

 private:
  friend UtteranceAudio compose(const Utterance&, ClipLibrary&, const SynthesisSettings&,
                                std::chrono::milliseconds);
  struct Piece {
    const Clip* clip;         // null for silence
    std::size_t samples;      // the clip's length, or the silence's
    std::size_t token_index;  // the token it sounds, or kWordGap
  };
  static constexpr std::size_t kWordGap = static_cast<std::size_t>(-1);
  void convert_to(ClipLibrary& clips, int rate);
  std::vector<std::shared_ptr<const Clip>> clips_;  // keeps the clips alive, in no particular order
  std::vector<Piece> pieces_;
  std::size_t total_ = 0;
  std::size_t read_ = 0;    // samples read so far (the pieces may end a few short of total_ at another rate)
  std::size_t piece_ = 0;   // the piece being read
  std::size_t offset_ = 0;  // samples of it already read
};

}  // namespace alfabravo
