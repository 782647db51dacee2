#pragma once
// Two connections to the in-process daemon, as on a call: one speaks, the other sends one-shot requests (as a
// hotkey's new process would); and a sink that holds in the middle of a chosen character's word.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "in_process_daemon.hpp"

namespace alfabravo::test {

inline std::vector<std::size_t> progress_indices(const std::vector<Event>& events) {
  std::vector<std::size_t> indices;
  for (const auto& event : events) {
    if (event.type == EventType::progress) indices.push_back(event.body["index"].get<std::size_t>());
  }
  return indices;
}

inline bool has(const std::vector<Event>& events, EventType type) {
  return std::any_of(events.begin(), events.end(), [&](const Event& e) { return e.type == type; });
}

class CallOps : public ::testing::Test {
 protected:
  // The single answer to a one-shot request from a second connection (as a hotkey's process would send it).
  Event ask(const std::string& line, const std::string& id) {
    asker_->send(line);
    EXPECT_TRUE(daemon_.run_until_final(*asker_, id));
    const auto answers = asker_->events_of(id);
    return answers.empty() ? Event{} : answers.back();
  }
  void speak_to_the_end(const std::string& text, const std::string& id, const std::string& extra = "") {
    speaker_->send(R"({"op":"speak","id":")" + id + R"(","text":")" + text + "\"" + extra + "}");
    ASSERT_TRUE(daemon_.run_until_final(*speaker_, id));
    ASSERT_EQ(speaker_->events_of(id).back().type, EventType::done);
  }
  // Holds the sink in the middle of the word of a source character of `text` (spoken in groups of `group`
  // characters when given).
  void hold_in_the_word_of(const std::string& text, std::size_t source_index,
                           std::optional<std::size_t> group = std::nullopt) {
    const auto marks = daemon_.marks_of(text, group);
    const auto mark = std::find_if(marks.begin(), marks.end(),
                                   [&](const TokenMark& m) { return m.source_index == source_index; });
    ASSERT_NE(mark, marks.end());
    // The sink counts from its open: an output still open after the last utterance has heard that one too.
    const std::size_t before = daemon_.sink().is_open() ? daemon_.sink().samples_heard() : 0;
    daemon_.sink().close_gate_after(before + mark->sample_offset + 800);  // a word is thousands of samples
  }

  InProcessDaemon daemon_;
  std::unique_ptr<Client> speaker_ = daemon_.connect();
  std::unique_ptr<Client> asker_ = daemon_.connect();
};

}  // namespace alfabravo::test
