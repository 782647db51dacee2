#include "request_dispatcher.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <boost/asio/post.hpp>

#include "alfabravo/build_config.hpp"
#include "audio/clip_library.hpp"
#include "audio/render_encoder.hpp"
#include "audio/synthesizer.hpp"
#include "audio/utterance_audio.hpp"
#include "log.hpp"
#include "playback/audio_sink.hpp"
#include "playback/portaudio_devices.hpp"
#include "protocol/base64.hpp"
#include "protocol/events.hpp"
#include "spelling/speller.hpp"

namespace alfabravo {

namespace {

using nlohmann::json;

constexpr int kWorkerNice = 10;
constexpr std::size_t kAudioChunkBytes = 32 * 1024;  // 43.7 KiB of base64: well under the 64 KiB line limit

std::string describe_session(std::uint64_t number) {
  return "client " + std::to_string(number);
}

// The player's error messages start with a protocol code ("audio_unavailable: ...").
std::pair<ErrorCode, std::string> split_player_error(const std::string& message) {
  const auto colon = message.find(':');
  if (colon != std::string::npos) {
    if (const auto code = parse_error_code(message.substr(0, colon))) {
      const auto start = message.find_first_not_of(' ', colon + 1);
      return {*code, start == std::string::npos ? std::string() : message.substr(start)};
    }
  }
  return {ErrorCode::internal, message};
}

void wipe_utterance(Utterance& utterance) {
  for (auto& token : utterance) {
    wipe(token.display);
    wipe(token.clip);
  }
  utterance.clear();
}

// Renders are bulk work, playback is real time: on a 2-core machine a few large renders at normal priority
// starved the sound server until the player declared it dead. The worker threads run below normal
// priority (Linux applies a nice value per thread), so the sound server and the player come first.
void lower_this_threads_priority() {
  thread_local bool lowered = false;
  if (lowered) return;
  lowered = true;
  ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kWorkerNice);
}

void wipe_samples(std::vector<Sample>& samples) {
  wipe_bytes(samples.data(), samples.capacity() * sizeof(Sample));
  samples.clear();
}

}  // namespace

struct RequestDispatcher::Spelled {
  std::shared_ptr<const Voice> voice;
  Utterance utterance;
  ~Spelled() { wipe_utterance(utterance); }
};

RequestDispatcher::RequestDispatcher(boost::asio::io_context& io, boost::asio::thread_pool& workers,
                                     const DaemonConfig& config, VoiceRegistry& voices, ClipLibrary& clips)
    : io_(io), workers_(workers), config_(config), voices_(voices), clips_(clips) {}

RequestDispatcher::~RequestDispatcher() {
  *alive_ = false;
  for (auto& [number, render] : renders_) {
    wipe_bytes(render.bytes.data(), render.bytes.size());
  }
}

PlaybackListener RequestDispatcher::make_playback_listener() {
  std::weak_ptr<bool> alive = alive_;
  PlaybackListener listener;
  listener.started = [this, alive](PlaybackId playback) {
    boost::asio::post(io_, [this, alive, playback] {
      if (const auto a = alive.lock(); a && *a) on_started(playback);
    });
  };
  listener.progress = [this, alive](PlaybackId playback, std::size_t index) {
    boost::asio::post(io_, [this, alive, playback, index] {
      if (const auto a = alive.lock(); a && *a) on_progress(playback, index);
    });
  };
  listener.finished = [this, alive](PlaybackId playback, PlaybackOutcome outcome,
                                    const std::string& message) {
    boost::asio::post(io_, [this, alive, playback, outcome, message] {
      if (const auto a = alive.lock(); a && *a) on_finished(playback, outcome, message);
    });
  };
  return listener;
}

void RequestDispatcher::add_session(std::shared_ptr<Session> session) {
  const auto number = session->number();
  sessions_[number] = session;
  session->set_output_drained_callback([this, number] { pump_renders(number); });
  session->start();
}

void RequestDispatcher::send_to(const std::weak_ptr<Session>& session, std::string line) {
  if (const auto live = session.lock()) {
    live->send(std::move(line));
  } else {
    wipe(line);
  }
}

