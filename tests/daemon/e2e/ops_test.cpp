// Every op of the protocol through a real socket, against the real alfabravod (--audio none: a null output
// that takes samples at real-time pace, so progress, stop and cancel happen mid-utterance as with a speaker).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <thread>

#include "daemon_harness.hpp"
#include "protocol/base64.hpp"

namespace alfabravo::test {
namespace {

// Long enough (tens of seconds) to still be playing whatever a test does meanwhile.
constexpr const char* kLongText = "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz";

std::string speak_line(const std::string& request_id, const std::string& text,
                       const std::string& extra = "") {
  return R"({"op":"speak","id":")" + request_id + R"(","text":")" + text + "\"" + extra + "}\n";
}

// Reads events until `id` has started, failing on anything final first.
void wait_started(Client& client, const RequestId& request) {
  for (int i = 0; i < 10; ++i) {
    const auto event = client.read_event_of(request);
    ASSERT_FALSE(is_final(event.type)) << "finished before it started";
    if (event.type == EventType::started) return;
  }
  FAIL() << "no started event";
}

TEST(DaemonOps, SpeakEventsComeInOrderWithProgressForEachCharacter) {
  Daemon daemon;
  Client client(daemon.socket_path());
  client.send(speak_line("s1", "Ab3"));
  const auto events = client.read_until_final(id("s1"));
  ASSERT_EQ(event_names(events),
            (std::vector<std::string>{"queued", "started", "progress", "progress", "progress", "done"}));
  EXPECT_EQ(events[0].body["position"], 0);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(events[2 + i].body["index"], i);
    EXPECT_EQ(events[2 + i].id, id("s1"));
  }
  EXPECT_EQ(events[2].body["words"], "capital Alfa");
  EXPECT_EQ(events[3].body["words"], "Bravo");
  EXPECT_EQ(events[4].body["words"], "three");
}

TEST(DaemonOps, PlainTextLineIsSpokenWithAnAssignedId) {
  Daemon daemon;
  Client client(daemon.socket_path());
  client.send("xY\n");
  const auto queued = client.read_event();
  ASSERT_EQ(queued.type, EventType::queued);
  ASSERT_TRUE(queued.id);
  const auto events = client.read_until_final(*queued.id);
  EXPECT_EQ(event_names(events), (std::vector<std::string>{"started", "progress", "progress", "done"}));
  // A second request gets another id.
  const auto pong = client.request(R"({"op":"ping"})");
  EXPECT_EQ(pong.type, EventType::pong);
  EXPECT_NE(pong.id, queued.id);
}

TEST(DaemonOps, EchoIntoSocatStyleHalfCloseStillGetsEveryEvent) {
  // `echo Ab | socat - UNIX-CONNECT:...` shuts down its sending side and keeps reading.
  Daemon daemon;
  Client client(daemon.socket_path());
  client.send("Ab");  // no newline: the end of input ends the line
  client.shutdown_sending();
  const auto queued = client.read_event();
  ASSERT_EQ(queued.type, EventType::queued);
  const auto events = client.read_until_final(*queued.id);
  EXPECT_EQ(events.back().type, EventType::done);
  EXPECT_TRUE(client.closed_by_daemon());  // and then the daemon closes
}

TEST(DaemonOps, EchoPipedIntoSocatIsSpokenToTheEnd) {
  // README's socat example, literally: socat closes the connection half a second after its input ends, long
  // before the utterance does; having shut down its sending side first, it meant "speak this", not "cancel".
  Daemon daemon;
  Client observer(daemon.socket_path());
  const auto output = run_command(
      {"sh", "-c", "echo 'abcdefghijkl' | socat - UNIX-CONNECT:" + daemon.socket_path().string()}, {}, 30s);
  EXPECT_NE(output.find("\"queued\""), std::string::npos) << output;
  EXPECT_EQ(output.find("\"cancelled\""), std::string::npos) << output;
  // socat has exited; a cancel on its disconnect would show within this second. Nothing reports "not
  // cancelled" to another connection, so this is the one place a fixed wait stands for an event.
  std::this_thread::sleep_for(1s);
  const auto status = observer.request(R"({"op":"status"})");
  EXPECT_TRUE(status.body["playing"].is_string()) << "the utterance was cancelled when socat closed";
  // And it ends by itself.
  EXPECT_TRUE(eventually([&] { return observer.request(R"({"op":"status"})").body["playing"].is_null(); },
                         30s, 100ms));
}

