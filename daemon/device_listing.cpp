#include "device_listing.hpp"

#include <boost/asio/post.hpp>

#include "core/expected.hpp"
#include "playback/portaudio_devices.hpp"

namespace alfabravo {

namespace {

using Answer = Expected<nlohmann::json, ProtocolError>;

// The devices event, or an audio_unavailable error when PortAudio cannot list them.
Answer list_devices(const Reply& reply) {
  try {
    auto answer = reply.event(EventType::devices);
    answer["audio"] = "portaudio";
    answer["devices"] = nlohmann::json::array();
    for (const auto& device : list_output_devices()) {
      answer["devices"].push_back({{"name", device.name},
                                   {"index", device.index},
                                   {"host_api", device.host_api},
                                   {"default", device.is_default}});
    }
    return answer;
  } catch (const std::exception& e) {
    return Unexpected{ProtocolError{ErrorCode::audio_unavailable, e.what()}};
  }
}

}  // namespace

void DeviceListing::start(Reply reply) {
  ++pending_[reply.session_number()];
  auto deliver = lifetime_.guard([this, reply](const Answer& answer) {
    if (const auto it = pending_.find(reply.session_number()); it != pending_.end()) {
      if (--it->second == 0) pending_.erase(it);
    }
    answer ? reply.send(*answer) : reply.fail(answer.error());
  });
  boost::asio::post(workers_, [this, reply, deliver] {
    boost::asio::post(io_, [deliver, answer = list_devices(reply)]() mutable { deliver(answer); });
  });
}

}  // namespace alfabravo
