// Another user's connections are refused; each refusal must not cost a journal line, or that user could
// flood the log and bury what matters.
#include <gtest/gtest.h>
#include <sys/fsuid.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "daemon_harness.hpp"

namespace alfabravo::test {
namespace {

constexpr uid_t kOtherUid = 65534;

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++count;
  return count;
}

// Connects `times` times as another user: effective uid (what SO_PEERCRED reports) `nobody`, but root's
// file-system uid (kept through the saved uid) to reach the daemon's 0700 socket directory.
void connect_as_other_user(const std::filesystem::path& socket, int times) {
  const pid_t child = ::fork();
  if (child == 0) {
    if (::setresuid(kOtherUid, kOtherUid, 0) != 0) ::_exit(2);
    ::setfsuid(0);
    for (int i = 0; i < times; ++i) {
      const int fd = connect_unix(socket);
      if (fd < 0) ::_exit(3);
      char buffer[256];
      while (::read(fd, buffer, sizeof buffer) > 0) {
      }
      ::close(fd);
    }
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the other user's client failed: " << status;
}

TEST(ForeignPeerLog, ManyRefusalsAreNotEachLogged) {
  if (::geteuid() != 0) {
    if (const char* ci = std::getenv("CI"); ci && std::string(ci) == "true") FAIL() << "needs root";
    GTEST_SKIP() << "needs root to connect as another user";
  }
  Daemon daemon;
  connect_as_other_user(daemon.socket_path(), 40);
  // Our own connections are still served.
  Client client(daemon.socket_path());
  EXPECT_EQ(client.request(R"({"op":"ping","id":"p"})").type, EventType::pong);
  const auto log = daemon.log();
  EXPECT_GE(count_of(log, "is not the daemon's user"), 1u) << log;
  EXPECT_LE(count_of(log, "is not the daemon's user"), 5u) << log;
  EXPECT_NE(log.find("not logged"), std::string::npos) << log;
}

}  // namespace
}  // namespace alfabravo::test
