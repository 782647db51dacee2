// The ops that only answer: status, voices, devices, ping, version.
#include <ctime>

#include "alfabravo/build_config.hpp"
#include "audio/synthesizer.hpp"
#include "ops/ops.hpp"

namespace alfabravo::ops {

namespace {

// ISO 8601 in UTC, to the second: "2026-11-30T08:40:12Z".
std::string utc_timestamp(std::chrono::system_clock::time_point when) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace

void status(OpContext& context, Request&, const Reply& reply) {
  auto answer = reply.event(EventType::status);
  const PlayerStatus player = context.player.status();
  answer["playing"] = nullptr;
  if (player.playing) {
    if (const auto id = context.speaks.request_of(*player.playing)) answer["playing"] = to_json_id(*id);
  }
  answer["queued"] = player.queued;
  answer["paused"] = player.paused;
  // Whether an utterance is held for repeat and until when; never what it says.
  answer["held"] = context.held.get() != nullptr;
  answer["held_until"] = nullptr;
  if (const auto until = context.held.until()) answer["held_until"] = utc_timestamp(*until);
  // The truth as far as it is known: the sound server may come and go, so only an open says it works.
  answer["audio"] = context.config.audio == AudioBackend::none ? "none"
                    : !player.audio_available                  ? "unknown"
                    : *player.audio_available                  ? "available"
                                                               : "unavailable";
  answer["clients"] = context.sessions.size();
  answer["voice"] = context.config.voice;
  answer["version"] = build::kVersion;
  reply.send(answer);
}

namespace {

// Each voice's language and standard as read from its file, or why the file cannot be used.
nlohmann::json voice_details(const VoiceRegistry& voices) {
  auto details = nlohmann::json::array();
  for (const auto& voice : voices.describe()) {
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
  return details;
}

}  // namespace

void voices(OpContext& context, Request&, const Reply& reply) {
  auto answer = reply.event(EventType::voices);
  answer["voices"] = context.voices.available();
  answer["details"] = voice_details(context.voices);
  answer["default"] = context.config.voice;
  reply.send(answer);
}

void devices(OpContext& context, Request&, const Reply& reply) {
  if (context.config.audio == AudioBackend::none) {
    auto answer = reply.event(EventType::devices);
    answer["audio"] = "none";
    answer["devices"] = nlohmann::json::array();
    reply.send(answer);
    return;
  }
  context.devices.start(reply);
}

void ping(OpContext&, Request&, const Reply& reply) {
  reply.send(EventType::pong);
}

void version(OpContext&, Request&, const Reply& reply) {
  auto answer = reply.event(EventType::version);
  answer["version"] = build::kVersion;
  answer["protocol"] = kProtocolVersion;
  answer["espeak"] = Synthesizer::espeak_version();
  reply.send(answer);
}

}  // namespace alfabravo::ops
