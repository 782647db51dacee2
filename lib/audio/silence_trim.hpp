#pragma once
// Cuts eSpeak NG's leading and trailing silence off a word, so the gaps between words are exactly the ones
// the voice and the request ask for.
#include <span>
#include <vector>

#include "audio/pcm.hpp"

namespace alfabravo {

struct TrimSettings {
  // eSpeak NG's silence is digital zero and its quietest speech onsets are a few hundred; 64 (-54 dBFS) is
  // just above the low-level ripple at the ends of a word.
  Sample threshold = 64;
  // When negative: at the end, samples more than this many dB below the loudest sample count as silence too.
  // A word cut from running speech ends in its own decay running into the next word; that low tail is heard
  // on a phone line as an extra short word in the gap, so it goes. The start keeps `threshold` alone: soft
  // onsets ("h", "f") are quiet but part of the word. 0: only `threshold` counts.
  int tail_below_peak_db = 0;
  int keep_before_ms = 10;  // kept before the first sample above the threshold (soft onsets such as "h")
  int keep_after_ms = 10;   // kept after the last one (decays)
  int fade_ms = 3;          // linear fade-in and fade-out over the ends of what is kept, so no word clicks
};

// The part of `samples` between the first and last sample above the threshold, with the margins and fades
// above. Empty when nothing is above the threshold.
std::vector<Sample> trim_silence(std::span<const Sample> samples, const TrimSettings& settings = {});

}  // namespace alfabravo
