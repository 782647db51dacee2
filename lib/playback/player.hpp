#pragma once
// The queue of utterances and the thread that plays them, one at a time, FIFO, through an AudioSink.
// Listener callbacks run on the player's thread: keep them short (the daemon posts them to its event loop).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/expected.hpp"
#include "core/secret.hpp"
#include "spelling/token.hpp"
#include "voice/voice.hpp"

namespace alfabravo {

class AudioSink;
class ClipLibrary;

using PlaybackId = std::uint64_t;

struct PlaybackRequest {
  PlaybackId id = 0;
  Secret<Utterance> utterance;  // often a password spelled out: wiped wherever the request ends
  SynthesisSettings synthesis;  // the voice's settings with the request's overrides applied
  std::chrono::milliseconds word_gap{0};
  std::string device;  // empty: the default device
  // The number the listener knows the utterance's first group by: 1, or more when it repeats a held
  // utterance from a later group. Groups (runs of words between pauses) are reported and jumped to by number.
  std::size_t first_group = 1;
};

// How an utterance ended. The daemon maps the failures to protocol error codes (daemon/failure_codes.cpp).
enum class PlaybackOutcome {
  done,
  cancelled,
  audio_unavailable,  // the output could not be opened, or failed while playing; the message names the device
  synthesis_failed,   // composing the audio failed; the message may quote a word of the text
};
bool is_failure(PlaybackOutcome outcome) noexcept;

struct PlaybackListener {
  std::function<void(PlaybackId)> started;
  // As each token starts to be heard; group: the group it is heard in (numbered from first_group).
  std::function<void(PlaybackId, std::size_t source_index, std::size_t group)> progress;
  // Paused: source_index is the character of the word that was cut, where resuming starts again.
  std::function<void(PlaybackId, std::size_t source_index)> paused;
  std::function<void(PlaybackId, std::size_t source_index)> resumed;
  // Moved by jump(): speaking goes on (or, paused, will go on) from the start of `group`, whose first word
  // speaks source character source_index.
  std::function<void(PlaybackId, std::size_t group, std::size_t source_index)> jumped;
  // Exactly once per accepted request. message: what went wrong, for a failure; empty otherwise.
  std::function<void(PlaybackId, PlaybackOutcome, const std::string& message)> finished;
};

struct PlayerSettings {
  std::size_t max_queued = 32;                 // utterances waiting behind the one playing
  std::chrono::milliseconds idle_close{3000};  // keep the output open this long after the last utterance
};

struct QueueFull {
  std::size_t limit;
};

// What jump() moved: the utterance, and the group it now goes on from; nothing when the jump went past the
// last group (the utterance ends, done).
struct JumpAccepted {
  PlaybackId playback = 0;
  std::optional<std::size_t> group;
};

struct PlayerStatus {
  std::optional<PlaybackId> playing;
  std::size_t queued = 0;
  bool paused = false;  // the one playing is paused (or a pause of it is taking effect)
  // Whether the last attempt to open the sink succeeded; none before the first (nothing is known until then).
  std::optional<bool> audio_available;
};

class Player {
 public:
  Player(ClipLibrary& clips, std::unique_ptr<AudioSink> sink, PlayerSettings settings,
         PlaybackListener listener);
  ~Player();  // cancels everything (each gets finished(cancelled)) and joins the thread
  Player(const Player&) = delete;
  Player& operator=(const Player&) = delete;

  // Queues an utterance; returns its position (0 = plays next / now).
  Expected<std::size_t, QueueFull> enqueue(PlaybackRequest request);
  // Cancels one utterance, queued or playing (fade-out). False if unknown or already finished.
  bool cancel(PlaybackId id);
  // Pauses what is playing: fades it out and keeps its place, holding back the queue behind it. Returns the
  // paused utterance, or nothing when none is playing or it is already paused.
  std::optional<PlaybackId> pause();
  // Resumes the paused utterance from the start of the word that was cut. Returns it, or nothing when none
  // is paused.
  std::optional<PlaybackId> resume();
  // Moves the utterance playing (or paused) by `groups` groups from the one being heard: -1 to the start of
  // the previous one (never before the first), 0 to the start of this one again, +1 to the next; past the
  // last group it ends, done. Playing, it fades out and goes on from the start of that group's first word
  // (never mid-word); paused, it stays paused and resumes there. Nothing when nothing is playing (or it is
  // being cancelled).
  std::optional<JumpAccepted> jump(std::ptrdiff_t groups);
  // Stops what is playing and flushes the queue; each one is finished(cancelled).
  void stop_all();
  PlayerStatus status() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace alfabravo
