#include "playback/portaudio_sink.hpp"

#include <pa_linux_alsa.h>
#include <portaudio.h>
#include <string.h>

#include <algorithm>
#include <cmath>
#include <thread>
#include <vector>

#include "playback/portaudio_devices.hpp"
#include "playback/sample_ring.hpp"

namespace alfabravo {
namespace {

using Clock = std::chrono::steady_clock;
constexpr unsigned long kFramesPerBuffer = 256;  // ~12 ms at 22050 Hz: fine-grained progress and cancel
constexpr std::chrono::milliseconds kPoll{2};
// Beyond the fade itself: a few callback periods for the fade to be played out.
constexpr std::chrono::milliseconds kFadeGrace{100};
// At most this long for the fade, once written, to be heard (the output's latency, ~50 ms, and some).
constexpr std::chrono::milliseconds kFadeHeardGrace{200};
constexpr const char* kAlsaPrefix = "alsa:";

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

std::string pa_error(const char* call, PaError error) {
  return std::string(call) + ": " + Pa_GetErrorText(error);
}

// PortAudio's own words for a device that vanished ("Illegal combination of I/O devices") tell a person
// nothing; these are the errors a device list read before the sound server went away produces.
constexpr const char* kGoneHint = " (the device or the sound server is gone: is the sound server running?)";

constexpr const char* kListHint =
    " (is the sound server running? `alfabravo --devices` lists the outputs there are)";

std::string open_error(const std::string& device, PaError error) {
  const std::string name = device.empty() ? "the default output" : "\"" + device + "\"";
  if (error == paBadIODeviceCombination || error == paInvalidDevice || error == paDeviceUnavailable) {
    return "cannot open " + name + kGoneHint;
  }
  return "cannot open " + name + ": " + pa_error("Pa_OpenStream", error);
}

}  // namespace

// Everything the audio callback touches. Owned jointly by the sink and by any PortAudio call that uses it,
// so a stream whose close was abandoned by the watchdog never reads freed memory.
struct PortAudioSink::Stream {
  Stream(std::size_t ring_samples, int channels_in, std::size_t fade,
         std::shared_ptr<std::atomic<bool>> cancel_flag, double fallback_latency_in)
      : ring(ring_samples),
        channels(channels_in),
        fade_samples(std::max<std::size_t>(1, fade)),
        cancel_requested(std::move(cancel_flag)),
        fallback_latency(fallback_latency_in),
        scratch(kFramesPerBuffer) {}

  PaStream* pa = nullptr;
  std::string device_name;
  int rate = kClipSampleRate;
  SampleRing ring;
  int channels;  // set before the stream starts
  const std::size_t fade_samples;
  const std::shared_ptr<std::atomic<bool>> cancel_requested;
  double fallback_latency;  // seconds, from Pa_GetStreamInfo, for when the callback's times are unusable

  // Written by the callback only.
  std::atomic<bool> cancel_done{false};           // the fade is over and the ring was dropped
  std::atomic<std::size_t> consumed{0};           // samples taken from the ring, ever
  std::atomic<std::int64_t> last_callback_ns{0};  // steady clock
  std::int64_t started_ns = 0;                    // set before the stream starts
  std::atomic<bool> running{false};               // a callback came well after the start: real-time pace
  std::atomic<std::int64_t> drained_at_ns{0};     // when the last consumed sample is heard
  std::atomic<bool> finished{false};              // the stream stopped (by itself, if we did not stop it)
  std::atomic<int> underflows{0};  // callbacks PortAudio flagged: the device ran dry before (an xrun)
  std::size_t fade_left = 0;
  bool fading = false;
  std::vector<Sample> scratch;

  static int callback(const void*, void* output, unsigned long frames, const PaStreamCallbackTimeInfo* time,
                      PaStreamCallbackFlags flags, void* user) noexcept {
    auto* self = static_cast<Stream*>(user);
    if (flags & paOutputUnderflow) self->underflows.fetch_add(1, std::memory_order_relaxed);
    self->fill(static_cast<Sample*>(output), frames, time);
    return paContinue;
  }
  static void on_finished(void* user) noexcept { static_cast<Stream*>(user)->finished = true; }

