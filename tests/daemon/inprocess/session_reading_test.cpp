// A session reads every line a client sends, however the bytes arrive: several lines in one write, more
// than one read holds, a line sent while the session is still answering the one before, and lines sent while
// backpressure has paused reading. The reactor is edge-triggered: each case here is one where a change to
// how the session waits for bytes could lose a readiness edge and leave a line unanswered.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/local/connect_pair.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "session.hpp"

namespace alfabravo {
namespace {

using namespace std::chrono_literals;

class AnsweringHandler : public SessionHandler {
 public:
  std::function<void(std::string_view)> on_each_line;  // runs before the reply is sent
  std::size_t reply_padding = 0;                       // bytes added to each reply

  void on_line(Session& session, std::string_view line) override {
    if (on_each_line) on_each_line(line);
    session.send("got " + std::string(line) + std::string(reply_padding, '.') + "\n");
  }
  void on_line_too_long(Session&) override {}
  void on_closed(Session&) override {}
  void on_input_ended(Session&) override {}
  bool has_open_requests(const Session&) const override { return false; }
};

class SessionReading : public ::testing::Test {
 protected:
  void start(SessionLimits limits = {}) {
    Session::Socket server(io_);
    boost::asio::local::connect_pair(client_, server);
    client_.non_blocking(true);
    session_ = std::make_shared<Session>(std::move(server), 1, handler_, limits);
    session_->start();
  }

  void send(std::string_view bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const ssize_t n =
          ::send(client_.native_handle(), bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      ASSERT_GT(n, 0);
      sent += static_cast<std::size_t>(n);
    }
  }

  // Runs the session until `count` replies have been received (or 2 s have passed); returns the replies.
  std::string replies(std::size_t count) {
    std::string received;
    std::size_t lines = 0;
    const auto deadline = std::chrono::steady_clock::now() + 2s;
    while (lines < count && std::chrono::steady_clock::now() < deadline) {
      io_.run_for(2ms);
      char buffer[65536];
      const ssize_t n = ::recv(client_.native_handle(), buffer, sizeof buffer, 0);
      if (n <= 0) continue;
      for (ssize_t i = 0; i < n; ++i)
        lines += buffer[i] == '\n';
      received.append(buffer, static_cast<std::size_t>(n));
    }
    return received;
  }

  static std::size_t count_lines(const std::string& text) {
    return std::count(text.begin(), text.end(), '\n');
  }

  boost::asio::io_context io_;
  boost::asio::local::stream_protocol::socket client_{io_};
  AnsweringHandler handler_;
  std::shared_ptr<Session> session_;
};

TEST_F(SessionReading, LinesArrivingInOneWriteAreAllAnswered) {
  start();
  send("a\nb\nc\n");
  EXPECT_EQ(replies(3), "got a\ngot b\ngot c\n");
}

TEST_F(SessionReading, ALineSentAfterTheLastOneIsAnswered) {
  start();
  send("a\n");
  EXPECT_EQ(replies(1), "got a\n");
  send("b\n");  // the session has emptied its socket and waits
  EXPECT_EQ(replies(1), "got b\n");
}

TEST_F(SessionReading, ALineSentWhileTheOneBeforeIsAnsweredIsAnswered) {
  start();
  handler_.on_each_line = [this](std::string_view line) {
    if (line == "a") send("b\n");  // after the read that emptied the socket, before the session waits again
  };
  send("a\n");
  EXPECT_EQ(replies(2), "got a\ngot b\n");
}

TEST_F(SessionReading, MoreThanOneReadHoldsIsAllAnswered) {
  start();
  send("a\n");
  ASSERT_EQ(replies(1), "got a\n");  // the session has emptied its socket and waits
  std::string burst;
  for (int i = 0; i < 400; ++i)
    burst += std::string(99, 'x') + "\n";  // 40 000 bytes: three reads of the 16 KiB buffer
  send(burst);
  EXPECT_EQ(count_lines(replies(400)), 400u);  // one readiness edge for all of it
}

TEST_F(SessionReading, LinesSentWhileReadingIsPausedAreAnswered) {
  SessionLimits limits;
  limits.output_bytes = 2 * 1024 * 1024;  // reading pauses past 256 KiB of unsent replies
  start(limits);
  handler_.reply_padding = 128 * 1024;
  send("1\n2\n3\n4\n5\n6\n");
  for (int i = 0; i < 20; ++i)
    io_.run_for(2ms);  // the client reads nothing: the session pauses with lines left
  ASSERT_FALSE(session_->wants_more_output());
  send("7\n");  // arrives while nobody waits for it
  const std::string got = replies(7);
  EXPECT_EQ(count_lines(got), 7u);
  EXPECT_NE(got.find("got 7"), std::string::npos);
}

}  // namespace
}  // namespace alfabravo