RequestId RequestDispatcher::assign_id() {
  return RequestId{"d" + std::to_string(next_assigned_id_++)};
}

bool RequestDispatcher::id_in_use(std::uint64_t session_number, const RequestId& id) const {
  const auto same = [&](const auto& entry) {
    return entry.second.session_number == session_number && entry.second.id == id;
  };
  return std::any_of(speaks_.begin(), speaks_.end(), same) ||
         std::any_of(renders_.begin(), renders_.end(), same);
}

void RequestDispatcher::on_line_too_long(Session& session) {
  session.send(error_line(assign_id(), ErrorCode::too_long,
                          "the line is longer than " + std::to_string(config_.limits.line_bytes) +
                              " bytes; it was skipped up to its newline"));
}

void RequestDispatcher::on_line(Session& session, std::string_view line) {
  if (shutting_down_) return;
  ProtocolLimits limits;
  limits.max_line_bytes = config_.limits.line_bytes;
  limits.max_text_characters = config_.limits.text_characters;
  auto parsed = parse_request(line, limits);
  if (!parsed) {
    const auto& failure = parsed.error();
    const RequestId id = failure.id ? *failure.id : assign_id();
    daemon_log::debug(describe_session(session.number()) + ": request " + describe(id) +
                      " refused: " + std::string(to_string(failure.error.code)));
    session.send(error_line(id, failure.error.code, failure.error.message));
    return;
  }
  handle(session, std::move(parsed).value());
}

void RequestDispatcher::handle(Session& session, Request request) {
  if (request.op != Op::cancel && request.id && id_in_use(session.number(), *request.id)) {
    session.send(
        error_line(request.id, ErrorCode::bad_option,
                   "id " + describe(*request.id) + " is in use by an open request of this connection"));
    return;
  }
  const RequestId id = request.id ? *request.id : assign_id();
  if (daemon_log::verbose()) {
    std::string what = describe_session(session.number()) + ": request " + describe(id) + " op " +
                       std::string(to_string(request.op));
    if (!request.text.empty()) {
      // Never the text itself: its length and how it is to be spelled.
      what += " mode " + std::string(to_string(request.mode.value_or(config_.spelling.mode))) + " length " +
              std::to_string(request.text.size()) + " bytes";
    }
    daemon_log::debug(what);
  }
  switch (request.op) {
    case Op::speak:
      return speak(session, request, id);
    case Op::transcript:
      return transcript(session, request, id);
    case Op::render:
      return render(session, request, id);
    case Op::cancel:
      return cancel(session, request, id);
    case Op::stop:
      return stop(session, id);
    case Op::status:
      return status(session, id);
    case Op::voices:
      return voices(session, id);
    case Op::devices:
      return devices(session, id);
    case Op::ping:
      return session.send(to_line(make_event(id, EventType::pong)));
    case Op::version: {
      auto reply = make_event(id, EventType::version);
      reply["version"] = build::kVersion;
      reply["protocol"] = kProtocolVersion;
      reply["espeak"] = Synthesizer::espeak_version();
      return session.send(to_line(reply));
    }
  }
}

std::optional<RequestDispatcher::Spelled> RequestDispatcher::spell_request(Session& session, Request& request,
                                                                           const RequestId& id) {
  const std::string voice_name = request.voice.value_or(config_.voice);
  auto voice = voices_.get(voice_name);
  if (!voice) {
    session.send(
        error_line(id, ErrorCode::not_found, "voice " + voice_name + " cannot be used: " + voice.error()));
    return std::nullopt;
  }
  SpellingOptions options = request.spelling_options(config_.spelling);
  options.max_characters = config_.limits.text_characters;
  auto utterance = spell(request.text.str(), **voice, options);
  wipe(request.text.str());  // from here on only the words exist
  if (!utterance) {
    const auto& failure = utterance.error();
    const ErrorCode code =
        failure.code == SpellErrorCode::too_long ? ErrorCode::too_long : ErrorCode::bad_text;
    session.send(error_line(id, code, failure.message));
    return std::nullopt;
  }
  std::optional<Spelled> spelled(std::in_place);
  spelled->voice = *voice;
  spelled->utterance = std::move(utterance).value();
  return spelled;
}

