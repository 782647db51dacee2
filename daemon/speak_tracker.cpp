#include "speak_tracker.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>

#include "failure_codes.hpp"
#include "log.hpp"
#include "open_requests.hpp"

namespace alfabravo {

PlaybackListener SpeakTracker::listener() {
  PlaybackListener listener;
  listener.started = [this](PlaybackId playback) {
    boost::asio::post(io_, lifetime_.guard([this, playback] { on_started(playback); }));
  };
  listener.progress = [this](PlaybackId playback, std::size_t index, std::size_t group) {
    boost::asio::post(
        io_, lifetime_.guard([this, playback, index, group] { on_progress(playback, index, group); }));
  };
  listener.paused = [this](PlaybackId playback, std::size_t index) {
    boost::asio::post(
        io_, lifetime_.guard([this, playback, index] { on_paused(playback, index, EventType::paused); }));
  };
  listener.resumed = [this](PlaybackId playback, std::size_t index) {
    boost::asio::post(
        io_, lifetime_.guard([this, playback, index] { on_paused(playback, index, EventType::resumed); }));
  };
  listener.jumped = [this](PlaybackId playback, std::size_t group, std::size_t index) {
    boost::asio::post(io_,
                      lifetime_.guard([this, playback, group, index] { on_jumped(playback, group, index); }));
  };
  listener.finished = [this](PlaybackId playback, PlaybackOutcome outcome, const std::string& message) {
    boost::asio::post(io_, lifetime_.guard([this, playback, outcome, message] {
      on_finished(playback, outcome, message);
    }));
  };
  return listener;
}

void SpeakTracker::track(PlaybackId playback, Reply reply, bool detach,
                         std::map<std::size_t, SecretString> words_by_index) {
  speaks_.emplace(playback, ActiveSpeak{std::move(reply), detach, std::move(words_by_index), std::nullopt});
}

std::vector<PlaybackId> SpeakTracker::find(const RequestId& id, std::uint64_t session_number,
                                           bool own) const {
  return open_requests::find(speaks_, id, session_number, own);
}

std::vector<PlaybackId> SpeakTracker::attached_to(std::uint64_t session_number) const {
  std::vector<PlaybackId> found;
  for (const auto& [playback, speak] : speaks_) {
    if (speak.reply.session_number() == session_number && !speak.detach) found.push_back(playback);
  }
  return found;
}

void SpeakTracker::detach_all(std::uint64_t session_number) {
  for (auto& [playback, speak] : speaks_) {
    if (speak.reply.session_number() == session_number) speak.detach = true;
  }
}

std::optional<RequestId> SpeakTracker::request_of(PlaybackId playback) const {
  const auto it = speaks_.find(playback);
  if (it == speaks_.end()) return std::nullopt;
  return it->second.reply.id();
}

bool SpeakTracker::has_open(std::uint64_t session_number) const {
  return open_requests::count(speaks_, session_number) > 0;
}

bool SpeakTracker::id_in_use(std::uint64_t session_number, const RequestId& id) const {
  return open_requests::id_in_use(speaks_, session_number, id);
}

void SpeakTracker::cancel_all() {
  open_requests::cancel_all(speaks_);
}

void SpeakTracker::on_started(PlaybackId playback) {
  if (const auto it = speaks_.find(playback); it != speaks_.end()) it->second.reply.send(EventType::started);
}

void SpeakTracker::on_progress(PlaybackId playback, std::size_t source_index, std::size_t group) {
  const auto it = speaks_.find(playback);
  if (it == speaks_.end()) return;
  auto& speak = it->second;
  if (speak.last_index == source_index) return;  // another word of the same character ("capital", "Alfa")
  speak.last_index = source_index;
  const auto words = speak.words_by_index.find(source_index);
  speak.reply.send_line(progress_line(speak.reply.id(), source_index,
                                      words == speak.words_by_index.end() ? "" : words->second.str(), group));
}

// paused and resumed carry the character where speaking stopped and starts again; after resuming, that
// character's progress is reported again, since its words are heard again.
void SpeakTracker::on_paused(PlaybackId playback, std::size_t source_index, EventType type) {
  const auto it = speaks_.find(playback);
  if (it == speaks_.end()) return;
  auto& speak = it->second;
  speak.last_index.reset();
  auto event = speak.reply.event(type);
  event["index"] = source_index;
  speak.reply.send(event);
}

// jumped names the group speaking goes on from and its first character, whose progress follows as it is heard
// (again, after a jump back into the group being heard).
void SpeakTracker::on_jumped(PlaybackId playback, std::size_t group, std::size_t source_index) {
  const auto it = speaks_.find(playback);
  if (it == speaks_.end()) return;
  auto& speak = it->second;
  speak.last_index.reset();
  auto event = speak.reply.event(EventType::jumped);
  event["group"] = group;
  event["index"] = source_index;
  speak.reply.send(event);
}

void SpeakTracker::on_finished(PlaybackId playback, PlaybackOutcome outcome, const std::string& message) {
  const auto it = speaks_.find(playback);
  if (it == speaks_.end()) return;
  const auto& reply = it->second.reply;
  if (outcome == PlaybackOutcome::done) {
    reply.send(EventType::done);
  } else if (outcome == PlaybackOutcome::cancelled) {
    reply.send(EventType::cancelled);
  } else {
    const ErrorCode code = protocol_code(outcome);
    // Audio errors say which device failed; others may quote a word of the text, so only their code.
    daemon_log::warning("speak " + describe(reply.id()) + " failed: " +
                        (code == ErrorCode::audio_unavailable ? message : std::string(to_string(code))));
    reply.fail(code, outcome == PlaybackOutcome::synthesis_failed ? "synthesis failed: " + message : message);
  }
  speaks_.erase(it);
}

}  // namespace alfabravo
