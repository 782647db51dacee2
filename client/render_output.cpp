#include "client/render_output.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <utility>
#include <vector>

namespace alfabravo::client {
namespace {

std::string failure(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

}  // namespace

Expected<RenderOutput, std::string> RenderOutput::create(const std::string& path) {
  if (path == "-") return RenderOutput(STDOUT_FILENO, "", "");
  const std::filesystem::path target(path);
  if (target.filename().empty())
    return Unexpected(std::string("--render needs a file name, not a directory: ") + path);
  const auto directory = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
  // In the same directory, so that rename() is atomic (same file system).
  // Appended, not "literal" + std::string: GCC 12 -O3 warns falsely (-Wrestrict) on that operator+.
  std::string pattern =
      (directory / std::string(".").append(target.filename().string()).append(".XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  const int fd = ::mkstemp(name.data());
  if (fd < 0) return Unexpected(failure("cannot create a file in", directory.string()));
  return RenderOutput(fd, path, std::string(name.data()));
}

RenderOutput::RenderOutput(int fd, std::string path, std::string temporary)
    : fd_(fd), path_(std::move(path)), temporary_(std::move(temporary)) {}

RenderOutput::RenderOutput(RenderOutput&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      path_(std::move(other.path_)),
      temporary_(std::exchange(other.temporary_, std::string())) {}

RenderOutput::~RenderOutput() {
  if (fd_ >= 0 && fd_ != STDOUT_FILENO) ::close(fd_);
  if (!temporary_.empty()) ::unlink(temporary_.c_str());
}

Expected<std::monostate, std::string> RenderOutput::write(std::span<const unsigned char> bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Unexpected(failure("cannot write", path_.empty() ? "to standard output" : temporary_));
    bytes = bytes.subspan(static_cast<std::size_t>(n));
  }
  return std::monostate{};
}

Expected<std::monostate, std::string> RenderOutput::commit() {
  if (path_.empty()) return std::monostate{};
  // mkstemp makes the file 0600; give it the mode any new file would get.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  if (::fchmod(fd_, 0666 & ~mask) != 0) return Unexpected(failure("cannot set the mode of", temporary_));
  if (::fsync(fd_) != 0) return Unexpected(failure("cannot write", temporary_));
  if (::close(std::exchange(fd_, -1)) != 0) return Unexpected(failure("cannot write", temporary_));
  if (::rename(temporary_.c_str(), path_.c_str()) != 0) return Unexpected(failure("cannot rename to", path_));
  temporary_.clear();
  return std::monostate{};
}

}  // namespace alfabravo::client
