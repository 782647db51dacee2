#include "daemon_harness.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace alfabravo::test {

namespace fs = std::filesystem;

std::string daemon_binary() {
  return ALFABRAVOD_PATH;
}

Daemon::Daemon(DaemonOptions options) {
  socket_path_ = dir() / "run" / "alfabravo" / "socket";
  fs::create_directories(dir() / "run");
  ::chmod((dir() / "run").c_str(), 0700);
  fs::create_directories(dir() / "config" / "alfabravo");
  env_ = {{"XDG_RUNTIME_DIR", (dir() / "run").string()},
          {"XDG_CONFIG_HOME", (dir() / "config").string()},
          {"XDG_CACHE_HOME", ALFABRAVO_TEST_CACHE},  // shared: the clips are rendered once for the suite
          {"HOME", dir().string()},
          {"NOTIFY_SOCKET", ""},
          {"LISTEN_FDS", ""},
          {"LISTEN_PID", ""}};
  for (const auto& [key, value] : options.env)
    env_[key] = value;
  if (!options.config_toml.empty()) {
    std::ofstream(config_file()) << options.config_toml;
  }
  std::vector<std::string> argv = options.launcher;
  argv.push_back(daemon_binary());
  if (options.use_socket_option) {
    argv.push_back("--socket");
    argv.push_back(socket_path_.string());
  }
  argv.insert(argv.end(), options.args.begin(), options.args.end());
  ChildOptions child_options;
  child_options.env_overrides = env_;
  child_options.stderr_path = (dir() / "daemon.log").string();
  child_options.stdout_path = (dir() / "daemon.stdout").string();
  child_ = std::make_unique<Child>(argv, child_options);
  if (options.wait_until_ready) wait_until_ready();
}

Daemon::~Daemon() {
  if (child_ && child_->running()) child_->stop(5000ms);
}

fs::path Daemon::config_file() const {
  return dir() / "config" / "alfabravo" / "alfabravod.toml";
}

namespace {

std::string file_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string Daemon::log() const {
  return file_text(dir() / "daemon.log");
}

std::string Daemon::standard_output() const {
  return file_text(dir() / "daemon.stdout");
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                std::chrono::milliseconds interval) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(interval);
  }
  return false;
}

bool Daemon::wait_for_log(const std::string& text, std::chrono::milliseconds timeout) const {
  return eventually([&] { return log().find(text) != std::string::npos; }, timeout);
}

void Daemon::wait_until_ready(std::chrono::milliseconds timeout) {
  const bool answered = eventually(
      [&] {
        if (!child_->running())
          throw std::runtime_error("alfabravod exited during start-up; its log:\n" + log());
        const int fd = connect_unix(socket_path_);
        if (fd < 0) return false;
        Client client(fd);
        client.send("{\"op\":\"ping\",\"id\":\"ready?\"}\n");
        const auto line = client.read_line(timeout);
        return line && line->find("pong") != std::string::npos;
      },
      timeout);
  if (!answered) throw std::runtime_error("alfabravod did not answer in time; its log:\n" + log());
}

std::optional<int> Daemon::terminate(std::chrono::milliseconds timeout) {
  ::kill(child_->pid(), SIGTERM);
  return child_->wait_for(timeout);
}

NotifySocket::NotifySocket(const fs::path& path) : path_(path) {
  fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
  if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
    throw std::runtime_error("cannot bind the notify socket " + path.string());
  const timeval poll_interval{0, 200000};
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &poll_interval, sizeof poll_interval);
}

NotifySocket::~NotifySocket() {
  if (fd_ >= 0) ::close(fd_);
}

bool NotifySocket::wait_for(const std::string& wanted, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (const auto at = messages_.find(wanted, matched_); at != std::string::npos) {
      matched_ = at + wanted.size();
      return true;
    }
    if (std::chrono::steady_clock::now() >= deadline) return false;
    char buffer[4096];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n > 0) messages_.append(buffer, static_cast<std::size_t>(n)).append("\n");
  }
}

int connect_unix(const fs::path& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string text = path.string();
  if (text.size() >= sizeof address.sun_path) return -1;
  std::memcpy(address.sun_path, text.c_str(), text.size() + 1);
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    const int saved = errno;
    ::close(fd);
    errno = saved;
    return -1;
  }
  return fd;
}

Client::Client(const fs::path& socket_path) : fd_(connect_unix(socket_path)) {
  EXPECT_GE(fd_, 0) << "cannot connect to " << socket_path << ": " << std::strerror(errno);
}

Client::Client(int connected_fd) : fd_(connected_fd) {}

Client::~Client() {
  close();
}

void Client::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void Client::shutdown_sending() {
  ::shutdown(fd_, SHUT_WR);
}

void Client::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ADD_FAILURE() << "send failed: " << std::strerror(errno);
      return;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