  void fill(Sample* out, unsigned long frames, const PaStreamCallbackTimeInfo* time) noexcept {
    const std::int64_t now = now_ns();
    std::size_t consumed_here = 0;
    std::size_t last_sound_frame = 0;  // one past the last ring sample in this buffer
    for (unsigned long done = 0; done < frames;) {
      const std::size_t chunk = std::min<std::size_t>(frames - done, scratch.size());
      std::size_t n = 0;
      if (!cancel_done.load(std::memory_order_acquire)) {  // pairs with open(): it resets the fade state
        if (cancel_requested->load(std::memory_order_acquire) && !fading) {
          fading = true;
          fade_left = fade_samples;
        }
        n = ring.read(std::span<Sample>(scratch.data(), chunk));
        if (fading) n = apply_fade(n);
      }
      std::fill(scratch.begin() + static_cast<std::ptrdiff_t>(n),
                scratch.begin() + static_cast<std::ptrdiff_t>(chunk), Sample{0});
      for (std::size_t i = 0; i < chunk; ++i) {
        for (int c = 0; c < channels; ++c)
          *out++ = scratch[i];
      }
      if (n > 0) last_sound_frame = done + n;
      consumed_here += n;
      done += chunk;
    }
    if (consumed_here > 0) {
      double latency = time ? time->outputBufferDacTime - time->currentTime : 0;
      if (!(latency > 0 && latency < 2)) latency = fallback_latency;
      const double until_heard = latency + double(last_sound_frame) / rate;
      drained_at_ns.store(now + static_cast<std::int64_t>(until_heard * 1e9), std::memory_order_relaxed);
      consumed.fetch_add(consumed_here, std::memory_order_release);
    }
    // The first callbacks fill the device buffer at once; one a while later shows the stream keeps pace.
    if (now - started_ns > 300'000'000) running.store(true, std::memory_order_relaxed);
    last_callback_ns.store(now, std::memory_order_release);
  }

  // Linear fade over fade_samples from where the cancel caught the stream, then silence and an empty ring.
  std::size_t apply_fade(std::size_t n) noexcept {
    std::size_t i = 0;
    for (; i < n && fade_left > 0; ++i, --fade_left) {
      scratch[i] = static_cast<Sample>(std::lround(scratch[i] * (double(fade_left) / double(fade_samples))));
    }
    if (fade_left == 0 || n == 0) {
      ring.discard();
      fading = false;
      cancel_done.store(true, std::memory_order_release);
    }
    return i;
  }
};

PortAudioSink::PortAudioSink(PortAudioSinkSettings settings)
    : settings_(settings), cancel_requested_(std::make_shared<std::atomic<bool>>(false)) {}

PortAudioSink::~PortAudioSink() {
  teardown(settings_.close_timeout);
  if (portaudio_initialised_) {
    try {
      runner_.run(
          "Pa_Terminate",
          [] {
            std::lock_guard lock(detail::portaudio_mutex());
            Pa_Terminate();
          },
          settings_.call_timeout);
    } catch (const std::exception&) {
      // Nothing more can be done about a sound server that hangs at exit.
    }
  }
}

bool PortAudioSink::prepare() {
  if (portaudio_initialised_) return true;
  auto initialised = std::make_shared<std::atomic<bool>>(false);
  try {
    runner_.run(
        "Pa_Initialize",
        [initialised] {
          std::lock_guard lock(detail::portaudio_mutex());
          detail::initialise_portaudio();
          initialised->store(true);
        },
        settings_.call_timeout);
  } catch (const AudioUnavailable&) {
    return false;
  }
  portaudio_initialised_ = initialised->load();
  return portaudio_initialised_;
}

void PortAudioSink::open(const SinkFormat& format) {
  if (stream_ && format.sample_rate == format_.sample_rate && format.device == format_.device) {
    if (health_problem().empty()) {
      wait_for_fade();
      if (stop_stream()) {
        clear_cancel();
        consumed_at_open_ = stream_->consumed.load(std::memory_order_acquire);
        last_heard_ = 0;
        return;
      }
    }
    // It died while idle (the sound server went away between utterances): start afresh, at once.
    reinitialise_ = true;
  }
  if (stream_) close();
  cancel_requested_->store(false);
  const auto now = Clock::now();
  if (failures_ > 0 && now < next_attempt_) {
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next_attempt_ - now);
    throw AudioUnavailable("retrying the audio output in " + std::to_string(wait.count()) +
                           " ms (last error: " + last_error_ + ")");
  }
  try {
    open_stream(format);
  } catch (const AudioUnavailable& e) {
    record_failure(e.what());
    throw;
  }
  failures_ = 0;
  format_ = format;
  consumed_at_open_ = 0;
  last_heard_ = 0;
}

