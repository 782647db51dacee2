// Bad input from one client is answered with the right error code while another client's utterance keeps
// playing, and the bad client's connection stays usable where the error is recoverable.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <thread>

#include "daemon_harness.hpp"

namespace alfabravo::test {
namespace {

class BadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    DaemonOptions options;
    options.args = {"--audio", "none", "--line-timeout", "3"};
    daemon_ = std::make_unique<Daemon>(options);
    speaker_ = std::make_unique<Client>(daemon_->socket_path());
    speaker_->send(
        R"({"op":"speak","id":"music","text":"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnop"})"
        "\n");
    for (int i = 0; i < 5; ++i) {
      if (speaker_->read_event().type == EventType::started) return;
    }
    FAIL() << "the other client's utterance did not start";
  }

  // The other client's utterance is still being spoken: a new progress event arrives, nothing final.
  void expect_still_playing() {
    for (int i = 0; i < 50; ++i) {
      const auto event = speaker_->read_event();
      ASSERT_FALSE(is_final(event.type)) << "the other utterance ended: " << to_string(event.type);
      if (event.type == EventType::progress) break;
    }
    const auto status = speaker_->request(R"({"op":"status","id":"s"})");
    EXPECT_EQ(status.type, EventType::status);
    EXPECT_EQ(status.body["playing"], "music");
  }

  // The connection still answers.
  static void expect_usable(Client& client) {
    const auto pong = client.request(R"({"op":"ping","id":"after"})");
    EXPECT_EQ(pong.type, EventType::pong);
    EXPECT_EQ(pong.id, id("after"));
  }

  std::unique_ptr<Daemon> daemon_;
  std::unique_ptr<Client> speaker_;
};

TEST_F(BadInput, InvalidJson) {
  Client bad(daemon_->socket_path());
  const auto reply = bad.request(R"({"op":"speak","text":"x",})");
  EXPECT_EQ(reply.error_code(), ErrorCode::bad_json);
  EXPECT_TRUE(reply.id);  // an assigned id
  expect_usable(bad);
  expect_still_playing();
}

TEST_F(BadInput, NumberTooLargeForADouble) {
  Client bad(daemon_->socket_path());
  const auto reply = bad.request(R"({"op":1e400})");
  EXPECT_EQ(reply.error_code(), ErrorCode::bad_json);
  expect_usable(bad);
  expect_still_playing();
}

TEST_F(BadInput, InvalidUtf8) {
  Client bad(daemon_->socket_path());
  EXPECT_EQ(bad.request("pass\xff\xfeword").error_code(), ErrorCode::bad_text);
  EXPECT_EQ(bad.request("{\"op\":\"speak\",\"text\":\"\xc3\x28\"}").error_code(), ErrorCode::bad_text);
  expect_usable(bad);
  expect_still_playing();
}

TEST_F(BadInput, NulBytes) {
  Client bad(daemon_->socket_path());
  EXPECT_EQ(bad.request(std::string("ab\0cd", 5)).error_code(), ErrorCode::bad_text);
  EXPECT_EQ(bad.request(std::string("{\"op\":\"ping\"}\0", 14)).error_code(), ErrorCode::bad_text);
  EXPECT_EQ(bad.request(R"({"op":"speak","text":"a\u0000b"})").error_code(), ErrorCode::bad_text);
  expect_usable(bad);
  expect_still_playing();
}

TEST_F(BadInput, OneMebibyteLineWithoutNewline) {
  Client bad(daemon_->socket_path());
  const std::string megabyte(1024 * 1024, 'A');
  std::thread writer([&] { bad.send(megabyte); });  // the daemon answers before the line ends
  const auto reply = bad.read_event();
  writer.join();
  EXPECT_EQ(reply.error_code(), ErrorCode::too_long);
  // The rest of the line is skipped up to its newline; then the connection works again.
  bad.send("\n");
  expect_usable(bad);
  expect_still_playing();
}

TEST_F(BadInput, TextOverTheCharacterLimit) {
  Client bad(daemon_->socket_path());
  EXPECT_EQ(bad.request(std::string(4097, 'a')).error_code(), ErrorCode::too_long);
  expect_usable(bad);
  expect_still_playing();
}

TEST_F(BadInput, UnknownOp) {
  Client bad(daemon_->socket_path());
  const auto reply = bad.request(R"({"op":"sing","id":"u"})");
  EXPECT_EQ(reply.error_code(), ErrorCode::unknown_op);
  EXPECT_EQ(reply.id, id("u"));
  EXPECT_EQ(bad.request(R"({"text":"no op"})").error_code(), ErrorCode::unknown_op);
  expect_usable(bad);
  expect_still_playing();
}

