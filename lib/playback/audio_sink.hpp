#pragma once
// Where played audio goes, behind one interface (as MPD's outputs): PortAudio, null. Errors are thrown as
// AudioUnavailable; the player ends the utterance with PlaybackOutcome::audio_unavailable.
//
// Threads: the player's thread makes every call except cancel(), which any thread may make (the player calls
// it under its own lock when a client cancels). close() and cancel() never throw: they run on paths that
// are already ending an utterance or shutting down, where a second failure has nowhere to go.
#include <chrono>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>

#include "audio/pcm.hpp"

namespace alfabravo {

class AudioUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SinkFormat {
  int sample_rate = kClipSampleRate;
  std::string device;  // empty: the sink's default device
};

class AudioSink {
 public:
  virtual ~AudioSink() = default;
  // Player thread. Opens (or keeps open, if already open with the same format) the output; after a cancel()
  // it waits for the fade-out to finish, so the next utterance starts clean. Throws AudioUnavailable.
  virtual void open(const SinkFormat& format) = 0;
  // Player thread. Queues samples; blocks while the sink's buffer is full. Returns the number of samples
  // accepted (fewer than given only when cancel() interrupted it). Throws AudioUnavailable.
  virtual std::size_t play(std::span<const Sample> samples) = 0;
  // Player thread. Blocks until everything queued has been heard (or cancel() was called).
  virtual void drain() = 0;
  // Player thread. Waits at most timeout for everything queued to be heard; true once drained (or cancel()
  // was called), so the player can report progress while the last samples play out.
  virtual bool drain_for(std::chrono::milliseconds timeout) = 0;
  // Any thread. Fades out what is playing over a few milliseconds and drops the rest; stays in effect
  // (play() and drain() return at once) until the next open().
  virtual void cancel() noexcept = 0;
  // Player thread. Closes the output (the player does this after its idle timeout, and when it stops).
  virtual void close() noexcept = 0;
  // Player thread. Samples already heard since open() (for progress reporting).
  virtual std::size_t samples_heard() const = 0;
  // Player thread. Whether the output is open now.
  virtual bool is_open() const = 0;
};

}  // namespace alfabravo