void PortAudioSink::record_failure(const std::string& why) {
  ++failures_;
  reinitialise_ = true;
  last_error_ = why;
  // The first retry may come at once (the server may be back by the next utterance); later ones back off.
  const auto backoff = failures_ <= 1 ? std::chrono::milliseconds(0)
                                      : std::min(settings_.max_backoff,
                                                 settings_.first_backoff * (1 << std::min(failures_ - 2, 8)));
  next_attempt_ = Clock::now() + backoff;
}

// Opens the PortAudio stream for `device` (with the PortAudio lock held, on the watchdog's thread): the
// device by name, index or "alsa:<pcm>", mono or, where the hardware refuses mono, the same samples on two
// channels.
void PortAudioSink::open_on_portaudio(Stream& stream, const std::string& device, int rate, double latency) {
  PaStreamParameters params{};
  params.sampleFormat = paInt16;
  params.suggestedLatency = latency;
  PaAlsaStreamInfo alsa{};
  bool is_alsa = true;
  if (device.rfind(kAlsaPrefix, 0) == 0) {
    // Any ALSA PCM by name, e.g. "pulse:alfabravo_out": PortAudio's host-API-specific device.
    PaAlsa_InitializeStreamInfo(&alsa);
    stream.device_name = device.substr(std::string(kAlsaPrefix).size());
    alsa.deviceString = stream.device_name.c_str();
    params.device = paUseHostApiSpecificDeviceSpecification;
    params.hostApiSpecificStreamInfo = &alsa;
    params.channelCount = 1;
  } else {
    const auto chosen = choose_output_device(detail::enumerate_output_devices(), device);
    if (!chosen) throw AudioUnavailable(chosen.error() + kListHint);
    params.device = *chosen;
    const PaDeviceInfo* info = Pa_GetDeviceInfo(params.device);
    const PaHostApiInfo* api = info ? Pa_GetHostApiInfo(info->hostApi) : nullptr;
    is_alsa = api && api->type == paALSA;
    stream.device_name = info && info->name ? info->name : "";
    params.channelCount = 1;
    // Hardware devices often refuse mono: play the same samples on two channels then.
    if (Pa_IsFormatSupported(nullptr, &params, rate) != paFormatIsSupported && info &&
        info->maxOutputChannels >= 2) {
      params.channelCount = 2;
    }
  }
  stream.channels = params.channelCount;
  PaStream* pa = nullptr;
  PaError error =
      Pa_OpenStream(&pa, nullptr, &params, rate, kFramesPerBuffer, paNoFlag, &Stream::callback, &stream);
  if (error != paNoError) throw AudioUnavailable(open_error(device, error));
  stream.pa = pa;
  Pa_SetStreamFinishedCallback(pa, &Stream::on_finished);
  if (const PaStreamInfo* info = Pa_GetStreamInfo(pa); info && info->outputLatency > 0) {
    stream.fallback_latency = info->outputLatency;
  }
  // Best effort, as audio players do: a real-time callback thread keeps a busy machine from
  // underrunning (it fails quietly where the user may not have real-time rights).
  if (is_alsa) PaAlsa_EnableRealtimeScheduling(pa, 1);
}

void PortAudioSink::open_stream(const SinkFormat& format) {
  if (format.sample_rate <= 0) throw AudioUnavailable("invalid sample rate");
  const auto ring_samples = static_cast<std::size_t>(format.sample_rate * settings_.ring.count() / 1000);
  const auto fade_samples = static_cast<std::size_t>(format.sample_rate * settings_.fade.count() / 1000);
  const double latency = double(settings_.latency.count()) / 1000.0;
  // The stream is created in the worker's call; it must not touch `this`, which it may outlive.
  auto stream = std::make_shared<Stream>(ring_samples, 1, fade_samples, cancel_requested_, latency);
  stream->rate = format.sample_rate;
  auto result = std::make_shared<std::shared_ptr<Stream>>();
  const bool reinitialise = reinitialise_ && portaudio_initialised_;
  const bool initialise = !portaudio_initialised_ || reinitialise_;
  auto initialised = std::make_shared<std::atomic<bool>>(portaudio_initialised_);
  const std::string device = format.device;
  const int rate = format.sample_rate;
  try {
    runner_.run(
        "opening the audio output",
        [stream, result, reinitialise, initialise, initialised, device, rate, latency] {
          std::lock_guard lock(detail::portaudio_mutex());
          if (reinitialise) {
            Pa_Terminate();
            *initialised = false;
          }
          if (initialise) {
            detail::initialise_portaudio();
            *initialised = true;
          }
          open_on_portaudio(*stream, device, rate, latency);
          *result = stream;  // started by play(), once the first samples are in the ring
        },
        settings_.call_timeout);
  } catch (...) {
    portaudio_initialised_ = initialised->load();
    throw;
  }
  portaudio_initialised_ = initialised->load();
  reinitialise_ = false;
  stream_ = *result;
  started_ = false;
}

