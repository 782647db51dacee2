#pragma once
// The open connections, by number. io thread only.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>

#include "session.hpp"

namespace alfabravo {

class SessionRegistry {
 public:
  void add(std::shared_ptr<Session> session) { sessions_[session->number()] = std::move(session); }
  // May destroy the session: callers that still use it hold their own reference.
  void remove(std::uint64_t number) { sessions_.erase(number); }
  std::shared_ptr<Session> find(std::uint64_t number) const {
    const auto it = sessions_.find(number);
    return it == sessions_.end() ? nullptr : it->second;
  }
  std::size_t size() const noexcept { return sessions_.size(); }
  // Shutdown: each connection closes once its replies are written.
  void close_all_after_flush() {
    const auto open = sessions_;  // closing calls back into remove()
    for (const auto& [number, session] : open)
      session->close_after_flush();
  }

 private:
  std::map<std::uint64_t, std::shared_ptr<Session>> sessions_;
};

}  // namespace alfabravo
