#pragma once
// The daemon's listening Unix socket: the one systemd passes (socket activation), or one it creates itself at
// $XDG_RUNTIME_DIR/alfabravo/socket (directory 0700, socket 0600 by umask(077) before bind, never chmod
// after). The directory must be our own 0700 real directory, with no symlink on its path: anything else is
// refused, since another user who can write there could stand in for the daemon. A stale socket file left by
// a dead daemon is replaced; a live daemon's is left alone (error).
#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <stdexcept>

namespace alfabravo {

class ListeningSocket {
 public:
  // Throws std::runtime_error with a message for a person.
  static ListeningSocket open(const std::optional<std::filesystem::path>& configured_path);
  ~ListeningSocket();  // closes the descriptor if not released; removes the socket file it created
  ListeningSocket(ListeningSocket&& other) noexcept;
  ListeningSocket& operator=(ListeningSocket&&) = delete;

  int fd() const noexcept { return fd_; }
  // Hands the descriptor over (to Asio); the file is still removed by remove_file() / the destructor.
  int release() noexcept;
  bool activated() const noexcept { return activated_; }
  // Where it listens ("" when systemd gave an unnamed socket).
  const std::filesystem::path& path() const noexcept { return path_; }
  // Removes the socket file if this process created it and it is still the same file.
  void remove_file() noexcept;

 private:
  ListeningSocket() = default;
  int fd_ = -1;
  bool activated_ = false;
  std::filesystem::path path_;
  bool created_ = false;
  dev_t device_ = 0;
  ino_t inode_ = 0;
};

// $XDG_RUNTIME_DIR/alfabravo/socket; throws if $XDG_RUNTIME_DIR is not set.
std::filesystem::path default_socket_path();

}  // namespace alfabravo
