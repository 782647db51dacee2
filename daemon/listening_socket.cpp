#include "listening_socket.hpp"

#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "files/private_directory.hpp"
#include "protocol/socket_path.hpp"

namespace alfabravo {

namespace {

std::runtime_error system_error(const std::string& what, int error) {
  return std::runtime_error(what + ": " + std::strerror(error));
}

sockaddr_un address_of(const std::filesystem::path& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string text = path.string();
  if (text.size() >= sizeof address.sun_path) {
    throw std::runtime_error("socket path " + text + " is too long (at most " +
                             std::to_string(sizeof address.sun_path - 1) + " bytes)");
  }
  std::memcpy(address.sun_path, text.c_str(), text.size() + 1);
  return address;
}

// Restores the umask on every way out.
class UmaskGuard {
 public:
  explicit UmaskGuard(mode_t mask) : previous_(::umask(mask)) {}
  ~UmaskGuard() { ::umask(previous_); }

 private:
  mode_t previous_;
};

// True if a daemon answers on the socket file (connect succeeds).
bool someone_listens(const sockaddr_un& address) {
  const int probe = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (probe < 0) return false;
  const bool answered = ::connect(probe, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 ||
                        errno == EAGAIN;  // a full backlog still means someone is there
  ::close(probe);
  return answered;
}

// The path of a socket systemd passed (empty for an abstract or unnamed one).
std::filesystem::path bound_path(int fd) {
  sockaddr_un address{};
  socklen_t length = sizeof address;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0 &&
      length > offsetof(sockaddr_un, sun_path) && address.sun_path[0] != '\0') {
    return address.sun_path;
  }
  return {};
}

// Whoever can write to the directory can replace the socket and be sent the text: only our own 0700 real
// directory, reached without following a symlink, is used.
void make_private_directory(const std::filesystem::path& directory) {
  const UmaskGuard umask_guard(077);
  PrivateDirectoryRules rules;
  rules.create = true;
  rules.ancestors_may_link = false;
  if (auto problem = ensure_private_directory(directory, rules)) {
    throw std::runtime_error("the socket directory cannot be used: " + *problem);
  }
}

// Binds; a socket file left by a daemon that died is replaced, anything else at the path is an error.
void bind_replacing_stale(int fd, const sockaddr_un& address, const std::filesystem::path& path) {
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) return;
  if (errno != EADDRINUSE) throw system_error("cannot bind " + path.string(), errno);
  struct stat existing {};
  if (::lstat(path.c_str(), &existing) == 0 && !S_ISSOCK(existing.st_mode)) {
    throw std::runtime_error(path.string() + " exists and is not a socket; not replacing it");
  }
  if (someone_listens(address)) {
    throw std::runtime_error("another alfabravod is already listening on " + path.string());
  }
  ::unlink(path.c_str());
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    throw system_error("cannot bind " + path.string(), errno);
  }
}

}  // namespace

std::filesystem::path default_socket_path() {
  if (auto path = runtime_socket_path()) return *path;
  throw std::runtime_error("XDG_RUNTIME_DIR is not set: give the socket path with --socket PATH");
}

ListeningSocket::ListeningSocket(ListeningSocket&& other) noexcept
    : fd_(other.fd_),
      activated_(other.activated_),
      path_(std::move(other.path_)),
      created_(other.created_),
      device_(other.device_),
      inode_(other.inode_) {
  other.fd_ = -1;
  other.created_ = false;
}

ListeningSocket::~ListeningSocket() {
  remove_file();
  if (fd_ >= 0) ::close(fd_);
}

int ListeningSocket::release() noexcept {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

void ListeningSocket::remove_file() noexcept {
  if (!created_) return;
  created_ = false;
  struct stat now {};
  // Only our own file: a second daemon started after ours died may have replaced it.
  if (::lstat(path_.c_str(), &now) == 0 && now.st_dev == device_ && now.st_ino == inode_) {
    ::unlink(path_.c_str());
  }
}

ListeningSocket ListeningSocket::open(const std::optional<std::filesystem::path>& configured_path) {
  ListeningSocket result;
  const int passed = sd_listen_fds(1);  // 1: unset LISTEN_* so children do not inherit them
  if (passed > 1)
    throw std::runtime_error("systemd passed " + std::to_string(passed) + " sockets; expected one");
  if (passed == 1) {
    if (sd_is_socket_unix(SD_LISTEN_FDS_START, SOCK_STREAM, 1, nullptr, 0) <= 0) {
      throw std::runtime_error("the socket systemd passed is not a listening Unix stream socket");
    }
    result.fd_ = SD_LISTEN_FDS_START;
    ::fcntl(result.fd_, F_SETFD, FD_CLOEXEC);
    result.activated_ = true;
    result.path_ = bound_path(result.fd_);
    return result;
  }

  result.path_ = configured_path ? *configured_path : default_socket_path();
  const sockaddr_un address = address_of(result.path_);
  const auto directory = result.path_.parent_path();
  make_private_directory(directory);
  // bind() creates the socket file with mode 0777 & ~umask: 0600 from the start, never chmod'ed later.
  const UmaskGuard umask_guard(0177);
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw system_error("socket()", errno);
  result.fd_ = fd;
  bind_replacing_stale(fd, address, result.path_);
  struct stat bound {};
  if (::lstat(result.path_.c_str(), &bound) == 0) {
    result.created_ = true;
    result.device_ = bound.st_dev;
    result.inode_ = bound.st_ino;
  }
  if (::listen(fd, SOMAXCONN) != 0) throw system_error("listen()", errno);
  return result;
}

}  // namespace alfabravo
