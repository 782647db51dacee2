#include "audio/utterance_audio.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "audio/clip_library.hpp"
#include "audio/resample.hpp"
#include "core/secret.hpp"

namespace alfabravo {

std::size_t silence_samples(std::chrono::milliseconds duration) noexcept {
  if (duration.count() <= 0) return 0;
  return static_cast<std::size_t>(duration.count()) * kClipSampleRate / 1000;
}

UtteranceSamples::UtteranceSamples(const Utterance& utterance, ClipLibrary& clips,
                                   const SynthesisSettings& settings, std::chrono::milliseconds word_gap,
                                   int rate) {
  // Every clip is fetched first: words not rendered yet are synthesized before any sample is read, and a
  // failure leaves nothing half-read.
  pieces_.reserve(2 * utterance.size());
  const std::size_t gap = silence_samples(word_gap);
  bool previous_was_word = false;
  for (std::size_t i = 0; i < utterance.size(); ++i) {
    const Token& token = utterance[i];
    if (token.is_pause()) {
      pieces_.push_back({nullptr, silence_samples(token.pause), i});
      previous_was_word = false;
      continue;
    }
    if (token.clip.empty()) {
      throw std::invalid_argument("token " + std::to_string(i) + " is a word without clip text");
    }
    SynthesisSettings own = settings;
    if (!token.espeak_voice.empty()) own.espeak_voice = token.espeak_voice;
    auto clip = clips.clip(token.clip, own);
    if (previous_was_word) pieces_.push_back({nullptr, gap, kWordGap});
    pieces_.push_back({clip.get(), clip->samples.size(), i});
    clips_.push_back(std::move(clip));
    previous_was_word = true;
  }
  for (const Piece& piece : pieces_)
    total_ += piece.samples;
  if (rate != kClipSampleRate) convert_to(clips, rate);
  // Kept alive, but not in the utterance's order: that order spells the text.
  std::sort(clips_.begin(), clips_.end());
  clips_.erase(std::unique(clips_.begin(), clips_.end()), clips_.end());
}

void UtteranceSamples::convert_to(ClipLibrary& clips, int rate) {
  // clips_ holds the word pieces' clips in their order still (it is sorted after this).
  const std::size_t words = clips_.size();
  std::size_t word = 0;
  std::size_t from = 0;  // where the piece starts at kClipSampleRate
  std::size_t at = 0;    // and at `rate`
  for (Piece& piece : pieces_) {
    const std::size_t to = from + piece.samples;
    if (piece.clip != nullptr && word < words) {
      auto converted = clips.at_rate(clips_[word++], rate);
      piece.clip = converted.get();
      piece.samples = converted->samples.size();
      clips_.push_back(std::move(converted));
    } else {
      const std::size_t end = converted_length(to, kClipSampleRate, rate);
      piece.samples = end > at ? end - at : 0;  // shorter by what the word before it ran over
    }
    at += piece.samples;
    from = to;
  }
  total_ = converted_length(total_, kClipSampleRate, rate);
}

UtteranceSamples::~UtteranceSamples() {
  wipe(pieces_);
}

std::size_t UtteranceSamples::read(std::span<Sample> out) noexcept {
  out = out.first(std::min(out.size(), total_ - read_));  // a last word running over the end is cut
  std::size_t filled = 0;
  while (filled < out.size() && piece_ < pieces_.size()) {
    const Piece& piece = pieces_[piece_];
    const std::size_t count = std::min(out.size() - filled, piece.samples - offset_);
    if (piece.clip == nullptr) {
      std::fill_n(out.begin() + static_cast<std::ptrdiff_t>(filled), count, Sample{0});
    } else {
      std::copy_n(piece.clip->samples.begin() + static_cast<std::ptrdiff_t>(offset_), count,
                  out.begin() + static_cast<std::ptrdiff_t>(filled));
    }
    filled += count;
    offset_ += count;
    if (offset_ == piece.samples) {
      ++piece_;
      offset_ = 0;
    }
  }
  // Silence up to the exact length, if the words came out a sample or two short of it.
  std::fill(out.begin() + static_cast<std::ptrdiff_t>(filled), out.end(), Sample{0});
  read_ += out.size();
  return out.size();
}

UtteranceAudio compose(const Utterance& utterance, ClipLibrary& clips, const SynthesisSettings& settings,
                       std::chrono::milliseconds word_gap) {
  const UtteranceSamples laid_out(utterance, clips, settings, word_gap);
  UtteranceAudio audio;
  audio.samples.reserve(laid_out.size());
  audio.marks.reserve(utterance.size());
  for (const auto& piece : laid_out.pieces_) {
    if (piece.token_index != UtteranceSamples::kWordGap) {
      audio.marks.push_back(
          {audio.samples.size(), piece.token_index, utterance[piece.token_index].source_index});
    }
    if (piece.clip == nullptr) {
      audio.samples.insert(audio.samples.end(), piece.samples, Sample{0});
    } else {
      audio.samples.insert(audio.samples.end(), piece.clip->samples.begin(), piece.clip->samples.end());
    }
  }
  return audio;
}

}  // namespace alfabravo