void RequestDispatcher::speak(Session& session, Request& request, const RequestId& id) {
  if (player_ == nullptr) {
    session.send(error_line(id, ErrorCode::internal, "the player is not running"));
    return;
  }
  auto spelled = spell_request(session, request, id);
  if (!spelled) return;

  ActiveSpeak active;
  active.session = session.weak_from_this();
  active.session_number = session.number();
  active.id = id;
  active.detach = request.detach;
  for (const auto& token : spelled->utterance) {
    if (token.is_pause()) continue;
    auto& words = active.words_by_index[token.source_index].str();
    if (!words.empty()) words += ' ';
    words += token.display;
  }

  PlaybackRequest playback;
  playback.id = next_playback_++;
  playback.synthesis = spelled->voice->synthesis;
  if (request.rate) {
    playback.synthesis.rate_wpm = *request.rate;
  } else if (config_.rate) {
    playback.synthesis.rate_wpm = *config_.rate;
  }
  playback.word_gap = spelled->voice->pauses.word;
  playback.device = request.device.value_or(config_.device);
  playback.utterance = std::move(spelled->utterance);
  const PlaybackId playback_id = playback.id;
  const std::size_t characters = active.words_by_index.size();

  auto position = player_->enqueue(std::move(playback));
  if (!position) {
    session.send(error_line(id, ErrorCode::busy,
                            "the queue is full (" + std::to_string(position.error().limit) +
                                " utterances waiting); try again later"));
    return;
  }
  speaks_.emplace(playback_id, std::move(active));
  session.send(queued_line(id, *position));
  daemon_log::debug(describe_session(session.number()) + ": " + describe(id) + " queued at position " +
                    std::to_string(*position) + " (" + std::to_string(characters) + " characters)");
}

void RequestDispatcher::transcript(Session& session, Request& request, const RequestId& id) {
  auto spelled = spell_request(session, request, id);
  if (!spelled) return;
  auto reply = make_event(id, EventType::transcript);
  reply["transcript"] = alfabravo::transcript(spelled->utterance);
  json words = json::array();
  for (const auto& token : spelled->utterance) {
    if (token.is_pause()) continue;
    words.push_back(
        {{"word", token.display}, {"index", token.source_index}, {"kind", to_string(token.kind)}});
  }
  reply["words"] = std::move(words);
  std::string line = to_line(reply);
  // The reply's DOM held the words: wipe its strings as well as the line once it is sent.
  for (auto& word : reply["words"])
    wipe(word["word"].get_ref<std::string&>());
  wipe(reply["transcript"].get_ref<std::string&>());
  session.send(std::move(line));
}

void RequestDispatcher::render(Session& session, Request& request, const RequestId& id) {
  const auto own =
      static_cast<std::size_t>(std::count_if(renders_.begin(), renders_.end(), [&](const auto& entry) {
        return entry.second.session_number == session.number();
      }));
  if (own >= config_.limits.renders_per_client) {
    session.send(error_line(id, ErrorCode::busy,
                            "this connection has " + std::to_string(own) +
                                " renders in progress (the limit per connection); read them first"));
    return;
  }
  if (renders_.size() >= config_.limits.pending_renders) {
    session.send(error_line(id, ErrorCode::busy,
                            "too many renders in progress (" +
                                std::to_string(config_.limits.pending_renders) + "); try again later"));
    return;
  }
  const std::string format_name = request.format.value_or(std::string(kDefaultRenderFormat));
  const auto format = parse_render_format(format_name);
  if (!format) {
    session.send(
        error_line(id, ErrorCode::bad_option, "the render format " + format_name + " is not available"));
    return;
  }
  auto spelled = spell_request(session, request, id);
  if (!spelled) return;

  SynthesisSettings settings = spelled->voice->synthesis;
  if (request.rate) {
    settings.rate_wpm = *request.rate;
  } else if (config_.rate) {
    settings.rate_wpm = *config_.rate;
  }
  const auto word_gap = spelled->voice->pauses.word;
  const std::uint64_t number = next_render_++;
  ActiveRender active;
  active.session = session.weak_from_this();
  active.session_number = session.number();
  active.id = id;
  active.format = std::string(to_string(*format));
  renders_.emplace(number, std::move(active));

  // Composing and encoding take a while for long texts: done on a worker, off the io thread.
  auto utterance = std::make_shared<Utterance>(std::move(spelled->utterance));
  std::weak_ptr<bool> alive = alive_;
  boost::asio::post(workers_, [this, alive, number, utterance, settings, word_gap, format = *format] {
    lower_this_threads_priority();
    std::vector<std::uint8_t> bytes;
    std::optional<std::string> failure;
    try {
      auto audio = compose(*utterance, clips_, settings, word_gap);
      bytes = encode_audio(audio.samples, format);
      wipe_samples(audio.samples);
    } catch (const std::exception& e) {
      failure = e.what();
    }
    wipe_utterance(*utterance);
    boost::asio::post(io_, [this, alive, number, bytes = std::move(bytes), failure]() mutable {
      if (const auto a = alive.lock(); a && *a) {
        on_rendered(number, std::move(bytes), failure);
      } else {
        wipe_bytes(bytes.data(), bytes.size());
      }
    });
  });
}

