#pragma once
// Where the daemon listens and the client connects unless told otherwise: alfabravo/socket under the user's
// runtime directory (the systemd socket unit says the same: %t/alfabravo/socket). The daemon refuses to start
// without $XDG_RUNTIME_DIR (it must not create a socket in a directory it cannot be sure is the user's own);
// the client, which only connects, falls back to systemd's usual /run/user/<uid>.
#include <filesystem>
#include <optional>
#include <string_view>

namespace alfabravo {

inline constexpr std::string_view kSocketInRuntimeDir = "alfabravo/socket";

// $XDG_RUNTIME_DIR/alfabravo/socket; nullopt when XDG_RUNTIME_DIR is unset or not an absolute path.
std::optional<std::filesystem::path> runtime_socket_path();

}  // namespace alfabravo
