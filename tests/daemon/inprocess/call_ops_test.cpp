// The ops an agent uses on a call (pause, resume, repeat, forget, compare, and what status says of them),
// through the daemon's request layer in this process: event orders checked without sleeping.
#include <gtest/gtest.h>

#include "call_fixture.hpp"

namespace alfabravo::test {
namespace {

TEST_F(CallOps, PauseCutsTheWordAndResumeStartsThatWordAgain) {
  hold_in_the_word_of("abcd", 2);
  speaker_->send(R"({"op":"speak","id":"s","text":"abcd"})");
  ASSERT_TRUE(daemon_.run_until([&] {
    const auto indices = progress_indices(speaker_->events_of("s"));
    return std::find(indices.begin(), indices.end(), 2u) != indices.end();
  }));
  const Event paused = ask(R"({"op":"pause","id":"p"})", "p");
  EXPECT_EQ(paused.type, EventType::ok);
  EXPECT_EQ(paused.body["target"], "s") << "the answer names the utterance paused";
  ASSERT_TRUE(daemon_.run_until([&] { return has(speaker_->events_of("s"), EventType::paused); }));
  EXPECT_EQ(ask(R"({"op":"status","id":"st"})", "st").body["paused"], true);

  daemon_.sink().open_gate();  // nothing plays while paused: the player waits, not the sink
  const Event resumed = ask(R"({"op":"resume","id":"r"})", "r");
  EXPECT_EQ(resumed.type, EventType::ok) << resumed.body.dump();
  ASSERT_TRUE(daemon_.run_until_final(*speaker_, "s"));
  const auto events = speaker_->events_of("s");
  EXPECT_EQ(types(events), (std::vector<std::string>{"queued", "started", "progress", "progress", "progress",
                                                     "paused", "resumed", "progress", "progress", "done"}));
  EXPECT_EQ(progress_indices(events), (std::vector<std::size_t>{0, 1, 2, 2, 3}))
      << "the cut character is spoken again from its start";
  EXPECT_EQ(events[5].body["index"], 2) << "paused names the character of the cut word";
  EXPECT_EQ(events[6].body["index"], 2);
  EXPECT_EQ(daemon_.sink().opens(), 2u) << "resuming reopens the sink after its fade-out";
}

TEST_F(CallOps, PauseWithNothingPlayingAndResumeWithNothingPausedAreNotFound) {
  const Event pause = ask(R"({"op":"pause","id":"p"})", "p");
  EXPECT_EQ(pause.type, EventType::error);
  EXPECT_EQ(pause.error_code(), ErrorCode::not_found);
  daemon_.sink().close_gate();
  speaker_->send(R"({"op":"speak","id":"s","text":"ab"})");
  ASSERT_TRUE(daemon_.run_until([&] { return has(speaker_->events_of("s"), EventType::started); }));
  const Event resume = ask(R"({"op":"resume","id":"r"})", "r");
  EXPECT_EQ(resume.error_code(), ErrorCode::not_found) << "playing is not paused";
  daemon_.sink().open_gate();
  ASSERT_TRUE(daemon_.run_until_final(*speaker_, "s"));
}

TEST_F(CallOps, CancelWhilePausedEndsTheUtteranceCancelledAndThePlayerGoesOn) {
  daemon_.sink().close_gate();
  speaker_->send(R"({"op":"speak","id":"s","text":"ab"})");
  speaker_->send(R"({"op":"speak","id":"next","text":"c"})");
  ASSERT_TRUE(daemon_.run_until([&] { return has(speaker_->events_of("s"), EventType::started); }));
  ASSERT_EQ(ask(R"({"op":"pause","id":"p"})", "p").type, EventType::ok);
  ASSERT_TRUE(daemon_.run_until([&] { return has(speaker_->events_of("s"), EventType::paused); }));
  EXPECT_EQ(speaker_->events_of("next").size(), 1u) << "the queue waits behind a paused utterance";
  daemon_.sink().open_gate();
  speaker_->send(R"({"op":"cancel","id":"s"})");
  ASSERT_TRUE(daemon_.run_until_final(*speaker_, "s"));
  EXPECT_EQ(speaker_->events_of("s").back().type, EventType::cancelled);
  ASSERT_TRUE(daemon_.run_until_final(*speaker_, "next"));
  EXPECT_EQ(speaker_->events_of("next").back().type, EventType::done);
}

TEST_F(CallOps, RepeatSpeaksTheHeldUtteranceWholeFromAGroupOrFromACharacter) {
  speak_to_the_end("abcdefgh", "s", R"(,"group":4)");
  const Event whole = ask(R"({"op":"repeat","id":"w"})", "w");
  EXPECT_EQ(whole.type, EventType::done);
  EXPECT_EQ(progress_indices(asker_->events_of("w")), (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7}));
  ask(R"({"op":"repeat","id":"g","from_group":2})", "g");
  EXPECT_EQ(types(asker_->events_of("g")),
            (std::vector<std::string>{"queued", "started", "progress", "progress", "progress", "progress",
                                      "done"}));
  EXPECT_EQ(progress_indices(asker_->events_of("g")), (std::vector<std::size_t>{4, 5, 6, 7}));
  ask(R"({"op":"repeat","id":"i","from_index":6})", "i");
  EXPECT_EQ(progress_indices(asker_->events_of("i")), (std::vector<std::size_t>{6, 7}));
  const Event too_far = ask(R"({"op":"repeat","id":"f","from_group":3})", "f");
  EXPECT_EQ(too_far.error_code(), ErrorCode::bad_option);
  const Event both = ask(R"({"op":"repeat","id":"b","from_group":1,"from_index":1})", "b");
  EXPECT_EQ(both.error_code(), ErrorCode::bad_option);
}

TEST_F(CallOps, RepeatSlowerTakesLongerThanTheSameRepeatAtTheHeldRate) {
  speak_to_the_end("ab", "s");
  auto heard_by = [&](const std::string& line, const std::string& id) {
    const std::size_t before = daemon_.sink().samples_heard();
    EXPECT_EQ(ask(line, id).type, EventType::done);
    return daemon_.sink().samples_heard() - before;
  };
  const std::size_t normal = heard_by(R"({"op":"repeat","id":"n"})", "n");
  const std::size_t slower = heard_by(R"({"op":"repeat","id":"s2","slower":true})", "s2");
  EXPECT_GT(slower, normal + normal / 10) << "0.8x the rate: words about a quarter longer";
}

TEST_F(CallOps, StatusSaysWhetherOneIsHeldAndUntilWhenAndForgetWipesIt) {
  Event status = ask(R"({"op":"status","id":"a"})", "a");
  EXPECT_EQ(status.body["held"], false);
  EXPECT_TRUE(status.body["held_until"].is_null());
  EXPECT_EQ(ask(R"({"op":"repeat","id":"r0"})", "r0").error_code(), ErrorCode::not_found);

  speak_to_the_end("Zq9", "s");
  status = ask(R"({"op":"status","id":"b"})", "b");
  EXPECT_EQ(status.body["held"], true);
  EXPECT_TRUE(status.body["held_until"].is_string());
  const std::string line = status.body.dump();
  EXPECT_EQ(line.find("Zulu"), std::string::npos) << "status never says what is held";
  EXPECT_EQ(line.find("Zq9"), std::string::npos);

  const Event forgot = ask(R"({"op":"forget","id":"f"})", "f");
  EXPECT_EQ(forgot.type, EventType::ok);
  EXPECT_EQ(forgot.body["forgot"], true);
  EXPECT_EQ(ask(R"({"op":"status","id":"c"})", "c").body["held"], false);
  EXPECT_EQ(ask(R"({"op":"repeat","id":"r1"})", "r1").error_code(), ErrorCode::not_found);
  EXPECT_EQ(ask(R"({"op":"compare","id":"c1","text":"Zq9"})", "c1").error_code(), ErrorCode::not_found);
}

TEST(CallOpsWindow, TheHeldUtteranceIsWipedWhenItsWindowRunsOut) {
  DaemonConfig config;
  config.repeat_window = std::chrono::milliseconds(200);
  InProcessDaemon daemon(config);
  auto client = daemon.connect();
  client->send(R"({"op":"speak","id":"s","text":"ab"})");
  ASSERT_TRUE(daemon.run_until_final(*client, "s"));
  int asked = 0;
  // The io loop runs the window's timer; ask until status says it is gone (or run_until's 10 s pass).
  ASSERT_TRUE(daemon.run_until([&] {
    const auto events = client->events();
    const bool answered = !events.empty() && events.back().type == EventType::status;
    if (answered && events.back().body["held"] == false) return true;
    if (answered || asked == 0) client->send(R"({"op":"status","id":"q)" + std::to_string(asked++) + "\"}");
    return false;
  }));
  client->send(R"({"op":"repeat","id":"r"})");
  ASSERT_TRUE(daemon.run_until_final(*client, "r"));
  EXPECT_EQ(client->events_of("r").back().error_code(), ErrorCode::not_found);
}

