// The loader: the real English voice loads as written; every kind of mistake is an error that names the file,
// the key and the line.
#include "voice/voice_loader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "voice_test_support.hpp"

namespace alfabravo::testing {
namespace {

const std::filesystem::path kSource = "/voices/test-voice.toml";

std::string load_error(const std::string& text) {
  auto voice = parse_voice(text, kSource);
  EXPECT_FALSE(voice.has_value()) << "the broken voice loaded";
  return voice ? std::string() : voice.error().message;
}

// The message names the file and the line, then the key: "/voices/test-voice.toml:12: letters.q: ...".
void expect_error_at(const std::string& message, std::size_t line, const std::string& key,
                     const std::string& problem) {
  const std::string where = kSource.string() + ":" + std::to_string(line) + ": " + key + ": ";
  EXPECT_EQ(message.rfind(where, 0), 0u) << "message: " << message << "\nexpected to start with: " << where;
  EXPECT_NE(message.find(problem), std::string::npos) << "message: " << message;
}

TEST(VoiceLoader, EnglishVoiceLoads) {
  auto loaded = load_voice_file(std::filesystem::path(build::kSourceVoicesDir) / "en.toml");
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  const Voice& voice = *loaded;
  EXPECT_EQ(voice.name, "en");
  EXPECT_EQ(voice.source.filename(), "en.toml");
  EXPECT_EQ(voice.synthesis.espeak_voice, "en-gb");
  EXPECT_EQ(voice.synthesis.rate_wpm, 175);
  EXPECT_EQ(voice.pauses.group, std::chrono::milliseconds(700));
  EXPECT_EQ(voice.pauses.separator, std::chrono::milliseconds(350));
  EXPECT_EQ(voice.pauses.word, std::chrono::milliseconds(20));
  EXPECT_EQ(voice.letters.at(U"a"), (Word{"Alfa", "Alfa"}));      // shorthand: display = speak
  EXPECT_EQ(voice.letters.at(U"q"), (Word{"Quebec", "kebeck"}));  // table: display and speak
  EXPECT_EQ(voice.letters.at(U"z"), (Word{"Zulu", "Zulu"}));
  EXPECT_EQ(voice.digits_icao[9].display, "niner");
  EXPECT_EQ(voice.capital.display, "capital");
  EXPECT_EQ(voice.lowercase.display, "lowercase");
  EXPECT_EQ(voice.symbols.size(), 36u);  // 33 printable symbols, tab, line feed, carriage return
  EXPECT_EQ(voice.symbols.at(U'\n').display, "new line");
  for (const char* word : {"http", "https", "www", "com", "org", "net"}) {
    ASSERT_TRUE(voice.url_words.contains(word)) << word;
    EXPECT_EQ(voice.url_words.at(word).display, word);
  }
  EXPECT_EQ(voice.url_words.at("https").speak, "h t t p s");
  EXPECT_EQ(voice.mark_names.at("combining tilde"), "tilde accent");
}

TEST(VoiceLoader, MissingLetter) {
  const std::string text = english_voice_text();
  const std::string broken = edited(text, "j = \"Juliett\"\n", "");
  expect_error_at(load_error(broken), line_of(broken, "[letters]"), "letters.j", "missing letter");
}

TEST(VoiceLoader, MessagesAreOptionalButWholeWhenGiven) {
  const std::string text = english_voice_text();
  const auto english = parse_voice(text, kSource);
  ASSERT_TRUE(english.has_value()) << english.error().message;
  ASSERT_TRUE(english->messages);
  EXPECT_EQ(english->messages->not_given.speak, "not given");

  const std::size_t from = text.find("[messages]");
  const std::size_t to = text.find("[letters]");
  ASSERT_NE(from, std::string::npos);
  const auto without = parse_voice(text.substr(0, from) + text.substr(to), kSource);
  ASSERT_TRUE(without.has_value()) << without.error().message;
  EXPECT_FALSE(without->messages) << "a voice without [messages] loads; it only cannot say a check's result";

  const std::string missing = edited(text, "not_given = \"not given\"\n", "");
  expect_error_at(load_error(missing), line_of(missing, "[messages]"), "messages.not_given", "missing");
  const std::string unknown =
      edited(text, "correct = \"correct\"", "correct = \"correct\"\nwrong = \"wrong\"");
  expect_error_at(load_error(unknown), line_of(unknown, "wrong = "), "messages.wrong", "unknown key");
}

TEST(VoiceLoader, MissingDigit) {
  const std::string text = english_voice_text();
  const std::string broken = edited(text, "9 = \"niner\"\n", "");
  expect_error_at(load_error(broken), line_of(broken, "[icao_digits]"), "icao_digits.9", "missing digit");
  const std::string plain = edited(text, "1 = \"one\"\n", "");
  expect_error_at(load_error(plain), line_of(plain, "[digits]"), "digits.1", "missing digit");
}

TEST(VoiceLoader, MissingSymbol) {
  const std::string text = english_voice_text();
  const std::string broken = edited(text, "\"\\t\" = \"tab\"\n", "");
  expect_error_at(load_error(broken), line_of(broken, "[symbols]"), "symbols.\"\\t\"", "missing symbol");
}

// `text` with the table [name] (from its header to the next table's) replaced by `replacement`.
std::string without_table(const std::string& text, const std::string& name, const std::string& replacement) {
  const auto begin = text.find("\n[" + name + "]\n");
  const auto end = text.find("\n[", begin + 1);
  EXPECT_NE(begin, std::string::npos);
  EXPECT_NE(end, std::string::npos);
  std::string result = text;
  result.replace(begin + 1, end - begin, replacement);
  return result;
}

TEST(VoiceLoader, MissingTable) {
  const std::string message = load_error(without_table(english_voice_text(), "case", ""));
  EXPECT_EQ(message, kSource.string() + ": case: missing table [case]");
}

TEST(VoiceLoader, UnknownKeys) {
  const std::string text = english_voice_text();
  const std::string top = edited(text, "description = ", "speed = 3\ndescription = ");
  expect_error_at(load_error(top), line_of(top, "speed = 3"), "speed", "unknown key");

  const std::string letter = edited(text, "z = \"Zulu\"\n", "z = \"Zulu\"\n\"z1\" = \"Zulu one\"\n");
  expect_error_at(load_error(letter), line_of(letter, "\"z1\" = "), "letters.z1", "unknown key");

  const std::string in_word = edited(text, "q = { display = \"Quebec\", speak = \"kebeck\" }",
                                     "q = { display = \"Quebec\", speak = \"kebeck\", say = \"x\" }");
  expect_error_at(load_error(in_word), line_of(in_word, "q = {"), "letters.q.say", "unknown key");

  const std::string pause = edited(text, "word_ms = 20", "word_ms = 20\nletter_ms = 5");
  expect_error_at(load_error(pause), line_of(pause, "letter_ms"), "pauses.letter_ms", "unknown key");

  const std::string symbol = edited(text, "\"~\" = \"tilde\"", "\"~\" = \"tilde\"\n\"\u00e9\" = \"e acute\"");
  expect_error_at(load_error(symbol), line_of(symbol, "\"\u00e9\""), "symbols.\"...\"", "unknown key");
}

TEST(VoiceLoader, WrongTypes) {
  const std::string text = english_voice_text();
  const std::string number = edited(text, "b = \"Bravo\"", "b = 2");
  expect_error_at(load_error(number), line_of(number, "b = 2"), "letters.b", "expected a string or a table");

  const std::string rate = edited(text, "rate = 175", "rate = \"fast\"");
  expect_error_at(load_error(rate), line_of(rate, "rate = \"fast\""), "espeak.rate", "expected an integer");

  const std::string table =
      edited(without_table(text, "pauses", ""), "description = ", "pauses = 3\ndescription = ");
  expect_error_at(load_error(table), line_of(table, "pauses = 3"), "pauses", "expected a table");

  const std::string url = edited(text, "com = \"com\"", "com = [\"com\"]");
  expect_error_at(load_error(url), line_of(url, "com = ["), "url_words.com", "expected a string");
}

TEST(VoiceLoader, EmptyWords) {
  const std::string text = english_voice_text();
  const std::string empty = edited(text, "c = \"Charlie\"", "c = \"\"");
  expect_error_at(load_error(empty), line_of(empty, "c = \"\""), "letters.c", "empty word");

  const std::string blank = edited(text, "q = { display = \"Quebec\"", "q = { display = \"  \"");
  expect_error_at(load_error(blank), line_of(blank, "q = {"), "letters.q.display", "empty word");

  const std::string capital = edited(text, "capital = \"capital\"", "capital = \"\"");
  expect_error_at(load_error(capital), line_of(capital, "capital = \"\""), "case.capital", "empty word");
}

TEST(VoiceLoader, SpeakTextIsWordsNotMarkup) {
  const std::string text = english_voice_text();
  const std::string markup = edited(text, "q = { display = \"Quebec\", speak = \"kebeck\" }",
                                    "q = { display = \"Quebec\", speak = \"<say-as>kebeck</say-as>\" }");
  expect_error_at(load_error(markup), line_of(markup, "q = {"), "letters.q.speak", "may only hold letters");

  // Shorthand words are spoken as shown, so the same rule holds for them; a display word alone may be
  // anything.
  const std::string shorthand = edited(text, "\"!\" = \"exclamation mark\"", "\"!\" = \"bang!\"");
  expect_error_at(load_error(shorthand), line_of(shorthand, "\"!\" = "), "symbols.\"!\"",
                  "may only hold letters");
  const std::string display_only =
      edited(text, "\"!\" = \"exclamation mark\"", "\"!\" = { display = \"bang!\", speak = \"bang\" }");
  EXPECT_TRUE(parse_voice(display_only, kSource).has_value());
}

TEST(VoiceLoader, NumbersOutOfRange) {
  const std::string text = english_voice_text();
  const std::string rate = edited(text, "rate = 175", "rate = 5");
  expect_error_at(load_error(rate), line_of(rate, "rate = 5"), "espeak.rate", "5 is out of range 80..450");

  const std::string pitch = edited(text, "pitch = 50", "pitch = 101");
  expect_error_at(load_error(pitch), line_of(pitch, "pitch = 101"), "espeak.pitch", "out of range");

  const std::string pause = edited(text, "group_ms = 700", "group_ms = -1");
  expect_error_at(load_error(pause), line_of(pause, "group_ms = -1"), "pauses.group_ms", "out of range");
}

TEST(VoiceLoader, BadUrlWordAndMarkKeys) {
  const std::string text = english_voice_text();
  const std::string url = edited(text, "ftp = \"f t p\"", "\"x.y\" = \"x y\"");
  expect_error_at(load_error(url), line_of(url, "\"x.y\""), "url_words.\"...\"", "ASCII letters and digits");

  const std::string mark = edited(text, "\"combining tilde\"", "\"tilde\"");
  expect_error_at(load_error(mark), line_of(mark, "\"tilde\" = "), "marks.\"tilde\"", "combining mark name");
}

// Letters of national alphabets: any letter or short sequence of letters, keyed in lower case.
TEST(VoiceLoader, NationalLettersAndSequencesLoad) {
  const std::string text = edited(english_voice_text(), "z = \"Zulu\"\n",
                                  "z = \"Zulu\"\n\"\u00e4\" = \"\u00c4rger\"\nij = \"IJmuiden\"\n"
                                  "\"\u0436\" = \"Zhuk\"\n");
  auto voice = parse_voice(text, kSource);
  ASSERT_TRUE(voice.has_value()) << voice.error().message;
  EXPECT_EQ(voice->letters.at(U"\u00e4").display, "\u00c4rger");
  EXPECT_EQ(voice->letters.at(U"ij").display, "IJmuiden");
  EXPECT_EQ(voice->letters.at(U"\u0436").display, "Zhuk");
  EXPECT_EQ(voice->longest_letter, 2u);
}

// The speller finds a to z in latin_letters: every shipped voice has there exactly the words of `letters`.
TEST(VoiceLoader, LatinLettersAreTheLetterMapsAToZ) {
  for (const auto& name : available_voices({std::filesystem::path(build::kSourceVoicesDir)})) {
    auto voice = find_voice(name, {std::filesystem::path(build::kSourceVoicesDir)});
    ASSERT_TRUE(voice.has_value()) << name;
    for (char32_t c = U'a'; c <= U'z'; ++c)
      EXPECT_EQ(voice->latin_letters[c - U'a'], voice->letters.at(std::u32string(1, c))) << name;
  }
}

TEST(VoiceLoader, BadLetterKeys) {
  const std::string text = english_voice_text();
  const auto with_letter = [&](const std::string& line) {
    return edited(text, "z = \"Zulu\"\n", "z = \"Zulu\"\n" + line + "\n");
  };
  const std::string upper = with_letter("\"\u00c4\" = \"\u00c4rger\"");
  expect_error_at(load_error(upper), line_of(upper, "\"\u00c4\" = "), "letters.\u00c4", "lower case");

  const std::string digit = with_letter("\"a1\" = \"Alfa one\"");
  expect_error_at(load_error(digit), line_of(digit, "\"a1\" = "), "letters.a1", "unknown key");

  const std::string mark_first = with_letter("\"\u0301\" = \"Akut\"");
  expect_error_at(load_error(mark_first), line_of(mark_first, "\"\u0301\" = "), "letters.\"...\"",
                  "unknown key");

  const std::string too_long = with_letter("schtz = \"Schatz\"");
  expect_error_at(load_error(too_long), line_of(too_long, "schtz = "), "letters.schtz", "up to 4 letters");

  const std::string invisible = with_letter("\"a\u200b\" = \"Anton\"");
  expect_error_at(load_error(invisible), line_of(invisible, "\"a\u200b\" = "), "letters.\"...\"",
                  "unknown key");
}

// What eSpeak NG is given beyond ASCII: letters and their marks only, never invisible characters.
TEST(VoiceLoader, SpeakTextBeyondAsciiIsLettersOnly) {
  const std::string text = english_voice_text();
  const std::string zwsp = edited(text, "a = \"Alfa\"", "a = \"Al\u200bfa\"");
  expect_error_at(load_error(zwsp), line_of(zwsp, "a = "), "letters.a", "may only hold letters");
  const std::string symbol =
      edited(text, "a = \"Alfa\"", "a = { display = \"Alfa\", speak = \"Alfa\u00bb\" }");
  expect_error_at(load_error(symbol), line_of(symbol, "a = "), "letters.a.speak", "may only hold letters");
  const std::string letters = edited(text, "a = \"Alfa\"", "a = \"\u00c4rger \u0416\u0443\u043a\"");
  EXPECT_TRUE(parse_voice(letters, kSource).has_value());
}

TEST(VoiceLoader, LanguageStandardAndUnicodeNamesVoice) {
  const std::string text = english_voice_text();
  auto english = parse_voice(text, kSource);
  ASSERT_TRUE(english.has_value());
  EXPECT_EQ(english->names_espeak_voice, "en-gb");  // unset: the voice's own

  const std::string top = edited(edited(text, "language = ", "language = \"Deutsch\"\n#"),
                                 "standard = ", "standard = \"DIN 5009:2022\"\n#");
  const std::string with_names =
      edited(top, "[pauses]", "[unicode_names]\nespeak_voice = \"en-us\"\n\n[pauses]");
  auto loaded = parse_voice(with_names, kSource);
  ASSERT_TRUE(loaded.has_value()) << loaded.error().message;
  EXPECT_EQ(loaded->language, "Deutsch");
  EXPECT_EQ(loaded->standard, "DIN 5009:2022");
  EXPECT_EQ(loaded->names_espeak_voice, "en-us");

  const std::string bad_voice =
      edited(top, "[pauses]", "[unicode_names]\nespeak_voice = \"en gb\"\n\n[pauses]");
  expect_error_at(load_error(bad_voice), line_of(bad_voice, "espeak_voice = \"en gb\""),
                  "unicode_names.espeak_voice", "not an eSpeak NG voice name");
  const std::string unknown = edited(top, "[pauses]", "[unicode_names]\nlanguage = \"en\"\n\n[pauses]");
  expect_error_at(load_error(unknown), line_of(unknown, "language = \"en\""), "unicode_names.language",
                  "unknown key");
  const std::string wrong_type = edited(text, "standard = ", "standard = 5009\n#");
  expect_error_at(load_error(wrong_type), line_of(wrong_type, "standard = 5009"), "standard",
                  "expected a string");
}

TEST(VoiceLoader, TomlSyntaxErrorNamesFileAndLine) {
  const std::string text = english_voice_text();
  const std::string broken = edited(text, "d = \"Delta\"", "d = \"Delta");
  const std::string message = load_error(broken);
  const std::string where = kSource.string() + ":" + std::to_string(line_of(broken, "d = \"Delta")) + ":";
  EXPECT_EQ(message.rfind(where, 0), 0u) << message;
}

TEST(VoiceLoader, MissingFile) {
  auto voice = load_voice_file("/nonexistent/alfabravo/xx.toml");
  ASSERT_FALSE(voice.has_value());
  EXPECT_NE(voice.error().message.find("/nonexistent/alfabravo/xx.toml"), std::string::npos);
}

TEST(VoiceLoader, LoadsAnEditedCopyFromDisk) {
  TempDir dir;
  const auto file = dir.write("de.toml", edited(english_voice_text(), "a = \"Alfa\"", "a = \"Anton\""));
  auto voice = load_voice_file(file);
  ASSERT_TRUE(voice.has_value()) << voice.error().message;
  EXPECT_EQ(voice->name, "de");
  EXPECT_EQ(voice->letters.at(U"a"), (Word{"Anton", "Anton"}));
}

}  // namespace
}  // namespace alfabravo::testing
