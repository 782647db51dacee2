#include "spelling/spelling_options.hpp"

#include "core/name_table.hpp"

namespace alfabravo {
namespace {

// One table per option: the names users type, in the order the enum declares them.
constexpr NameTable<SpellMode, 3> kModes{
    {{SpellMode::spell, "spell"}, {SpellMode::url, "url"}, {SpellMode::password, "password"}}};
constexpr NameTable<CasePolicy, 3> kCasePolicies{
    {{CasePolicy::capitals, "capitals"}, {CasePolicy::all, "all"}, {CasePolicy::none, "none"}}};
constexpr NameTable<DigitStyle, 2> kDigitStyles{{{DigitStyle::plain, "plain"}, {DigitStyle::icao, "icao"}}};

}  // namespace

std::optional<SpellMode> parse_spell_mode(std::string_view name) noexcept {
  return value_of(kModes, name);
}
std::optional<CasePolicy> parse_case_policy(std::string_view name) noexcept {
  return value_of(kCasePolicies, name);
}
std::optional<DigitStyle> parse_digit_style(std::string_view name) noexcept {
  return value_of(kDigitStyles, name);
}
std::string_view to_string(SpellMode mode) noexcept {
  return name_of(kModes, mode, "unknown");
}
std::string_view to_string(CasePolicy policy) noexcept {
  return name_of(kCasePolicies, policy, "unknown");
}
std::string_view to_string(DigitStyle style) noexcept {
  return name_of(kDigitStyles, style, "unknown");
}

}  // namespace alfabravo