void RequestDispatcher::on_rendered(std::uint64_t number, std::vector<std::uint8_t> bytes,
                                    std::optional<std::string> failure) {
  const auto it = renders_.find(number);
  if (it == renders_.end()) {  // cancelled, or its client left
    wipe_bytes(bytes.data(), bytes.size());
    return;
  }
  auto& render = it->second;
  if (failure) {
    // Not the reason: a synthesis error may quote a word, and words come from the text.
    daemon_log::error("render " + describe(render.id) + " failed");
    send_to(render.session, error_line(render.id, ErrorCode::internal, "rendering failed: " + *failure));
    renders_.erase(it);
    return;
  }
  const auto format = parse_render_format(render.format);
  auto header = make_event(render.id, EventType::render);
  header["format"] = render.format;
  header["sample_rate"] = sample_rate(*format);
  header["mime_type"] = std::string(mime_type(*format));
  header["bytes"] = bytes.size();
  render.bytes = std::move(bytes);
  render.encoded = true;
  const auto session_number = render.session_number;
  send_to(render.session, to_line(header));
  pump_renders(session_number);
}

void RequestDispatcher::pump_renders(std::uint64_t session_number) {
  const auto session_it = sessions_.find(session_number);
  if (session_it == sessions_.end()) return;
  const auto session = session_it->second;
  for (auto it = renders_.begin(); it != renders_.end();) {
    auto& render = it->second;
    if (render.session_number != session_number || !render.encoded) {
      ++it;
      continue;
    }
    // Only as fast as the client reads: the replies queue stays below its high-water mark.
    while (render.sent < render.bytes.size() && session->wants_more_output() && session->is_open()) {
      const std::size_t length = std::min(kAudioChunkBytes, render.bytes.size() - render.sent);
      auto chunk = make_event(render.id, EventType::audio);
      chunk["seq"] = render.sequence++;
      chunk["data"] = base64_encode({render.bytes.data() + render.sent, length});
      render.sent += length;
      std::string line = to_line(chunk);
      wipe(chunk["data"].get_ref<std::string&>());
      session->send(std::move(line));
    }
    if (!session->is_open() || render.sent < render.bytes.size()) return;  // resumed once the client reads
    auto done = make_event(render.id, EventType::done);
    done["bytes"] = render.bytes.size();
    session->send(to_line(done));
    wipe_bytes(render.bytes.data(), render.bytes.size());
    it = renders_.erase(it);
  }
}

