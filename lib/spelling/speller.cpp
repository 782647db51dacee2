#include "spelling/speller.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <string>

#include "spelling/latin_decomposition.hpp"
#include "spelling/unicode_naming.hpp"
#include "spelling/utf8_decoding.hpp"
#include "voice/voice.hpp"

namespace alfabravo {
namespace {

bool is_ascii_letter(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
}
bool is_ascii_digit(char32_t c) {
  return c >= U'0' && c <= U'9';
}
// ASCII (most text) without the call into ICU, which maps it the same way.
char32_t to_lower(char32_t c) {
  if (c < 0x80) return c >= U'A' && c <= U'Z' ? c + (U'a' - U'A') : c;
  return static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
}
char32_t to_upper(char32_t c) {
  if (c < 0x80) return c >= U'a' && c <= U'z' ? c - (U'a' - U'A') : c;
  return static_cast<char32_t>(u_toupper(static_cast<UChar32>(c)));
}
// `c` is `lower` itself or its upper-case form. Not a look-alike that only lower-cases to it (KELVIN SIGN to
// "k"): that keeps its own name. A letter without an upper case of its own (ß) takes any that maps to it (ẞ).
bool is_case_of(char32_t c, char32_t lower) {
  if (c == lower) return true;
  const auto upper = to_upper(lower);
  return upper == c || upper == lower;
}
// Upper or title case (ICU): "Ä", "ẞ", and the "Ǉ" of digraph letters.
bool is_upper(char32_t c) {
  return to_lower(c) != c;
}

// In url mode every ASCII character other than a letter or digit separates words ("/", ".", ":", "?", ...).
bool is_url_separator(char32_t c) {
  return c < 0x80 && !is_ascii_letter(c) && !is_ascii_digit(c);
}

class Speller {
 public:
  Speller(const Voice& voice, const SpellingOptions& options, const std::vector<char32_t>& text)
      : voice_(voice),
        options_(options),
        text_(text),
        group_(options.group.value_or(options.mode == SpellMode::password ? kDefaultPasswordGroup : 0)) {}

  SpelledWords run() {
    words_.reserve(text_.size() * 2);  // about one word per character, a case word or pause for some
    for (std::size_t index = 0; index < text_.size();) {
      const auto url_word = options_.mode == SpellMode::url ? url_word_at(index) : voice_.url_words.end();
      if (url_word != voice_.url_words.end()) {
        const std::size_t end = index + url_word->first.size();
        add_word(TokenKind::url_word, url_word->second, index);
        pause_after(index, end);
        index = end;
      } else if (const auto letter = letter_at(index); letter.length > 0) {
        spell_letter(*letter.word, text_[index], index);
        pause_after(index, index + letter.length);
        index += letter.length;
      } else {
        spell_character(text_[index], index);
        pause_after(index, index + 1);
        ++index;
      }
    }
    return std::move(words_);
  }

 private:
  // The url word starting at `index`, if one does: a url word is a whole run of characters between
  // separators (or the text's ends) that is exactly, case included, one of the voice's url words. Exact case,
  // so that what is heard is what must be typed ("WWW" is spelled letter by letter). The run is compared in
  // place: no copy of the (possibly secret) text is made.
  std::map<std::string, Word>::const_iterator url_word_at(std::size_t index) const {
    const auto none = voice_.url_words.end();
    if (is_url_separator(text_[index]) || (index > 0 && !is_url_separator(text_[index - 1]))) return none;
    std::size_t end = index;
    while (end < text_.size() && !is_url_separator(text_[end]))
      ++end;
    const std::size_t length = end - index;
    for (auto word = voice_.url_words.begin(); word != none; ++word) {
      const std::string& key = word->first;
      if (key.size() != length) continue;
      bool same = true;
      for (std::size_t i = 0; i < length && same; ++i) {
        same = text_[index + i] == static_cast<char32_t>(static_cast<unsigned char>(key[i]));
      }
      if (same) return word;
    }
    return none;
  }

  struct LetterMatch {
    const Word* word = nullptr;
    std::size_t length = 0;  // characters of the text it spells; 0: no letter of the voice starts here
  };

  // The voice's longest letter (or letter sequence, like Dutch "ij") at `index`, compared in lower case (the
  // few characters' lower-case copy is wiped at once). A sequence needs its characters in one case ("IJ",
  // "ij", or "Ij" as a capitalised word writes it, but not "iJ"), so that what is heard as one letter was
  // typed as one.
  LetterMatch letter_at(std::size_t index) const {
    const std::size_t longest = std::min({voice_.longest_letter, text_.size() - index, kMaxLetterSequence});
    for (std::size_t length = longest; length > 0; --length) {
      if (length == 1 && is_ascii_letter(text_[index])) {
        const Word& latin = voice_.latin_letters[to_lower(text_[index]) - U'a'];
        if (!latin.display.empty()) return {&latin, 1};
      }
      std::array<char32_t, kMaxLetterSequence> key{};
      bool cased = true;
      for (std::size_t i = 0; i < length && cased; ++i) {
        key[i] = to_lower(text_[index + i]);
        cased = is_case_of(text_[index + i], key[i]);
      }
      const auto found =
          cased ? voice_.letters.find(std::u32string_view(key.data(), length)) : voice_.letters.end();
      std::fill(key.begin(), key.end(), U'\0');  // the text may be a secret
      if (found != voice_.letters.end() && typed_as_one(index, length)) return {&found->second, length};
    }
    return {};
  }

  // All in lower case, all in upper case, or capitalised.
  bool typed_as_one(std::size_t index, std::size_t length) const {
    if (length == 1) return true;
    const bool rest_upper = is_upper(text_[index + 1]);
    for (std::size_t i = 2; i < length; ++i) {
      if (is_upper(text_[index + i]) != rest_upper) return false;
    }
    return !rest_upper || is_upper(text_[index]);
  }

