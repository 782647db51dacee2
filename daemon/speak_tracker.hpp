#pragma once
// The speak requests the player has accepted, and the protocol events their playback produces: the player's
// listener posts started / progress / paused / resumed / jumped / finished to the io thread, where they
// become started, progress (once per source character, with its group), paused, resumed, jumped and the final
// done / cancelled / error of the right request. Cancelling goes to the player (the caller does it); the
// final event comes back through here. io thread only, except listener(), whose callbacks run on the player's
// thread and only post.
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "core/secret.hpp"
#include "lifetime.hpp"
#include "playback/player.hpp"
#include "reply.hpp"

namespace alfabravo {

class SpeakTracker {
 public:
  explicit SpeakTracker(boost::asio::io_context& io) : io_(io) {}

  // The listener to construct the Player with.
  PlaybackListener listener();
  PlaybackId next_playback_id() noexcept { return next_playback_++; }

  // words_by_index: what is said for each source character (progress events carry it).
  void track(PlaybackId playback, Reply reply, bool detach,
             std::map<std::size_t, SecretString> words_by_index);

  // The playbacks whose request has this id, of this session (own) or of the others.
  std::vector<PlaybackId> find(const RequestId& id, std::uint64_t session_number, bool own) const;
  // This session's playbacks that end with it (those not detached).
  std::vector<PlaybackId> attached_to(std::uint64_t session_number) const;
  // The session has said all it will say: its utterances play to the end whenever the connection closes.
  void detach_all(std::uint64_t session_number);
  std::optional<RequestId> request_of(PlaybackId playback) const;
  bool has_open(std::uint64_t session_number) const;
  bool id_in_use(std::uint64_t session_number, const RequestId& id) const;
  std::size_t size() const noexcept { return speaks_.size(); }
  // Shutdown: answers every one with cancelled and forgets them (the player's late events find nothing).
  void cancel_all();

 private:
  struct ActiveSpeak {
    Reply reply;
    bool detach = false;
    std::map<std::size_t, SecretString> words_by_index;
    std::optional<std::size_t> last_index;
  };

  void on_started(PlaybackId playback);
  void on_progress(PlaybackId playback, std::size_t source_index, std::size_t group);
  void on_paused(PlaybackId playback, std::size_t source_index, EventType type);
  void on_jumped(PlaybackId playback, std::size_t group, std::size_t source_index);
  void on_finished(PlaybackId playback, PlaybackOutcome outcome, const std::string& message);

  boost::asio::io_context& io_;
  std::map<PlaybackId, ActiveSpeak> speaks_;
  PlaybackId next_playback_ = 1;
  Lifetime lifetime_;  // last: expires first, before the maps its posted work would touch
};

}  // namespace alfabravo
