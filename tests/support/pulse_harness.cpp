#include "pulse_harness.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "subprocess.hpp"

namespace alfabravo::test {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

// ---------------------------------------------------------------------------------------------- Recording

Recording::Recording(const std::map<std::string, std::string>& env, const std::string& source) {
  if (::pipe2(stop_fd_, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  ChildOptions options;
  options.env_overrides = env;
  options.pipe_stdout = true;
  // Small blocks (10 ms), delivered as soon as rendered: time_of_sample relies on it.
  parec_ = std::make_unique<Child>(
      std::vector<std::string>{"parec", "--raw", "--device=" + source, "--format=s16le",
                               "--rate=" + std::to_string(kRecordSampleRate), "--channels=1",
                               "--latency-msec=10"},
      options);
  reader_ = std::thread([this] { read_loop(); });
}

Recording::~Recording() {
  stop();
}

void Recording::read_loop() {
  std::vector<char> pending;
  char buffer[8192];
  for (;;) {
    pollfd fds[2] = {{parec_->read_fd(), POLLIN, 0}, {stop_fd_[0], POLLIN, 0}};
    if (::poll(fds, 2, 1000) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[1].revents) break;
    if (!fds[0].revents) continue;
    const ssize_t n = ::read(parec_->read_fd(), buffer, sizeof buffer);
    if (n <= 0) break;
    const auto now = std::chrono::steady_clock::now();
    pending.insert(pending.end(), buffer, buffer + n);
    const std::size_t whole = pending.size() / 2;
    std::lock_guard lock(mutex_);
    const std::size_t block_start = samples_.size();
    for (std::size_t i = 0; i < whole; ++i) {
      const auto lo = static_cast<unsigned char>(pending[2 * i]);
      const auto hi = static_cast<unsigned char>(pending[2 * i + 1]);
      samples_.push_back(static_cast<std::int16_t>(static_cast<std::uint16_t>(lo | (hi << 8))));
    }
    pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(whole * 2));
    // The null sink renders a block when its clock reaches the block's first sample, so that sample passed
    // the monitor no later than now: the earliest such bound over all blocks is the best (never early).
    const auto origin = now - std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                  std::chrono::duration<double>(double(block_start) / kRecordSampleRate));
    if (!origin_ || origin < *origin_) origin_ = origin;
    grew_.notify_all();
  }
  std::lock_guard lock(mutex_);
  finished_ = true;
  grew_.notify_all();
}

bool Recording::wait_until_recording(std::chrono::milliseconds timeout) {
  // A few blocks, so the clock offset estimate has settled.
  return wait_for_samples(kRecordSampleRate / 10, timeout);
}

bool Recording::wait_for_samples(std::size_t count, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  grew_.wait_for(lock, timeout, [&] { return finished_ || samples_.size() >= count; });
  return samples_.size() >= count;
}

std::size_t Recording::sample_count() const {
  std::lock_guard lock(mutex_);
  return samples_.size();
}

std::vector<std::int16_t> Recording::samples() const {
  std::lock_guard lock(mutex_);
  return samples_;
}

std::vector<std::int16_t> Recording::stop() {
  if (reader_.joinable()) {
    const char byte = 1;
    [[maybe_unused]] auto ignored = ::write(stop_fd_[1], &byte, 1);
    reader_.join();
    parec_->stop(1000ms);
    ::close(stop_fd_[0]);
    ::close(stop_fd_[1]);
  }
  return samples();
}

std::chrono::steady_clock::time_point Recording::time_of_sample(std::size_t index) const {
  std::lock_guard lock(mutex_);
  if (!origin_) throw std::logic_error("time_of_sample: nothing recorded yet");
  return *origin_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                        std::chrono::duration<double>(double(index) / kRecordSampleRate));
}

std::size_t Recording::sample_at(std::chrono::steady_clock::time_point t) const {
  std::lock_guard lock(mutex_);
  if (!origin_) throw std::logic_error("sample_at: nothing recorded yet");
  const double seconds = std::chrono::duration<double>(t - *origin_).count();
  return seconds <= 0 ? 0 : static_cast<std::size_t>(seconds * kRecordSampleRate);
}

// -------------------------------------------------------------------------------------------- PulseHarness

PulseHarness::PulseHarness(PulseHarnessOptions options) : options_(std::move(options)) {
  if (options_.sinks.empty()) throw std::invalid_argument("PulseHarness needs at least one sink");
  for (const char* sub : {"home", "runtime", "state", "config"})
    fs::create_directory(dir() / sub);
  fs::permissions(dir() / "runtime", fs::perms::owner_all, fs::perm_options::replace);
  write_configs();
}

PulseHarness::~PulseHarness() {
  for (const auto& [key, value] : saved_env_) {
    if (value) {
      ::setenv(key.c_str(), value->c_str(), 1);
    } else {
      ::unsetenv(key.c_str());
    }
  }
  thaw_server();  // a stopped process would ignore SIGTERM until continued
  if (server_) server_->stop(2000ms);
  server_.reset();
}

std::string PulseHarness::server_address() const {
  return "unix:" + (dir() / "runtime" / "native").string();
}

fs::path PulseHarness::alsa_config() const {
  return dir() / "asound.conf";
}

