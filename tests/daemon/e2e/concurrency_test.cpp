// Many clients at once, each getting its own answers.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "daemon_harness.hpp"

namespace alfabravo::test {
namespace {

TEST(DaemonConcurrency, TwoHundredClientsEachGetTheirOwnAnswers) {
  Daemon daemon;
  constexpr int kClients = 200;
  // All connect first, so that all 200 are open at the same time.
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < kClients; ++i)
    clients.push_back(std::make_unique<Client>(daemon.socket_path()));
  const char* letters = "abcdefghijklmnopqrstuvwxyz";
  std::atomic<int> correct{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      auto& client = *clients[i];
      // Each client's own text: two letters that identify it.
      const std::string text{letters[i % 26], letters[(i / 26) % 26]};
      client.send(R"({"op":"transcript","id":)" + std::to_string(i) + R"(,"text":")" + text + "\"}\n" +
                  R"({"op":"ping","id":"p)" + std::to_string(i) + "\"}\n");
      const auto transcript = client.read_event();
      const auto pong = client.read_event();
      const auto expected_words = transcript.body.value("words", nlohmann::json::array());
      const bool ok = transcript.type == EventType::transcript && transcript.id == id(i) &&
                      expected_words.size() == 2 && pong.type == EventType::pong &&
                      pong.id == RequestId{"p" + std::to_string(i)};
      // The words name this client's letters (NATO words start with their letter).
      const bool own_words = ok && std::tolower(expected_words[0]["word"].get<std::string>()[0]) == text[0] &&
                             std::tolower(expected_words[1]["word"].get<std::string>()[0]) == text[1];
      if (ok && own_words) ++correct;
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(correct.load(), kClients);
  Client observer(daemon.socket_path());
  EXPECT_EQ(observer.request(R"({"op":"status"})").body["clients"], kClients + 1);
}

// Replies written while the client is not reading fill the socket: the daemon writes what the socket takes
// and the rest of a line later. Every byte must arrive once, in order: each reply whole, with its own words.
TEST(DaemonConcurrency, RepliesPastAFullSocketArriveWholeAndInOrder) {
  Daemon daemon;
  Client client(daemon.socket_path());
  constexpr int kRequests = 60;
  std::string text;
  for (int i = 0; i < 20; ++i)
    text += "abcdefghij";
  std::string batch;
  for (int i = 0; i < kRequests; ++i) {
    // Each text ends in its own letter, so that a reply can be told from its neighbours.
    batch += R"({"op":"transcript","id":)" + std::to_string(i) + R"(,"text":")" + text +
             std::string(1, static_cast<char>('a' + i % 26)) + "\"}\n";
  }
  client.send(batch);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the replies (10 KiB each) fill the socket
  for (int i = 0; i < kRequests; ++i) {
    const auto reply = client.read_event();
    ASSERT_EQ(reply.type, EventType::transcript) << "reply " << i;
    ASSERT_EQ(reply.id, id(i));
    const auto words = reply.body.value("words", nlohmann::json::array());
    ASSERT_EQ(words.size(), text.size() + 1) << "reply " << i;
    EXPECT_EQ(std::tolower(words.back()["word"].get<std::string>()[0]), 'a' + i % 26) << "reply " << i;
  }
}

TEST(DaemonConcurrency, SpeakersFromSeveralConnectionsAreQueuedAndEachFinishes) {
  Daemon daemon;
  constexpr int kSpeakers = 5;
  std::vector<std::unique_ptr<Client>> speakers;
  int previous = 0;
  for (int i = 0; i < kSpeakers; ++i) {
    speakers.push_back(std::make_unique<Client>(daemon.socket_path()));
    speakers.back()->send(R"({"op":"speak","id":"s","text":"a"})"
                          "\n");
    const auto position = speakers.back()->read_event().body["position"].get<int>();
    EXPECT_LE(position, i);  // behind those that came before and have not finished
    EXPECT_GE(position, previous);
    previous = position;
  }
  for (auto& speaker : speakers) {
    const auto events = speaker->read_until_final(id("s"));
    EXPECT_EQ(event_names(events), (std::vector<std::string>{"started", "progress", "done"}));
  }
}

}  // namespace
}  // namespace alfabravo::test
