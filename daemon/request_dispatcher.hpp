#pragma once
// Turns request lines into actions and answers: owns the sessions and the requests they have open (speaks in
// the player, renders on the workers), routes player events back to the right connection, and cancels a
// client's utterances when it goes away (unless it asked to detach). Runs on the io thread only; player and
// worker results are posted to it.
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config.hpp"
#include "playback/player.hpp"
#include "protocol/request.hpp"
#include "protocol/secret.hpp"
#include "session.hpp"
#include "voice_registry.hpp"

namespace alfabravo {

class ClipLibrary;

class RequestDispatcher final : public SessionHandler {
 public:
  RequestDispatcher(boost::asio::io_context& io, boost::asio::thread_pool& workers,
                    const DaemonConfig& config, VoiceRegistry& voices, ClipLibrary& clips);
  ~RequestDispatcher() override;

  void set_player(Player* player) noexcept { player_ = player; }
  // The listener to construct the Player with: posts every event to the io thread.
  PlaybackListener make_playback_listener();

  void add_session(std::shared_ptr<Session> session);
  std::size_t session_count() const noexcept { return sessions_.size(); }
  // SIGTERM: answers every open request with `cancelled`, stops the audio, closes every connection once
  // its replies are written.
  void shut_down();

  void on_line(Session& session, std::string_view line) override;
  void on_line_too_long(Session& session) override;
  void on_closed(Session& session) override;
  bool has_open_requests(const Session& session) const override;
  // Its utterances become detached: they play to the end whenever the connection closes.
  void on_input_ended(Session& session) override;

 private:
  struct ActiveSpeak {
    std::weak_ptr<Session> session;
    std::uint64_t session_number = 0;
    RequestId id;
    bool detach = false;
    std::map<std::size_t, SecretString> words_by_index;  // what is said for each source character
    std::optional<std::size_t> last_index;
  };
  struct ActiveRender {
    std::weak_ptr<Session> session;
    std::uint64_t session_number = 0;
    RequestId id;
    std::string format;
    bool encoded = false;
    std::vector<std::uint8_t> bytes;  // the encoded file, streamed out in chunks
    std::size_t sent = 0;
    std::size_t sequence = 0;
  };

  void handle(Session& session, Request request);
  void speak(Session& session, Request& request, const RequestId& id);
  void transcript(Session& session, Request& request, const RequestId& id);
  void render(Session& session, Request& request, const RequestId& id);
  void cancel(Session& session, const Request& request, const RequestId& id);
  void stop(Session& session, const RequestId& id);
  void status(Session& session, const RequestId& id);
  void voices(Session& session, const RequestId& id);
  void devices(Session& session, const RequestId& id);

  // Spells a request's text with its voice and options; on failure the error has been sent.
  struct Spelled;
  std::optional<Spelled> spell_request(Session& session, Request& request, const RequestId& id);
  bool id_in_use(std::uint64_t session_number, const RequestId& id) const;
  RequestId assign_id();

  void on_started(PlaybackId playback);
  void on_progress(PlaybackId playback, std::size_t source_index);
  void on_finished(PlaybackId playback, PlaybackOutcome outcome, const std::string& message);
  void on_rendered(std::uint64_t render, std::vector<std::uint8_t> bytes, std::optional<std::string> failure);
  void pump_renders(std::uint64_t session_number);
  void send_to(const std::weak_ptr<Session>& session, std::string line);

  boost::asio::io_context& io_;
  boost::asio::thread_pool& workers_;
  const DaemonConfig& config_;
  VoiceRegistry& voices_;
  ClipLibrary& clips_;
  Player* player_ = nullptr;

  std::map<std::uint64_t, std::shared_ptr<Session>> sessions_;
  std::map<PlaybackId, ActiveSpeak> speaks_;
  std::map<std::uint64_t, ActiveRender> renders_;
  std::map<std::uint64_t, int> pending_device_listings_;  // by session: answers still to come from a worker
  PlaybackId next_playback_ = 1;
  std::uint64_t next_render_ = 1;
  std::uint64_t next_assigned_id_ = 1;
  bool shutting_down_ = false;
  // Shared with posted handlers so that they do nothing once the dispatcher is gone.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace alfabravo
