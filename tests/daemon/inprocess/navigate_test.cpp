// Groups as the listener hears them: progress names the group of each character, and back / skip move the
// utterance playing (or paused) between groups. Through the daemon's request layer in this process: event
// orders checked without sleeping.
#include <gtest/gtest.h>

#include "call_fixture.hpp"

namespace alfabravo::test {
namespace {

constexpr const char* kText = "abcdefgh";  // in groups of 4: "abcd" (indices 0-3), "efgh" (4-7)
constexpr const char* kGroupsOf4 = R"(,"group":4)";

std::vector<std::size_t> progress_groups(const std::vector<Event>& events) {
  std::vector<std::size_t> groups;
  for (const auto& event : events) {
    if (event.type == EventType::progress) groups.push_back(event.body["group"].get<std::size_t>());
  }
  return groups;
}

const Event* first_of(const std::vector<Event>& events, EventType type) {
  const auto it = std::find_if(events.begin(), events.end(), [&](const Event& e) { return e.type == type; });
  return it == events.end() ? nullptr : &*it;
}

class Navigate : public CallOps {
 protected:
  // Speaks `text` in groups of 4 and holds the sink in the middle of the word of character `index`, once it
  // is heard there.
  void speak_and_hold_at(const std::string& text, std::size_t index) {
    hold_in_the_word_of(text, index, 4);
    speaker_->send(R"({"op":"speak","id":"s","text":")" + text + "\"" + kGroupsOf4 + "}");
    ASSERT_TRUE(daemon_.run_until([&] {
      const auto indices = progress_indices(speaker_->events_of("s"));
      return std::find(indices.begin(), indices.end(), index) != indices.end();
    }));
  }
  // Waits for the jumped event on the speaking connection (the sink holds again until then), then lets the
  // rest play to the end.
  Event jumped_then_finish() {
    EXPECT_TRUE(daemon_.run_until([&] { return has(speaker_->events_of("s"), EventType::jumped); }));
    daemon_.sink().open_gate();
    EXPECT_TRUE(daemon_.run_until_final(*speaker_, "s"));
    const auto events = speaker_->events_of("s");
    const Event* jumped = first_of(events, EventType::jumped);
    return jumped ? *jumped : Event{};
  }
};

TEST_F(Navigate, ProgressCarriesTheGroupOfEachCharacterAsHeard) {
  speak_to_the_end(kText, "s", kGroupsOf4);
  EXPECT_EQ(progress_groups(speaker_->events_of("s")), (std::vector<std::size_t>{1, 1, 1, 1, 2, 2, 2, 2}));
  ask(R"({"op":"repeat","id":"r","from_group":2})", "r");
  EXPECT_EQ(progress_groups(asker_->events_of("r")), (std::vector<std::size_t>{2, 2, 2, 2}))
      << "a repeat from a group keeps the groups' numbers";
  ask(R"({"op":"repeat","id":"i","from_index":6})", "i");
  EXPECT_EQ(progress_groups(asker_->events_of("i")), (std::vector<std::size_t>{2, 2}));
}

TEST_F(Navigate, SkipJumpsToTheStartOfTheNextGroup) {
  speak_and_hold_at(kText, 1);
  const Event ok = ask(R"({"op":"skip","id":"k"})", "k");
  EXPECT_EQ(ok.type, EventType::ok) << ok.body.dump();
  EXPECT_EQ(ok.body["op"], "skip");
  EXPECT_EQ(ok.body["target"], "s");
  EXPECT_EQ(ok.body["group"], 2);
  const Event jumped = jumped_then_finish();
  EXPECT_EQ(jumped.body["group"], 2);
  EXPECT_EQ(jumped.body["index"], 4) << "the first character of group 2";
  const auto events = speaker_->events_of("s");
  EXPECT_EQ(types(events),
            (std::vector<std::string>{"queued", "started", "progress", "progress", "jumped", "progress",
                                      "progress", "progress", "progress", "done"}));
  EXPECT_EQ(progress_indices(events), (std::vector<std::size_t>{0, 1, 4, 5, 6, 7})) << "c and d are skipped";
  EXPECT_EQ(progress_groups(events), (std::vector<std::size_t>{1, 1, 2, 2, 2, 2}));
}

TEST_F(Navigate, BackJumpsToTheStartOfThePreviousGroup) {
  speak_and_hold_at(kText, 5);
  const Event ok = ask(R"({"op":"back","id":"b"})", "b");
  EXPECT_EQ(ok.type, EventType::ok) << ok.body.dump();
  EXPECT_EQ(ok.body["op"], "back");
  EXPECT_EQ(ok.body["group"], 1);
  const Event jumped = jumped_then_finish();
  EXPECT_EQ(jumped.body["group"], 1);
  EXPECT_EQ(jumped.body["index"], 0);
  EXPECT_EQ(progress_indices(speaker_->events_of("s")),
            (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 6, 7}));
}

