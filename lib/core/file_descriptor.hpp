#pragma once
// A file descriptor that closes itself, and a write that goes on until every byte is out: the few POSIX I/O
// helpers the programs share (the client, its print helper, the clip cache, the private directories).
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <string_view>
#include <utility>

namespace alfabravo {

// Owns a file descriptor (or -1) and closes it when it goes out of scope or is replaced.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd = -1) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(FileDescriptor&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  ~FileDescriptor() { reset(); }
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

// Writes all `size` bytes, retrying after signals and short writes; false when the descriptor takes no more.
inline bool write_all(int fd, const void* data, std::size_t size) {
  const auto* next = static_cast<const std::byte*>(data);
  while (size > 0) {
    const ssize_t written = ::write(fd, next, size);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    next += written;
    size -= static_cast<std::size_t>(written);
  }
  return true;
}

inline bool write_all(int fd, std::string_view bytes) {
  return write_all(fd, bytes.data(), bytes.size());
}

}  // namespace alfabravo