TEST_F(CallOps, CompareNamesTheWrongCharacterByGroupPositionAndWords) {
  speak_to_the_end("Ab3xY9", "s", R"(,"group":3)");
  const Event wrong = ask(R"({"op":"compare","id":"c","text":"Ab3xZ9"})", "c");
  ASSERT_EQ(wrong.type, EventType::comparison);
  EXPECT_EQ(wrong.body["match"], false);
  ASSERT_EQ(wrong.body["differences"].size(), 1u);
  const auto& difference = wrong.body["differences"][0];
  EXPECT_EQ(difference["kind"], "wrong");
  EXPECT_EQ(difference["group"], 2);
  EXPECT_EQ(difference["character"], 2);
  EXPECT_EQ(difference["index"], 4);
  EXPECT_EQ(difference["message"], "group 2, character 2: capital Yankee expected, capital Zulu given");

  const Event right = ask(R"({"op":"compare","id":"ok","text":"Ab3xY9"})", "ok");
  EXPECT_EQ(right.body["match"], true);
  EXPECT_TRUE(right.body["differences"].empty());
}

TEST_F(CallOps, CompareReportsMissingAndExtraCharacters) {
  speak_to_the_end("Ab3xY9", "s", R"(,"group":3)");
  const Event missing = ask(R"({"op":"compare","id":"m","text":"Ab3x9"})", "m");
  ASSERT_EQ(missing.body["differences"].size(), 1u);
  EXPECT_EQ(missing.body["differences"][0]["kind"], "missing");
  EXPECT_EQ(missing.body["differences"][0]["message"],
            "group 2, character 2: capital Yankee expected, not given");

  const Event extra = ask(R"({"op":"compare","id":"e","text":"Ab3qxY9"})", "e");
  ASSERT_EQ(extra.body["differences"].size(), 1u);
  EXPECT_EQ(extra.body["differences"][0]["kind"], "extra");
  EXPECT_EQ(extra.body["differences"][0]["given"], "Quebec");
  EXPECT_EQ(extra.body["differences"][0]["message"], "group 2, character 1: Quebec given, not expected");
}

