#include "client/connection.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <vector>

#include "files/private_directory.hpp"
#include "protocol/secret.hpp"

namespace alfabravo::client {
namespace {

constexpr std::size_t kReadChunkBytes = 64 * 1024;

std::string how_to_start() {
  return "start it with `systemctl --user start alfabravod.socket` (or run `alfabravod` in a terminal), or "
         "point "
         "--socket at the daemon's socket";
}

// The text is often a password: it goes only to a listener of this user, in a directory no one else can
// write to (another user there could have replaced the socket with their own).
std::optional<std::string> reason_to_distrust(int fd, const std::string& socket_path) {
  struct ucred peer {};
  socklen_t length = sizeof peer;
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &length) != 0 || length != sizeof peer) {
    return "cannot tell who listens on " + socket_path + ": " + std::strerror(errno) + "; sending nothing";
  }
  if (peer.uid != ::geteuid()) {
    return "the socket " + socket_path + " is held by uid " + std::to_string(peer.uid) +
           ", not by this user: that is not your alfabravod; sending nothing";
  }
  PrivateDirectoryRules rules;
  rules.ancestors_may_link = false;
  const auto directory = std::filesystem::absolute(socket_path).parent_path();
  if (auto problem = ensure_private_directory(directory, rules)) {
    return "not using the socket " + socket_path + ": " + *problem + "; sending nothing";
  }
  return std::nullopt;
}

}  // namespace

Expected<Connection, ConnectError> Connection::open(const std::string& socket_path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (socket_path.size() >= sizeof address.sun_path) {
    return Unexpected(ConnectError{"the socket path is too long for a Unix socket: " + socket_path});
  }
  std::memcpy(address.sun_path, socket_path.c_str(), socket_path.size() + 1);

  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Unexpected(ConnectError{std::string("cannot create a socket: ") + std::strerror(errno)});
  int result;
  do {
    result = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
  } while (result != 0 && errno == EINTR);
  if (result != 0) {
    const int error = errno;
    ::close(fd);
    switch (error) {
      case ENOENT:
      case ECONNREFUSED:
      case ENOTDIR:
        return Unexpected(ConnectError{"the daemon alfabravod is not running (nothing listens on " +
                                       socket_path + "): " + how_to_start()});
      case EACCES:
      case EPERM:
        return Unexpected(ConnectError{"permission denied on " + socket_path +
                                       ": the socket belongs to another user; each user runs their own "
                                       "alfabravod (check --socket and $XDG_RUNTIME_DIR)"});
      default:
        return Unexpected(ConnectError{"cannot connect to " + socket_path + ": " + std::strerror(error) +
                                       "; " + how_to_start()});
    }
  }
  if (auto distrust = reason_to_distrust(fd, socket_path)) {
    ::close(fd);
    return Unexpected(ConnectError{std::move(*distrust)});
  }
  return Connection(fd);
}

Connection::Connection(int fd) : fd_(fd), framer_(std::make_unique<LineFramer>(kMaxEventLineBytes)) {
  chunk_.reserve(kReadChunkBytes);
}

Connection::Connection(Connection&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), framer_(std::move(other.framer_)), chunk_(std::move(other.chunk_)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    framer_ = std::move(other.framer_);
    wipe(chunk_);
    chunk_ = std::move(other.chunk_);
  }
  return *this;
}

Connection::~Connection() {
  if (fd_ >= 0) ::close(fd_);
  wipe(chunk_);
}

bool Connection::send(std::string_view line) {
  while (!line.empty()) {
    const ssize_t n = ::send(fd_, line.data(), line.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    line.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

Connection::Received Connection::next(int interrupt_fd, int timeout_ms) {
  if (interrupt_fd < 0) return next(std::span<const int>{}, timeout_ms);
  return next(std::span<const int>(&interrupt_fd, 1), timeout_ms);
}

Connection::Received Connection::next(std::span<const int> wake_fds, int timeout_ms) {
  Received received;
  std::vector<pollfd> fds{{fd_, POLLIN, 0}};
  for (const int fd : wake_fds)
    fds.push_back({fd, POLLIN, 0});
  while (true) {
    // Lines already framed from the last chunk first.
    if (auto framed = framer_->next()) {
      if (framed->kind == FramedLine::Kind::too_long) {
        received.problem =
            "the daemon sent a line longer than " + std::to_string(kMaxEventLineBytes) + " bytes";
        return received;
      }
      auto event = parse_event(framed->text);
      if (!event) {
        received.problem = "the daemon sent something unreadable: " + event.error().message;
        return received;
      }
      received.what = Wait::event;
      received.line.assign(framed->text);
      received.event = std::move(*event);
      return received;
    }

    const int ready = ::poll(fds.data(), fds.size(), timeout_ms);
    if (ready < 0) {
      if (errno == EINTR) continue;  // the signal handler wrote to interrupt_fd: poll again to see it
      received.problem = std::string("poll: ") + std::strerror(errno);
      return received;
    }
    if (ready == 0) {
      received.what = Wait::timed_out;
      received.problem = "the daemon did not answer in time";
      return received;
    }
    for (std::size_t i = 1; i < fds.size(); ++i) {
      if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
        received.what = Wait::interrupted;
        received.woken_by = i - 1;
        return received;
      }
    }
    wipe_bytes(chunk_.data(), chunk_.size());
    chunk_.resize(kReadChunkBytes);
    const ssize_t n = ::read(fd_, chunk_.data(), chunk_.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      received.problem = std::string("reading from the daemon: ") + std::strerror(errno);
      chunk_.clear();
      return received;
    }
    chunk_.resize(static_cast<std::size_t>(n));
    if (n == 0) {
      received.what = Wait::closed;
      return received;
    }
    framer_->feed(chunk_);
  }
}

}  // namespace alfabravo::client