// A started stream's device buffer (the suggested latency, ~50 ms) is full of silence when idle, and a new
// utterance would queue behind it: bench/ measured 64 ms from request to sound with the stream open against
// 38 ms after the idle close. So an open stream is stopped between utterances (dropping that silence) and
// started once the first samples are in the ring, so its first callback already plays them.
// False when stopping failed: the stream is gone then, and open() opens a new one.
bool PortAudioSink::stop_stream() {
  if (!started_) return true;
  auto stream = stream_;
  try {
    runner_.run(
        "stopping the audio output",
        [stream] {
          std::lock_guard lock(detail::portaudio_mutex());
          const PaError error = Pa_AbortStream(stream->pa);
          if (error != paNoError) throw AudioUnavailable(pa_error("Pa_AbortStream", error));
          // Our own stop: the finished callback has run (the callback thread is joined) and is no failure.
          stream->finished = false;
        },
        settings_.call_timeout);
  } catch (const AudioUnavailable& e) {
    teardown(settings_.close_timeout);
    reinitialise_ = true;
    last_error_ = e.what();
    return false;
  }
  started_ = false;
  return true;
}

void PortAudioSink::start_stream() {
  auto stream = stream_;
  try {
    runner_.run(
        "starting the audio output",
        [stream] {
          std::lock_guard lock(detail::portaudio_mutex());
          stream->running = false;
          stream->started_ns = now_ns();
          stream->last_callback_ns = stream->started_ns;
          const PaError error = Pa_StartStream(stream->pa);
          if (error != paNoError) throw AudioUnavailable(pa_error("Pa_StartStream", error));
        },
        settings_.call_timeout);
  } catch (const AudioUnavailable& e) {
    fail(e.what());
  }
  started_ = true;
}

// Gives the callback a moment to finish the fade-out, and the sound server the time to play it, so a
// cancelled word ends without a click. The stream is stopped right after, so a fade that does not finish (no
// callback yet since the start: the sound server can take over a second for the first one on a busy machine)
// costs at most a click, never the next utterance.
void PortAudioSink::wait_for_fade() {
  if (!cancel_requested_->load() || !started_) return;
  const auto deadline = Clock::now() + settings_.fade + kFadeGrace;
  while (!stream_->cancel_done.load(std::memory_order_acquire) &&
         stream_->last_callback_ns.load(std::memory_order_acquire) != stream_->started_ns &&
         Clock::now() < deadline) {
    std::this_thread::sleep_for(kPoll);
  }
  if (!stream_->cancel_done.load(std::memory_order_acquire)) return;
  // The callback wrote the fade about one output latency ahead of the listener; stopping the stream now would
  // drop the buffered sound before it, cutting the word at full level (heard as a click when the next audio
  // follows at once, as after a back or skip).
  const auto heard_by = Clock::now() + kFadeHeardGrace;
  while (now_ns() < stream_->drained_at_ns.load(std::memory_order_relaxed) && Clock::now() < heard_by)
    std::this_thread::sleep_for(kPoll);
}

// The stream is stopped (its callback does not run): the ring and the fade state are ours to reset.
void PortAudioSink::clear_cancel() {
  stream_->ring.discard();
  stream_->fading = false;
  stream_->fade_left = 0;
  stream_->cancel_done.store(false, std::memory_order_release);
  cancel_requested_->store(false, std::memory_order_release);
}

