#pragma once
// The reference transcript_line() must equal: the event built as a DOM and written by to_line(), as every
// other event is. Shared by the unit test and the protocol fuzzer.
#include <span>
#include <string>

#include "protocol/events.hpp"

namespace alfabravo::testing {

inline std::string dom_transcript_line(const RequestId& id, std::span<const TranscriptWord> words) {
  auto event = make_event(id, EventType::transcript);
  std::string transcript;
  auto list = nlohmann::json::array();
  for (const auto& word : words) {
    list.push_back({{"word", word.word}, {"index", word.index}, {"kind", word.kind}});
    if (word.word.empty()) continue;
    if (!transcript.empty()) transcript += ' ';
    transcript += word.word;
  }
  event["transcript"] = transcript;
  event["words"] = std::move(list);
  return to_line(event);
}

}  // namespace alfabravo::testing
