// The daemon's life: its socket, systemd (activation, notify), signals, the peer check, its config, its log.
#include <grp.h>
#include <gtest/gtest.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <thread>

#include "daemon_harness.hpp"
#include "skip_or_fail.hpp"

namespace alfabravo::test {
namespace {

namespace fs = std::filesystem;

mode_t mode_of(const fs::path& path) {
  struct stat info {};
  EXPECT_EQ(::lstat(path.c_str(), &info), 0) << path;
  return info.st_mode;
}

std::string transcript_of(Client& client, const std::string& text) {
  const auto reply = client.request(R"({"op":"transcript","text":")" + text + "\"}");
  return reply.body.value("transcript", "<" + std::string(to_string(reply.type)) + ">");
}

TEST(DaemonLifecycle, DefaultSocketDirectoryIs0700AndSocket0600) {
  DaemonOptions options;
  options.use_socket_option = false;  // $XDG_RUNTIME_DIR/alfabravo/socket
  Daemon daemon(options);
  const auto dir_mode = mode_of(daemon.socket_path().parent_path());
  EXPECT_TRUE(S_ISDIR(dir_mode));
  EXPECT_EQ(dir_mode & 07777, 0700u);
  const auto socket_mode = mode_of(daemon.socket_path());
  EXPECT_TRUE(S_ISSOCK(socket_mode));
  EXPECT_EQ(socket_mode & 07777, 0600u);
}

TEST(DaemonLifecycle, StaleSocketIsReplaced) {
  DaemonOptions options;
  options.wait_until_ready = false;
  TempDir scratch;
  // A socket file nobody listens on, as a killed daemon leaves it.
  const auto path = scratch.path() / "stale.sock";
  {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strcpy(address.sun_path, path.c_str());
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ::close(fd);
  }
  ASSERT_TRUE(fs::exists(path));
  options.args = {"--audio", "none", "--socket", path.string()};
  options.use_socket_option = false;
  Daemon daemon(options);
  int fd = -1;
  eventually([&] { return (fd = connect_unix(path)) >= 0; }, 30s);
  ASSERT_GE(fd, 0) << daemon.log();
  Client client(fd);
  EXPECT_EQ(client.request(R"({"op":"ping"})").type, EventType::pong);
}

TEST(DaemonLifecycle, SecondDaemonOnTheSameSocketIsRefused) {
  Daemon first;
  DaemonOptions options;
  options.use_socket_option = false;
  options.wait_until_ready = false;
  options.args = {"--audio", "none", "--socket", first.socket_path().string()};
  Daemon second(options);
  const auto status = second.process().wait_for(30s);
  ASSERT_TRUE(status) << "the second daemon did not exit";
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 1);
  EXPECT_NE(second.log().find("already listening"), std::string::npos) << second.log();
  // The first one is untouched.
  Client client(first.socket_path());
  EXPECT_EQ(client.request(R"({"op":"ping"})").type, EventType::pong);
}

TEST(DaemonLifecycle, SocketActivationWithSystemdSocketActivate) {
  TempDir scratch;
  const auto path = scratch.path() / "activated.sock";
  ChildOptions child_options;
  child_options.stderr_path = (scratch.path() / "log").string();
  child_options.env_overrides = {{"XDG_CACHE_HOME", ALFABRAVO_TEST_CACHE},
                                 {"XDG_CONFIG_HOME", scratch.path().string()}};
  Child activator({"systemd-socket-activate", "-l", path.string(), daemon_binary(), "--audio", "none"},
                  child_options);
  int fd = -1;
  eventually([&] { return (fd = connect_unix(path)) >= 0; }, 30s);
  ASSERT_GE(fd, 0);
  Client client(fd);
  const auto reply = client.request(R"({"op":"transcript","text":"A1"})");
  EXPECT_EQ(reply.body["transcript"], "capital Alfa one");
  std::ifstream log_file(scratch.path() / "log");
  std::string log((std::istreambuf_iterator<char>(log_file)), std::istreambuf_iterator<char>());
  EXPECT_NE(log.find("passed by systemd"), std::string::npos) << log;
  // systemd owns that socket file: the daemon leaves it in place when it stops.
  client.close();
  ::kill(activator.pid(), SIGTERM);  // systemd-socket-activate exec()s the daemon: same process
  const auto status = activator.wait_for(30s);
  ASSERT_TRUE(status);
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0);
  EXPECT_TRUE(fs::exists(path));
}

