#include "spoken_result.hpp"

#include <string>

namespace alfabravo {

namespace {

class ResultWords {
 public:
  explicit ResultWords(const Voice& voice) : voice_(voice) {}

  void say(const Word& word, TokenKind kind = TokenKind::message_word) {
    Token token;
    token.kind = kind;
    token.display = word.display;
    token.clip = word.speak;
    add(std::move(token));
  }
  void say_number(std::size_t number) {
    for (const char digit : std::to_string(number))
      say(voice_.digits_plain[static_cast<std::size_t>(digit - '0')], TokenKind::digit);
  }
  // The words a character of the held or the typed text is spelled with ("capital", "Bravo").
  void say_character(const Utterance& spelled, std::size_t index) {
    for (const Token& token : spelled) {
      if (!token.is_pause() && token.source_index == index) add(Token(token));
    }
  }
  void pause(std::chrono::milliseconds length) {
    Token token;
    token.kind = TokenKind::pause;
    token.pause = length;
    token.source_index = words_;
    out_.push_back(std::move(token));
  }
  Utterance take() { return std::move(out_); }

 private:
  void add(Token token) {
    token.source_index = words_++;
    out_.push_back(std::move(token));
  }

  const Voice& voice_;
  Utterance out_;
  std::size_t words_ = 0;
};

// "group two, character three: capital Bravo expected, Delta given" (or "..., not given" / "..., not
// expected"), with the voice's separator pause where the colon is.
void say_difference(ResultWords& words, const Voice& voice, const Difference& difference,
                    const ReadBack& read_back) {
  const VoiceMessages& messages = *voice.messages;
  const CharacterPlace place =
      read_back.groups.place_of(difference.expected.value_or(difference.expected_before));
  words.say(messages.group);
  words.say_number(place.group);
  words.say(messages.character);
  words.say_number(place.character);
  words.pause(voice.pauses.separator);
  if (difference.expected) {
    words.say_character(read_back.expected, *difference.expected);
    words.say(messages.expected);
  }
  if (difference.given) {
    words.say_character(read_back.given, *difference.given);
    words.say(messages.given);
  }
  if (difference.kind == DifferenceKind::missing) words.say(messages.not_given);
  if (difference.kind == DifferenceKind::extra) words.say(messages.not_expected);
}

}  // namespace

std::optional<Utterance> spoken_result(const Voice& voice, std::span<const Difference> differences,
                                       const ReadBack& read_back, std::size_t max_spoken) {
  if (!voice.messages) return std::nullopt;
  ResultWords words(voice);
  if (differences.empty()) words.say(voice.messages->correct);
  for (std::size_t i = 0; i < differences.size() && i < max_spoken; ++i) {
    if (i > 0) words.pause(voice.pauses.group);
    say_difference(words, voice, differences[i], read_back);
  }
  return words.take();
}

}  // namespace alfabravo
