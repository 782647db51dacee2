#pragma once
// The default voice: the user's language when a voice of that name is shipped, English otherwise.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace alfabravo {

inline constexpr std::string_view kFallbackVoice = "en";

// The voice a locale name ("de_DE.UTF-8", "sv_SE", "fr") asks for, if one of `available` has that name.
std::optional<std::string> voice_for_locale(std::string_view locale,
                                            const std::vector<std::string>& available);

// From the environment, for the language of messages: the first of LC_ALL, LC_MESSAGES, LANG that is set and
// non-empty; its voice if available, else kFallbackVoice (also when none is set, or for "C"/"POSIX").
std::string default_voice_name(const std::vector<std::string>& available);

}  // namespace alfabravo
