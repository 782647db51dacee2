#pragma once
// What speak, transcript and render share: the request's text spelled with its voice and options.
#include <map>
#include <memory>
#include <optional>

#include "core/secret.hpp"
#include "op_table.hpp"
#include "spelling/spelled_words.hpp"
#include "spelling/token.hpp"
#include "voice/voice.hpp"

namespace alfabravo::ops {

struct Spelled {
  std::shared_ptr<const Voice> voice;
  Secret<Utterance> utterance;
};

// The same words as views of the voice's, which they keep alive: for a reply that only quotes them.
struct SpelledViews {
  std::shared_ptr<const Voice> voice;
  SpelledWords words;
};

// Spells the request's text (wiping it: from here on only the words exist). On failure the error has been
// sent and the result is empty.
std::optional<Spelled> spell_request(OpContext& context, Request& request, const Reply& reply);
std::optional<SpelledViews> spell_request_words(OpContext& context, Request& request, const Reply& reply);

// What is said for each source character, for the progress events.
std::map<std::size_t, SecretString> words_by_index(const Utterance& utterance);

// Queues the playback and has the SpeakTracker report its events to the reply (queued is sent here). False
// if the queue was full (the error has been sent).
bool queue_playback(OpContext& context, PlaybackRequest playback, const Reply& reply, bool detach);

// The voice's synthesis settings with the request's (or the daemon's configured) rate applied.
SynthesisSettings synthesis_settings(const OpContext& context, const Request& request, const Voice& voice);

}  // namespace alfabravo::ops
