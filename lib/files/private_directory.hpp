#pragma once
// A directory only this user can reach: the socket's and the clip cache's. Another user who can write into
// such a directory, or who owns it, or who planted a symlink in its place, can replace the socket (and be
// sent the text, often a password) or plant audio that the daemon plays. So it is checked before use.
#include <filesystem>
#include <optional>
#include <string>

namespace alfabravo {

struct PrivateDirectoryRules {
  bool create = false;             // mkdir it (0700) if it does not exist; its parent must exist
  bool ancestors_may_link = true;  // false: no component of the path may be a symlink (the socket's path)
  bool tighten_own = false;        // our own directory with wider permissions is chmod'ed to 0700 (the cache)
};

// Checks (and with rules.create makes) `path`: a real directory, not a symlink, owned by the effective uid,
// with no permission for group or others. Returns nullopt, or why it cannot be used, worded for a person.
std::optional<std::string> ensure_private_directory(const std::filesystem::path& path,
                                                    PrivateDirectoryRules rules);

}  // namespace alfabravo
