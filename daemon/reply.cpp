#include "reply.hpp"

#include "core/secret.hpp"
#include "session.hpp"

namespace alfabravo {

Reply::Reply(Session& session, RequestId id)
    : session_(session.weak_from_this()), session_number_(session.number()), id_(std::move(id)) {}

void Reply::send_line(std::string line) const {
  if (const auto live = session_.lock()) {
    live->send(std::move(line));
  } else {
    wipe(line);
  }
}

void Reply::send(const nlohmann::json& event) const {
  send_line(to_line(event));
}

void Reply::send(EventType type) const {
  send(make_event(id_, type));
}

void Reply::fail(ErrorCode code, std::string_view message) const {
  send_line(error_line(id_, code, message));
}

}  // namespace alfabravo
