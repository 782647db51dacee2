#pragma once
// The English voice with its clips rendered, and the events a Player reports, for the player tests.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "alfabravo/build_config.hpp"
#include "audio/clip_library.hpp"
#include "audio/synthesizer.hpp"
#include "audio/utterance_audio.hpp"
#include "playback/player.hpp"
#include "spelling/speller.hpp"
#include "voice/voice_loader.hpp"

namespace alfabravo::test {

struct SpokenVoice {
  SpokenVoice() : voice(load()), clips(synthesizer, ClipLibraryOptions{std::nullopt}) {
    clips.prepare(voice);
  }

  // The source tree's voice: what the tests check is the voice as committed, wherever the test binary runs.
  static Voice load() {
    auto voice = find_voice("en", {std::filesystem::path(build::kSourceVoicesDir)});
    if (!voice) throw std::runtime_error(voice.error().message);
    return std::move(*voice);
  }

  Utterance spell_text(const std::string& text, SpellingOptions options = {}) const {
    auto utterance = spell(text, voice, options);
    if (!utterance) throw std::runtime_error(utterance.error().message);
    return std::move(*utterance);
  }

  PlaybackRequest request(PlaybackId id, Utterance utterance, std::chrono::milliseconds word_gap) const {
    PlaybackRequest r;
    r.id = id;
    r.utterance = Secret(std::move(utterance));
    r.synthesis = voice.synthesis;
    r.word_gap = word_gap;
    return r;
  }

  // The clips of an utterance's words, in order (pauses left out).
  std::vector<std::vector<std::int16_t>> word_clips(const Utterance& utterance) {
    std::vector<std::vector<std::int16_t>> out;
    for (const auto& token : utterance) {
      if (!token.is_pause()) out.push_back(clips.clip(token.clip, voice.synthesis)->samples);
    }
    return out;
  }

  Voice voice;
  Synthesizer synthesizer;
  ClipLibrary clips;
};

struct PlayerEvent {
  enum class Kind { started, progress, finished };
  Kind kind;
  PlaybackId id;
  std::size_t source_index = 0;
  PlaybackOutcome outcome = PlaybackOutcome::done;
  std::string message;
  std::chrono::steady_clock::time_point at;
};

class EventLog {
 public:
  PlaybackListener listener() {
    return {
        .started =
            [this](PlaybackId id) {
              add({PlayerEvent::Kind::started, id, 0, {}, {}, {}});
            },
        .progress =
            [this](PlaybackId id, std::size_t index, std::size_t) {
              add({PlayerEvent::Kind::progress, id, index, {}, {}, {}});
            },
        .paused = {},
        .resumed = {},
        .jumped = {},
        .finished =
            [this](PlaybackId id, PlaybackOutcome outcome, const std::string& message) {
              add({PlayerEvent::Kind::finished, id, 0, outcome, message, {}});
            },
    };
  }

  std::vector<PlayerEvent> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }
  std::vector<PlayerEvent> events_of(PlaybackId id) const {
    std::vector<PlayerEvent> out;
    for (const auto& e : events()) {
      if (e.id == id) out.push_back(e);
    }
    return out;
  }
  // Waits until id has an event of this kind; false on timeout.
  bool wait_for(PlaybackId id, PlayerEvent::Kind kind, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] {
      for (const auto& e : events_) {
        if (e.id == id && e.kind == kind) return true;
      }
      return false;
    });
  }
  // Waits until the word for source character `index` of id is being heard; false on timeout.
  bool wait_for_progress(PlaybackId id, std::size_t index, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] {
      return std::any_of(events_.begin(), events_.end(), [&](const PlayerEvent& e) {
        return e.id == id && e.kind == PlayerEvent::Kind::progress && e.source_index == index;
      });
    });
  }
  bool wait_finished(PlaybackId id, std::chrono::milliseconds timeout = std::chrono::seconds(30)) const {
    return wait_for(id, PlayerEvent::Kind::finished, timeout);
  }
  std::optional<PlayerEvent> finished(PlaybackId id) const {
    for (const auto& e : events_of(id)) {
      if (e.kind == PlayerEvent::Kind::finished) return e;
    }
    return std::nullopt;
  }

 private:
  void add(PlayerEvent event) {
    event.at = std::chrono::steady_clock::now();
    {
      std::lock_guard lock(mutex_);
      events_.push_back(std::move(event));
    }
    changed_.notify_all();
  }
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::vector<PlayerEvent> events_;
};

}  // namespace alfabravo::test