TEST_F(Navigate, BackZeroGroupsRestartsTheGroupBeingHeard) {
  speak_and_hold_at(kText, 6);
  EXPECT_EQ(ask(R"({"op":"back","id":"b","groups":0})", "b").body["group"], 2);
  const Event jumped = jumped_then_finish();
  EXPECT_EQ(jumped.body["group"], 2);
  EXPECT_EQ(jumped.body["index"], 4);
  EXPECT_EQ(progress_indices(speaker_->events_of("s")),
            (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 4, 5, 6, 7}));
}

TEST_F(Navigate, BackStopsAtTheFirstGroupAndSkipsAddUp) {
  speak_and_hold_at("abcdefghijkl", 9);  // group 3
  EXPECT_EQ(ask(R"({"op":"back","id":"b","groups":5})", "b").body["group"], 1) << "clamped at group 1";
  ASSERT_TRUE(daemon_.run_until([&] { return has(speaker_->events_of("s"), EventType::jumped); }));
  EXPECT_EQ(ask(R"({"op":"skip","id":"k1"})", "k1").body["group"], 2);
  EXPECT_EQ(ask(R"({"op":"skip","id":"k2"})", "k2").body["group"], 3) << "from where the last jump went";
  daemon_.sink().open_gate();
  ASSERT_TRUE(daemon_.run_until_final(*speaker_, "s"));
  const auto events = speaker_->events_of("s");
  EXPECT_EQ(events.back().type, EventType::done);
  const Event* last_jump = nullptr;
  for (const auto& event : events) {
    if (event.type == EventType::jumped) last_jump = &event;
  }
  ASSERT_NE(last_jump, nullptr);
  EXPECT_EQ(last_jump->body["group"], 3);
  const auto indices = progress_indices(events);
  EXPECT_EQ(std::vector<std::size_t>(indices.end() - 4, indices.end()),
            (std::vector<std::size_t>{8, 9, 10, 11}))
      << "it ends with group 3, spoken whole";
}

TEST_F(Navigate, SkippingPastTheLastGroupEndsTheUtteranceDone) {
  speak_and_hold_at(kText, 5);
  const Event ok = ask(R"({"op":"skip","id":"k"})", "k");
  EXPECT_EQ(ok.type, EventType::ok);
  EXPECT_TRUE(ok.body["group"].is_null()) << "no group follows: " << ok.body.dump();
  ASSERT_TRUE(daemon_.run_until_final(*speaker_, "s"));  // the gate still holds: nothing more is played
  const auto events = speaker_->events_of("s");
  EXPECT_EQ(events.back().type, EventType::done);
  EXPECT_FALSE(has(events, EventType::jumped));
  EXPECT_EQ(progress_indices(events), (std::vector<std::size_t>{0, 1, 2, 3, 4, 5}));
  daemon_.sink().open_gate();
}

