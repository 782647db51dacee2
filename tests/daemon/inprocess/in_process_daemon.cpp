#include "in_process_daemon.hpp"

#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <istream>

#include "audio/render_stream.hpp"
#include "spelling/speller.hpp"

namespace alfabravo::test {

void GatedSink::close_gate() {
  std::lock_guard lock(mutex_);
  gate_open_ = false;
}

void GatedSink::close_gate_after(std::size_t samples) {
  std::lock_guard lock(mutex_);
  hold_after_ = samples;
}

std::size_t GatedSink::opens() const {
  std::lock_guard lock(mutex_);
  return opens_;
}

void GatedSink::open_gate() {
  {
    std::lock_guard lock(mutex_);
    gate_open_ = true;
    hold_after_.reset();
  }
  changed_.notify_all();
}

void GatedSink::open(const SinkFormat&) {
  std::lock_guard lock(mutex_);
  if (!open_) heard_ = 0;
  open_ = true;
  ++opens_;
  cancelled_ = false;
}

std::size_t GatedSink::play(std::span<const Sample> samples) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return cancelled_ || (gate_open_ && (!hold_after_ || heard_ < *hold_after_)); });
  if (cancelled_) return 0;
  heard_ += samples.size();
  return samples.size();
}

void GatedSink::cancel() noexcept {
  {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
  }
  changed_.notify_all();
}

void GatedSink::close() noexcept {
  std::lock_guard lock(mutex_);
  open_ = false;
}

std::size_t GatedSink::samples_heard() const {
  std::lock_guard lock(mutex_);
  return heard_;
}

bool GatedSink::is_open() const {
  std::lock_guard lock(mutex_);
  return open_;
}

Client::Client(boost::asio::io_context&, Socket socket) : socket_(std::move(socket)) {
  read_more();
}

void Client::send(const std::string& line) {
  boost::asio::write(socket_, boost::asio::buffer(line + "\n"));
}

void Client::shut_down_sending() {
  socket_.shutdown(Socket::shutdown_send);
}

void Client::close() {
  boost::system::error_code ignored;
  socket_.close(ignored);
}

std::vector<std::string> types(const std::vector<Event>& events) {
  std::vector<std::string> names;
  for (const auto& event : events)
    names.emplace_back(to_string(event.type));
  return names;
}

std::vector<Event> Client::events_of(const std::string& id) const {
  std::vector<Event> found;
  for (const auto& event : events_) {
    if (event.id && *event.id == RequestId{id}) found.push_back(event);
  }
  return found;
}

void Client::read_more() {
  boost::asio::async_read_until(socket_, buffer_, '\n',
                                [this](const boost::system::error_code& error, std::size_t) {
                                  if (error) {
                                    eof_ = true;
                                    return;
                                  }
                                  std::istream stream(&buffer_);
                                  std::string line;
                                  std::getline(stream, line);
                                  auto event = parse_event(line);
                                  if (event) events_.push_back(std::move(event).value());
                                  read_more();
                                });
}

namespace {
ClipLibraryOptions test_clip_options() {
  ClipLibraryOptions options;
  options.cache_directory = std::filesystem::path(ALFABRAVO_TEST_CACHE) / "alfabravo";
  return options;
}

DaemonConfig silent(DaemonConfig config) {
  config.audio = AudioBackend::none;
  return config;
}
}  // namespace

InProcessDaemon::InProcessDaemon(DaemonConfig config)
    : config_(silent(std::move(config))),
      voices_({ALFABRAVO_SOURCE_VOICES}),
      clips_(synthesizer_, test_clip_options()) {
  clips_.prepare(**voices_.get(config_.voice));
  auto sink = std::make_unique<GatedSink>();
  sink_ = sink.get();
  PlayerSettings settings;
  settings.max_queued = config_.limits.queued;
  player_ = std::make_unique<Player>(clips_, std::move(sink), settings, speaks_.listener());
  dispatcher_ =
      std::make_unique<RequestDispatcher>(io_, workers_, config_, voices_, clips_, *player_, speaks_);
}

InProcessDaemon::~InProcessDaemon() {
  sink_->open_gate();
  player_.reset();
  workers_.join();
  dispatcher_.reset();
}

std::vector<TokenMark> InProcessDaemon::marks_of(const std::string& text, std::optional<std::size_t> group) {
  const auto voice = *voices_.get(config_.voice);
  SpellingOptions options = config_.spelling;
  if (group) options.group = group;
  auto utterance = spell(text, *voice, options);
  return compose(*utterance, clips_, voice->synthesis, voice->pauses.word).marks;
}

std::vector<std::uint8_t> InProcessDaemon::whole_file_of(const std::string& text, RenderFormat format) {
  const auto voice = *voices_.get(config_.voice);
  auto utterance = spell(text, *voice, config_.spelling);
  RenderStream stream(*utterance, clips_, voice->synthesis, voice->pauses.word, format);
  std::vector<std::uint8_t> bytes;
  stream.read(bytes, stream.file_bytes());
  return bytes;
}

std::unique_ptr<Client> InProcessDaemon::connect() {
  Client::Socket ours(io_), theirs(io_);
  boost::asio::local::connect_pair(ours, theirs);
  auto session = std::make_shared<Session>(std::move(theirs), next_session_++, *dispatcher_, SessionLimits{});
  dispatcher_->add_session(std::move(session));
  return std::make_unique<Client>(io_, std::move(ours));
}

bool InProcessDaemon::run_until(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  io_.restart();
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    io_.run_one_for(std::chrono::milliseconds(50));
    io_.restart();
  }
  return true;
}

bool InProcessDaemon::run_until_final(const Client& client, const std::string& id) {
  return run_until([&] {
    const auto events = client.events_of(id);
    return !events.empty() && is_final(events.back().type);
  });
}

}  // namespace alfabravo::test