TEST(DaemonLifecycle, ReadyAndStoppingAreSentToNotifySocket) {
  TempDir scratch;
  NotifySocket notify(scratch.path() / "notify");
  DaemonOptions options;
  options.env["NOTIFY_SOCKET"] = notify.path().string();
  Daemon daemon(options);
  EXPECT_TRUE(notify.wait_for("READY=1")) << notify.messages();
  EXPECT_NE(notify.messages().find("STATUS="), std::string::npos) << notify.messages();
  ASSERT_EQ(daemon.terminate(), std::optional<int>(0));
  EXPECT_TRUE(notify.wait_for("STOPPING=1")) << notify.messages();
}

TEST(DaemonLifecycle, SighupReloadsConfigAndVoices) {
  TempDir voices;
  fs::copy_file(fs::path(ALFABRAVO_SOURCE_VOICES) / "en.toml", voices.path() / "en.toml");
  DaemonOptions options;
  options.env["ALFABRAVO_VOICE_PATH"] = voices.path().string();
  options.config_toml = "[speech]\ndigits = \"plain\"\n";
  Daemon daemon(options);
  Client client(daemon.socket_path());
  EXPECT_EQ(transcript_of(client, "a3"), "Alfa three");

  std::ofstream(daemon.config_file()) << "[speech]\ndigits = \"icao\"\n";
  {  // the voice file changes too: Alfa becomes Alpha
    std::ifstream in(voices.path() / "en.toml");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto at = text.find("\na = \"Alfa\"");  // the letters table, not the comment that shows the syntax
    ASSERT_NE(at, std::string::npos);
    text.replace(at, 11, "\na = \"Alpha\"");
    std::ofstream(voices.path() / "en.toml") << text;
  }
  daemon.process().signal(SIGHUP);
  ASSERT_TRUE(daemon.wait_for_log("reloaded")) << daemon.log();
  // The same connection, still open, sees the new settings.
  EXPECT_EQ(transcript_of(client, "a3"), "Alpha tree");
}

// Seconds from now until the held utterance's "held_until" (status), or nothing when none is held.
std::optional<double> held_for(Client& client) {
  const auto status = client.request(R"({"op":"status"})");
  if (!status.body["held"].get<bool>()) return std::nullopt;
  std::tm until{};
  std::istringstream(status.body["held_until"].get<std::string>()) >>
      std::get_time(&until, "%Y-%m-%dT%H:%M:%SZ");
  return std::difftime(timegm(&until), std::time(nullptr));
}