std::string PortAudioSink::health_problem() const {
  if (!stream_) return "the audio output is not open";
  if (!started_) return {};
  if (stream_->finished.load()) return "the audio stream stopped by itself (device or sound server gone)";
  const auto silent_for = now_ns() - stream_->last_callback_ns.load(std::memory_order_acquire);
  const auto limit =
      stream_->running.load(std::memory_order_relaxed) ? settings_.stall_timeout : settings_.start_timeout;
  if (silent_for > std::chrono::nanoseconds(limit).count()) {
    return "no audio callback for " + std::to_string(silent_for / 1000000) +
           " ms (the device or sound server hangs)";
  }
  return {};
}

void PortAudioSink::check_health() {
  if (auto problem = health_problem(); !problem.empty()) fail(problem);
}

void PortAudioSink::fail(const std::string& why) {
  teardown(settings_.close_timeout);
  record_failure(why);
  throw AudioUnavailable(why);
}

std::size_t PortAudioSink::play(std::span<const Sample> samples) {
  check_health();
  std::size_t accepted = 0;
  while (accepted < samples.size()) {
    if (cancel_requested_->load(std::memory_order_acquire)) break;
    const std::size_t n = stream_->ring.write(samples.subspan(accepted));
    accepted += n;
    // Started once the ring is full (or at drain): the first callbacks fill the device's whole buffer at
    // once, and samples the player had not written yet would be heard after a gap of silence.
    if (!started_ && accepted < samples.size()) start_stream();
    if (n == 0) {
      std::this_thread::sleep_for(kPoll);
      check_health();
    }
  }
  return accepted;
}

void PortAudioSink::drain() {
  while (!drain_for(std::chrono::seconds(1))) {
  }
}

bool PortAudioSink::drain_for(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  if (!started_ && stream_ && stream_->ring.size() > 0 && !cancel_requested_->load()) start_stream();
  for (;;) {
    check_health();
    if (cancel_requested_->load(std::memory_order_acquire)) return true;
    if (stream_->ring.size() == 0 && now_ns() >= stream_->drained_at_ns.load(std::memory_order_relaxed))
      return true;
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(kPoll);
  }
}

void PortAudioSink::cancel() noexcept {
  cancel_requested_->store(true, std::memory_order_release);
}

void PortAudioSink::close() noexcept {
  teardown(settings_.call_timeout);
}

void PortAudioSink::close_stream(std::chrono::milliseconds timeout) {
  if (!stream_) return;
  auto stream = stream_;
  stream_.reset();
  format_ = {};
  try {
    runner_.run(
        "closing the audio output",
        [stream] {
          std::lock_guard lock(detail::portaudio_mutex());
          Pa_AbortStream(stream->pa);
          Pa_CloseStream(stream->pa);
          stream->pa = nullptr;
          stream->ring.wipe();  // it held spoken secrets
          // ALSA's configuration is not freed here: that would unload only this stream's plugin (pulse,
          // whose library libpulse stays mapped anyway: libespeak-ng links it) and cost the first sound
          // after the idle close ~1.8 ms of reading the configuration again, for no memory saved.
        },
        timeout);
  } catch (const AudioUnavailable& e) {
    reinitialise_ = true;
    last_error_ = e.what();
  }
}

void PortAudioSink::teardown(std::chrono::milliseconds timeout) noexcept {
  try {
    close_stream(timeout);
  } catch (...) {
    // close_stream() records an unresponsive server itself; nothing else is left to do with a failed close.
  }
}

std::size_t PortAudioSink::samples_heard() const {
  if (!stream_) return last_heard_;
  const std::size_t consumed = stream_->consumed.load(std::memory_order_acquire);
  const double pending_s = double(stream_->drained_at_ns.load(std::memory_order_relaxed) - now_ns()) / 1e9;
  const auto pending = static_cast<std::size_t>(std::max(0.0, pending_s) * stream_->rate);
  const std::size_t heard_total = consumed - std::min(consumed, pending);
  const std::size_t heard = heard_total > consumed_at_open_ ? heard_total - consumed_at_open_ : 0;
  last_heard_ = std::max(last_heard_, heard);  // an estimate, but never going backwards
  return last_heard_;
}

bool PortAudioSink::is_open() const {
  return stream_ != nullptr;
}

int PortAudioSink::underflows() const {
  return stream_ ? stream_->underflows.load(std::memory_order_relaxed) : 0;
}

std::string PortAudioSink::device_name() const {
  return stream_ ? stream_->device_name : std::string();
}

}  // namespace alfabravo
