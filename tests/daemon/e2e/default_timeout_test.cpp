// The default partial-line timeout (30 s), as a client that stalls mid-line meets it: it asserts a duration,
// so it runs on its own, holding the real-time lock (tests/daemon/CMakeLists.txt).
#include <gtest/gtest.h>

#include "daemon_harness.hpp"

namespace alfabravo::test {
namespace {

TEST(DaemonDefaults, APartialLineIsDroppedAfterThirtySeconds) {
  Daemon daemon;  // no --line-timeout
  Client partial(daemon.socket_path());
  const auto sent_at = std::chrono::steady_clock::now();
  partial.send(R"({"op":"pi)");
  const auto reply = partial.read_event(60s);
  const auto waited = std::chrono::steady_clock::now() - sent_at;
  EXPECT_EQ(reply.error_code(), ErrorCode::timeout);
  EXPECT_FALSE(reply.id);
  EXPECT_GE(waited, 29s) << "dropped before the default 30 s";
  EXPECT_LT(waited, 40s);
  EXPECT_TRUE(partial.closed_by_daemon());
}

}  // namespace
}  // namespace alfabravo::test
