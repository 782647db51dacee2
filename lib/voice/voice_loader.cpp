#include "voice/voice_loader.hpp"

#include <toml++/toml.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <sstream>

#include "core/limits.hpp"
#include "strict_toml/strict_table.hpp"

namespace alfabravo {
namespace {

constexpr std::uintmax_t kMaxVoiceFileBytes = 1 << 20;  // a real voice file is a few kilobytes
constexpr std::size_t kMaxWordBytes = 200;

// The code points of UTF-8 text toml++ has already validated; nullopt if it is not valid after all.
std::optional<std::u32string> code_points(std::string_view text) {
  std::u32string result;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(text.size());
  for (std::int32_t offset = 0; offset < length;) {
    UChar32 c = 0;
    U8_NEXT(bytes, offset, length, c);
    if (c < 0) return std::nullopt;
    result.push_back(static_cast<char32_t>(c));
  }
  return result;
}

bool is_letter_or_mark(char32_t c) {
  const auto type = u_charType(static_cast<UChar32>(c));
  return u_isalpha(static_cast<UChar32>(c)) || type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
}

class VoiceParser {
 public:
  explicit VoiceParser(const std::filesystem::path& source) : file_(source.string()) {}

  Voice parse(const toml::table& root) {
    Voice voice;
    reject_unknown_keys(root, "",
                        {"description", "language", "standard", "espeak", "unicode_names", "pauses", "case",
                         "letters", "digits", "icao_digits", "symbols", "url_words", "marks", "messages"});
    for (auto [key, field] :
         {std::pair{"description", &voice.description}, std::pair{"language", &voice.language},
          std::pair{"standard", &voice.standard}}) {
      if (const auto* node = root.get(key)) *field = string_value(*node, key, /*allow_empty=*/true);
    }
    parse_synthesis(required_table(root, "espeak"), voice.synthesis);
    voice.names_espeak_voice = voice.synthesis.espeak_voice;
    if (const auto* names = optional_table(root, "unicode_names")) parse_unicode_names(*names, voice);
    parse_pauses(required_table(root, "pauses"), voice.pauses);
    parse_case_words(required_table(root, "case"), voice);
    parse_letters(required_table(root, "letters"), voice);
    parse_digits(required_table(root, "digits"), "digits", voice.digits_plain);
    parse_digits(required_table(root, "icao_digits"), "icao_digits", voice.digits_icao);
    parse_symbols(required_table(root, "symbols"), voice);
    if (const auto* url_words = optional_table(root, "url_words")) parse_url_words(*url_words, voice);
    if (const auto* marks = optional_table(root, "marks")) parse_marks(*marks, voice);
    if (const auto* messages = optional_table(root, "messages")) parse_messages(*messages, voice);
    return voice;
  }

 private:
  // Validation is deep and every failure ends the whole load, so the shared strict reader's TomlError unwinds
  // to parse_voice, which turns it into a VoiceError: the simplest honest control flow here.
  [[noreturn]] void fail(const toml::source_region& where, const std::string& key,
                         const std::string& problem) const {
    fail_at(file_, where, key, problem);
  }

  const toml::table& required_table(const toml::table& root, const char* key) const {
    return StrictTable(root, file_).required_subtable(key).table();
  }

  const toml::table* optional_table(const toml::table& root, const char* key) const {
    const auto table = StrictTable(root, file_).subtable(key);
    return table ? &table->table() : nullptr;
  }

  void reject_unknown_keys(const toml::table& table, const std::string& prefix,
                           std::initializer_list<std::string_view> known) const {
    StrictTable(table, file_, prefix).only(known);
  }

  static bool has_control_character(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
      const auto byte = static_cast<unsigned char>(c);
      return byte < 0x20 || byte == 0x7f;
    });
  }

  std::string string_value(const toml::node& node, const std::string& key, bool allow_empty = false) const {
    const auto* value = node.as_string();
    if (value == nullptr) fail(node.source(), key, "expected a string");
    const std::string& text = value->get();
    const bool blank = text.find_first_not_of(' ') == std::string::npos;
    if (blank && !allow_empty) fail(node.source(), key, "empty word");
    if (has_control_character(text)) fail(node.source(), key, "control characters are not allowed");
    if (text.size() > kMaxWordBytes) {
      fail(node.source(), key, "longer than " + std::to_string(kMaxWordBytes) + " bytes");
    }
    return text;
  }

