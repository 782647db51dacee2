#pragma once
// The daemon's log: lines on stderr with sd-daemon priority prefixes ("<3>", "<6>", "<7>"), which journald
// turns into priorities. Never give it spoken text: only ids, modes, lengths. Thread-safe.
#include <string_view>

namespace alfabravo::daemon_log {

void set_verbose(bool verbose) noexcept;
bool verbose() noexcept;

void error(std::string_view message);
void warning(std::string_view message);
void notice(std::string_view message);
void info(std::string_view message);
void debug(std::string_view message);  // only with --verbose

}  // namespace alfabravo::daemon_log