TEST(DaemonOps, PingVersionStatusVoicesDevices) {
  Daemon daemon;
  Client client(daemon.socket_path());
  const auto pong = client.request(R"({"op":"ping","id":7})");
  EXPECT_EQ(pong.type, EventType::pong);
  EXPECT_EQ(pong.id, id(7));

  const auto version = client.request(R"({"op":"version","id":"v"})");
  EXPECT_EQ(version.type, EventType::version);
  EXPECT_EQ(version.body["protocol"], 1);
  EXPECT_TRUE(version.body["version"].is_string());
  EXPECT_TRUE(version.body["espeak"].is_string());

  const auto status = client.request(R"({"op":"status"})");
  EXPECT_EQ(status.type, EventType::status);
  EXPECT_TRUE(status.body["playing"].is_null());
  EXPECT_EQ(status.body["queued"], 0);
  EXPECT_EQ(status.body["audio"], "none");
  EXPECT_EQ(status.body["clients"], 1);
  EXPECT_EQ(status.body["voice"], "en");

  const auto voices = client.request(R"({"op":"voices"})");
  EXPECT_EQ(voices.type, EventType::voices);
  EXPECT_NE(std::find(voices.body["voices"].begin(), voices.body["voices"].end(), "en"),
            voices.body["voices"].end());
  EXPECT_EQ(voices.body["default"], "en");

  const auto devices = client.request(R"({"op":"devices"})");
  EXPECT_EQ(devices.type, EventType::devices);
  EXPECT_EQ(devices.body["audio"], "none");
  EXPECT_TRUE(devices.body["devices"].is_array());
}

// Every shipped voice is listed with its language and standard; a request picks its voice by name.
TEST(DaemonOps, NationalVoicesAreListedAndChosenPerRequest) {
  Daemon daemon;
  Client client(daemon.socket_path());
  const auto voices = client.request(R"({"op":"voices"})");
  ASSERT_EQ(voices.type, EventType::voices);
  EXPECT_GE(voices.body["details"].size(), 9u);
  bool din5009 = false;
  for (const auto& voice : voices.body["details"]) {
    EXPECT_FALSE(voice.contains("error")) << voice.dump();
    EXPECT_FALSE(voice.value("standard", std::string()).empty()) << voice.dump();
    if (voice["name"] == "de") din5009 = voice["standard"] == "DIN 5009:2022";
  }
  EXPECT_TRUE(din5009);

  const auto german =
      client.request(R"({"op":"transcript","id":1,"text":"Stra\u00dfe \u00c4rger 3/x","voice":"de"})");
  EXPECT_EQ(
      german.body["transcript"],
      "groß Salzwedel Tübingen Rostock Aachen Eszett Essen Leerzeichen groß Umlaut Aachen Rostock Goslar "
      "Essen Rostock Leerzeichen drei Schrägstrich Xanten");
  // A voice file's own letter in a render: its word is synthesized (the gate admits the voice's vocabulary).
  client.send(R"({"op":"render","id":"r","text":"\u00e4","voice":"de","format":"wav"})"
              "\n");
  const auto events = client.read_until_final(id("r"));
  EXPECT_EQ(events.back().type, EventType::done) << daemon.log();
}

TEST(DaemonOps, TranscriptGivesTheWordsWithoutAudio) {
  Daemon daemon;
  Client client(daemon.socket_path());
  const auto reply = client.request(R"({"op":"transcript","id":1,"text":"Ab3","digits":"icao"})");
  ASSERT_EQ(reply.type, EventType::transcript);
  EXPECT_EQ(reply.body["transcript"], "capital Alfa Bravo tree");
  ASSERT_EQ(reply.body["words"].size(), 4u);
  EXPECT_EQ(reply.body["words"][0]["word"], "capital");
  EXPECT_EQ(reply.body["words"][0]["index"], 0);
  EXPECT_EQ(reply.body["words"][3]["index"], 2);
  const auto none = client.request(R"({"op":"transcript","id":2,"text":"Ab","case":"none"})");
  EXPECT_EQ(none.body["transcript"], "Alfa Bravo");
  // Nothing was played.
  EXPECT_TRUE(client.request(R"({"op":"status"})").body["playing"].is_null());
}

