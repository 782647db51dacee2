#pragma once
// The client's command line (CLI11): turns argv into ClientOptions, or prints help / a usage error.
#include <iosfwd>
#include <optional>
#include <string>

#include "client/client_options.hpp"

namespace alfabravo::client {

struct CommandLine {
  std::optional<ClientOptions> options;  // unset: nothing to do but exit with exit_code (help, usage error)
  int exit_code = 0;
};

// stdin_is_terminal decides whether a run without text reads standard input (a pipe) or is a usage error.
CommandLine parse_command_line(int argc, const char* const* argv, bool stdin_is_terminal, std::ostream& out,
                               std::ostream& err);

// $ALFABRAVO_SOCKET, else $XDG_RUNTIME_DIR/alfabravo/socket, else /run/user/<uid>/alfabravo/socket.
std::string default_socket_path();

}  // namespace alfabravo::client