TEST_F(BadInput, WrongTypesAndValues) {
  Client bad(daemon_->socket_path());
  for (const auto* line :
       {R"({"op":"speak","text":42})", R"({"op":"speak","text":"a","rate":"fast"})",
        R"({"op":"speak","text":"a","detach":1})", R"({"op":"speak","text":"a","group":[4]})",
        R"({"op":"speak","text":"a","mode":"morse"})", R"({"op":"ping","id":{"a":1}})",
        R"({"op":"render","text":"a","format":"mp3"})", R"({"op":"speak","text":"a","x":1})"}) {
    SCOPED_TRACE(line);
    EXPECT_EQ(bad.request(line).error_code(), ErrorCode::bad_option);
  }
  // A voice that does not exist.
  EXPECT_EQ(bad.request(R"({"op":"transcript","text":"a","voice":"klingon"})").error_code(),
            ErrorCode::not_found);
  expect_usable(bad);
  expect_still_playing();
}

TEST_F(BadInput, DeeplyNestedJson) {
  Client bad(daemon_->socket_path());
  std::string deep = R"({"op":"ping","x":)";
  deep.append(50000, '[');
  EXPECT_EQ(bad.request(deep).error_code(), ErrorCode::bad_json);
  expect_usable(bad);
  expect_still_playing();
}

TEST_F(BadInput, TenThousandPipelinedRequests) {
  Client client(daemon_->socket_path());
  constexpr int kRequests = 10000;
  std::string batch;
  for (int i = 0; i < kRequests; ++i) {
    // A mix: pings, transcripts and errors, each with its own id.
    if (i % 3 == 0) {
      batch += R"({"op":"ping","id":)" + std::to_string(i) + "}\n";
    } else if (i % 3 == 1) {
      batch += R"({"op":"transcript","text":"Ab","id":)" + std::to_string(i) + "}\n";
    } else {
      batch += R"({"op":"nope","id":)" + std::to_string(i) + "}\n";
    }
  }
  // Written while the replies are read: the daemon stops reading a client that does not read its replies.
  std::thread writer([&] { client.send(batch); });
  int answered = 0;
  for (int i = 0; i < kRequests; ++i) {
    const auto event = client.read_event();
    if (!event.id || *event.id != id(i)) {
      ADD_FAILURE() << "reply " << i << " has the wrong id";
      break;
    }
    const auto expected = i % 3 == 0   ? EventType::pong
                          : i % 3 == 1 ? EventType::transcript
                                       : EventType::error;
    if (event.type != expected) {
      ADD_FAILURE() << "reply " << i << " is " << to_string(event.type);
      break;
    }
    ++answered;
  }
  writer.join();
  EXPECT_EQ(answered, kRequests);
  expect_still_playing();
}

TEST_F(BadInput, SilentClientIsDroppedAfterTheLineTimeout) {
  Client silent(daemon_->socket_path());
  Client partial(daemon_->socket_path());
  partial.send(R"({"op":"pi)");
  // --line-timeout 3 s: each gets a timeout error and is closed.
  for (auto* client : {&silent, &partial}) {
    const auto reply = client->read_event(20s);
    EXPECT_EQ(reply.error_code(), ErrorCode::timeout);
    EXPECT_FALSE(reply.id);
    EXPECT_TRUE(client->closed_by_daemon());
  }
  EXPECT_TRUE(daemon_->wait_for_log("dropped"));
  expect_still_playing();
}

TEST_F(BadInput, AClientThatNeverReadsItsRepliesIsThrottledNotBuffered) {
  // Requests whose replies are never read: past its high-water mark of unsent replies the daemon stops
  // reading that client, so its memory stays bounded and the client's sending blocks; others are unaffected.
  Client hog(daemon_->socket_path());
  hog.request(R"({"op":"ping"})");
  std::string many;
  for (int i = 0; i < 20000; ++i)
    many += R"({"op":"transcript","text":"abcdefghijklmnopqrstuvwxyz"})"
            "\n";
  // Non-blocking so that the test goes on once the daemon stops reading.
  std::size_t sent = 0;
  auto last_progress = std::chrono::steady_clock::now();
  while (sent < many.size() && std::chrono::steady_clock::now() - last_progress < 2s) {
    const ssize_t n = ::send(hog.fd(), many.data() + sent, many.size() - sent, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      last_progress = std::chrono::steady_clock::now();
    } else {
      pollfd writable{hog.fd(), POLLOUT, 0};
      ::poll(&writable, 1, 20);  // until the daemon reads again, or the next look at the clock
    }
  }
  EXPECT_LT(sent, many.size()) << "the daemon kept reading a client that reads none of its replies";
  expect_still_playing();
  Client other(daemon_->socket_path());
  expect_usable(other);
}

}  // namespace
}  // namespace alfabravo::test
