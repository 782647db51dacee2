#pragma once
// Runs one parsed command line: reads the text, talks to the daemon (or spells locally for --print) and
// returns the exit code (exit_codes.hpp).
#include "client/client_options.hpp"

namespace alfabravo::client {

int run_client(const ClientOptions& options);

}  // namespace alfabravo::client
