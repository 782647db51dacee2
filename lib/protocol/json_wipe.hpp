#pragma once
// Wiping the strings of a JSON DOM before it is freed: requests and replies may carry a password's words.
#include <nlohmann/json.hpp>

namespace alfabravo {

// Overwrites every string inside `value` (whole capacity, see core/secret.hpp) and empties it. Recursive:
// the depth of a parsed request is bounded by ProtocolLimits::max_nesting, and replies are the daemon's own.
void wipe_strings(nlohmann::json& value) noexcept;

}  // namespace alfabravo