void RequestDispatcher::cancel(Session& session, const Request& request, const RequestId& id) {
  const RequestId target = *request.target;
  // The shorthand {"op":"cancel","id":X}: X's own final event (cancelled) is the answer.
  const bool shorthand = request.id && *request.id == target;
  std::size_t cancelled = 0;
  const auto matches = [&](const auto& entry, bool own) {
    return entry.second.id == target && (entry.second.session_number == session.number()) == own;
  };
  // This connection's requests first; another connection's (a detached utterance) only if none matches.
  for (const bool own : {true, false}) {
    for (auto& entry : speaks_) {
      if (!matches(entry, own)) continue;
      if (player_ != nullptr && player_->cancel(entry.first)) ++cancelled;
    }
    for (auto it = renders_.begin(); it != renders_.end();) {
      if (!matches(*it, own)) {
        ++it;
        continue;
      }
      send_to(it->second.session, cancelled_line(it->second.id));
      wipe_bytes(it->second.bytes.data(), it->second.bytes.size());
      it = renders_.erase(it);
      ++cancelled;
    }
    if (cancelled > 0) break;
  }
  if (cancelled == 0) {
    session.send(error_line(id, ErrorCode::not_found, "no open request has the id " + describe(target)));
    return;
  }
  if (shorthand) return;
  auto reply = make_event(id, EventType::ok);
  reply["op"] = "cancel";
  reply["cancelled"] = cancelled;
  session.send(to_line(reply));
}

void RequestDispatcher::stop(Session& session, const RequestId& id) {
  const std::size_t open = speaks_.size();
  if (player_ != nullptr) player_->stop_all();
  auto reply = make_event(id, EventType::ok);
  reply["op"] = "stop";
  reply["cancelled"] = open;
  session.send(to_line(reply));
}

void RequestDispatcher::status(Session& session, const RequestId& id) {
  auto reply = make_event(id, EventType::status);
  const PlayerStatus player = player_ != nullptr ? player_->status() : PlayerStatus{};
  reply["playing"] = nullptr;
  if (player.playing) {
    if (const auto it = speaks_.find(*player.playing); it != speaks_.end())
      reply["playing"] = to_json_id(it->second.id);
  }
  reply["queued"] = player.queued;
  // The truth as far as it is known: the sound server may come and go, so only an open says it works.
  reply["audio"] = config_.audio == AudioBackend::none ? "none"
                   : !player.audio_available           ? "unknown"
                   : *player.audio_available           ? "available"
                                                       : "unavailable";
  reply["clients"] = sessions_.size();
  reply["voice"] = config_.voice;
  reply["version"] = build::kVersion;
  session.send(to_line(reply));
}

void RequestDispatcher::voices(Session& session, const RequestId& id) {
  auto reply = make_event(id, EventType::voices);
  reply["voices"] = voices_.available();
  auto details = nlohmann::json::array();
  for (const auto& voice : voices_.describe()) {
    nlohmann::json entry{{"name", voice.name}};
    if (voice.error.empty()) {
      entry["language"] = voice.language;
      entry["standard"] = voice.standard;
      entry["description"] = voice.description;
    } else {
      entry["error"] = voice.error;
    }
    details.push_back(std::move(entry));
  }
  reply["details"] = std::move(details);
  reply["default"] = config_.voice;
  session.send(to_line(reply));
}

void RequestDispatcher::devices(Session& session, const RequestId& id) {
  if (config_.audio == AudioBackend::none) {
    auto reply = make_event(id, EventType::devices);
    reply["audio"] = "none";
    reply["devices"] = json::array();
    session.send(to_line(reply));
    return;
  }
  // Listing initialises PortAudio, which can take seconds on a slow sound server: not on the io thread.
  std::weak_ptr<bool> alive = alive_;
  const auto number = session.number();
  ++pending_device_listings_[number];
  boost::asio::post(workers_, [this, alive, id, number, weak = session.weak_from_this()] {
    std::string line;
    try {
      auto reply = make_event(id, EventType::devices);
      reply["audio"] = "portaudio";
      reply["devices"] = json::array();
      for (const auto& device : list_output_devices()) {
        reply["devices"].push_back({{"name", device.name},
                                    {"index", device.index},
                                    {"host_api", device.host_api},
                                    {"default", device.is_default}});
      }
      line = to_line(reply);
    } catch (const std::exception& e) {
      line = error_line(id, ErrorCode::audio_unavailable, e.what());
    }
    boost::asio::post(io_, [this, alive, weak, number, line = std::move(line)]() mutable {
      if (const auto a = alive.lock(); !a || !*a) return;
      if (const auto it = pending_device_listings_.find(number); it != pending_device_listings_.end()) {
        if (--it->second == 0) pending_device_listings_.erase(it);
      }
      send_to(weak, std::move(line));
    });
  });
}

