#include "request_dispatcher.hpp"

#include "log.hpp"

namespace alfabravo {

namespace {

std::string describe_session(std::uint64_t number) {
  return "client " + std::to_string(number);
}

// Never the text itself: its length and how it is to be spelled.
void log_request(const Session& session, const Request& request, const RequestId& id,
                 const DaemonConfig& config) {
  if (!daemon_log::verbose()) return;
  std::string what = describe_session(session.number()) + ": request " + describe(id) + " op " +
                     std::string(to_string(request.op));
  if (!request.text.empty()) {
    what += " mode " + std::string(to_string(request.mode.value_or(config.spelling.mode))) + " length " +
            std::to_string(request.text.size()) + " bytes";
  }
  daemon_log::debug(what);
}

}  // namespace

RequestDispatcher::RequestDispatcher(boost::asio::io_context& io, boost::asio::thread_pool& workers,
                                     const DaemonConfig& config, VoiceRegistry& voices, ClipLibrary& clips,
                                     Player& player, SpeakTracker& speaks)
    : config_(config),
      player_(player),
      speaks_(speaks),
      renders_(io, workers, clips, sessions_, config.limits),
      devices_(io, workers),
      held_(io, config.repeat_window),
      context_{config,    voices, player,
               sessions_, speaks, renders_,
               devices_,  held_,  [this] { return assign_id(); }},
      heap_trimmer_(io) {}

void RequestDispatcher::add_session(std::shared_ptr<Session> session) {
  const auto number = session->number();
  session->set_output_drained_callback([this, number] { renders_.pump(number); });
  sessions_.add(session);
  session->start();
}

void RequestDispatcher::config_reloaded() {
  held_.set_window(config_.repeat_window);
}

RequestId RequestDispatcher::assign_id() {
  // Appended, not "d" + std::string: GCC 12 at -O3 warns falsely (-Wrestrict) on that operator+.
  return RequestId{std::string("d").append(std::to_string(next_assigned_id_++))};
}

void RequestDispatcher::on_line_too_long(Session& session) {
  Reply(session, assign_id())
      .fail(ErrorCode::too_long, "the line is longer than " + std::to_string(config_.limits.line_bytes) +
                                     " bytes; it was skipped up to its newline");
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
    Reply(session, id).fail(failure.error);
    return;
  }
  handle(session, std::move(parsed).value());
}

void RequestDispatcher::handle(Session& session, Request request) {
  if (request.op != Op::cancel && request.id &&
      (speaks_.id_in_use(session.number(), *request.id) ||
       renders_.id_in_use(session.number(), *request.id))) {
    Reply(session, *request.id)
        .fail(ErrorCode::bad_option,
              "id " + describe(*request.id) + " is in use by an open request of this connection");
    return;
  }
  const RequestId id = request.id ? *request.id : assign_id();
  log_request(session, request, id, config_);
  op_handler(request.op)(context_, request, Reply(session, id));
}

void RequestDispatcher::on_closed(Session& session) {
  const auto number = session.number();
  daemon_log::debug(describe_session(number) + " disconnected");
  for (const auto playback : speaks_.attached_to(number))
    player_.cancel(playback);  // finished(cancelled) follows; nobody to tell
  renders_.drop(number);
  // Last: this may destroy the session (the caller holds its own reference while it runs).
  sessions_.remove(number);
  heap_trimmer_.note_release();
}

void RequestDispatcher::on_input_ended(Session& session) {
  speaks_.detach_all(session.number());
}

bool RequestDispatcher::has_open_requests(const Session& session) const {
  const auto number = session.number();
  return speaks_.has_open(number) || renders_.has_open(number) || devices_.has_open(number);
}

void RequestDispatcher::shut_down() {
  held_.forget();
  if (shutting_down_) return;
  shutting_down_ = true;
  speaks_.cancel_all();
  renders_.cancel_all();
  player_.stop_all();  // fades out; its finished events find nothing left to answer
  sessions_.close_all_after_flush();
}

}  // namespace alfabravo