void PulseHarness::write_configs() {
  std::ostringstream script;
  script << "load-module module-native-protocol-unix auth-anonymous=1 socket="
         << (dir() / "runtime" / "native").string() << "\n";
  // The tests record a sink's monitor as what a listener hears. A sink that rewinds (to mix in a stream that
  // starts or ends an underrun) rewrites audio its monitor has already delivered, so the recording would lose
  // a few milliseconds a real device plays: without rewinds, the monitor holds exactly what was played.
  for (const auto& sink : options_.sinks) {
    script << "load-module module-null-sink norewinds=1 sink_name=" << sink << " rate=" << options_.sink_rate
           << " channels=" << options_.sink_channels << " sink_properties=device.description=" << sink
           << "\n";
  }
  script << "set-default-sink " << options_.sinks.front() << "\n";
  write_file(dir() / "server.pa", script.str());

  // Clients must never autospawn a server of their own when ours is down (a test kills it on purpose).
  write_file(dir() / "client.conf", "autospawn = no\ndefault-server = " + server_address() + "\n");

  // Loaded after the system's alsa.conf (see client_environment): default goes to our server, and every null
  // sink gets an ALSA device of its own name (so PortAudio lists it and can select it by name). The system's
  // "pulse" device (50-pulseaudio.conf, loaded by a hook after this file, so not redefined here: the two
  // would clash) reaches our server through PULSE_SERVER.
  std::ostringstream alsa;
  alsa << "pcm.!default {\n  type pulse\n  server \"" << server_address()
       << "\"\n  hint { show on description \"alfabravo test sound server\" }\n}\n"
       << "ctl.!default {\n  type pulse\n  server \"" << server_address() << "\"\n}\n";
  for (const auto& sink : options_.sinks) {
    alsa << "pcm." << sink << " {\n  type pulse\n  server \"" << server_address() << "\"\n  device \"" << sink
         << "\"\n  hint { show on description \"null sink " << sink << "\" }\n}\n";
  }
  write_file(alsa_config(), alsa.str());
}

std::map<std::string, std::string> PulseHarness::client_environment() const {
  return {
      {"PULSE_SERVER", server_address()},
      {"PULSE_CLIENTCONFIG", (dir() / "client.conf").string()},
      // Colon-separated: the system's config first (it defines the pulse plugin), ours overrides it.
      {"ALSA_CONFIG_PATH", "/usr/share/alsa/alsa.conf:" + alsa_config().string()},
  };
}

void PulseHarness::export_client_environment() {
  for (const auto& [key, value] : client_environment()) {
    if (!saved_env_.count(key)) {
      const char* old = std::getenv(key.c_str());
      saved_env_[key] = old ? std::optional<std::string>(old) : std::nullopt;
    }
    ::setenv(key.c_str(), value.c_str(), 1);
  }
}

void PulseHarness::start_server(std::chrono::milliseconds timeout) {
  if (server_running()) throw std::logic_error("the test sound server is already running");
  ChildOptions options;
  options.env_overrides = {
      {"HOME", (dir() / "home").string()},
      {"XDG_RUNTIME_DIR", (dir() / "runtime").string()},
      {"PULSE_RUNTIME_PATH", (dir() / "runtime").string()},
      {"PULSE_STATE_PATH", (dir() / "state").string()},
      {"XDG_CONFIG_HOME", (dir() / "config").string()},
      {"PULSE_SERVER", ""},
      {"DBUS_SESSION_BUS_ADDRESS", ""},
      {"DISPLAY", ""},
  };
  options.stderr_path = (dir() / "pulseaudio.log").string();
  // -n: no default.pa; --system=no + private HOME/XDG dirs: a per-"user" server even though we run as root
  // (it warns, but works); realtime scheduling as a desktop's server has it (rtkit), so a busy
  // machine does not make the server itself underrun and spoil what the tests measure.
  server_ = std::make_unique<Child>(
      std::vector<std::string>{"pulseaudio", "-n", "--daemonize=no", "--system=no", "--exit-idle-time=-1",
                               "--use-pid-file=no", "--high-priority=yes", "--realtime=yes",
                               "--disallow-exit=no", "--log-level=warning", "--log-target=stderr", "-F",
                               (dir() / "server.pa").string()},
      options);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = -1;
    try {
      run_command({"pactl", "info"}, client_environment(), 5000ms, true, &status);
    } catch (const std::exception&) {
      status = -1;
    }
    if (status == 0) return;
    if (!server_->running()) {
      throw std::runtime_error("pulseaudio exited at start-up; see " + (dir() / "pulseaudio.log").string());
    }
    if (std::chrono::steady_clock::now() >= deadline)
      throw std::runtime_error("pulseaudio did not answer pactl");
    std::this_thread::sleep_for(50ms);
  }
}

void PulseHarness::kill_server() {
  if (!server_) return;
  server_->signal(SIGKILL);
  server_->wait_for(5000ms);
  server_.reset();
}

void PulseHarness::freeze_server() {
  if (server_) server_->signal(SIGSTOP);
}

void PulseHarness::thaw_server() {
  if (server_) server_->signal(SIGCONT);
}

void PulseHarness::stop_server() {
  if (!server_) return;
  server_->stop(3000ms);
  server_.reset();
}

bool PulseHarness::server_running() const {
  return server_ && server_->running();
}

std::string PulseHarness::pactl(const std::vector<std::string>& args) const {
  std::vector<std::string> argv{"pactl"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, client_environment(), 10000ms);
}

std::size_t PulseHarness::sink_input_count() const {
  const std::string out = pactl({"list", "short", "sink-inputs"});
  std::size_t lines = 0;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) ++lines;
  }
  return lines;
}

std::unique_ptr<Recording> PulseHarness::record(const std::string& sink) {
  auto recording = std::make_unique<Recording>(client_environment(), sink + ".monitor");
  if (!recording->wait_until_recording())
    throw std::runtime_error("parec of " + sink + ".monitor did not start");
  return recording;
}

}  // namespace alfabravo::test
