#pragma once
// The groups of an utterance as the listener hears them: runs of words between pauses. Used to report and
// move between groups while speaking, to repeat from a group and to say where a read-back differs ("group 2,
// character 3"). Pure.
#include <cstddef>
#include <map>
#include <optional>
#include <vector>

#include "spelling/token.hpp"

namespace alfabravo {

struct CharacterPlace {
  std::size_t group = 1;      // 1-based
  std::size_t character = 1;  // 1-based, within its group
};

class UtteranceGroups {
 public:
  explicit UtteranceGroups(const Utterance& utterance);

  std::size_t count() const noexcept { return group_starts_.size(); }
  // The index of the first token of a group (1-based), or nothing past the last.
  std::optional<std::size_t> first_token_of(std::size_t group) const;
  // The group a token is heard in: a pause belongs to the group before it (the listener has not yet heard
  // the next one); anything before the first word, to group 1.
  std::size_t group_of_token(std::size_t token_index) const;
  // Where a source character is; a character that is not spoken (or past the end) is placed just after the
  // last spoken one before it.
  CharacterPlace place_of(std::size_t source_index) const;

 private:
  std::vector<std::size_t> group_starts_;
  std::map<std::size_t, CharacterPlace> places_;
};

}  // namespace alfabravo
