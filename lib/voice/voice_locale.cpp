#include "voice/voice_locale.hpp"

#include <algorithm>
#include <cstdlib>

namespace alfabravo {

std::optional<std::string> voice_for_locale(std::string_view locale,
                                            const std::vector<std::string>& available) {
  // "de_DE.UTF-8@euro" -> "de": the language part, before territory, codeset and modifier.
  const std::string language(locale.substr(0, locale.find_first_of("_.@")));
  if (language.empty() || language == "C" || language == "POSIX") return std::nullopt;
  if (std::find(available.begin(), available.end(), language) == available.end()) return std::nullopt;
  return language;
}

std::string default_voice_name(const std::vector<std::string>& available) {
  // POSIX precedence for one category: LC_ALL overrides LC_MESSAGES, which overrides LANG. The first that is
  // set decides, even when it names no shipped voice (then English): a later variable is not a fallback.
  for (const char* variable : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(variable);
    if (value == nullptr || *value == '\0') continue;
    return voice_for_locale(value, available).value_or(std::string(kFallbackVoice));
  }
  return std::string(kFallbackVoice);
}

}  // namespace alfabravo