  // What eSpeak NG is given: words, not markup or punctuation it might read aloud or act on. Beyond ASCII
  // only letters (of any script: national alphabets have their own) and their combining marks, never
  // invisible or formatting characters. These words are all the synthesis gate lets through beyond ASCII.
  void require_speakable(const toml::node& node, const std::string& key, std::string_view text) const {
    const auto characters = code_points(text);
    const bool speakable =
        characters && std::all_of(characters->begin(), characters->end(), [](char32_t c) {
          if (c >= 0x80) return is_letter_or_mark(c);
          const char ascii = static_cast<char>(c);
          return is_ascii_alnum(ascii) || ascii == ' ' || ascii == '-' || ascii == '\'' || ascii == '.';
        });
    if (!speakable) {
      fail(node.source(), key,
           "eSpeak NG text may only hold letters, digits, spaces, hyphens, apostrophes and periods");
    }
  }

  std::int64_t integer_in_range(const toml::table& table, const std::string& prefix, const char* key,
                                std::int64_t min, std::int64_t max) const {
    const auto* node = table.get(key);
    if (node == nullptr) fail(table.source(), prefix + key, "missing");
    const auto* value = node->as_integer();
    if (value == nullptr) fail(node->source(), prefix + key, "expected an integer");
    const std::int64_t number = value->get();
    if (number < min || number > max) {
      fail(node->source(), prefix + key,
           std::to_string(number) + " is out of range " + std::to_string(min) + ".." + std::to_string(max));
    }
    return number;
  }

  // A word is either "Alfa" (shown and spoken alike) or { display = "Quebec", speak = "kebeck" }.
  Word word_value(const toml::node& node, const std::string& key) const {
    if (node.is_string()) {
      std::string text = string_value(node, key);
      require_speakable(node, key, text);
      return Word{text, text};
    }
    const auto* table = node.as_table();
    if (table == nullptr) fail(node.source(), key, "expected a string or a table {display, speak}");
    reject_unknown_keys(*table, key + ".", {"display", "speak"});
    const auto* display = table->get("display");
    if (display == nullptr) fail(node.source(), key + ".display", "missing");
    Word word;
    word.display = string_value(*display, key + ".display");
    const auto* speak = table->get("speak");
    word.speak = speak != nullptr ? string_value(*speak, key + ".speak") : word.display;
    require_speakable(speak != nullptr ? *speak : *display,
                      speak != nullptr ? key + ".speak" : key + ".display", word.speak);
    return word;
  }

  void parse_synthesis(const toml::table& table, SynthesisSettings& settings) const {
    reject_unknown_keys(table, "espeak.", {"voice", "rate", "pitch", "volume"});
    const auto* voice = table.get("voice");
    if (voice == nullptr) fail(table.source(), "espeak.voice", "missing");
    settings.espeak_voice = espeak_voice_name(*voice, "espeak.voice");
    // eSpeak NG's own limits (espeakRATE_MINIMUM/MAXIMUM, pitch and volume scales).
    settings.rate_wpm =
        static_cast<int>(integer_in_range(table, "espeak.", "rate", kMinRateWpm, kMaxRateWpm));
    settings.pitch = static_cast<int>(integer_in_range(table, "espeak.", "pitch", 0, 100));
    settings.volume = static_cast<int>(integer_in_range(table, "espeak.", "volume", 0, 200));
  }