TEST(DaemonLifecycle, SighupAppliesANewRepeatWindowAtOnce) {
  DaemonOptions options;
  options.config_toml = "repeat_window = 120\n";
  Daemon daemon(options);
  Client client(daemon.socket_path());
  client.send(R"({"op":"speak","id":"s","text":"ab"})"
              "\n");
  ASSERT_EQ(client.read_until_final(id("s")).back().type, EventType::done) << daemon.log();
  const auto before = held_for(client);
  ASSERT_TRUE(before);
  EXPECT_GT(*before, 100) << "held for the configured 120 s";

  std::ofstream(daemon.config_file()) << "repeat_window = 2\n";
  daemon.process().signal(SIGHUP);
  ASSERT_TRUE(daemon.wait_for_log("reloaded")) << daemon.log();
  const auto after = held_for(client);
  ASSERT_TRUE(after) << "a shorter window keeps it until its own end";
  EXPECT_LE(*after, 3) << "still held for the old window after the reload";
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (held_for(client) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(200ms);
  EXPECT_FALSE(held_for(client)) << "not wiped when the new window ran out";
  EXPECT_EQ(client.request(R"({"op":"repeat"})").error_code(), ErrorCode::not_found);

  std::ofstream(daemon.config_file()) << "repeat_window = 0\n";
  client.send(R"({"op":"speak","id":"t","text":"ab"})"
              "\n");
  ASSERT_EQ(client.read_until_final(id("t")).back().type, EventType::done);
  ASSERT_TRUE(held_for(client));
  daemon.process().signal(SIGHUP);  // the log's "reloaded" is the last reload's too: watch the status
  const auto wiped_by = std::chrono::steady_clock::now() + 10s;
  while (held_for(client) && std::chrono::steady_clock::now() < wiped_by)
    std::this_thread::sleep_for(100ms);
  EXPECT_FALSE(held_for(client)) << "repeat_window = 0 holds nothing, from the reload on";
}

TEST(DaemonLifecycle, SighupWithBrokenFilesKeepsTheOldOnesAndSaysWhy) {
  TempDir voices;
  fs::copy_file(fs::path(ALFABRAVO_SOURCE_VOICES) / "en.toml", voices.path() / "en.toml");
  DaemonOptions options;
  options.env["ALFABRAVO_VOICE_PATH"] = voices.path().string();
  options.config_toml = "[speech]\ndigits = \"icao\"\n";
  Daemon daemon(options);
  Client client(daemon.socket_path());
  EXPECT_EQ(transcript_of(client, "a3"), "Alfa tree");

  std::ofstream(daemon.config_file()) << "# broken\n[speech]\ndigits = \"roman\"\n";
  std::ofstream(voices.path() / "en.toml") << "this is = not [a voice\n";
  daemon.process().signal(SIGHUP);
  ASSERT_TRUE(daemon.wait_for_log("still using the old configuration")) << daemon.log();
  const auto log = daemon.log();
  // The config error names the file, the line and the key.
  EXPECT_NE(log.find(daemon.config_file().string() + ":3: speech.digits"), std::string::npos) << log;
  EXPECT_NE(log.find("keeping the old configuration"), std::string::npos) << log;
  EXPECT_NE(log.find("voice en"), std::string::npos) << log;
  EXPECT_EQ(transcript_of(client, "a3"), "Alfa tree");
  EXPECT_EQ(client.request(R"({"op":"ping"})").type, EventType::pong);
}

TEST(DaemonLifecycle, SigtermCancelsOpenRequestsRemovesTheSocketAndExitsZero) {
  Daemon daemon;
  Client client(daemon.socket_path());
  client.send(R"({"op":"speak","id":"a","text":"abcdefghijklmnopqrstuvwxyz"})"
              "\n");
  client.send(R"({"op":"speak","id":"b","text":"abcdefghijklmnopqrstuvwxyz"})"
              "\n");
  for (int i = 0; i < 5; ++i) {
    if (client.read_event().type == EventType::started) break;
  }
  ::kill(daemon.process().pid(), SIGTERM);
  std::map<std::string, std::string> final_events;
  for (int i = 0; i < 100 && final_events.size() < 2; ++i) {
    const auto line = client.read_line();
    if (!line) break;
    const auto event = parse_event(*line);
    ASSERT_TRUE(event);
    if (is_final(event->type))
      final_events[std::get<std::string>(*event->id)] = std::string(to_string(event->type));
  }
  EXPECT_EQ(final_events, (std::map<std::string, std::string>{{"a", "cancelled"}, {"b", "cancelled"}}));
  EXPECT_TRUE(client.closed_by_daemon());
  const auto status = daemon.process().wait_for(kEventTimeout);
  ASSERT_TRUE(status);
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << daemon.log();
  EXPECT_FALSE(fs::exists(daemon.socket_path()));
}

TEST(DaemonLifecycle, PeerOfAnotherUserIsRefused) {
  if (::geteuid() != 0) ALFABRAVO_SKIP_OR_FAIL_IN_CI("needs root to switch to another user");
  const passwd* nobody = ::getpwnam("nobody");
  ASSERT_NE(nobody, nullptr);
  Daemon daemon;
  // Let nobody reach the socket (the daemon's own 0700/0600 modes would stop it before the peer check).
  for (auto path = daemon.socket_path().parent_path(); path != daemon.dir().parent_path();
       path = path.parent_path()) {
    ::chmod(path.c_str(), 0755);
  }
  ::chmod(daemon.socket_path().c_str(), 0666);

  int result_pipe[2];
  ASSERT_EQ(::pipe(result_pipe), 0);
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(result_pipe[0]);
    if (::setgroups(0, nullptr) != 0 || ::setgid(nobody->pw_gid) != 0 || ::setuid(nobody->pw_uid) != 0)
      _exit(2);
    std::string answer = "connect failed";
    if (const int fd = connect_unix(daemon.socket_path()); fd >= 0) {
      const char request[] = "{\"op\":\"ping\"}\n";
      // The daemon may have answered and closed already: no SIGPIPE, read its answer anyway.
      (void)!::send(fd, request, sizeof request - 1, MSG_NOSIGNAL);
      char buffer[512];
      const ssize_t n = ::read(fd, buffer, sizeof buffer);
      answer = n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : "no answer";
    }
    (void)!::write(result_pipe[1], answer.data(), answer.size());
    _exit(0);
  }
  ::close(result_pipe[1]);
  std::string answer;
  char buffer[512];
  for (ssize_t n; (n = ::read(result_pipe[0], buffer, sizeof buffer)) > 0;)
    answer.append(buffer, static_cast<std::size_t>(n));
  ::close(result_pipe[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_NE(answer.find("\"forbidden\""), std::string::npos)
      << "answer: " << answer << " child status " << status;
  EXPECT_EQ(answer.find("pong"), std::string::npos);
  EXPECT_TRUE(daemon.wait_for_log("refused client")) << daemon.log();
  EXPECT_NE(daemon.log().find("uid " + std::to_string(nobody->pw_uid)), std::string::npos);
  // Its own user is still served.
  Client client(daemon.socket_path());
  EXPECT_EQ(client.request(R"({"op":"ping"})").type, EventType::pong);
}

TEST(DaemonLifecycle, SpokenTextNeverAppearsInTheLogEvenWhenVerbose) {
  DaemonOptions options;
  options.args = {"--audio", "none", "--verbose"};
  Daemon daemon(options);
  const std::string secret = "Zq7Kx9Wv";
  Client client(daemon.socket_path());
  client.send(secret + "\n");  // plain text
  const auto queued = client.read_event();
  ASSERT_EQ(queued.type, EventType::queued);
  client.read_until_final(*queued.id);
  client.send(R"({"op":"speak","id":"j","text":")" + secret +
              R"(","mode":"password"})"
              "\n");
  client.send(R"({"op":"cancel","id":"j"})"
              "\n");
  client.read_until_final(id("j"));
  client.request(R"({"op":"transcript","text":")" + secret + "\"}");
  client.send(R"({"op":"render","id":"r","text":")" + secret +
              R"(","format":"ulaw"})"
              "\n");
  client.read_until_final(id("r"));
  // Refused requests: their messages and the log must not quote the text either.
  const auto bad_json = client.request(R"({"op":"speak","text":")" + secret);
  EXPECT_EQ(bad_json.error_message().find(secret), std::string::npos);
  client.request(R"({"op":"speak","text":")" + secret + R"(","mode":"bogus"})");
  client.send(R"({"op":"speak","id":"c","text":")" + secret +
              R"("})"
              "\n");
  client.send(R"({"op":"cancel","id":"c"})"
              "\n");
  client.read_until_final(id("c"));
  ASSERT_EQ(daemon.terminate(), std::optional<int>(0));
  // Both of the daemon's output streams: journald keeps either.
  const auto log = daemon.log() + daemon.standard_output();
  EXPECT_NE(log.find("op speak"), std::string::npos) << "verbose logging is on: requests are logged\n" << log;
  for (std::size_t length = 4; length <= secret.size(); ++length) {
    for (std::size_t start = 0; start + length <= secret.size(); ++start) {
      EXPECT_EQ(log.find(secret.substr(start, length)), std::string::npos)
          << secret.substr(start, length) << "\n"
          << log;
    }
  }
  // Nor the words it was spelled into.
  EXPECT_EQ(log.find("Zulu"), std::string::npos) << log;
  EXPECT_EQ(log.find("Kilo"), std::string::npos) << log;
}

