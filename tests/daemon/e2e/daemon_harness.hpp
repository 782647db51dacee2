#pragma once
// Runs the real alfabravod as a child process on a private socket, and talks to it as a client would.
#include <chrono>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocol/events.hpp"
#include "subprocess.hpp"
#include "temp_dir.hpp"

namespace alfabravo::test {

using namespace std::chrono_literals;

// Generous: the machine running the suite may be busy.
inline constexpr auto kEventTimeout = 30s;

struct DaemonOptions {
  std::vector<std::string> args = {"--audio", "none"};  // --socket is added unless use_socket_option is false
  std::map<std::string, std::string> env;
  std::vector<std::string> launcher;  // runs the daemon, e.g. {"prlimit", "--nofile=1024"}
  bool use_socket_option = true;
  bool wait_until_ready = true;
  std::string config_toml;  // written to $XDG_CONFIG_HOME/alfabravo/alfabravod.toml when not empty
};

class Daemon {
 public:
  explicit Daemon(DaemonOptions options = {});
  ~Daemon();

  const std::filesystem::path& socket_path() const { return socket_path_; }
  const std::filesystem::path& dir() const { return dir_.path(); }
  std::filesystem::path config_file() const;
  Child& process() { return *child_; }
  std::string log() const;              // its standard error
  std::string standard_output() const;  // nothing is expected there, but a secret must not be there either
  // Waits until the log contains `text`; false on timeout.
  bool wait_for_log(const std::string& text, std::chrono::milliseconds timeout = kEventTimeout) const;
  // Waits until a connection is answered (a ping gets its pong).
  void wait_until_ready(std::chrono::milliseconds timeout = 90s);
  // SIGTERM and the exit status (nullopt if it did not exit in time).
  std::optional<int> terminate(std::chrono::milliseconds timeout = kEventTimeout);

  // The environment the daemon runs with (for a second daemon or a helper process).
  std::map<std::string, std::string> environment() const { return env_; }

 private:
  TempDir dir_{"alfabravod-test"};
  std::filesystem::path socket_path_;
  std::map<std::string, std::string> env_;
  std::unique_ptr<Child> child_;
};

// A datagram socket standing in for systemd's NOTIFY_SOCKET: what the daemon tells the service manager.
class NotifySocket {
 public:
  explicit NotifySocket(const std::filesystem::path& path);
  ~NotifySocket();
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;
  const std::filesystem::path& path() const { return path_; }
  // Waits until a message after those already matched contains `wanted`; false on timeout.
  bool wait_for(const std::string& wanted, std::chrono::milliseconds timeout = kEventTimeout);
  // Every message so far, one per line.
  const std::string& messages() const { return messages_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::string messages_;
  std::size_t matched_ = 0;  // messages_ up to here were matched already
};

// The argv of the daemon binary under test.
std::string daemon_binary();

class Client {
 public:
  explicit Client(const std::filesystem::path& socket_path);  // fails the test if it cannot connect
  explicit Client(int connected_fd);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  void send(std::string_view bytes);  // all of it (blocking)
  // The next line, without its newline; nullopt on timeout or when the daemon closed the connection.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout = kEventTimeout);
  // The next event, set-aside ones first; a failed expectation (and a default Event of type
  // error/internal) if none comes. Only for a connection with a single request in flight: otherwise another
  // request's events may come first, so use read_event_of.
  Event read_event(std::chrono::milliseconds timeout = kEventTimeout);
  // The next event of `request` (of `type`, when given). Every other event read meanwhile is set aside, in
  // order, for the later reads: a test waits for the event it means, never for "the next line".
  Event read_event_of(const std::optional<RequestId>& request, std::optional<EventType> type = std::nullopt,
                      std::chrono::milliseconds timeout = kEventTimeout);
  // Every event up to and including the final one of `id`, skipping none (other ids' events are kept too).
  std::vector<Event> read_until_final(const RequestId& id, std::chrono::milliseconds timeout = kEventTimeout);
  // Sends one request line and returns its reply: the first event with the request's "id" when the line has
  // one; otherwise the first event that is not a stream event (started, progress, audio, done, cancelled)
  // of another request.
  Event request(const std::string& json_line);
  // True once the daemon has closed the connection (read returns 0), within timeout.
  bool closed_by_daemon(std::chrono::milliseconds timeout = kEventTimeout);
  void shutdown_sending();
  void close();

 private:
  // The next event from the socket (not the set-aside ones); nullopt after a failed expectation.
  std::optional<Event> receive_event(std::chrono::steady_clock::time_point deadline);
  // The first event `wanted` matches (among the set-aside ones too, when search_set_aside); every other event
  // read meanwhile is set aside.
  Event wait_for(const std::function<bool(const Event&)>& wanted, std::chrono::milliseconds timeout,
                 const std::string& what, bool search_set_aside = true);

  int fd_ = -1;
  std::string buffer_;
  std::deque<Event> set_aside_;
};

// Polls `condition` every `interval` until it holds; false once `timeout` has passed. Only for a state no
// event of the test's own connection reports (a socket file appearing, another connection's utterance
// ending): where there is an event, a test waits for that event.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout = kEventTimeout,
                std::chrono::milliseconds interval = std::chrono::milliseconds(50));

// Connects a Unix stream socket; -1 with errno on failure.
int connect_unix(const std::filesystem::path& path);

std::vector<std::string> event_names(const std::vector<Event>& events);
RequestId id(const char* text);
RequestId id(std::int64_t number);

}  // namespace alfabravo::test