  std::string espeak_voice_name(const toml::node& node, const std::string& key) const {
    std::string name = string_value(node, key);
    const bool plain_name = std::all_of(name.begin(), name.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
             c == '_' || c == '+' || c == '/';
    });
    if (!plain_name) fail(node.source(), key, "not an eSpeak NG voice name");
    return name;
  }

  // [unicode_names] espeak_voice: who says ICU's (English) names of characters the alphabet has no word for.
  void parse_unicode_names(const toml::table& table, Voice& voice) const {
    reject_unknown_keys(table, "unicode_names.", {"espeak_voice"});
    const auto* node = table.get("espeak_voice");
    if (node == nullptr) fail(table.source(), "unicode_names.espeak_voice", "missing");
    voice.names_espeak_voice = espeak_voice_name(*node, "unicode_names.espeak_voice");
  }

  void parse_pauses(const toml::table& table, VoicePauses& pauses) const {
    reject_unknown_keys(table, "pauses.", {"word_ms", "group_ms", "separator_ms"});
    constexpr std::int64_t kMaxPauseMs = 5000;
    pauses.word = std::chrono::milliseconds(integer_in_range(table, "pauses.", "word_ms", 0, kMaxPauseMs));
    pauses.group = std::chrono::milliseconds(integer_in_range(table, "pauses.", "group_ms", 0, kMaxPauseMs));
    pauses.separator =
        std::chrono::milliseconds(integer_in_range(table, "pauses.", "separator_ms", 0, kMaxPauseMs));
  }

  void parse_case_words(const toml::table& table, Voice& voice) const {
    reject_unknown_keys(table, "case.", {"capital", "lowercase"});
    for (const char* key : {"capital", "lowercase"}) {
      const auto* node = table.get(key);
      if (node == nullptr) fail(table.source(), std::string("case.") + key, "missing");
      (std::string_view(key) == "capital" ? voice.capital : voice.lowercase) =
          word_value(*node, std::string("case.") + key);
    }
  }

  // Keys: a letter in lower case ("a", "ä", "ß") or a short sequence of them a standard names as one ("ij"),
  // letters of any script with their combining marks. a to z are required: Latin text turns up in every
  // language (addresses, codes, passwords).
  void parse_letters(const toml::table& table, Voice& voice) const {
    for (const auto& [key, node] : table) {
      const std::string_view name = key.str();
      // A key is only quoted back if it is letters and digits: not an invisible or control character.
      const auto characters = code_points(name);
      const bool printable = characters && !characters->empty() &&
                             std::all_of(characters->begin(), characters->end(),
                                         [](char32_t c) { return u_isalnum(static_cast<UChar32>(c)) != 0; });
      const std::string path = "letters." + (printable ? std::string(name) : std::string("\"...\""));
      voice.letters[letter_key(name, node, path)] = word_value(node, path);
    }
    for (char c = 'a'; c <= 'z'; ++c) {
      if (!voice.letters.contains(std::u32string(1, static_cast<char32_t>(c))))
        fail(table.source(), "letters." + std::string(1, c), "missing letter");
    }
    for (const auto& [letters, word] : voice.letters)
      voice.longest_letter = std::max(voice.longest_letter, letters.size());
    for (char c = 'a'; c <= 'z'; ++c)
      voice.latin_letters[c - 'a'] = voice.letters.at(std::u32string(1, static_cast<char32_t>(c)));
  }

  std::u32string letter_key(std::string_view name, const toml::node& node, const std::string& path) const {
    const auto characters = code_points(name);
    if (!characters || characters->empty() || characters->size() > kMaxLetterSequence ||
        !u_isalpha(static_cast<UChar32>(characters->front())) ||
        !std::all_of(characters->begin(), characters->end(), is_letter_or_mark)) {
      fail(node.source(), path,
           "unknown key (a letter, or up to " + std::to_string(kMaxLetterSequence) +
               " letters the alphabet names as one)");
    }
    for (char32_t c : *characters) {
      if (static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))) != c) {
        fail(node.source(), path, "letters are keyed in lower case (upper case is matched through it)");
      }
    }
    return *characters;
  }

  void parse_digits(const toml::table& table, const std::string& section,
                    std::array<Word, 10>& digits) const {
    std::array<bool, 10> seen{};
    for (const auto& [key, node] : table) {
      const std::string_view name = key.str();
      const std::string path = section + "." + std::string(name);
      if (name.size() != 1 || name[0] < '0' || name[0] > '9')
        fail(node.source(), path, "unknown key (digits are 0 to 9)");
      const auto index = static_cast<std::size_t>(name[0] - '0');
      digits[index] = word_value(node, path);
      seen[index] = true;
    }
    for (std::size_t i = 0; i < seen.size(); ++i) {
      if (!seen[i]) fail(table.source(), section + "." + std::to_string(i), "missing digit");
    }
  }

  static std::string quoted_key(char c) {
    switch (c) {
      case '\t':
        return "\"\\t\"";
      case '\n':
        return "\"\\n\"";
      case '"':
        return "\"\\\"\"";
      case '\\':
        return "\"\\\\\"";
      default:
        break;
    }
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      return std::string("\"\\u00") + kHex[byte >> 4] + kHex[byte & 0xf] + "\"";
    }
    return std::string{'"', c, '"'};  // not "\"" + std::string: GCC 12 -O3 warns (-Wrestrict)
  }

  static bool is_ascii_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  // Required: every printable ASCII character that is not a letter or digit (space included), tab and line
  // feed. Optional: the other ASCII control characters (e.g. "\r" = "carriage return"), which otherwise get a
  // generic "control character" name because ICU has no names for controls.
  void parse_symbols(const toml::table& table, Voice& voice) const {
    for (const auto& [key, node] : table) {
      const std::string_view name = key.str();
      const bool one_ascii = name.size() == 1 && static_cast<unsigned char>(name[0]) < 0x80;
      if (!one_ascii || is_ascii_alnum(name[0])) {
        fail(node.source(), "symbols.\"" + (one_ascii ? std::string(name) : std::string("...")) + "\"",
             "unknown key (symbols are single ASCII characters other than letters and digits)");
      }
      voice.symbols[static_cast<char32_t>(name[0])] = word_value(node, "symbols." + quoted_key(name[0]));
    }
    for (char c = 0x20; c < 0x7f; ++c) {
      if (!is_ascii_alnum(c) && !voice.symbols.contains(static_cast<char32_t>(c))) {
        fail(table.source(), "symbols." + quoted_key(c), "missing symbol");
      }
    }
    for (char c : {'\t', '\n'}) {
      if (!voice.symbols.contains(static_cast<char32_t>(c)))
        fail(table.source(), "symbols." + quoted_key(c), "missing symbol");
    }
  }

  // url_words: the key is the word as it must appear in a URL (ASCII letters and digits, matched exactly),
  // the value what eSpeak NG says for it; the word itself is what the agent sees.
  void parse_url_words(const toml::table& table, Voice& voice) const {
    for (const auto& [key, node] : table) {
      const std::string name(key.str());
      const std::string path =
          "url_words." + (std::all_of(name.begin(), name.end(), is_ascii_alnum) ? name : "\"...\"");
      if (name.empty() || !std::all_of(name.begin(), name.end(), is_ascii_alnum)) {
        fail(node.source(), path, "a url word is made of ASCII letters and digits only");
      }
      voice.url_words[name] = Word{name, string_value(node, path)};
      require_speakable(node, path, voice.url_words[name].speak);
    }
  }

  // marks: ICU's name of a combining mark, in lower case ("combining tilde") -> the name to say for it.
  void parse_marks(const toml::table& table, Voice& voice) const {
    for (const auto& [key, node] : table) {
      const std::string name(key.str());
      const bool plain = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || c == ' ' || c == '-';
      });
      const std::string path = "marks.\"" + (plain ? name : std::string("...")) + "\"";
      if (!plain || !name.starts_with("combining ")) {
        fail(node.source(), path,
             "expected an ICU combining mark name in lower case, like \"combining tilde\"");
      }
      voice.mark_names[name] = string_value(node, path);
      require_speakable(node, path, voice.mark_names[name]);
    }
  }

  // messages: every key, when the table is there (a result said with some of its words would mislead).
  void parse_messages(const toml::table& table, Voice& voice) const {
    VoiceMessages messages;
    const std::pair<const char*, Word*> keys[] = {{"correct", &messages.correct},
                                                  {"group", &messages.group},
                                                  {"character", &messages.character},
                                                  {"expected", &messages.expected},
                                                  {"given", &messages.given},
                                                  {"not_given", &messages.not_given},
                                                  {"not_expected", &messages.not_expected}};
    reject_unknown_keys(table, "messages.",
                        {"correct", "group", "character", "expected", "given", "not_given", "not_expected"});
    for (const auto& [key, word] : keys) {
      const auto* node = table.get(key);
      if (node == nullptr) fail(table.source(), std::string("messages.") + key, "missing");
      *word = word_value(*node, std::string("messages.") + key);
    }
    voice.messages = std::move(messages);
  }

  std::string file_;
};

}  // namespace