// The uid on the line "Uid:" of /proc/PID/status (the real uid).
uid_t real_uid_of(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("Uid:", 0) == 0) return static_cast<uid_t>(std::stoul(line.substr(4)));
  }
  return static_cast<uid_t>(-1);
}

// A password being spoken is in the daemon's memory: no core dump, and no ptrace or /proc/PID/mem by other
// processes of the user. The kernel shows it: a non-dumpable process's /proc/PID files belong to root, not to
// the user it runs as. So the daemon runs as nobody here, and its /proc/PID/status must be root's.
TEST(DaemonLifecycle, RunsNonDumpable) {
  if (::geteuid() != 0) ALFABRAVO_SKIP_OR_FAIL_IN_CI("needs root to run the daemon as another user");
  const passwd* nobody = ::getpwnam("nobody");
  ASSERT_NE(nobody, nullptr);
  TempDir dir;
  ASSERT_EQ(::chown(dir.path().c_str(), nobody->pw_uid, nobody->pw_gid), 0);
  const auto socket = dir.path() / "socket";
  ChildOptions options;
  options.stderr_path = (dir.path() / "daemon.log").string();
  options.env_overrides = {{"XDG_RUNTIME_DIR", dir.path().string()},
                           {"XDG_CACHE_HOME", dir.path() / "cache"},
                           {"XDG_CONFIG_HOME", dir.path() / "config"},
                           {"HOME", dir.path().string()},
                           {"NOTIFY_SOCKET", ""},
                           {"LISTEN_FDS", ""},
                           {"LISTEN_PID", ""}};
  Child daemon(
      {"setpriv", "--reuid=" + std::to_string(nobody->pw_uid), "--regid=" + std::to_string(nobody->pw_gid),
       "--clear-groups", daemon_binary(), "--socket", socket.string(), "--audio", "none"},
      options);
  // The socket comes after the daemon made itself non-dumpable.
  eventually([&] { return fs::exists(socket) || !daemon.running(); }, 30s);
  ASSERT_TRUE(fs::exists(socket)) << "the daemon did not start as nobody";
  ASSERT_EQ(real_uid_of(daemon.pid()), nobody->pw_uid);
  struct stat proc_status {};
  ASSERT_EQ(::stat(("/proc/" + std::to_string(daemon.pid()) + "/status").c_str(), &proc_status), 0);
  EXPECT_EQ(proc_status.st_uid, 0u)
      << "the daemon is dumpable: its /proc files belong to the user it runs as";
}

