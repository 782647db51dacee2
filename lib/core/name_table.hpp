#pragma once
// An enum's names on the wire or in a file: one table of {value, name} pairs per enum, read both ways by
// these two functions, so a name is written once.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace alfabravo {

template <class Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, std::string_view>, N>;

template <class Enum, std::size_t N>
constexpr std::string_view name_of(const NameTable<Enum, N>& table, Enum value,
                                   std::string_view unknown) noexcept {
  for (const auto& [candidate, name] : table) {
    if (candidate == value) return name;
  }
  return unknown;
}

template <class Enum, std::size_t N>
constexpr std::optional<Enum> value_of(const NameTable<Enum, N>& table, std::string_view name) noexcept {
  for (const auto& [value, candidate] : table) {
    if (candidate == name) return value;
  }
  return std::nullopt;
}

}  // namespace alfabravo
