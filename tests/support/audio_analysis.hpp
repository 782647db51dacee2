#pragma once
// Measurements on recorded audio (mono 16-bit), shared by the audio, daemon and benchmark tests.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace alfabravo::test {

using Pcm = std::span<const std::int16_t>;

// Default level below which a sample counts as silence: about -50 dBFS, far above a null sink's digital
// silence (exactly 0) and far below speech.
inline constexpr int kSilenceThreshold = 100;

// RMS of consecutive windows of `window` samples (the last one may be shorter).
std::vector<double> rms_envelope(Pcm samples, std::size_t window);

std::optional<std::size_t> first_non_silent(Pcm samples, int threshold = kSilenceThreshold);
std::optional<std::size_t> last_non_silent(Pcm samples, int threshold = kSilenceThreshold);

struct Burst {
  std::size_t begin;  // first loud sample
  std::size_t end;    // one past the last loud sample
};

// Bursts of sound separated by at least min_silence of silence (word segmentation). Bursts shorter than
// min_burst are dropped as noise. Silence: |sample| <= threshold.
std::vector<Burst> find_bursts(Pcm samples, int sample_rate, double min_silence_seconds,
                               double min_burst_seconds = 0.02, int threshold = kSilenceThreshold);

// Largest |s[i+1] - s[i]| for i in [begin, end) (clamped to the buffer): a click shows as a big jump.
int max_jump(Pcm samples, std::size_t begin, std::size_t end);

struct ClipMatch {
  std::size_t offset = 0;  // where the clip starts in the recording
  double score = 0;        // normalised cross-correlation, 1 = identical shape
};

// Best normalised cross-correlation of clip against recording for start offsets in [from, to] (clamped).
// Coarse search on 4x decimated audio, refined at full rate, so a few seconds take milliseconds.
std::optional<ClipMatch> find_clip(Pcm recording, Pcm clip, std::size_t from, std::size_t to);

struct TranscriptCheck {
  bool ok = false;
  std::vector<ClipMatch> matches;  // one per clip found, in order
  std::size_t failed_index = 0;    // when !ok: the first clip not found where expected
};

// Whether the recording holds the clips one after another in this order, each starting within max_gap
// samples after the previous one ends (the first one anywhere), each scoring at least min_score. Each clip is
// taken at its earliest good match, so a repeated word ("Alfa Alfa") is found twice, in turn.
TranscriptCheck check_clip_sequence(Pcm recording, const std::vector<std::vector<std::int16_t>>& clips,
                                    std::size_t max_gap, double min_score = 0.9);

// When $ALFABRAVO_TEST_RECORDINGS names a directory, writes samples there as <name>.raw (s16le mono) for a
// person to listen to (`play -t raw -r 22050 -e signed -b 16 -c 1 name.raw`); otherwise does nothing.
void keep_recording(const std::string& name, Pcm samples);

// Resamples mono 16-bit audio with libsoxr (for recordings at another rate than the clips).
std::vector<std::int16_t> resample(Pcm samples, int from_rate, int to_rate);

}  // namespace alfabravo::test
