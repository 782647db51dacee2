// The transcript reply, written straight into one string of its exact size: it spells the caller's text, and
// a string that grows leaves copies of the words behind in freed memory, unwiped.
#include <cassert>
#include <cstring>
#include <optional>

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

struct LineSize {
  std::size_t bytes = 0;
  bool plain = true;  // no word or kind needs an escape (the daemon's words): each is copied as it is
};

// The line's size, or nullopt when a word or kind is not valid UTF-8.
std::optional<LineSize> line_size(std::size_t id_bytes, std::span<const TranscriptWord> words) {
  LineSize size;
  size.bytes = kHead.size() + id_bytes + kTranscriptKey.size() + 2 + kWordsKey.size() + kTail.size();
  bool first_in_transcript = true;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::size_t word = json_text::escaped_size(words[i].word);
    const std::size_t kind = json_text::escaped_size(words[i].kind);
    if (word == json_text::kNotUtf8 || kind == json_text::kNotUtf8) return std::nullopt;
    if (word != words[i].word.size() || kind != words[i].kind.size()) size.plain = false;
    if (!words[i].word.empty()) {
      size.bytes += word + (first_in_transcript ? 0 : 1);
      first_in_transcript = false;
    }
    size.bytes += (i == 0 ? kFirstIndexKey : kIndexKey).size() + json_text::number_size(words[i].index) +
                  kKindKey.size() + kind + 2 + kWordKey.size() + word + 2 + 1;
  }
  return size;
}

// Writes at a place that has room for what it is given (line_size() measured it).
class LineWriter {
 public:
  LineWriter(char* at, bool plain) : at_(at), plain_(plain) {}
  char* end() const { return at_; }

  void put(std::string_view text) {
    std::memcpy(at_, text.data(), text.size());
    at_ += text.size();
  }
  void put(char c) { *at_++ = c; }
  void put_number(std::size_t value) { at_ = json_text::write_number(at_, value); }
  void put_text(std::string_view text) {
    if (plain_) {
      put(text);
    } else {
      at_ = json_text::write_escaped(at_, text);
    }
  }
  void put_quoted(std::string_view text) {
    put('"');
    put_text(text);
    put('"');
  }

 private:
  char* at_;
  bool plain_;
};

// Words of valid UTF-8 only (line_size() said so): escaping each word is escaping the transcript they make
// when joined by spaces (a space needs no escape).
void write_line(LineWriter& out, std::string_view id_text, std::span<const TranscriptWord> words) {
  // Keys in nlohmann's (sorted) order, so the bytes match the DOM-built events.
  out.put(kHead);
  out.put(id_text);
  out.put(kTranscriptKey);
  out.put('"');
  bool first_in_transcript = true;
  for (const auto& word : words) {
    if (word.word.empty()) continue;
    if (!first_in_transcript) out.put(' ');
    first_in_transcript = false;
    out.put_text(word.word);
  }
  out.put('"');
  out.put(kWordsKey);
  for (std::size_t i = 0; i < words.size(); ++i) {
    out.put(i == 0 ? kFirstIndexKey : kIndexKey);
    out.put_number(words[i].index);
    out.put(kKindKey);
    out.put_quoted(words[i].kind);
    out.put(kWordKey);
    out.put_quoted(words[i].word);
    out.put('}');
  }
  out.put(kTail);
}

// Words that are not valid UTF-8 get nlohmann's replacement characters, in the transcript as in the words;
// never the daemon's words (voice files and ICU's names are valid UTF-8), so this path needs no speed.
std::string dom_built_line(const RequestId& id, std::span<const TranscriptWord> words) {
  auto event = make_event(id, EventType::transcript);
  std::string transcript;
  auto list = nlohmann::json::array();
  for (const auto& word : words) {
    list.push_back({{"index", word.index}, {"kind", word.kind}, {"word", word.word}});
    if (word.word.empty()) continue;
    if (!transcript.empty()) transcript += ' ';
    transcript += word.word;
  }
  event["transcript"] = std::move(transcript);
  event["words"] = std::move(list);
  return to_line(event);
}

}  // namespace

std::string transcript_line(const RequestId& id, std::span<const TranscriptWord> words) {
  std::string id_text;
  json_text::append_id(id_text, id);
  const auto size = line_size(id_text.size(), words);
  if (!size) return dom_built_line(id, words);
  std::string line(size->bytes, '\0');
  LineWriter out(line.data(), size->plain);
  write_line(out, id_text, words);
  assert(out.end() == line.data() + line.size());
  return line;
}

}  // namespace alfabravo
