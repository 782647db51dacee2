// The socket's directory decides who can stand in for the daemon: the daemon uses only its own 0700 real
// directory, and the client sends nothing (the text is often a password) to a listener of another user or in
// a directory others could write to.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>

#include "daemon_harness.hpp"

namespace alfabravo::test {
namespace {

namespace fs = std::filesystem;

constexpr uid_t kOtherUid = 65534;  // nobody
constexpr const char* kSecret = "Zq9Vx7Kp3";

// Tests that pose as another user need root (to chown, to setuid); everywhere else they cannot run, and in
// CI that is a failure rather than a silent skip.
bool can_act_as_other_user() {
  return ::geteuid() == 0;
}
#define REQUIRE_OTHER_USER()                                                   \
  do {                                                                         \
    if (!can_act_as_other_user()) {                                            \
      if (const char* ci = std::getenv("CI"); ci && std::string(ci) == "true") \
        FAIL() << "this check needs root to pose as another user";             \
      GTEST_SKIP() << "needs root to pose as another user";                    \
    }                                                                          \
  } while (false)

// The daemon is started on `socket`; returns its exit status if it exits within a few seconds (it should,
// refusing the directory), nullopt if it keeps running.
std::optional<int> daemon_exit_status(const fs::path& socket, const fs::path& log) {
  ChildOptions options;
  options.stderr_path = log.string();
  options.env_overrides = {
      {"XDG_CACHE_HOME", ALFABRAVO_TEST_CACHE}, {"LISTEN_FDS", ""}, {"NOTIFY_SOCKET", ""}};
  Child daemon({daemon_binary(), "--audio", "none", "--socket", socket.string()}, options);
  auto status = daemon.wait_for(std::chrono::seconds(10));
  return status;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(SocketDirectory, AWorldWritableDirectoryIsRefused) {
  TempDir dir;
  const fs::path shared = dir.path() / "shared";
  fs::create_directory(shared);
  ::chmod(shared.c_str(), 0777);
  const auto status = daemon_exit_status(shared / "socket", dir.path() / "log");
  ASSERT_TRUE(status) << "the daemon kept running with its socket in a 0777 directory";
  EXPECT_NE(*status, 0);
  EXPECT_FALSE(fs::exists(shared / "socket"));
  EXPECT_NE(read_file(dir.path() / "log").find("0777"), std::string::npos) << read_file(dir.path() / "log");
}

TEST(SocketDirectory, ASymlinkIsNotFollowed) {
  TempDir dir;
  fs::create_directory(dir.path() / "elsewhere");
  ::chmod((dir.path() / "elsewhere").c_str(), 0700);
  fs::create_directory_symlink(dir.path() / "elsewhere", dir.path() / "link");
  const auto status = daemon_exit_status(dir.path() / "link" / "socket", dir.path() / "log");
  ASSERT_TRUE(status) << "the daemon kept running behind a symlink";
  EXPECT_NE(*status, 0);
  EXPECT_FALSE(fs::exists(dir.path() / "elsewhere" / "socket"))
      << "the socket was created at the link's target";
}

TEST(SocketDirectory, ASymlinkHigherUpThePathIsNotFollowed) {
  TempDir dir;
  fs::create_directories(dir.path() / "real" / "alfabravo");
  ::chmod((dir.path() / "real" / "alfabravo").c_str(), 0700);
  fs::create_directory_symlink(dir.path() / "real", dir.path() / "runtime");
  const auto status = daemon_exit_status(dir.path() / "runtime" / "alfabravo" / "socket", dir.path() / "log");
  ASSERT_TRUE(status) << "the daemon kept running with a symlink on its socket's path";
  EXPECT_NE(*status, 0);
}

TEST(SocketDirectory, ADirectoryOfAnotherUserIsRefused) {
  REQUIRE_OTHER_USER();
  TempDir dir;
  const fs::path foreign = dir.path() / "foreign";
  fs::create_directory(foreign);
  ::chmod(foreign.c_str(), 0700);
  ASSERT_EQ(::chown(foreign.c_str(), kOtherUid, kOtherUid), 0);
  const auto status = daemon_exit_status(foreign / "socket", dir.path() / "log");
  ASSERT_TRUE(status) << "the daemon kept running in another user's directory";
  EXPECT_NE(*status, 0);
}

TEST(SocketDirectory, ItsOwnPrivateDirectoryIsUsed) {
  Daemon daemon;  // $dir/run/alfabravo, created 0700 by the daemon
  struct stat st {};
  ASSERT_EQ(::lstat(daemon.socket_path().parent_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0700u);
}

// A listener bound in `dir` that calls listen() as `uid` (SO_PEERCRED reports the listener's credentials
// from listen()), accepts one connection and writes whatever it receives to `received`. The constructor
// returns once it listens: a client that connected earlier would be refused before the trust check is
// reached, and finish() could then never end the fake's accept().
class FakeDaemon {
 public:
  FakeDaemon(const fs::path& socket, uid_t uid, const fs::path& received) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, socket.c_str(), sizeof address.sun_path - 1);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
      throw std::runtime_error("bind");
    // Opened before the child gives up our uid: it may not be able to open files of ours after.
    const int out = ::open(received.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int listening[2];
    if (::pipe2(listening, O_CLOEXEC) != 0) throw std::runtime_error("pipe2");
    pid_ = ::fork();
    if (pid_ == 0) {
      if (uid != ::geteuid() && ::setresuid(uid, uid, uid) != 0) ::_exit(2);
      if (::listen(fd, 4) != 0 || ::write(listening[1], "l", 1) != 1) ::_exit(4);
      ::close(listening[1]);
      const int peer = ::accept(fd, nullptr, nullptr);
      std::string got;
      char buffer[4096];
      pollfd wait{peer, POLLIN, 0};
      while (::poll(&wait, 1, 3000) > 0) {
        const ssize_t n = ::read(peer, buffer, sizeof buffer);
        if (n <= 0) break;
        got.append(buffer, static_cast<std::size_t>(n));
      }
      if (::write(out, got.data(), got.size()) < 0) ::_exit(3);
      ::_exit(0);
    }
    ::close(out);
    ::close(fd);
    ::close(listening[1]);
    char byte = 0;
    const bool listens = ::read(listening[0], &byte, 1) == 1;  // 0: the child exited before listening
    ::close(listening[0]);
    if (!listens) throw std::runtime_error("the fake daemon did not start listening");
  }
  ~FakeDaemon() {
    if (pid_ <= 0) return;  // kill(-1) would signal every process we may signal
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  // Once the client has exited: the fake has written what it got. A connection of ours ends its accept() if
  // the client never connected; if the client did, the fake reads that connection to its end and exits.
  void finish(const fs::path& socket) {
    if (const int fd = connect_unix(socket); fd >= 0) ::close(fd);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
};

// Runs the client speaking the secret on `socket`; its exit status.
int speak_secret(const fs::path& socket) {
  int status = 0;
  run_command({ALFABRAVO_CLIENT_PATH, "--socket", socket.string(), kSecret}, {}, std::chrono::seconds(20),
              true, &status);
  return status;
}

TEST(ClientTrust, NothingIsSentToAListenerOfAnotherUser) {
  REQUIRE_OTHER_USER();
  TempDir dir;
  const fs::path run = dir.path() / "run";
  fs::create_directory(run);
  ::chmod(run.c_str(), 0700);
  const fs::path received = dir.path() / "received";
  FakeDaemon fake(run / "socket", kOtherUid, received);
  const int status = speak_secret(run / "socket");
  EXPECT_NE(status, 0);
  fake.finish(run / "socket");
  const std::string got = read_file(received);
  EXPECT_EQ(got.find(kSecret), std::string::npos) << "the client sent the text to another user's listener";
}

TEST(ClientTrust, NothingIsSentIntoADirectoryOthersCanWrite) {
  TempDir dir;
  const fs::path shared = dir.path() / "shared";
  fs::create_directory(shared);
  ::chmod(shared.c_str(), 0777);
  const fs::path received = dir.path() / "received";
  FakeDaemon fake(shared / "socket", ::geteuid(), received);
  const int status = speak_secret(shared / "socket");
  EXPECT_NE(status, 0);
  fake.finish(shared / "socket");
  EXPECT_EQ(read_file(received).find(kSecret), std::string::npos)
      << "the client sent the text through a world-writable directory";
}

}  // namespace
}  // namespace alfabravo::test
