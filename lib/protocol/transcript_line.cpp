// The transcript reply, written straight into one string allocated at its full size: it spells the caller's
// text, and a string that grows leaves copies of the words behind in freed memory, unwiped.
#include <optional>

#include "core/secret.hpp"
#include "protocol/events.hpp"
#include "protocol/json_text.hpp"

namespace alfabravo {
namespace {

constexpr std::string_view kHead = R"({"event":"transcript","id":)";
constexpr std::string_view kTranscriptKey = R"(,"transcript":)";
constexpr std::string_view kWordsKey = R"(,"words":[)";
constexpr std::string_view kFirstIndexKey = R"({"index":)";
constexpr std::string_view kIndexKey = R"(,{"index":)";
constexpr std::string_view kKindKey = R"(,"kind":)";
constexpr std::string_view kWordKey = R"(,"word":)";
constexpr std::string_view kTail = "]}\n";
constexpr std::size_t kDigits = 20;        // of the largest std::size_t
constexpr std::size_t kReplacedBytes = 6;  // the most one byte of invalid UTF-8 (or \u00xx) is written as

// Bytes append_string writes for `text`, or an upper bound of them when it is not valid UTF-8.
std::size_t quoted_bound(std::string_view text) {
  return 2 + json_text::escaped_size(text).value_or(kReplacedBytes * text.size());
}

struct Sizes {
  std::size_t line = 0;
  bool words_valid = true;  // every word is valid UTF-8: the transcript is written word by word
  bool all_plain = true;    // no word or kind needs an escape (the daemon's words): copied as they are
};

Sizes measure(std::size_t id_bytes, std::span<const TranscriptWord> words) {
  Sizes sizes;
  std::size_t transcript = 2;
  for (const auto& word : words) {
    const auto escaped = json_text::escaped_size(word.word);
    if (!escaped) sizes.words_valid = false;
    const std::size_t bound = escaped.value_or(kReplacedBytes * word.word.size());
    const std::size_t kind_bound = quoted_bound(word.kind);
    if (bound != word.word.size() || kind_bound != word.kind.size() + 2) sizes.all_plain = false;
    if (!word.word.empty()) transcript += bound + 1;
    sizes.line += kIndexKey.size() + kDigits + kKindKey.size() + kind_bound + kWordKey.size() + 2 + bound + 1;
  }
  sizes.line +=
      kHead.size() + id_bytes + kTranscriptKey.size() + transcript + kWordsKey.size() + kTail.size();
  return sizes;
}

// The transcript, the words that are not empty joined by spaces, quoted: escaping each word is escaping the
// whole when all are valid UTF-8 (a space needs no escape).
void append_transcript(std::string& line, std::span<const TranscriptWord> words, const Sizes& sizes) {
  if (!sizes.words_valid) {  // nlohmann's replacements are made over the joined text: join it (never the
                             // daemon's)
    std::size_t size = 0;
    for (const auto& word : words)
      size += word.word.size() + 1;
    std::string joined;
    joined.reserve(size);
    for (const auto& word : words) {
      if (word.word.empty()) continue;
      if (!joined.empty()) joined += ' ';
      joined += word.word;
    }
    json_text::append_string(line, joined);
    wipe(joined);
    return;
  }
  line += '"';
  bool first = true;
  for (const auto& word : words) {
    if (word.word.empty()) continue;
    if (!first) line += ' ';
    first = false;
    if (sizes.all_plain) {
      line += word.word;
    } else {
      json_text::append_escaped(line, word.word);
    }
  }
  line += '"';
}

void append_quoted(std::string& line, std::string_view text, bool plain) {
  if (!plain) {
    json_text::append_string(line, text);
    return;
  }
  line += '"';
  line += text;
  line += '"';
}

}  // namespace

std::string transcript_line(const RequestId& id, std::span<const TranscriptWord> words) {
  // Keys in nlohmann's (sorted) order, so the bytes match the DOM-built events.
  std::string id_text;
  json_text::append_id(id_text, id);
  const Sizes sizes = measure(id_text.size(), words);
  std::string line;
  line.reserve(sizes.line);
  line += kHead;
  line += id_text;
  line += kTranscriptKey;
  append_transcript(line, words, sizes);
  line += kWordsKey;
  for (std::size_t i = 0; i < words.size(); ++i) {
    line += i == 0 ? kFirstIndexKey : kIndexKey;
    json_text::append_number(line, words[i].index);
    line += kKindKey;
    append_quoted(line, words[i].kind, sizes.all_plain);
    line += kWordKey;
    append_quoted(line, words[i].word, sizes.all_plain);
    line += '}';
  }
  line += kTail;
  return line;
}

}  // namespace alfabravo
