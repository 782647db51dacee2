#include "failure_codes.hpp"

namespace alfabravo {

ErrorCode protocol_code(SpellErrorCode failure) noexcept {
  switch (failure) {
    case SpellErrorCode::too_long:
      return ErrorCode::too_long;
    case SpellErrorCode::invalid_utf8:
    case SpellErrorCode::empty_text:
      return ErrorCode::bad_text;
  }
  return ErrorCode::bad_text;
}

ErrorCode protocol_code(PlaybackOutcome failure) noexcept {
  switch (failure) {
    case PlaybackOutcome::audio_unavailable:
      return ErrorCode::audio_unavailable;
    case PlaybackOutcome::synthesis_failed:  // the voice's words are checked at load: a bug if it happens
    case PlaybackOutcome::done:
    case PlaybackOutcome::cancelled:
      return ErrorCode::internal;
  }
  return ErrorCode::internal;
}

}  // namespace alfabravo
