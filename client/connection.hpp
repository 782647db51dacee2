#pragma once
// The client's end of the daemon's Unix socket: one JSON line out per request, JSON event lines back
// (framed and parsed by the protocol library). Waits can be broken by an interrupt file descriptor (Ctrl-C).
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/expected.hpp"
#include "protocol/events.hpp"
#include "protocol/line_framer.hpp"

namespace alfabravo::client {

// Rendered audio arrives as base64 inside events; a line is at most this long.
inline constexpr std::size_t kMaxEventLineBytes = 4 * 1024 * 1024;

struct ConnectError {
  std::string message;  // says what is wrong and how to start the daemon
};

class Connection {
 public:
  static Expected<Connection, ConnectError> open(const std::string& socket_path);
  Connection(Connection&&) noexcept;
  Connection& operator=(Connection&&) noexcept;
  ~Connection();

  // Writes the whole line (it ends with "\n"). False when the daemon has gone.
  bool send(std::string_view line);

  enum class Wait { event, interrupted, closed, failed, timed_out };
  struct Received {
    Wait what = Wait::failed;
    std::optional<Event> event;  // for Wait::event
    std::string line;            // the event's raw JSON line (for --events)
    std::string problem;         // for Wait::failed and Wait::timed_out: why
    std::size_t woken_by = 0;    // for Wait::interrupted: the index of the readable wake descriptor
  };
  // Waits for the next event line. interrupt_fd (or -1): when it becomes readable, returns Wait::interrupted.
  // timeout_ms < 0: no timeout; on timeout returns Wait::timed_out, with a message in problem.
  Received next(int interrupt_fd = -1, int timeout_ms = -1);
  // The same, woken by any of several descriptors (an interactive session also waits for keys).
  Received next(std::span<const int> wake_fds, int timeout_ms);

 private:
  explicit Connection(int fd);
  int fd_ = -1;
  std::unique_ptr<LineFramer> framer_;
  std::string chunk_;  // the bytes the framer is reading from (it keeps views into them)
};

}  // namespace alfabravo::client
