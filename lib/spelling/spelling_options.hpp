#pragma once
// What a caller may choose about how a text is spelled. Parsing from/to names is shared by the client's
// command line, the daemon's config file and the socket protocol.
#include <cstddef>
#include <optional>
#include <string_view>

namespace alfabravo {

enum class SpellMode { spell, url, password };
enum class CasePolicy { capitals, all, none };
enum class DigitStyle { plain, icao };

inline constexpr std::size_t kDefaultMaxCharacters = 4096;
inline constexpr std::size_t kDefaultPasswordGroup = 4;

struct SpellingOptions {
  SpellMode mode = SpellMode::spell;
  CasePolicy case_policy = CasePolicy::capitals;
  DigitStyle digits = DigitStyle::plain;
  // Characters per group, followed by the voice's group pause. Unset: kDefaultPasswordGroup in password mode,
  // no grouping otherwise. 0: no grouping.
  std::optional<std::size_t> group;
  std::size_t max_characters = kDefaultMaxCharacters;
};

std::optional<SpellMode> parse_spell_mode(std::string_view name) noexcept;
std::optional<CasePolicy> parse_case_policy(std::string_view name) noexcept;
std::optional<DigitStyle> parse_digit_style(std::string_view name) noexcept;
std::string_view to_string(SpellMode mode) noexcept;
std::string_view to_string(CasePolicy policy) noexcept;
std::string_view to_string(DigitStyle style) noexcept;

}  // namespace alfabravo