TEST(DaemonLifecycle, TooManyClientsGetBusyAndTheOthersAreServed) {
  DaemonOptions options;
  options.args = {"--audio", "none", "--max-clients", "2"};
  Daemon daemon(options);
  Client first(daemon.socket_path());
  Client second(daemon.socket_path());
  EXPECT_EQ(first.request(R"({"op":"ping"})").type, EventType::pong);
  EXPECT_EQ(second.request(R"({"op":"ping"})").type, EventType::pong);
  Client third(daemon.socket_path());
  const auto refused = third.read_event();
  EXPECT_EQ(refused.error_code(), ErrorCode::busy);
  EXPECT_TRUE(third.closed_by_daemon());
  EXPECT_EQ(first.request(R"({"op":"ping"})").type, EventType::pong);
  second.close();
  // A slot is free again (the daemon notices the close first).
  EXPECT_TRUE(eventually(
      [&] {
        Client again(daemon.socket_path());
        return again.request(R"({"op":"ping"})").type == EventType::pong;
      },
      10s));
}

TEST(DaemonLifecycle, ConfigErrorsNameFileLineAndKey) {
  for (const auto& [toml, expected] : std::vector<std::pair<std::string, std::string>>{
           {"voice = \"en\"\nvolume = 3\n", ":2: volume: unknown key"},
           {"[limits]\nclients = \"many\"\n", ":2: limits.clients: expected an integer"},
           {"audio = \"alsa\"\n", ":1: audio: expected \"portaudio\" or \"none\""},
           {"[speech\n", ":1:"}}) {
    SCOPED_TRACE(toml);
    DaemonOptions options;
    options.wait_until_ready = false;
    options.config_toml = toml;
    Daemon daemon(options);
    const auto status = daemon.process().wait_for(kEventTimeout);
    ASSERT_TRUE(status);
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 1);
    EXPECT_NE(daemon.log().find(daemon.config_file().string() + expected), std::string::npos) << daemon.log();
  }
}

