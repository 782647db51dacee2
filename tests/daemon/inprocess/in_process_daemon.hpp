#pragma once
// The daemon's request layer in this process: the RequestDispatcher, its trackers and a real Player, with
// sessions on socket pairs (local::connect_pair) instead of a listening socket. The player's sink is a
// GatedSink: it plays instantly, or holds every utterance until the test opens the gate, so event orders
// around cancel and shutdown are tested without sleeping and without spawning a daemon.
#include <boost/asio/io_context.hpp>
#include <boost/asio/local/connect_pair.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "audio/clip_library.hpp"
#include "audio/render_encoder.hpp"
#include "audio/synthesizer.hpp"
#include "audio/utterance_audio.hpp"
#include "config.hpp"
#include "playback/audio_sink.hpp"
#include "playback/player.hpp"
#include "protocol/events.hpp"
#include "request_dispatcher.hpp"
#include "session.hpp"
#include "speak_tracker.hpp"
#include "voice_registry.hpp"

namespace alfabravo::test {

// A sink that hears everything at once, unless closed_gate() made it hold play() until open_gate() or a
// cancel. Any thread may open the gate.
class GatedSink final : public AudioSink {
 public:
  void close_gate();
  // Plays on until `samples` have been heard, then holds like a closed gate (chunks are not split, so a
  // little more may be heard). open_gate() lifts it.
  void close_gate_after(std::size_t samples);
  void open_gate();
  // Every open() since construction (a resume reopens the sink).
  std::size_t opens() const;

  void open(const SinkFormat& format) override;
  std::size_t play(std::span<const Sample> samples) override;
  void drain() override {}
  bool drain_for(std::chrono::milliseconds) override { return true; }
  void cancel() noexcept override;
  void close() noexcept override;
  std::size_t samples_heard() const override;
  bool is_open() const override;

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool gate_open_ = true;
  std::optional<std::size_t> hold_after_;
  std::size_t opens_ = 0;
  bool cancelled_ = false;
  bool open_ = false;
  std::size_t heard_ = 0;
};

// The events' type names, in order: what the tests compare event orders with.
std::vector<std::string> types(const std::vector<Event>& events);

// One client connection to the in-process daemon.
class Client {
 public:
  using Socket = boost::asio::local::stream_protocol::socket;
  Client(boost::asio::io_context& io, Socket socket);
  void send(const std::string& line);  // "\n" appended
  void shut_down_sending();
  void close();
  // Parsed events received so far, in order.
  const std::vector<Event>& events() const { return events_; }
  std::vector<Event> events_of(const std::string& id) const;
  bool closed_by_daemon() const { return eof_; }

 private:
  void read_more();
  Socket socket_;
  boost::asio::streambuf buffer_;
  std::vector<Event> events_;
  bool eof_ = false;
};

class InProcessDaemon {
 public:
  explicit InProcessDaemon(DaemonConfig config = {});
  ~InProcessDaemon();

  std::unique_ptr<Client> connect();
  // Runs the event loop until `done` holds (true) or 10 s pass (false).
  bool run_until(const std::function<bool()>& done);
  // Runs the loop until the request `id` of `client` has received its final event.
  bool run_until_final(const Client& client, const std::string& id);

  GatedSink& sink() { return *sink_; }
  Player& player() { return *player_; }
  RequestDispatcher& dispatcher() { return *dispatcher_; }
  // Where each token of `text`, spelled with the default voice and options (and `group` characters per
  // group, when given), starts in its composed audio.
  std::vector<TokenMark> marks_of(const std::string& text, std::optional<std::size_t> group = std::nullopt);
  // The file a render of `text` at `format` gives, read whole from one RenderStream over the daemon's own
  // clips (what the streamed events must add up to).
  std::vector<std::uint8_t> whole_file_of(const std::string& text, RenderFormat format);

 private:
  boost::asio::io_context io_;
  boost::asio::thread_pool workers_{1};
  DaemonConfig config_;
  VoiceRegistry voices_;
  Synthesizer synthesizer_;
  ClipLibrary clips_;
  SpeakTracker speaks_{io_};
  GatedSink* sink_ = nullptr;
  std::unique_ptr<Player> player_;
  std::unique_ptr<RequestDispatcher> dispatcher_;
  std::uint64_t next_session_ = 1;
};

}  // namespace alfabravo::test
