#pragma once
// Which output device a request may name. A client may pick a device the daemon lists (the devices op) or a
// plain ALSA PCM ("alsa:NAME" or "alsa:NAME:ARGS" for the few PCMs that take a card or sink), never an ALSA
// definition: ALSA's file plugin pipes audio into a shell command or writes files, so an "alsa:" string with
// plugin syntax in it would give every client of the socket command execution. Raw ALSA strings belong in the
// daemon's configuration, which is trusted.
#include <optional>
#include <string>
#include <string_view>

namespace alfabravo {

// Why `device` may not come from a request, or nullopt when it may.
std::optional<std::string> request_device_problem(std::string_view device);

}  // namespace alfabravo
