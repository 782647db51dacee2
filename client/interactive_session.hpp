#pragma once
// The interactive mode of a readout: while the daemon speaks, keys on the terminal steer it (space pause /
// resume, r this group again, R all again, Left/Right groups, -/+ slower/faster, c check a read-back, q or
// Esc stop) and the screen shows the transcript with the word being spoken and a status line. Every key is
// a request on the readout's own connection; the terminal is in raw mode only as long as this runs.
#include <cstddef>
#include <optional>

#include "client/client_options.hpp"
#include "client/connection.hpp"

namespace alfabravo::client {

// The controlling terminal to read keys from, when the options and the terminal call for the interactive
// mode: on by default when standard output is a terminal (and not with --events), forced by -i; never from a
// background job. Unset: no interactive mode; usage_error is set when -i cannot be honoured.
struct InteractiveTerminal {
  int tty = -1;
  bool usage_error = false;
};
InteractiveTerminal open_interactive_terminal(const ClientOptions& options);

// Runs the readout of the speak request just sent on connection; closes tty. Returns the exit code.
int run_interactive_readout(const ClientOptions& options, Connection& connection, std::size_t characters,
                            int tty);

}  // namespace alfabravo::client