// The words of an utterance's progress events, in order (each word of a spoken result is its own "index").
std::vector<std::string> progress_words(const std::vector<Event>& events) {
  std::vector<std::string> words;
  for (const auto& event : events) {
    if (event.type == EventType::progress) words.push_back(event.body["words"].get<std::string>());
  }
  return words;
}

TEST_F(CallOps, CompareWithSpeakSaysTheDifferenceInTheVoicesWordsAsAnUtteranceOfItsOwn) {
  speak_to_the_end("Ab3xY9", "s", R"(,"group":3)");
  const Event wrong = ask(R"({"op":"compare","id":"c","text":"Ab3xZ9","speak":true})", "c");
  ASSERT_EQ(wrong.type, EventType::comparison);
  EXPECT_EQ(wrong.body["differences"][0]["message"],
            "group 2, character 2: capital Yankee expected, capital Zulu given")
      << "the comparison itself is unchanged";
  ASSERT_TRUE(wrong.body["spoken"].is_string()) << wrong.body.dump();
  const std::string spoken = wrong.body["spoken"].get<std::string>();
  ASSERT_TRUE(daemon_.run_until_final(*asker_, spoken));
  const auto events = asker_->events_of(spoken);
  EXPECT_EQ(events.front().type, EventType::queued);
  EXPECT_EQ(events.back().type, EventType::done);
  EXPECT_EQ(progress_words(events),
            (std::vector<std::string>{"group", "two", "character", "two", "capital", "Yankee", "expected",
                                      "capital", "Zulu", "given"}));

  const Event right = ask(R"({"op":"compare","id":"ok","text":"Ab3xY9","speak":true})", "ok");
  ASSERT_TRUE(daemon_.run_until_final(*asker_, right.body["spoken"].get<std::string>()));
  EXPECT_EQ(progress_words(asker_->events_of(right.body["spoken"].get<std::string>())),
            (std::vector<std::string>{"correct"}));

  const Event missing = ask(R"({"op":"compare","id":"m","text":"Ab3x9","speak":true})", "m");
  ASSERT_TRUE(daemon_.run_until_final(*asker_, missing.body["spoken"].get<std::string>()));
  EXPECT_EQ(progress_words(asker_->events_of(missing.body["spoken"].get<std::string>())),
            (std::vector<std::string>{"group", "two", "character", "two", "capital", "Yankee", "expected",
                                      "not given"}));

  // Saying the result does not replace what is held: repeat still says the password.
  ask(R"({"op":"repeat","id":"r"})", "r");
  EXPECT_EQ(progress_indices(asker_->events_of("r")), (std::vector<std::size_t>{0, 1, 2, 3, 4, 5}));
  EXPECT_FALSE(ask(R"({"op":"compare","id":"n","text":"x"})", "n").body.contains("spoken"))
      << "without \"speak\" nothing is said";
}

TEST_F(CallOps, TheNewOpsRefuseFieldsTheyDoNotTake) {
  EXPECT_EQ(ask(R"({"op":"pause","id":"a","text":"x"})", "a").error_code(), ErrorCode::bad_option);
  EXPECT_EQ(ask(R"({"op":"compare","id":"b"})", "b").error_code(), ErrorCode::bad_option);
  EXPECT_EQ(ask(R"({"op":"repeat","id":"c","slower":1})", "c").error_code(), ErrorCode::bad_option);
  EXPECT_EQ(ask(R"({"op":"repeat","id":"d","from_group":0})", "d").error_code(), ErrorCode::bad_option);
  EXPECT_EQ(ask(R"({"op":"compare","id":"e","text":"x","speak":1})", "e").error_code(),
            ErrorCode::bad_option);
}

}  // namespace
}  // namespace alfabravo::test