// Renders `format` and returns the decoded bytes after checking the framing.
std::vector<unsigned char> render(Client& client, const std::string& format, int* sample_rate = nullptr) {
  client.send(R"({"op":"render","id":"r","text":"Ab3","format":")" + format + "\"}\n");
  const auto events = client.read_until_final(id("r"));
  std::vector<unsigned char> bytes;
  if (events.empty() || events.front().type != EventType::render) {
    ADD_FAILURE() << format << ": " << ::testing::PrintToString(event_names(events));
    return bytes;
  }
  const auto& header = events.front().body;
  if (sample_rate != nullptr) *sample_rate = header["sample_rate"].get<int>();
  std::size_t sequence = 0;
  for (std::size_t i = 1; i + 1 < events.size(); ++i) {
    EXPECT_EQ(events[i].type, EventType::audio);
    EXPECT_EQ(events[i].body["seq"], sequence++);
    const auto chunk = base64_decode(events[i].body["data"].get<std::string>());
    EXPECT_TRUE(chunk);
    if (chunk) bytes.insert(bytes.end(), chunk->begin(), chunk->end());
  }
  EXPECT_EQ(events.back().type, EventType::done);
  EXPECT_EQ(events.back().body["bytes"], bytes.size());
  EXPECT_EQ(header["bytes"], bytes.size());
  return bytes;
}

TEST(DaemonOps, RenderStreamsEveryFormat) {
  Daemon daemon;
  Client client(daemon.socket_path());
  for (const auto* format : {"wav8k", "wav16k", "wav22k", "wav48k", "wav"}) {
    SCOPED_TRACE(format);
    int rate = 0;
    const auto bytes = render(client, format, &rate);
    ASSERT_GT(bytes.size(), 44u);
    EXPECT_EQ(std::memcmp(bytes.data(), "RIFF", 4), 0);
    EXPECT_EQ(std::memcmp(bytes.data() + 8, "WAVE", 4), 0);
    std::uint32_t header_rate = 0;
    std::memcpy(&header_rate, bytes.data() + 24, 4);  // fmt chunk: sample rate (little-endian host)
    EXPECT_EQ(header_rate, static_cast<std::uint32_t>(rate));
    // "capital Alfa Bravo three" lasts more than a second: at least a second of 16-bit samples.
    EXPECT_GT(bytes.size(), static_cast<std::size_t>(rate) * 2);
  }
  for (const auto* format : {"ulaw", "alaw"}) {
    SCOPED_TRACE(format);
    int rate = 0;
    const auto bytes = render(client, format, &rate);
    EXPECT_EQ(rate, 8000);
    EXPECT_GT(bytes.size(), 8000u);  // one byte per sample, headerless, over a second
    EXPECT_NE(std::memcmp(bytes.data(), "RIFF", 4), 0);
  }
}

TEST(DaemonOps, StopMidUtteranceCancelsItAndFlushesTheQueue) {
  Daemon daemon;
  Client client(daemon.socket_path());
  client.send(speak_line("long", kLongText));
  client.send(speak_line("next", "abc"));
  wait_started(client, id("long"));
  client.send(R"({"op":"stop","id":"stop"})"
              "\n");
  bool long_cancelled = false, next_cancelled = false, stop_ok = false;
  for (int i = 0; i < 200 && !(long_cancelled && next_cancelled && stop_ok); ++i) {
    const auto event = client.read_event();
    if (event.id == id("long")) {
      ASSERT_NE(event.type, EventType::done);
      long_cancelled = event.type == EventType::cancelled;
    } else if (event.id == id("next")) {
      ASSERT_TRUE(event.type == EventType::queued || event.type == EventType::cancelled)
          << to_string(event.type);
      next_cancelled = event.type == EventType::cancelled;
    } else if (event.id == id("stop")) {
      EXPECT_EQ(event.type, EventType::ok);
      stop_ok = true;
    }
  }
  EXPECT_TRUE(long_cancelled && next_cancelled && stop_ok);
  EXPECT_TRUE(client.request(R"({"op":"status"})").body["playing"].is_null());
}

