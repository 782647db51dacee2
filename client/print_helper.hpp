#pragma once
// `alfabravo --print` runs the local spelling engine in a program of its own, alfabravo-print (installed in
// <libexecdir>/alfabravo): the engine needs ICU and the voice loader toml++, and loading those libraries
// would slow down every start of the client, which mostly only sends a request to the daemon.
#include <string_view>

#include "client/client_options.hpp"

namespace alfabravo::client {

// Runs the helper with the text on its standard input (never in its arguments) and its output and errors
// going where the client's go. Returns the helper's exit code; when the helper cannot be run, says so on
// standard error and returns kExitDaemonError. When the helper is killed by a signal, the client dies of it.
int run_print_helper(std::string_view text, const RequestOptions& request);

}  // namespace alfabravo::client
