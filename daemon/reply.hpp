#pragma once
// Where one request's answers go: its connection and its id. Handlers send events through it and report a
// failure as a code and a message; the error line is built here and nowhere else. It holds the connection
// weakly: answers to a client that has gone are wiped and dropped. io thread only.
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "protocol/error_code.hpp"
#include "protocol/events.hpp"
#include "protocol/request_id.hpp"

namespace alfabravo {

class Session;

class Reply {
 public:
  Reply(Session& session, RequestId id);

  const RequestId& id() const noexcept { return id_; }
  std::uint64_t session_number() const noexcept { return session_number_; }
  std::shared_ptr<Session> session() const { return session_.lock(); }

  // {"id": ..., "event": type}, for the handler to add its fields to.
  nlohmann::json event(EventType type) const { return make_event(id_, type); }
  void send(const nlohmann::json& event) const;
  void send_line(std::string line) const;
  void send(EventType type) const;  // an event without fields: done, cancelled, started, pong
  void fail(ErrorCode code, std::string_view message) const;
  void fail(const ProtocolError& error) const { fail(error.code, error.message); }

 private:
  std::weak_ptr<Session> session_;
  std::uint64_t session_number_;
  RequestId id_;
};

}  // namespace alfabravo
