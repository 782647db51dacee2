#pragma once
// A read-back check's result as words to say: "group two, character three: capital Bravo expected, Delta
// given", or "correct". Made only of the voice file's words (its [messages] and digits) and the words the
// held and the typed characters are spelled with, never of caller text: nothing else reaches eSpeak NG. Pure.
#include <cstddef>
#include <optional>
#include <span>

#include "read_back.hpp"
#include "spelling/token.hpp"
#include "spelling/utterance_groups.hpp"
#include "voice/voice.hpp"

namespace alfabravo {

struct ReadBack {
  const Utterance& expected;      // the held utterance
  const Utterance& given;         // the read-back, spelled with the same voice and options
  const UtteranceGroups& groups;  // the held utterance's groups
};

// The first `max_spoken` differences said one after another, or "correct" when there are none. Each word is
// its own source index (0, 1, 2...), so progress events follow it word by word. Nothing when the voice has
// no [messages].
std::optional<Utterance> spoken_result(const Voice& voice, std::span<const Difference> differences,
                                       const ReadBack& read_back, std::size_t max_spoken);

}  // namespace alfabravo