TEST(DaemonOps, CancelMidUtteranceByTargetAndByShorthand) {
  Daemon daemon;
  Client client(daemon.socket_path());
  client.send(speak_line("a", kLongText));
  client.send(speak_line("b", kLongText));
  wait_started(client, id("a"));
  // {"op":"cancel","target":...}: an ok for the cancel, cancelled for the target; b then plays.
  client.send(R"({"op":"cancel","id":"c","target":"a"})"
              "\n");
  EXPECT_EQ(client.read_event_of(id("c")).type, EventType::ok);
  auto events = client.read_until_final(id("a"));
  EXPECT_EQ(events.back().type, EventType::cancelled);
  wait_started(client, id("b"));
  // The shorthand {"op":"cancel","id":X}: X's cancelled event is the only answer.
  client.send(R"({"op":"cancel","id":"b"})"
              "\n");
  events = client.read_until_final(id("b"));
  EXPECT_EQ(events.back().type, EventType::cancelled);
  for (const auto& event : events)
    EXPECT_NE(event.type, EventType::ok);
  // Nothing left to cancel.
  const auto missing = client.request(R"({"op":"cancel","id":"x","target":"b"})");
  EXPECT_EQ(missing.type, EventType::error);
  EXPECT_EQ(missing.error_code(), ErrorCode::not_found);
}

TEST(DaemonOps, QueuePositionsAndAFullQueue) {
  DaemonOptions options;
  options.config_toml = "[limits]\nqueued = 2\n";
  Daemon daemon(options);
  Client client(daemon.socket_path());
  client.send(speak_line("p0", kLongText));
  EXPECT_EQ(client.read_event_of(id("p0"), EventType::queued).body["position"], 0);
  wait_started(client, id("p0"));
  // position: how many utterances wait ahead of this one (0: it plays next). p0's progress events go on
  // meanwhile, so each reply is awaited by its id.
  client.send(speak_line("p1", "a"));
  EXPECT_EQ(client.read_event_of(id("p1")).body["position"], 0);
  client.send(speak_line("p2", "a"));
  EXPECT_EQ(client.read_event_of(id("p2")).body["position"], 1);
  // limits.queued = 2 utterances may wait: the next one is refused.
  client.send(speak_line("p3", "a"));
  const auto full = client.read_event_of(id("p3"));
  EXPECT_EQ(full.type, EventType::error);
  EXPECT_EQ(full.error_code(), ErrorCode::busy);
  client.send(R"({"op":"stop"})"
              "\n");
}

TEST(DaemonOps, DuplicateIdOfAnOpenRequestIsRefused) {
  Daemon daemon;
  Client client(daemon.socket_path());
  client.send(speak_line("same", kLongText));
  EXPECT_EQ(client.read_event_of(id("same")).type, EventType::queued);
  client.send(speak_line("same", "x"));
  // The first request's own events (started, progress) carry the same id: wait for the refusal by type.
  const auto again = client.read_event_of(id("same"), EventType::error);
  EXPECT_EQ(again.error_code(), ErrorCode::bad_option);
  client.send(R"({"op":"stop","id":"stop"})"
              "\n");
  // The refusal was the only answer to the second request: the first is the one that is cancelled.
  const auto events = client.read_until_final(id("same"));
  EXPECT_EQ(std::count_if(events.begin(), events.end(),
                          [](const Event& event) { return event.type == EventType::queued; }),
            0);
  EXPECT_EQ(events.back().type, EventType::cancelled);
}

TEST(DaemonOps, DisconnectCancelsTheClientsUtterances) {
  Daemon daemon;
  Client observer(daemon.socket_path());
  {
    Client speaker(daemon.socket_path());
    speaker.send(speak_line("gone", kLongText));
    wait_started(speaker, id("gone"));
    EXPECT_EQ(observer.request(R"({"op":"status"})").body["playing"], "gone");
  }  // closed: as Ctrl-C in the client would
  // Nothing reaches the observer when another connection's utterance ends: it asks.
  EXPECT_TRUE(eventually([&] { return observer.request(R"({"op":"status"})").body["playing"].is_null(); },
                         10s, 100ms))
      << "the utterance of a disconnected client kept playing";
}

TEST(DaemonOps, DetachedUtteranceOutlivesItsClientAndCanBeCancelledFromAnother) {
  Daemon daemon;
  {
    Client speaker(daemon.socket_path());
    speaker.send(speak_line("kept", kLongText, R"(,"detach":true)"));
    wait_started(speaker, id("kept"));
  }
  Client observer(daemon.socket_path());
  // Well past the disconnect: what is tested is that nothing happens (no event to wait for), so time it is.
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(observer.request(R"({"op":"status"})").body["playing"], "kept");
  const auto ok = observer.request(R"({"op":"cancel","id":1,"target":"kept"})");
  EXPECT_EQ(ok.type, EventType::ok);
  EXPECT_TRUE(eventually([&] { return observer.request(R"({"op":"status"})").body["playing"].is_null(); },
                         10s, 100ms));
}

}  // namespace
}  // namespace alfabravo::test
