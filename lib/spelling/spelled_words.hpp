#pragma once
// The words a text is spelled with, as views: of the voice's own words, or of the character names made for
// this text (kept here). The speller's one output. A transcript needs nothing more, so it copies no word;
// speech turns the list into an Utterance of words of its own (spell()).
#include <chrono>
#include <cstddef>
#include <forward_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/secret.hpp"
#include "spelling/token.hpp"

namespace alfabravo {

struct SpelledWord {
  TokenKind kind = TokenKind::letter;
  std::string_view display;  // as shown to the agent; empty for pauses
  std::string_view speak;    // the text eSpeak NG speaks (the clip's key); empty for pauses
  std::size_t source_index = 0;
  std::chrono::milliseconds pause{0};  // length of a pause; 0 for words
  bool names_voice = false;            // an ICU name, said by the voice's names_espeak_voice

  bool is_pause() const noexcept { return kind == TokenKind::pause; }
};

// Valid while the voice it was spelled with lives. The list spells the caller's text as copies of the words
// would (which word, in which order): it is wiped when it goes.
class SpelledWords {
 public:
  SpelledWords() = default;
  SpelledWords(SpelledWords&&) noexcept = default;  // the names' nodes move as they are: views stay valid
  SpelledWords& operator=(SpelledWords&&) = delete;
  SpelledWords(const SpelledWords&) = delete;
  SpelledWords& operator=(const SpelledWords&) = delete;
  ~SpelledWords();

  std::span<const SpelledWord> words() const noexcept { return words_; }

  void reserve(std::size_t words) { words_.reserve(words); }
  // Past the reserved size the list grows as a secret does, the old copy wiped.
  void add(const SpelledWord& word) {
    if (words_.size() < words_.capacity()) {
      words_.push_back(word);
    } else {
      append_wiping(words_, &word, 1);
    }
  }
  // Keeps a copy of a name made for this text, which outlives the call that made it, and wipes `name` (a
  // moved-from string would keep its bytes in its small-string buffer). Returns a view of the copy.
  std::string_view keep(std::string& name);

 private:
  std::vector<SpelledWord> words_;
  std::forward_list<std::string> names_;  // nodes never move: the views of them stay valid
};

}  // namespace alfabravo
