#pragma once
// The one place that says which protocol error code each kind of failure of the daemon's parts becomes.
// Clients switch on these codes (protocol/error_code.hpp), so a new failure gets its code here, on purpose.
#include "playback/player.hpp"
#include "protocol/error_code.hpp"
#include "spelling/speller.hpp"

namespace alfabravo {

// The speller refused the text.
ErrorCode protocol_code(SpellErrorCode failure) noexcept;
// How a playback failed (for done and cancelled, which are not failures: internal).
ErrorCode protocol_code(PlaybackOutcome failure) noexcept;

}  // namespace alfabravo
