#include "voice/voice_vocabulary.hpp"

#include <unordered_set>

namespace alfabravo {

std::vector<std::string> vocabulary(const Voice& voice) {
  std::vector<std::string> words;
  std::unordered_set<std::string> seen;
  const auto add = [&](const std::string& text) {
    if (!text.empty() && seen.insert(text).second) words.push_back(text);
  };
  for (const auto& [letters, word] : voice.letters)
    add(word.speak);
  for (const auto& digit : voice.digits_plain)
    add(digit.speak);
  for (const auto& digit : voice.digits_icao)
    add(digit.speak);
  for (const auto& [character, word] : voice.symbols)
    add(word.speak);
  add(voice.capital.speak);
  add(voice.lowercase.speak);
  for (const auto& [text, word] : voice.url_words)
    add(word.speak);
  for (const auto& [icu_name, spoken] : voice.mark_names)
    add(spoken);
  if (voice.messages) {
    const auto& m = *voice.messages;
    for (const Word* word :
         {&m.correct, &m.group, &m.character, &m.expected, &m.given, &m.not_given, &m.not_expected})
      add(word->speak);
  }
  return words;
}

}  // namespace alfabravo