void RequestDispatcher::on_started(PlaybackId playback) {
  const auto it = speaks_.find(playback);
  if (it == speaks_.end()) return;
  send_to(it->second.session, started_line(it->second.id));
}

void RequestDispatcher::on_progress(PlaybackId playback, std::size_t source_index) {
  const auto it = speaks_.find(playback);
  if (it == speaks_.end()) return;
  auto& speak = it->second;
  if (speak.last_index == source_index) return;  // another word of the same character ("capital", "Alfa")
  speak.last_index = source_index;
  const auto words = speak.words_by_index.find(source_index);
  send_to(speak.session, progress_line(speak.id, source_index,
                                       words == speak.words_by_index.end() ? "" : words->second.str()));
}

void RequestDispatcher::on_finished(PlaybackId playback, PlaybackOutcome outcome,
                                    const std::string& message) {
  const auto it = speaks_.find(playback);
  if (it == speaks_.end()) return;
  auto& speak = it->second;
  switch (outcome) {
    case PlaybackOutcome::done:
      send_to(speak.session, done_line(speak.id));
      break;
    case PlaybackOutcome::cancelled:
      send_to(speak.session, cancelled_line(speak.id));
      break;
    case PlaybackOutcome::error: {
      const auto [code, text] = split_player_error(message);
      // Audio errors say which device failed; others may quote a word of the text, so only their code.
      daemon_log::warning("speak " + describe(speak.id) + " failed: " +
                          (code == ErrorCode::audio_unavailable ? message : std::string(to_string(code))));
      send_to(speak.session, error_line(speak.id, code, text));
      break;
    }
  }
  speaks_.erase(it);
}

void RequestDispatcher::on_closed(Session& session) {
  const auto number = session.number();
  daemon_log::debug(describe_session(number) + " disconnected");
  for (auto& [playback, speak] : speaks_) {
    if (speak.session_number != number || speak.detach) continue;
    if (player_ != nullptr) player_->cancel(playback);  // finished(cancelled) follows; nobody to tell
  }
  for (auto it = renders_.begin(); it != renders_.end();) {
    if (it->second.session_number == number) {
      wipe_bytes(it->second.bytes.data(), it->second.bytes.size());
      it = renders_.erase(it);
    } else {
      ++it;
    }
  }
  // Last: this may destroy the session (the caller holds its own reference while it runs).
  sessions_.erase(number);
}

void RequestDispatcher::on_input_ended(Session& session) {
  for (auto& [playback, speak] : speaks_) {
    if (speak.session_number == session.number()) speak.detach = true;
  }
}

bool RequestDispatcher::has_open_requests(const Session& session) const {
  const auto mine = [&](const auto& entry) { return entry.second.session_number == session.number(); };
  return std::any_of(speaks_.begin(), speaks_.end(), mine) ||
         std::any_of(renders_.begin(), renders_.end(), mine) ||
         pending_device_listings_.count(session.number()) > 0;
}

void RequestDispatcher::shut_down() {
  if (shutting_down_) return;
  shutting_down_ = true;
  for (auto& [playback, speak] : speaks_)
    send_to(speak.session, cancelled_line(speak.id));
  speaks_.clear();
  for (auto& [number, render] : renders_) {
    send_to(render.session, cancelled_line(render.id));
    wipe_bytes(render.bytes.data(), render.bytes.size());
  }
  renders_.clear();
  if (player_ != nullptr) player_->stop_all();  // fades out; its finished events find nothing left to answer
  std::vector<std::shared_ptr<Session>> open;
  for (const auto& [number, session] : sessions_)
    open.push_back(session);
  for (const auto& session : open)
    session->close_after_flush();
}

}  // namespace alfabravo
