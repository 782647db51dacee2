#include "protocol/socket_path.hpp"

#include <cstdlib>

namespace alfabravo {

std::optional<std::filesystem::path> runtime_socket_path() {
  const char* runtime = std::getenv("XDG_RUNTIME_DIR");
  if (runtime == nullptr || *runtime != '/') return std::nullopt;
  return std::filesystem::path(runtime) / kSocketInRuntimeDir;
}

}  // namespace alfabravo
