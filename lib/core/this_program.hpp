#pragma once
// Where the running program's file is: the programs find their data and their helpers relative to it, so that
// no path of the build machine is compiled in and a moved installation still works.
#include <filesystem>
#include <optional>
#include <system_error>

namespace alfabravo {

// The absolute path of this program's executable, or nothing when /proc/self/exe cannot be read.
inline std::optional<std::filesystem::path> this_program() {
  std::error_code error;
  auto program = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error || !program.is_absolute()) return std::nullopt;
  return program;
}

}  // namespace alfabravo
