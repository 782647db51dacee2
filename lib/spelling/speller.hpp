#pragma once
// The spelling engine: UTF-8 text + options + voice -> the words to speak. Pure: no I/O, no globals.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/expected.hpp"
#include "spelling/spelled_words.hpp"
#include "spelling/spelling_options.hpp"
#include "spelling/token.hpp"

namespace alfabravo {

struct Voice;

enum class SpellErrorCode { invalid_utf8, empty_text, too_long };

struct SpellError {
  SpellErrorCode code;
  std::string
      message;  // for a person: says what is wrong and where (never quotes the text: it may be a secret)
  std::size_t byte_offset = 0;  // for invalid_utf8: where the bad sequence starts
};

// The words, as views of the voice's (valid while `voice` lives): what a transcript needs.
Expected<SpelledWords, SpellError> spell_words(std::string_view utf8_text, const Voice& voice,
                                               const SpellingOptions& options);

// The same words, each a copy of its own, with the eSpeak NG voice of those said by another: what speech
// needs, as it outlives the request.
Expected<Utterance, SpellError> spell(std::string_view utf8_text, const Voice& voice,
                                      const SpellingOptions& options);

}  // namespace alfabravo
