// The daemon's limits and its reload, on the paths a busy desk or a misbehaving client takes: the
// unread-replies cap, the renders in progress, the default client limit with the open-file limit it raises,
// SIGHUP while speaking and what systemd is told around a reload.
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <algorithm>
#include <csignal>
#include <memory>
#include <string>
#include <vector>

#include "daemon_harness.hpp"

namespace alfabravo::test {
namespace {

// A client that never reads: its receive buffer is as small as the kernel allows.
void stop_reading(Client& client) {
  const int smallest = 1;
  ::setsockopt(client.fd(), SOL_SOCKET, SO_RCVBUF, &smallest, sizeof smallest);
}

TEST(DaemonLimits, AClientWhoseUnreadRepliesPassTheCapIsDroppedAndTheOthersAreServed) {
  // limits.output_bytes at its smallest (64 KiB); one transcript of 4096 "!" is a ~300 KB reply.
  DaemonOptions options;
  options.config_toml = "[limits]\noutput_bytes = 65536\n";
  Daemon daemon(options);
  Client other(daemon.socket_path());
  Client hog(daemon.socket_path());
  stop_reading(hog);
  hog.send(R"({"op":"transcript","id":1,"text":")" + std::string(4096, '!') + "\"}\n");
  EXPECT_TRUE(daemon.wait_for_log("bytes of replies unread: dropped")) << daemon.log();
  EXPECT_TRUE(hog.closed_by_daemon());
  EXPECT_EQ(other.request(R"({"op":"ping","id":"still"})").type, EventType::pong);
}

std::string render_line(const std::string& request_id) {
  // About 6 s of speech at 48 kHz: far more than a socket buffer, so it stays in progress until it is read.
  return R"({"op":"render","id":")" + request_id +
         R"(","text":"abcdefghij","format":"wav48k"})"
         "\n";
}

TEST(DaemonLimits, RendersPastThePendingLimitAreBusyUntilOneFinishes) {
  DaemonOptions options;
  // The global limit, below the per-connection one here.
  options.config_toml = "[limits]\npending_renders = 2\nrenders_per_client = 3\n";
  Daemon daemon(options);
  Client client(daemon.socket_path());
  client.send(render_line("r1") + render_line("r2") + render_line("r3"));
  const auto refused = client.read_event_of(id("r3"));
  EXPECT_EQ(refused.error_code(), ErrorCode::busy);
  EXPECT_NE(refused.error_message().find("too many renders in progress (2)"), std::string::npos)
      << refused.error_message();
  // Both are in flight, and either may finish first: each waits for its own done, setting the other's aside.
  EXPECT_EQ(client.read_event_of(id("r1"), EventType::done).type, EventType::done);
  EXPECT_EQ(client.read_event_of(id("r2"), EventType::done).type, EventType::done);
  // Both finished and were read: a new render is taken.
  client.send(render_line("r4"));
  EXPECT_EQ(client.read_until_final(id("r4")).back().type, EventType::done);
}

// The default limit of 1024 clients needs more than the 1024 open files a desktop session usually allows: the
// daemon raises its own limit. 1030 clients connect; 1024 are served, the rest get a clear error.
TEST(DaemonLimits, TheDefaultClientLimitIsReachableFromTheUsualOpenFileLimit) {
  rlimit limit{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &limit), 0);
  ASSERT_GE(limit.rlim_max, rlim_t{1200}) << "the test itself needs about 1100 open files";
  limit.rlim_cur = limit.rlim_max;
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &limit), 0);
  DaemonOptions options;
  options.launcher = {"prlimit", "--nofile=1024:" + std::to_string(limit.rlim_max), "--"};
  options.args = {"--audio", "none", "--verbose"};
  Daemon daemon(options);
  EXPECT_TRUE(daemon.wait_for_log("open file limit raised from 1024")) << daemon.log();

  constexpr int kClients = 1030;
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.push_back(std::make_unique<Client>(daemon.socket_path()));
    clients.back()->send(R"({"op":"ping","id":)" + std::to_string(i) + "}\n");
  }
  int served = 0, refused = 0;
  const auto deadline = std::chrono::steady_clock::now() + kEventTimeout;  // for all of them: fail fast
  for (auto& client : clients) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    const auto reply = client->read_event(std::max(left, 1ms));
    if (reply.type == EventType::pong) {
      ++served;
    } else if (reply.error_code() == ErrorCode::busy &&
               reply.error_message().find("too many clients (limit 1024)") != std::string::npos) {
      ++refused;
      EXPECT_TRUE(client->closed_by_daemon());
    } else {
      ADD_FAILURE() << "neither served nor refused: " << to_string(reply.type) << " "
                    << reply.error_message();
    }
  }
  EXPECT_EQ(served, 1024);
  EXPECT_EQ(refused, kClients - 1024);
  EXPECT_EQ(daemon.log().find("is below what"), std::string::npos) << daemon.log();
}

TEST(DaemonLimits, SighupWhileSpeakingLetsTheUtterancePlayOn) {
  Daemon daemon;
  Client client(daemon.socket_path());
  client.send(R"({"op":"speak","id":"s","text":"abcdefgh"})"
              "\n");
  EXPECT_EQ(client.read_event_of(id("s"), EventType::progress).body["index"], 0);
  daemon.process().signal(SIGHUP);
  ASSERT_TRUE(daemon.wait_for_log("reloaded")) << daemon.log();
  const auto events = client.read_until_final(id("s"));
  EXPECT_EQ(events.back().type, EventType::done);
  // Every character after the first is still spoken, in order.
  std::vector<int> indexes;
  for (const auto& event : events) {
    if (event.type == EventType::progress) indexes.push_back(event.body["index"].get<int>());
  }
  EXPECT_EQ(indexes, (std::vector<int>{1, 2, 3, 4, 5, 6, 7}));
}

TEST(DaemonLimits, AReloadIsAnnouncedToSystemdAndEndsReady) {
  TempDir scratch;
  NotifySocket notify(scratch.path() / "notify");
  DaemonOptions options;
  options.env["NOTIFY_SOCKET"] = notify.path().string();
  Daemon daemon(options);
  ASSERT_TRUE(notify.wait_for("READY=1")) << notify.messages();
  daemon.process().signal(SIGHUP);
  EXPECT_TRUE(notify.wait_for("RELOADING=1")) << notify.messages();
  EXPECT_TRUE(notify.wait_for("READY=1")) << "no READY=1 after RELOADING=1: " << notify.messages();
  Client client(daemon.socket_path());
  EXPECT_EQ(client.request(R"({"op":"ping","id":"after"})").type, EventType::pong);
}

}  // namespace
}  // namespace alfabravo::test