  void spell_character(char32_t c, std::size_t index) {
    if (is_ascii_digit(c)) {
      const auto& digits = options_.digits == DigitStyle::icao ? voice_.digits_icao : voice_.digits_plain;
      add_word(TokenKind::digit, digits[c - U'0'], index);
    } else if (const auto symbol = voice_.symbols.find(c); symbol != voice_.symbols.end()) {
      add_word(TokenKind::symbol, symbol->second, index);
    } else if (const auto latin = decompose_latin_letter(c)) {
      // A letter the alphabet has no word of its own for: its base letter's word and its marks' names.
      const auto base = static_cast<char32_t>(static_cast<unsigned char>(latin->base));
      spell_letter(voice_.letters.at(std::u32string(1, to_lower(base))), base, index);
      for (char32_t mark : latin->marks)
        add_mark(mark, index);
    } else {
      // Unicode names say "capital"/"small" themselves: no case word for these.
      std::string name = character_name(c);
      add_name(words_.keep(name), index, /*icu_name=*/true);
    }
  }

  void spell_letter(const Word& word, char32_t first, std::size_t index) {
    const bool upper = is_upper(first);
    if (upper && options_.case_policy != CasePolicy::none) {
      add_word(TokenKind::case_word, voice_.capital, index);
    } else if (!upper && options_.case_policy == CasePolicy::all) {
      add_word(TokenKind::case_word, voice_.lowercase, index);
    }
    add_word(TokenKind::letter, word, index);
  }

  void add_mark(char32_t mark, std::size_t index) {
    std::string icu_name = character_name(mark);
    const auto renamed = voice_.mark_names.find(icu_name);
    wipe(icu_name);
    if (renamed != voice_.mark_names.end()) {
      add_name(renamed->second, index, /*icu_name=*/false);
    } else {
      std::string name = combining_mark_name(mark);
      add_name(words_.keep(name), index, /*icu_name=*/true);
    }
  }

  void add_word(TokenKind kind, const Word& word, std::size_t index) {
    words_.add({kind, word.display, word.speak, index, {}, false});
  }

  // ICU's names are English: said by the voice's names voice when that is not its own.
  void add_name(std::string_view name, std::size_t index, bool icu_name) {
    const bool other_voice = icu_name && voice_.names_espeak_voice != voice_.synthesis.espeak_voice;
    words_.add({TokenKind::character_name, name, name, index, {}, other_voice});
  }

  // After the characters [first, end): a group pause if a group ends among them, a separator pause if the
  // last is a url separator; one pause (the longer) if both, none after the text's last character.
  void pause_after(std::size_t first, std::size_t end) {
    if (end >= text_.size()) return;
    std::chrono::milliseconds pause{0};
    if (group_ > 0 && end / group_ > first / group_) pause = voice_.pauses.group;
    if (options_.mode == SpellMode::url && is_url_separator(text_[end - 1])) {
      pause = std::max(pause, voice_.pauses.separator);
    }
    if (pause > std::chrono::milliseconds::zero()) {
      words_.add({TokenKind::pause, {}, {}, end - 1, pause, false});
    }
  }

  const Voice& voice_;
  const SpellingOptions& options_;
  const std::vector<char32_t>& text_;
  const std::size_t group_;
  SpelledWords words_;
};

SpellError too_long(std::size_t limit) {
  return SpellError{SpellErrorCode::too_long,
                    "the text is too long: more than " + std::to_string(limit) + " characters", 0};
}

// Each word copied straight into its token: no temporary string is left holding one.
Utterance to_utterance(const SpelledWords& words, const Voice& voice) {
  Utterance utterance(words.words().size());
  for (std::size_t i = 0; i < utterance.size(); ++i) {
    const auto& word = words.words()[i];
    auto& token = utterance[i];
    token.kind = word.kind;
    token.display = word.display;
    token.clip = word.speak;
    token.source_index = word.source_index;
    token.pause = word.pause;
    if (word.names_voice) token.espeak_voice = voice.names_espeak_voice;
  }
  return utterance;
}

}  // namespace

Expected<SpelledWords, SpellError> spell_words(std::string_view utf8_text, const Voice& voice,
                                               const SpellingOptions& options) {
  if (utf8_text.empty()) return Unexpected{SpellError{SpellErrorCode::empty_text, "the text is empty", 0}};
  // A character takes at most 4 bytes: longer input is over the limit without decoding it.
  const std::size_t limit = options.max_characters;
  const bool surely_too_long =
      limit < std::numeric_limits<std::size_t>::max() / 4 && utf8_text.size() > limit * 4;
  if (surely_too_long ||
      utf8_text.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
    return Unexpected{too_long(limit)};
  }
  auto decoded = decode_utf8(utf8_text);
  if (!decoded) {
    const auto& where = decoded.error();
    return Unexpected{SpellError{SpellErrorCode::invalid_utf8,
                                 "invalid UTF-8 at byte offset " + std::to_string(where.byte_offset) +
                                     " (after " + std::to_string(where.character_index) +
                                     " valid characters)",
                                 where.byte_offset}};
  }
  const auto& text = decoded->code_points();
  if (text.size() > limit) return Unexpected{too_long(limit)};
  return Speller(voice, options, text).run();
}

Expected<Utterance, SpellError> spell(std::string_view utf8_text, const Voice& voice,
                                      const SpellingOptions& options) {
  auto words = spell_words(utf8_text, voice, options);
  if (!words) return Unexpected{std::move(words).error()};
  return to_utterance(*words, voice);
}

}  // namespace alfabravo
