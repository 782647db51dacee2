#pragma once
// Measurements on audio (mono 16-bit), recorded or synthesized: the one set shared by the synthesis,
// playback, daemon and call tests and the benchmarks.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace alfabravo::test {

using Pcm = std::span<const std::int16_t>;

// The rate of eSpeak NG's clips (kClipSampleRate of lib/audio, which this library does not link; the
// synthesis tests assert that the two agree).
inline constexpr int kSpeechSampleRate = 22050;

// Default level below which a sample counts as silence: about -50 dBFS, far above a null sink's digital
// silence (exactly 0) and far below speech.
inline constexpr int kSilenceThreshold = 100;

double rms(Pcm samples);  // 0 for no samples
int peak(Pcm samples);    // the largest |sample|
double seconds(std::size_t samples, int rate = kSpeechSampleRate);

// RMS of consecutive windows of `window` samples (the last one may be shorter).
std::vector<double> rms_envelope(Pcm samples, std::size_t window);
// RMS of consecutive whole 10 ms windows (a part window at the end is left out): a rate-independent picture
// of where the sound is.
std::vector<double> rms_envelope_10ms(Pcm samples, int rate);

// Pearson correlation of the common prefix of a and b; 0 when either is constant or shorter than 2.
double correlation(const std::vector<double>& a, const std::vector<double>& b);

// eSpeak NG is not sample-exact from one call to the next (its noise source and oscillator phases run on, and
// a word's length varies by a few % with what was said before it), so words are compared by sound: the mean
// of a band-spectrogram similarity and the loudness-envelope correlation. Both at kSpeechSampleRate.
double word_similarity(Pcm a, Pcm b);

// Which of the references `samples` is: the most similar one whose length is within 6 %; -1 if no length
// fits. Measured on the 26 English alphabet words, re-rendered after other words and rates: 130 of 130 right,
// the right word ahead of the next best by at least 0.19.
int identify_word(Pcm samples, const std::vector<std::vector<std::int16_t>>& references);

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
