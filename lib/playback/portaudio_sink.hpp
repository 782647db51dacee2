#pragma once
// Audio output through PortAudio (Debian's 19.6: ALSA, JACK, OSS; PulseAudio and PipeWire through ALSA's
// "default"/"pulse" devices). See README.md for choosing a device and routing to a sound-server sink.
//
// - Opened lazily, with a generous latency (50 ms): the player closes it after its idle timeout.
// - A callback stream reading a lock-free ring: cancel() makes the callback fade out over ~5 ms, then play
//   silence, so stopping never clicks and the sink is silent once PortAudio's buffer has played out.
// - When the device or sound server goes away (a PortAudio error, the stream stopping by itself, or no
//   callback for stall_timeout), play()/drain() throw AudioUnavailable after tearing the stream down; the
//   next open() re-initialises PortAudio (its device list is fixed until Pa_Terminate + Pa_Initialize) after
//   a back-off. Every PortAudio call that could block runs under a WatchdogRunner, so a hung sound server
//   costs an AudioUnavailable, never a hung player.
#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "playback/audio_sink.hpp"
#include "playback/watchdog_runner.hpp"

namespace alfabravo {

struct PortAudioSinkSettings {
  std::chrono::milliseconds latency{50};  // PortAudio's suggestedLatency
  std::chrono::milliseconds ring{200};    // samples queued ahead of the callback
  std::chrono::milliseconds fade{5};      // cancel() fade-out
  // No callback this long while playing: device or server gone. A server that exits or a device that is
  // unplugged ends the stream, which is seen at once; silence alone may be a sound server starved of CPU on
  // a busy 2-core machine (renders, builds: stalls of over a second were seen), so it is given longer.
  std::chrono::milliseconds stall_timeout{4000};
  // ...except while a new stream starts: a PulseAudio null sink nobody records from takes ~2 s to wake up.
  std::chrono::milliseconds start_timeout{4000};
  std::chrono::milliseconds call_timeout{5000};   // a PortAudio call slower than this is abandoned
  std::chrono::milliseconds close_timeout{1000};  // closing a stream that already failed: give up sooner
  std::chrono::milliseconds first_backoff{250};   // wait before retrying after a failure, doubling...
  std::chrono::milliseconds max_backoff{4000};    // ...up to this
};

class PortAudioSink final : public AudioSink {
 public:
  explicit PortAudioSink(PortAudioSinkSettings settings = {});
  ~PortAudioSink() override;  // closes the stream and releases PortAudio

  // Optional, at start-up: initialises PortAudio now (0.3-0.5 s: it probes ALSA and JACK) rather than in the
  // first open(), so the first utterance starts sooner. False if PortAudio failed (open() will try again).
  bool prepare();

  // format.device: "" (default device), an index, a name or a unique part of one (see choose_output_device),
  // or "alsa:<pcm>" for any ALSA PCM name, listed or not (e.g. "alsa:pulse:alfabravo_out" — see README.md).
  void open(const SinkFormat& format) override;
  std::size_t play(std::span<const Sample> samples) override;
  void drain() override;
  bool drain_for(std::chrono::milliseconds timeout) override;
  void cancel() noexcept override;
  void close() noexcept override;
  std::size_t samples_heard() const override;
  bool is_open() const override;

  // Callbacks of the open stream that PortAudio flagged as following an underflow (the device ran dry: an
  // audible gap). For diagnostics: a busy machine causes them, not a fault of the sink.
  int underflows() const;

  // The device the stream is open on (empty when closed).
  std::string device_name() const;

 private:
  struct Stream;
  using Clock = std::chrono::steady_clock;

  void open_stream(const SinkFormat& format);
  static void open_on_portaudio(Stream& stream, const std::string& device, int rate, double latency);
  void wait_for_fade();
  void clear_cancel();
  bool stop_stream();
  void start_stream();
  std::string health_problem() const;  // empty when the stream is fine
  void check_health();
  void record_failure(const std::string& why);
  [[noreturn]] void fail(const std::string& why);
  void close_stream(std::chrono::milliseconds timeout);
  void teardown(std::chrono::milliseconds timeout) noexcept;  // close_stream(), swallowing every failure

  const PortAudioSinkSettings settings_;
  WatchdogRunner runner_;
  std::shared_ptr<Stream> stream_;  // null when closed
  bool started_ = false;            // the open stream is running (it is stopped between utterances)
  SinkFormat format_;               // of the open stream
  // Set by cancel() from any thread, read by the callback; shared because a stream whose close was abandoned
  // may outlive the sink.
  const std::shared_ptr<std::atomic<bool>> cancel_requested_;
  bool portaudio_initialised_ = false;
  bool reinitialise_ = false;  // after a failure: Pa_Terminate + Pa_Initialize before the next open
  int failures_ = 0;           // consecutive
  Clock::time_point next_attempt_{};
  std::string last_error_;
  std::size_t consumed_at_open_ = 0;
  mutable std::size_t last_heard_ = 0;
};

}  // namespace alfabravo
