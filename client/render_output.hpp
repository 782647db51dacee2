#pragma once
// Where `--render FILE` writes: a temporary file next to FILE, renamed over it only when the daemon says the
// render is done, so FILE is written whole or not at all ('-' streams to standard output instead).
#include <optional>
#include <span>
#include <string>
#include <variant>

#include "core/expected.hpp"

namespace alfabravo::client {

class RenderOutput {
 public:
  static Expected<RenderOutput, std::string> create(const std::string& path);
  RenderOutput(RenderOutput&&) noexcept;
  RenderOutput& operator=(RenderOutput&&) = delete;
  ~RenderOutput();  // removes the temporary file unless commit() succeeded

  Expected<std::monostate, std::string> write(std::span<const unsigned char> bytes);
  // Flushes to disk and renames the temporary file to the final name.
  Expected<std::monostate, std::string> commit();

 private:
  RenderOutput(int fd, std::string path, std::string temporary);
  int fd_ = -1;
  std::string path_;       // empty for standard output
  std::string temporary_;  // empty for standard output or once committed
};

}  // namespace alfabravo::client
