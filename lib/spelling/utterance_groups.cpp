#include "spelling/utterance_groups.hpp"

#include <algorithm>

namespace alfabravo {

UtteranceGroups::UtteranceGroups(const Utterance& utterance) {
  bool after_pause = true;
  std::size_t in_group = 0;
  for (std::size_t i = 0; i < utterance.size(); ++i) {
    const Token& token = utterance[i];
    if (token.is_pause()) {
      after_pause = true;
      continue;
    }
    if (after_pause) {
      group_starts_.push_back(i);
      in_group = 0;
      after_pause = false;
    }
    if (!places_.contains(token.source_index)) {
      places_.emplace(token.source_index, CharacterPlace{group_starts_.size(), ++in_group});
    }
  }
}

std::optional<std::size_t> UtteranceGroups::first_token_of(std::size_t group) const {
  if (group == 0 || group > group_starts_.size()) return std::nullopt;
  return group_starts_[group - 1];
}

std::size_t UtteranceGroups::group_of_token(std::size_t token_index) const {
  const auto after = std::upper_bound(group_starts_.begin(), group_starts_.end(), token_index);
  return std::max<std::size_t>(1, static_cast<std::size_t>(after - group_starts_.begin()));
}

CharacterPlace UtteranceGroups::place_of(std::size_t source_index) const {
  const auto after = places_.upper_bound(source_index);
  if (after == places_.begin()) return CharacterPlace{1, 1};
  const auto& [index, place] = *std::prev(after);
  if (index == source_index) return place;
  return CharacterPlace{place.group, place.character + 1};
}

}  // namespace alfabravo
