#pragma once
// The lookups every kind of open request needs (SpeakTracker's speaks, RenderStreamer's renders): each is
// kept in a map under a key of its own, and each entry answers through its `reply`. io thread only.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

#include "reply.hpp"

namespace alfabravo::open_requests {

template <class Key, class Entry>
std::size_t count(const std::map<Key, Entry>& open, std::uint64_t session_number) {
  return static_cast<std::size_t>(std::count_if(open.begin(), open.end(), [&](const auto& entry) {
    return entry.second.reply.session_number() == session_number;
  }));
}

// Whether a request of this session still awaits its final event under this id.
template <class Key, class Entry>
bool id_in_use(const std::map<Key, Entry>& open, std::uint64_t session_number, const RequestId& id) {
  return std::any_of(open.begin(), open.end(), [&](const auto& entry) {
    return entry.second.reply.session_number() == session_number && entry.second.reply.id() == id;
  });
}

// The keys of the requests with this id, of this session (own) or of the other sessions.
template <class Key, class Entry>
std::vector<Key> find(const std::map<Key, Entry>& open, const RequestId& id, std::uint64_t session_number,
                      bool own) {
  std::vector<Key> found;
  for (const auto& [key, entry] : open) {
    if (entry.reply.id() == id && (entry.reply.session_number() == session_number) == own)
      found.push_back(key);
  }
  return found;
}

// Shutdown: answers every one with cancelled and forgets them.
template <class Key, class Entry>
void cancel_all(std::map<Key, Entry>& open) {
  for (const auto& [key, entry] : open)
    entry.reply.send(EventType::cancelled);
  open.clear();
}

}  // namespace alfabravo::open_requests
