#pragma once
// How the transcript is drawn on standard output, for both readouts (the plain one and the interactive one).
#include "client/client_options.hpp"
#include "client/transcript_display.hpp"

namespace alfabravo::client {

// TERM unset, empty or "dumb": no ANSI escapes.
bool dumb_terminal();

// Standard output's width in columns (80 when it is not a terminal), and whether a password's characters are
// shown only as positions (password mode without --show); `escapes` as the caller decided.
DisplayStyle display_style(const ClientOptions& options, bool escapes);

}  // namespace alfabravo::client
