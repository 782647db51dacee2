#pragma once
// An output that hears nothing: for tests and `--audio none`. At real-time pace it takes samples as fast as a
// sound card would (with a 50 ms "device buffer"), so progress, cancel and stop behave as with real audio.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>

#include "playback/audio_sink.hpp"

namespace alfabravo {

class NullSink final : public AudioSink {
 public:
  enum class Pace { real_time, instant };
  explicit NullSink(Pace pace = Pace::real_time);

  void open(const SinkFormat& format) override;
  std::size_t play(std::span<const Sample> samples) override;
  void drain() override;
  bool drain_for(std::chrono::milliseconds timeout) override;
  void cancel() noexcept override;
  void close() noexcept override;
  std::size_t samples_heard() const override;
  bool is_open() const override;

  // How many times open() actually opened the output (not counting opens of an already open one).
  int open_count() const;
  // Samples accepted by play() since open().
  std::size_t samples_accepted() const;

 private:
  using Clock = std::chrono::steady_clock;
  std::size_t heard_locked(Clock::time_point now) const;

  const Pace pace_;
  mutable std::mutex mutex_;
  std::condition_variable cancelled_cv_;
  bool open_ = false;
  bool cancelled_ = false;
  int open_count_ = 0;
  int rate_ = kClipSampleRate;
  std::size_t accepted_ = 0;
  // Real-time pace: samples_heard grows from heard_at_anchor_ at the sample rate from anchor_ on.
  Clock::time_point anchor_{};
  std::size_t heard_at_anchor_ = 0;
};

}  // namespace alfabravo
