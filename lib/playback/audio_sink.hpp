#pragma once
// Where played audio goes, behind one interface (as MPD's outputs): PortAudio, null. Used from the player's
// thread only. Errors are thrown as AudioUnavailable; the player turns them into an "audio_unavailable"
// error.
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
  // Opens (or keeps open, if already open with the same format) the output.
  virtual void open(const SinkFormat& format) = 0;
  // Queues samples; blocks while the sink's buffer is full. Returns the number of samples accepted
  // (fewer than given only when cancel() interrupted it).
  virtual std::size_t play(std::span<const Sample> samples) = 0;
  // Blocks until everything queued has been heard (or cancel() was called).
  virtual void drain() = 0;
  // Fades out what is playing over a few milliseconds and drops the rest. Callable from any thread.
  virtual void cancel() = 0;
  // Closes the output (the player does this after an idle timeout).
  virtual void close() = 0;
  // Samples already heard since open() (for progress reporting).
  virtual std::size_t samples_heard() const = 0;

  // Added by the playback work (defaults keep other implementations compiling):
  // Waits at most timeout for everything queued to be heard; true once drained (or cancel() was called), so
  // the player can report progress while the last samples play out.
  virtual bool drain_for(std::chrono::milliseconds timeout) {
    (void)timeout;
    drain();
    return true;
  }
  // Whether the output is open now (the player closes it after its idle timeout).
  virtual bool is_open() const { return false; }
};

// Semantics shared by the implementations: cancel() stays in effect (play() returns at once, drain() too)
// until the next open(), which waits for the fade-out to finish, so the next utterance starts clean.

}  // namespace alfabravo