Expected<Voice, VoiceError> parse_voice(std::string_view toml_text, const std::filesystem::path& source) {
  try {
    const toml::table root = toml::parse(toml_text, source.string());
    Voice voice = VoiceParser(source).parse(root);
    voice.name = source.stem().string();
    voice.source = source;
    return voice;
  } catch (const toml::parse_error& error) {
    const auto& begin = error.source().begin;
    return Unexpected{VoiceError{source.string() + ":" + std::to_string(begin.line) + ":" +
                                 std::to_string(begin.column) + ": " + std::string(error.description())}};
  } catch (const TomlError& error) {
    return Unexpected{VoiceError{error.what()}};
  }
}

Expected<Voice, VoiceError> load_voice_file(const std::filesystem::path& file) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) {
    return Unexpected{VoiceError{file.string() + ": not a readable voice file"}};
  }
  const auto size = std::filesystem::file_size(file, error);
  if (error || size > kMaxVoiceFileBytes) {
    return Unexpected{VoiceError{file.string() + ": too large for a voice file (over 1 MiB)"}};
  }
  std::ifstream stream(file, std::ios::binary);
  if (!stream.is_open()) return Unexpected{VoiceError{file.string() + ": cannot be opened"}};
  std::ostringstream text;
  text << stream.rdbuf();
  if (stream.bad()) return Unexpected{VoiceError{file.string() + ": cannot be read"}};
  return parse_voice(text.str(), file);
}

}  // namespace alfabravo