std::optional<std::string> Client::read_line(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (const auto newline = buffer_.find('\n'); newline != std::string::npos) {
      std::string line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      return line;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0 || fd_ < 0) return std::nullopt;
    pollfd descriptor{fd_, POLLIN, 0};
    if (::poll(&descriptor, 1, static_cast<int>(left.count())) <= 0) continue;
    char chunk[65536];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::nullopt;
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

std::optional<Event> Client::receive_event(std::chrono::steady_clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  const auto line = read_line(std::max(left, 0ms));
  if (!line) return std::nullopt;
  auto event = parse_event(*line);
  if (!event) {
    ADD_FAILURE() << "not an event: " << line->substr(0, 200) << " (" << event.error().message << ")";
    return std::nullopt;
  }
  return std::move(event).value();
}

Event Client::read_event(std::chrono::milliseconds timeout) {
  if (!set_aside_.empty()) {
    Event event = std::move(set_aside_.front());
    set_aside_.pop_front();
    return event;
  }
  if (auto event = receive_event(std::chrono::steady_clock::now() + timeout)) return std::move(*event);
  ADD_FAILURE() << "no event within " << timeout.count() << " ms (or the connection closed)";
  return Event{};
}

Event Client::wait_for(const std::function<bool(const Event&)>& wanted, std::chrono::milliseconds timeout,
                       const std::string& what, bool search_set_aside) {
  const auto kept = std::find_if(set_aside_.begin(), set_aside_.end(), wanted);
  if (search_set_aside && kept != set_aside_.end()) {
    Event event = std::move(*kept);
    set_aside_.erase(kept);
    return event;
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (auto event = receive_event(deadline)) {
    if (wanted(*event)) return std::move(*event);
    set_aside_.push_back(std::move(*event));
  }
  ADD_FAILURE() << "no " << what << " within " << timeout.count() << " ms (or the connection closed); "
                << "other events: "
                << ::testing::PrintToString(event_names({set_aside_.begin(), set_aside_.end()}));
  return Event{};
}

Event Client::read_event_of(const std::optional<RequestId>& request, std::optional<EventType> type,
                            std::chrono::milliseconds timeout) {
  const auto wanted = [&](const Event& event) {
    return event.id == request && (!type || event.type == *type);
  };
  return wait_for(wanted, timeout,
                  (type ? std::string(to_string(*type)) : std::string("event")) + " of request " +
                      (request ? describe(*request) : std::string("null")));
}

std::vector<Event> Client::read_until_final(const RequestId& request, std::chrono::milliseconds timeout) {
  std::vector<Event> events;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    std::optional<Event> event;
    if (!set_aside_.empty()) {
      event = std::move(set_aside_.front());
      set_aside_.pop_front();
    } else {
      event = receive_event(deadline);
    }
    if (!event) break;
    events.push_back(std::move(*event));
    if (events.back().id == request && is_final(events.back().type)) return events;
  }
  ADD_FAILURE() << "request " << describe(request)
                << " got no final event; events: " << ::testing::PrintToString(event_names(events));
  return events;
}

namespace {

std::optional<RequestId> id_of_request_line(const std::string& json_line) {
  const auto json = nlohmann::json::parse(json_line, nullptr, false);
  if (!json.is_object() || !json.contains("id")) return std::nullopt;
  if (json["id"].is_string()) return RequestId{json["id"].get<std::string>()};
  if (json["id"].is_number_integer()) return RequestId{json["id"].get<std::int64_t>()};
  return std::nullopt;
}

bool is_stream_event(EventType type) {
  return type == EventType::started || type == EventType::progress || type == EventType::audio ||
         type == EventType::done || type == EventType::cancelled;
}

}  // namespace

// Only events read after the request was sent can answer it: the set-aside ones were all received before.
Event Client::request(const std::string& json_line) {
  send(json_line + "\n");
  if (const auto request_id = id_of_request_line(json_line)) {
    const auto its_id = [&](const Event& event) { return event.id == request_id; };
    return wait_for(its_id, kEventTimeout, "reply to request " + describe(*request_id), false);
  }
  const auto a_reply = [](const Event& event) { return !is_stream_event(event.type); };
  return wait_for(a_reply, kEventTimeout, "reply to a request without an id", false);
}

bool Client::closed_by_daemon(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd descriptor{fd_, POLLIN, 0};
    if (::poll(&descriptor, 1, 100) <= 0) continue;
    char chunk[4096];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n == 0 || (n < 0 && errno == ECONNRESET)) return true;
    if (n > 0) buffer_.append(chunk, static_cast<std::size_t>(n));
  }
  return false;
}

std::vector<std::string> event_names(const std::vector<Event>& events) {
  std::vector<std::string> names;
  for (const auto& event : events)
    names.emplace_back(to_string(event.type));
  return names;
}

RequestId id(const char* text) {
  return RequestId{std::string(text)};
}
RequestId id(std::int64_t number) {
  return RequestId{number};
}

}  // namespace alfabravo::test