TEST_F(Navigate, APausedUtteranceMovesAndStaysPausedAndResumesAtItsNewPlace) {
  speak_and_hold_at(kText, 1);
  ASSERT_EQ(ask(R"({"op":"pause","id":"p"})", "p").type, EventType::ok);
  ASSERT_TRUE(daemon_.run_until([&] { return has(speaker_->events_of("s"), EventType::paused); }));
  daemon_.sink().open_gate();  // a paused utterance plays nothing: the player waits, not the sink
  EXPECT_EQ(ask(R"({"op":"skip","id":"k"})", "k").body["group"], 2);
  ASSERT_TRUE(daemon_.run_until([&] { return has(speaker_->events_of("s"), EventType::jumped); }));
  EXPECT_EQ(ask(R"({"op":"status","id":"st"})", "st").body["paused"], true) << "it stays paused";
  EXPECT_EQ(progress_indices(speaker_->events_of("s")), (std::vector<std::size_t>{0, 1}));
  ASSERT_EQ(ask(R"({"op":"resume","id":"r"})", "r").type, EventType::ok);
  ASSERT_TRUE(daemon_.run_until_final(*speaker_, "s"));
  const auto events = speaker_->events_of("s");
  EXPECT_EQ(types(events),
            (std::vector<std::string>{"queued", "started", "progress", "progress", "paused", "jumped",
                                      "resumed", "progress", "progress", "progress", "progress", "done"}));
  EXPECT_EQ(events[5].body["group"], 2);
  EXPECT_EQ(events[6].body["index"], 4) << "resumed where the skip put it";
  EXPECT_EQ(progress_indices(events), (std::vector<std::size_t>{0, 1, 4, 5, 6, 7}));
}

TEST_F(Navigate, JumpsInARepeatFromAGroupKeepTheHeldUtterancesGroupNumbers) {
  speak_to_the_end("abcdefghijkl", "s0", kGroupsOf4);
  // The repeat's audio is that of "efghijkl" in groups of 4: index 5 of the held text is its index 1.
  hold_in_the_word_of("efghijkl", 1, 4);
  speaker_->send(R"({"op":"repeat","id":"s","from_group":2})");
  ASSERT_TRUE(daemon_.run_until([&] {
    const auto indices = progress_indices(speaker_->events_of("s"));
    return std::find(indices.begin(), indices.end(), 5u) != indices.end();
  }));
  EXPECT_EQ(ask(R"({"op":"back","id":"b","groups":3})", "b").body["group"], 2)
      << "clamped at the repeat's first group, known as group 2";
  const Event jumped = jumped_then_finish();
  EXPECT_EQ(jumped.body["group"], 2);
  EXPECT_EQ(jumped.body["index"], 4);
  EXPECT_EQ(progress_groups(speaker_->events_of("s")),
            (std::vector<std::size_t>{2, 2, 2, 2, 2, 2, 3, 3, 3, 3}));
}

TEST_F(Navigate, WithNothingPlayingBackAndSkipAreNotFound) {
  EXPECT_EQ(ask(R"({"op":"back","id":"b"})", "b").error_code(), ErrorCode::not_found);
  EXPECT_EQ(ask(R"({"op":"skip","id":"k"})", "k").error_code(), ErrorCode::not_found);
}

TEST_F(Navigate, GroupsOutOfRangeOrOfTheWrongTypeAreRefused) {
  EXPECT_EQ(ask(R"({"op":"skip","id":"a","groups":0})", "a").error_code(), ErrorCode::bad_option);
  EXPECT_EQ(ask(R"({"op":"skip","id":"b","groups":65})", "b").error_code(), ErrorCode::bad_option);
  EXPECT_EQ(ask(R"({"op":"back","id":"c","groups":65})", "c").error_code(), ErrorCode::bad_option);
  EXPECT_EQ(ask(R"({"op":"back","id":"d","groups":-1})", "d").error_code(), ErrorCode::bad_option);
  EXPECT_EQ(ask(R"({"op":"back","id":"e","groups":"1"})", "e").error_code(), ErrorCode::bad_option);
  EXPECT_EQ(ask(R"({"op":"back","id":"f","text":"x"})", "f").error_code(), ErrorCode::bad_option);
}

}  // namespace
}  // namespace alfabravo::test
