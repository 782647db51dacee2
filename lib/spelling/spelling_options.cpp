#include "spelling/spelling_options.hpp"

#include <array>
#include <utility>

namespace alfabravo {
namespace {

// One table per option: the names users type, in the order the enum declares them.
constexpr std::array<std::pair<SpellMode, std::string_view>, 3> kModes{
    {{SpellMode::spell, "spell"}, {SpellMode::url, "url"}, {SpellMode::password, "password"}}};
constexpr std::array<std::pair<CasePolicy, std::string_view>, 3> kCasePolicies{
    {{CasePolicy::capitals, "capitals"}, {CasePolicy::all, "all"}, {CasePolicy::none, "none"}}};
constexpr std::array<std::pair<DigitStyle, std::string_view>, 2> kDigitStyles{
    {{DigitStyle::plain, "plain"}, {DigitStyle::icao, "icao"}}};

template <class Enum, std::size_t N>
std::optional<Enum> parse_name(const std::array<std::pair<Enum, std::string_view>, N>& table,
                               std::string_view name) noexcept {
  for (const auto& [value, value_name] : table) {
    if (value_name == name) return value;
  }
  return std::nullopt;
}

template <class Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) noexcept {
  for (const auto& [candidate, name] : table) {
    if (candidate == value) return name;
  }
  return "unknown";
}

}  // namespace

std::optional<SpellMode> parse_spell_mode(std::string_view name) noexcept {
  return parse_name(kModes, name);
}
std::optional<CasePolicy> parse_case_policy(std::string_view name) noexcept {
  return parse_name(kCasePolicies, name);
}
std::optional<DigitStyle> parse_digit_style(std::string_view name) noexcept {
  return parse_name(kDigitStyles, name);
}
std::string_view to_string(SpellMode mode) noexcept {
  return name_of(kModes, mode);
}
std::string_view to_string(CasePolicy policy) noexcept {
  return name_of(kCasePolicies, policy);
}
std::string_view to_string(DigitStyle style) noexcept {
  return name_of(kDigitStyles, style);
}

}  // namespace alfabravo
