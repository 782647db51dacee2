#pragma once
// The daemon's request layer, seen from the connections: it reads each request line, answers protocol
// errors, finds the op's handler in the op table and runs it, and tells the trackers when a connection ends
// (its utterances are cancelled unless it asked to detach). What each op does is in ops/; the open speaks,
// renders and device listings are in their own trackers. Runs on the io thread only.
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "config.hpp"
#include "device_listing.hpp"
#include "heap_trimmer.hpp"
#include "op_table.hpp"
#include "playback/player.hpp"
#include "render_streamer.hpp"
#include "session.hpp"
#include "session_registry.hpp"
#include "speak_tracker.hpp"
#include "voice_registry.hpp"

namespace alfabravo {

class ClipLibrary;

class RequestDispatcher final : public SessionHandler {
 public:
  // speaks: the tracker whose listener() the player was constructed with.
  RequestDispatcher(boost::asio::io_context& io, boost::asio::thread_pool& workers,
                    const DaemonConfig& config, VoiceRegistry& voices, ClipLibrary& clips, Player& player,
                    SpeakTracker& speaks);

  void add_session(std::shared_ptr<Session> session);
  // The configuration it reads (by reference) was reloaded: applies what is not read per request.
  void config_reloaded();
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
  void handle(Session& session, Request request);
  RequestId assign_id();

  const DaemonConfig& config_;
  Player& player_;
  SpeakTracker& speaks_;
  SessionRegistry sessions_;
  RenderStreamer renders_;
  DeviceListing devices_;
  HeldUtterance held_;
  OpContext context_;
  HeapTrimmer heap_trimmer_;
  std::uint64_t next_assigned_id_ = 1;
  bool shutting_down_ = false;
};

}  // namespace alfabravo
