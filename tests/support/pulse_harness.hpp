#pragma once
// A private PulseAudio sound server for tests that need real audio (there is no sound card here or in CI).
//
//   PulseHarness pulse({.sinks = {"alfabravo_test"}});
//   pulse.start_server();                 // pulseaudio -n on a private runtime dir, null sinks, waits for
//   pactl pulse.export_client_environment();    // PULSE_SERVER, ALSA_CONFIG_PATH... in this process: do it
//   BEFORE
//                                         // Pa_Initialize (PortAudio reads the ALSA config then)
//   auto rec = pulse.record("alfabravo_test");  // parec of the sink's monitor, s16le 22050 Hz mono
//   ... play through ALSA's "default" / "pulse" device ...
//   auto samples = rec->stop();
//
// The destructor kills the server and the recorders (their process groups) and removes the directory, also
// when a test fails; children die with the test process if it crashes (PR_SET_PDEATHSIG).
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "temp_dir.hpp"

namespace alfabravo::test {

class Child;

inline constexpr int kRecordSampleRate = 22050;

struct PulseHarnessOptions {
  std::vector<std::string> sinks{"alfabravo_test"};  // module-null-sink names; the first is the default sink
  int sink_rate = kRecordSampleRate;
  int sink_channels = 1;
};

// parec of one sink's monitor into memory, s16le kRecordSampleRate mono, read on a thread of its own.
class Recording {
 public:
  Recording(const std::map<std::string, std::string>& env, const std::string& source);
  ~Recording();
  Recording(const Recording&) = delete;
  Recording& operator=(const Recording&) = delete;

  // Waits until parec delivers samples (the monitor is running); false on timeout or if parec died.
  bool wait_until_recording(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Waits until at least count samples have been recorded.
  bool wait_for_samples(std::size_t count, std::chrono::milliseconds timeout);
  std::size_t sample_count() const;
  std::vector<std::int16_t> samples() const;  // a snapshot
  // Stops parec and returns everything recorded.
  std::vector<std::int16_t> stop();
  // The (estimated) time at which a recorded sample passed through the monitor: the earliest-arriving block
  // fixes the clock offset, so this errs late by the monitor's latency, never early.
  std::chrono::steady_clock::time_point time_of_sample(std::size_t index) const;
  // The sample that passed the monitor at time t (clamped at 0).
  std::size_t sample_at(std::chrono::steady_clock::time_point t) const;

 private:
  void read_loop();

  std::unique_ptr<Child> parec_;
  mutable std::mutex mutex_;
  std::condition_variable grew_;
  std::vector<std::int16_t> samples_;
  std::optional<std::chrono::steady_clock::time_point> origin_;  // time of sample 0
  bool finished_ = false;
  int stop_fd_[2] = {-1, -1};
  std::thread reader_;
};

class PulseHarness {
 public:
  explicit PulseHarness(PulseHarnessOptions options = {});  // writes the private configs; no server yet
  ~PulseHarness();
  PulseHarness(const PulseHarness&) = delete;
  PulseHarness& operator=(const PulseHarness&) = delete;

  // Starts the server (again, on the same socket path) and waits until pactl info answers; throws on failure.
  void start_server(std::chrono::milliseconds timeout = std::chrono::seconds(15));
  // SIGKILLs the server, as a crash would (its clients see the connection drop).
  void kill_server();
  // SIGSTOPs / SIGCONTs the server: a sound server that hangs (its clients' calls block, nothing errors).
  void freeze_server();
  void thaw_server();
  // Asks the server to exit (SIGTERM).
  void stop_server();
  bool server_running() const;

  const std::filesystem::path& dir() const { return dir_.path(); }
  std::string server_address() const;         // "unix:<dir>/runtime/native"
  std::filesystem::path alsa_config() const;  // the private ALSA config (default/pulse -> server)
  // What a client process (the daemon, PortAudio, paplay) needs to use this server; see README.md.
  std::map<std::string, std::string> client_environment() const;
  // setenv()s client_environment() in this process (restored by the destructor). Call before Pa_Initialize.
  void export_client_environment();

  // pactl with the client environment; throws on failure.
  std::string pactl(const std::vector<std::string>& args) const;
  // Streams playing into the server's sinks now (an open PortAudio stream shows up as one).
  std::size_t sink_input_count() const;
  // Starts recording a sink's monitor; waits until it delivers samples.
  std::unique_ptr<Recording> record(const std::string& sink);

 private:
  void write_configs();

  PulseHarnessOptions options_;
  TempDir dir_{"alfabravo-pulse"};  // removed after the server has stopped (members go after the body)
  std::unique_ptr<Child> server_;
  std::map<std::string, std::optional<std::string>> saved_env_;
};

}  // namespace alfabravo::test
