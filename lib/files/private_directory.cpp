#include "files/private_directory.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/file_descriptor.hpp"

namespace alfabravo {
namespace {

std::string reason(const std::filesystem::path& path, const std::string& what) {
  return path.string() + " " + what;
}

// Opens one component below `parent` without following a symlink in its place.
FileDescriptor open_component(int parent, const std::string& name) {
  return FileDescriptor(::openat(parent, name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
}

std::optional<std::string> describe_open_failure(int parent, const std::string& name,
                                                 const std::filesystem::path& shown, int error) {
  struct stat st {};
  if (::fstatat(parent, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) {
    return reason(shown, "is a symbolic link; refusing to follow it (remove it)");
  }
  return reason(shown, std::string("cannot be opened as a directory: ") + std::strerror(error));
}

// Walks the path's parent components; with links refused, none of them may be a symlink.
std::optional<std::string> open_parent(const std::filesystem::path& path, bool ancestors_may_link,
                                       FileDescriptor& out) {
  const auto parent = path.parent_path();
  if (ancestors_may_link) {
    out = FileDescriptor(::open(parent.empty() ? "." : parent.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (out.get() < 0) return reason(parent, std::string("cannot be opened: ") + std::strerror(errno));
    return std::nullopt;
  }
  FileDescriptor current(::open(path.is_absolute() ? "/" : ".", O_PATH | O_DIRECTORY | O_CLOEXEC));
  std::filesystem::path shown = path.is_absolute() ? "/" : "";
  for (const auto& component : parent.relative_path()) {
    shown /= component;
    FileDescriptor next = open_component(current.get(), component.string());
    if (next.get() < 0) return describe_open_failure(current.get(), component.string(), shown, errno);
    current = std::move(next);
  }
  out = std::move(current);
  return std::nullopt;
}

std::optional<std::string> check_owner_and_mode(int fd, const std::filesystem::path& path, bool tighten_own) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return reason(path, std::string("cannot be examined: ") + std::strerror(errno));
  if (!S_ISDIR(st.st_mode)) return reason(path, "is not a directory");
  if (st.st_uid != ::geteuid()) {
    return reason(path, "belongs to uid " + std::to_string(st.st_uid) + ", not to this user (uid " +
                            std::to_string(::geteuid()) + "); refusing to use it");
  }
  if ((st.st_mode & 077) == 0) return std::nullopt;
  if (tighten_own) {
    // O_PATH descriptors cannot be fchmod'ed: go through /proc, which names exactly this directory.
    const std::string self = "/proc/self/fd/" + std::to_string(fd);
    if (::chmod(self.c_str(), 0700) == 0) return std::nullopt;
  }
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
  return reason(path,
                std::string("has mode ") + mode +
                    ": other users could replace what is in it; it must be 0700 (remove it, or chmod 700)");
}

}  // namespace

std::optional<std::string> ensure_private_directory(const std::filesystem::path& path,
                                                    PrivateDirectoryRules rules) {
  const auto clean = path.lexically_normal();
  std::filesystem::path directory = clean;
  if (!directory.has_filename()) directory = directory.parent_path();  // "a/b/" names "a/b"
  FileDescriptor parent;
  if (auto problem = open_parent(directory, rules.ancestors_may_link, parent)) return problem;
  const std::string name = directory.filename().string();
  if (rules.create && ::mkdirat(parent.get(), name.c_str(), 0700) != 0 && errno != EEXIST) {
    return reason(directory, std::string("cannot be created: ") + std::strerror(errno));
  }
  FileDescriptor opened = open_component(parent.get(), name);
  if (opened.get() < 0) return describe_open_failure(parent.get(), name, directory, errno);
  return check_owner_and_mode(opened.get(), directory, rules.tighten_own);
}

}  // namespace alfabravo
