// The protocol's event orders, through the daemon's own request layer in this process: no daemon process, no
// sound server, no sleeping. What needs a real process (signals, the socket file, systemd) stays in e2e/.
#include <gtest/gtest.h>

#include <algorithm>

#include "in_process_daemon.hpp"
#include "protocol/base64.hpp"

namespace alfabravo::test {
namespace {

class RequestLayer : public ::testing::Test {
 protected:
  InProcessDaemon daemon_;
  std::unique_ptr<Client> client_ = daemon_.connect();
};

TEST_F(RequestLayer, SpeakIsQueuedStartedProgressesPerCharacterAndEndsDone) {
  client_->send(R"({"op":"speak","id":"a","text":"Ab3"})");
  ASSERT_TRUE(daemon_.run_until_final(*client_, "a"));
  const auto events = client_->events_of("a");
  EXPECT_EQ(types(events),
            (std::vector<std::string>{"queued", "started", "progress", "progress", "progress", "done"}));
  EXPECT_EQ(events[0].body["position"], 0);
  for (std::size_t i = 0; i < 3; ++i)
    EXPECT_EQ(events[2 + i].body["index"], i) << "one progress per source character, in order";
  EXPECT_EQ(events[2].body["words"], "capital Alfa") << "the words said for that character";
}

TEST_F(RequestLayer, AQueuedUtteranceStartsOnlyAfterTheOneBeforeItEnds) {
  daemon_.sink().close_gate();
  client_->send(R"({"op":"speak","id":"first","text":"a"})");
  ASSERT_TRUE(daemon_.run_until([&] { return client_->events_of("first").size() == 2; }));  // started
  client_->send(R"({"op":"speak","id":"second","text":"b"})");
  ASSERT_TRUE(daemon_.run_until([&] { return client_->events_of("second").size() == 1; }));
  EXPECT_EQ(client_->events_of("second")[0].body["position"], 0) << "next, behind the one playing";
  daemon_.sink().open_gate();
  ASSERT_TRUE(daemon_.run_until_final(*client_, "second"));
  const auto& all = client_->events();
  const auto first_done = std::find_if(all.begin(), all.end(), [](const Event& e) {
    return e.type == EventType::done && *e.id == RequestId{"first"};
  });
  const auto second_started = std::find_if(all.begin(), all.end(), [](const Event& e) {
    return e.type == EventType::started && *e.id == RequestId{"second"};
  });
  ASSERT_NE(first_done, all.end());
  ASSERT_NE(second_started, all.end());
  EXPECT_LT(first_done - all.begin(), second_started - all.begin());
}

TEST_F(RequestLayer, CancellingAQueuedUtteranceEndsItCancelledAndAnswersOk) {
  daemon_.sink().close_gate();
  client_->send(R"({"op":"speak","id":"playing","text":"a"})");
  ASSERT_TRUE(daemon_.run_until([&] { return client_->events_of("playing").size() == 2; }));  // started
  client_->send(R"({"op":"speak","id":"waiting","text":"b"})");
  client_->send(R"({"op":"cancel","id":"c","target":"waiting"})");
  ASSERT_TRUE(daemon_.run_until_final(*client_, "c"));
  const auto answer = client_->events_of("c");
  ASSERT_EQ(answer.size(), 1u);
  EXPECT_EQ(answer[0].type, EventType::ok);
  EXPECT_EQ(answer[0].body["cancelled"], 1);
  // The player reports a cancelled queued utterance from its own thread, once the one playing lets it.
  daemon_.sink().open_gate();
  ASSERT_TRUE(daemon_.run_until_final(*client_, "waiting"));
  ASSERT_TRUE(daemon_.run_until_final(*client_, "playing"));
  EXPECT_EQ(types(client_->events_of("waiting")), (std::vector<std::string>{"queued", "cancelled"}));
  EXPECT_EQ(client_->events_of("playing").back().type, EventType::done);
}

TEST_F(RequestLayer, TheCancelShorthandIsAnsweredByTheTargetsOwnCancelled) {
  daemon_.sink().close_gate();
  client_->send(R"({"op":"speak","id":7,"text":"abc"})");
  ASSERT_TRUE(daemon_.run_until([&] { return !client_->events().empty(); }));
  client_->send(R"({"op":"cancel","id":7})");
  ASSERT_TRUE(daemon_.run_until([&] {
    const auto events = client_->events();
    return !events.empty() && is_final(events.back().type);
  }));
  std::vector<std::string> seen;
  for (const auto& event : client_->events())
    if (event.type != EventType::progress) seen.emplace_back(to_string(event.type));
  EXPECT_EQ(seen.front(), "queued");
  EXPECT_EQ(seen.back(), "cancelled");
  EXPECT_EQ(std::count(seen.begin(), seen.end(), "ok"), 0) << "no separate answer for the shorthand";
}

TEST_F(RequestLayer, AnIdInUseByAnOpenRequestIsRefused) {
  daemon_.sink().close_gate();
  client_->send(R"({"op":"speak","id":"x","text":"a"})");
  client_->send(R"({"op":"transcript","id":"x","text":"b"})");
  ASSERT_TRUE(daemon_.run_until([&] { return client_->events_of("x").size() >= 2; }));
  const auto refused = client_->events_of("x")[1];
  EXPECT_EQ(refused.type, EventType::error);
  EXPECT_EQ(refused.error_code(), ErrorCode::bad_option);
  daemon_.sink().open_gate();
}

TEST_F(RequestLayer, ProtocolErrorsCarryTheClientsIdOrOneTheDaemonAssigns) {
  client_->send(R"({"op":"sing","id":"s"})");
  client_->send(R"({"op":"speak")");
  client_->send(R"({"op":"ping","id":"p","text":"a"})");
  ASSERT_TRUE(daemon_.run_until([&] { return client_->events().size() == 3; }));
  const auto& events = client_->events();
  EXPECT_EQ(events[0].error_code(), ErrorCode::unknown_op);
  EXPECT_EQ(*events[0].id, RequestId{"s"});
  EXPECT_EQ(events[1].error_code(), ErrorCode::bad_json);
  EXPECT_EQ(*events[1].id, RequestId{"d1"}) << "unreadable ids are assigned by the daemon";
  EXPECT_EQ(events[2].error_code(), ErrorCode::bad_option) << "ping takes no text";
  EXPECT_EQ(*events[2].id, RequestId{"p"});
}

TEST_F(RequestLayer, AVoiceThatCannotBeLoadedIsNotFound) {
  client_->send(R"({"op":"speak","id":"t","text":"a","voice":"no-such-voice"})");
  ASSERT_TRUE(daemon_.run_until_final(*client_, "t"));
  EXPECT_EQ(client_->events_of("t").back().error_code(), ErrorCode::not_found);
}

TEST_F(RequestLayer, RenderStreamsAHeaderChunksInOrderAndDoneWithTheSameByteCount) {
  client_->send(R"({"op":"render","id":"r","text":"Ab3","format":"ulaw"})");
  ASSERT_TRUE(daemon_.run_until_final(*client_, "r"));
  const auto events = client_->events_of("r");
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events.front().type, EventType::render);
  EXPECT_EQ(events.back().type, EventType::done);
  std::size_t bytes = 0;
  for (std::size_t i = 1; i + 1 < events.size(); ++i) {
    EXPECT_EQ(events[i].type, EventType::audio);
    EXPECT_EQ(events[i].body["seq"], i - 1);
    bytes += base64_decode(events[i].body["data"].get<std::string>())->size();
  }
  EXPECT_EQ(events.front().body["bytes"], bytes);
  EXPECT_EQ(events.back().body["bytes"], bytes);
  EXPECT_GT(bytes, 1000u);
}

TEST_F(RequestLayer, ALongRenderStreamsTheWholeFileInFullChunks) {
  // Some 17 s of audio at 48 kHz: many batches of the streamed encoder, each cut into the same 32 KiB chunks.
  const std::string text = "Ab3/xZ9k-Kilo 42?Ab3/xZ9k-Kilo 42?Ab3/xZ9k";
  client_->send(R"({"op":"render","id":"r","text":")" + text + R"(","format":"wav48k"})");
  ASSERT_TRUE(daemon_.run_until_final(*client_, "r"));
  const auto events = client_->events_of("r");
  ASSERT_GE(events.size(), 3u);
  ASSERT_EQ(events.back().type, EventType::done) << events.back().body.dump();
  std::vector<std::uint8_t> bytes;
  for (std::size_t i = 1; i + 1 < events.size(); ++i) {
    const auto chunk = base64_decode(events[i].body["data"].get<std::string>());
    ASSERT_TRUE(chunk);
    if (i + 2 < events.size()) {
      EXPECT_EQ(chunk->size(), 32u * 1024) << "chunk " << i - 1;
    }
    bytes.insert(bytes.end(), chunk->begin(), chunk->end());
  }
  const auto whole = daemon_.whole_file_of(text, RenderFormat::wav48k);
  EXPECT_GT(whole.size(), 1'000'000u);  // several batches
  EXPECT_EQ(events.front().body["bytes"], whole.size());
  EXPECT_TRUE(bytes == whole) << bytes.size() << " bytes streamed, " << whole.size() << " in the whole file";
}

TEST_F(RequestLayer, TranscriptListsEveryWordWithItsCharacter) {
  client_->send(R"({"op":"transcript","id":1,"text":"a3"})");
  ASSERT_TRUE(daemon_.run_until([&] { return !client_->events().empty(); }));
  const auto& answer = client_->events().front();
  EXPECT_EQ(answer.type, EventType::transcript);
  EXPECT_EQ(answer.body["transcript"], "Alfa three");
  EXPECT_EQ(answer.body["words"][1]["index"], 1);
}

TEST_F(RequestLayer, StatusNamesWhatIsPlayingAndCountsTheClients) {
  auto other = daemon_.connect();
  daemon_.sink().close_gate();
  client_->send(R"({"op":"speak","id":"now","text":"a"})");
  ASSERT_TRUE(daemon_.run_until([&] { return client_->events_of("now").size() >= 2; }));  // started
  other->send(R"({"op":"status","id":"s"})");
  ASSERT_TRUE(daemon_.run_until([&] { return !other->events().empty(); }));
  const auto status = other->events().front();
  EXPECT_EQ(status.body["playing"], "now");
  EXPECT_EQ(status.body["clients"], 2);
  EXPECT_EQ(status.body["audio"], "none");
  daemon_.sink().open_gate();
}

TEST_F(RequestLayer, ShutdownCancelsWhatIsOpenAndClosesTheConnection) {
  daemon_.sink().close_gate();
  client_->send(R"({"op":"speak","id":"a","text":"a"})");
  client_->send(R"({"op":"speak","id":"b","text":"b"})");
  ASSERT_TRUE(daemon_.run_until([&] { return client_->events_of("b").size() == 1; }));
  daemon_.dispatcher().shut_down();
  ASSERT_TRUE(daemon_.run_until([&] { return client_->closed_by_daemon(); }));
  EXPECT_EQ(client_->events_of("a").back().type, EventType::cancelled);
  EXPECT_EQ(client_->events_of("b").back().type, EventType::cancelled);
  for (const auto& id : {"a", "b"}) {
    const auto events = client_->events_of(id);
    EXPECT_EQ(std::count_if(events.begin(), events.end(), [](const Event& e) { return is_final(e.type); }), 1)
        << id << ": exactly one final event, even when the player's own cancelled arrives later";
  }
}

TEST_F(RequestLayer, AClientThatStopsSendingStillHearsItsUtteranceToTheEnd) {
  daemon_.sink().close_gate();
  client_->send(R"({"op":"speak","id":"a","text":"ab"})");
  client_->shut_down_sending();
  ASSERT_TRUE(daemon_.run_until([&] { return client_->events_of("a").size() >= 2; }));  // started
  daemon_.sink().open_gate();
  ASSERT_TRUE(daemon_.run_until([&] { return client_->closed_by_daemon(); }));
  EXPECT_EQ(client_->events_of("a").back().type, EventType::done);
}

TEST_F(RequestLayer, AClientThatClosesHasItsUtterancesCancelled) {
  daemon_.sink().close_gate();
  client_->send(R"({"op":"speak","id":"a","text":"a"})");
  ASSERT_TRUE(daemon_.run_until([&] { return daemon_.player().status().playing.has_value(); }));
  client_->close();
  ASSERT_TRUE(daemon_.run_until([&] {
    return !daemon_.player().status().playing && daemon_.dispatcher().session_count() == 0;
  })) << "the utterance of a client that is gone keeps playing";
}

}  // namespace
}  // namespace alfabravo::test