TEST(DaemonLifecycle, CommandLineOverridesTheConfigFile) {
  DaemonOptions options;
  // The file alone would not start (no such voice); the command line wins.
  options.config_toml = "voice = \"no-such-voice\"\n[speech]\ncase = \"none\"\n";
  options.args = {"--audio", "none", "--voice", "en"};
  Daemon daemon(options);
  Client client(daemon.socket_path());
  EXPECT_EQ(client.request(R"({"op":"status"})").body["voice"], "en");
  EXPECT_EQ(transcript_of(client, "Ab"), "Alfa Bravo");  // the file's other settings still apply
}

TEST(DaemonLifecycle, MissingVoiceIsAStartUpErrorThatSaysWhich) {
  DaemonOptions options;
  options.wait_until_ready = false;
  options.args = {"--audio", "none", "--voice", "klingon"};
  Daemon daemon(options);
  const auto status = daemon.process().wait_for(kEventTimeout);
  ASSERT_TRUE(status);
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 1);
  EXPECT_NE(daemon.log().find("klingon"), std::string::npos) << daemon.log();
  EXPECT_FALSE(fs::exists(daemon.socket_path())) << "the socket it created must be removed";
}

TEST(DaemonLifecycle, HelpTeachesWithExamplesAndVersionPrintsIt) {
  const auto help = run_command({daemon_binary(), "--help"}, {}, 10s);
  for (const auto* expected : {"--socket", "--audio", "--device", "--idle-close", "--verbose", "--config",
                               "Examples:", "socat", "docs/protocol.md"}) {
    EXPECT_NE(help.find(expected), std::string::npos) << expected;
  }
  EXPECT_NE(run_command({daemon_binary(), "--version"}, {}, 10s).find("alfabravod 0."), std::string::npos);
  int status = 0;
  run_command({daemon_binary(), "--audio", "speakers"}, {}, 10s, true, &status);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) != 0);
}

TEST(DaemonLifecycle, WithoutASoundCardItServesAndSpeakEndsWithAudioUnavailable) {
  {
    std::ifstream cards("/proc/asound/cards");
    std::string first_line;
    std::getline(cards, first_line);
    if (cards && first_line.find("no soundcards") == std::string::npos && !first_line.empty()) {
      ALFABRAVO_SKIP_OR_FAIL_IN_CI("this machine has a sound card");
    }
  }
  TempDir empty;
  DaemonOptions options;
  options.args = {"--audio", "portaudio"};
  // No sound card and no sound server (PULSE_SERVER points nowhere, so ALSA's pulse device cannot connect).
  options.env = {{"PULSE_SERVER", "unix:" + (empty.path() / "no-such-server").string()}};
  Daemon daemon(options);
  Client client(daemon.socket_path());
  // Before any speak it has not opened an output, so it does not know (and must not claim) that one works.
  EXPECT_EQ(client.request(R"({"op":"status"})").body["audio"], "unknown");
  client.send(R"({"op":"speak","id":"s","text":"ab"})"
              "\n");
  const auto events = client.read_until_final(id("s"));
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().type, EventType::error);
  EXPECT_EQ(events.back().error_code(), ErrorCode::audio_unavailable);
  // Everything that needs no sound card works.
  EXPECT_EQ(transcript_of(client, "a"), "Alfa");
  client.send(R"({"op":"render","id":"r","text":"a","format":"wav8k"})"
              "\n");
  EXPECT_EQ(client.read_until_final(id("r")).back().type, EventType::done);
  EXPECT_EQ(client.request(R"({"op":"status"})").body["audio"], "unavailable");
  EXPECT_NE(daemon.log().find("no audio output device is available"), std::string::npos) << daemon.log();
  EXPECT_TRUE(daemon.process().running());
}

}  // namespace
}  // namespace alfabravo::test
