// compare: the agent types what the caller read back; the answer says where it differs from the held
// utterance, by place ("group 2, character 3") and by words ("Bravo expected, Delta given"), and with
// "speak" says it aloud too. The typed text is a secret like any other: wiped once compared, never logged.
#include "ops/ops.hpp"
#include "ops/spelled.hpp"
#include "protocol/json_wipe.hpp"
#include "read_back.hpp"
#include "spelling/speller.hpp"
#include "spelling/utf8_decoding.hpp"
#include "spelling/utterance_groups.hpp"
#include "spoken_result.hpp"

namespace alfabravo::ops {

namespace {

// A long wrong read-back is not worth listing in full: the first ones tell the agent where to start.
constexpr std::size_t kMaxListedDifferences = 32;
// Nor saying in full: each takes a few seconds to hear.
constexpr std::size_t kMaxSpokenDifferences = 3;

std::string word_of(const std::map<std::size_t, SecretString>& words, std::optional<std::size_t> index) {
  if (!index) return {};
  const auto it = words.find(*index);
  return it == words.end() ? std::string("(not spoken)") : it->second.str();
}

nlohmann::json describe_difference(const Difference& difference, const UtteranceGroups& groups,
                                   const std::map<std::size_t, SecretString>& expected_words,
                                   const std::map<std::size_t, SecretString>& given_words) {
  const CharacterPlace place = groups.place_of(difference.expected.value_or(difference.expected_before));
  const std::string expected = word_of(expected_words, difference.expected);
  const std::string given = word_of(given_words, difference.given);
  std::string message =
      "group " + std::to_string(place.group) + ", character " + std::to_string(place.character) + ": ";
  nlohmann::json out{{"group", place.group}, {"character", place.character}};
  switch (difference.kind) {
    case DifferenceKind::wrong:
      out["kind"] = "wrong";
      message += expected + " expected, " + given + " given";
      break;
    case DifferenceKind::missing:
      out["kind"] = "missing";
      message += expected + " expected, not given";
      break;
    case DifferenceKind::extra:
      out["kind"] = "extra";
      message += given + " given, not expected";
      break;
  }
  if (difference.expected) out["index"] = *difference.expected;
  if (difference.given) out["given_index"] = *difference.given;
  if (!expected.empty()) out["expected"] = expected;
  if (!given.empty()) out["given"] = given;
  out["message"] = std::move(message);
  return out;
}

}  // namespace

// Queues the spoken result as an utterance of its own under `id` (named in the comparison as "spoken"),
// detached: a one-shot client may close at once and it is still said. Its words are the voice's and the
// spelled characters', so it is held to the same rules as a speak: wiped once played, never logged.
void queue_spoken_result(OpContext& context, const Reply& reply, const HeldContent& held, Utterance words,
                         const RequestId& id) {
  const auto session = reply.session();
  if (!session) {
    wipe(words);
    return;
  }
  PlaybackRequest playback;
  playback.id = context.speaks.next_playback_id();
  playback.synthesis = held.synthesis;
  playback.word_gap = held.word_gap;
  playback.device = held.device;
  playback.utterance = Secret<Utterance>(std::move(words));
  queue_playback(context, std::move(playback), Reply(*session, id), /*detach=*/true);  // busy: its own error
}

void compare(OpContext& context, Request& request, const Reply& reply) {
  const HeldContent* held = context.held.get();
  if (!held) {
    request.text.clear();
    reply.fail(ErrorCode::not_found,
               "no utterance is held to compare with (none spoken lately, or forgotten)");
    return;
  }
  if (request.speak && !held->voice->messages) {
    request.text.clear();
    reply.fail(ErrorCode::bad_option,
               "voice " + held->voice->name +
                   " has no [messages] table: it cannot say the result (see voices/en.toml)");
    return;
  }
  SpellingOptions options = held->options;
  options.max_characters = context.config.limits.text_characters;
  auto given_utterance = spell(request.text.str(), *held->voice, options);
  auto given = decode_utf8(request.text.str());
  request.text.clear();
  auto expected = decode_utf8(held->text.str());
  if (!given_utterance || !given || !expected) {
    reply.fail(ErrorCode::bad_text, "the read-back cannot be spelled with the held utterance's voice");
    return;
  }
  const Secret<Utterance> given_words_source(std::move(given_utterance).value());
  const auto expected_words = words_by_index(held->utterance.get());
  const auto given_words = words_by_index(given_words_source.get());
  const UtteranceGroups groups(held->utterance.get());
  const auto differences = read_back_differences(expected->code_points(), given->code_points());

  auto answer = reply.event(EventType::comparison);
  answer["match"] = differences.empty();
  answer["count"] = differences.size();
  auto listed = nlohmann::json::array();
  for (std::size_t i = 0; i < differences.size() && i < kMaxListedDifferences; ++i)
    listed.push_back(describe_difference(differences[i], groups, expected_words, given_words));
  answer["differences"] = std::move(listed);
  std::optional<Utterance> spoken;
  if (request.speak) {
    spoken = spoken_result(*held->voice, differences,
                           ReadBack{held->utterance.get(), given_words_source.get(), groups},
                           kMaxSpokenDifferences);
  }
  // The spoken result's id is assigned before the answer names it; its events (queued first) follow it.
  std::optional<RequestId> spoken_id;
  if (spoken) spoken_id = context.assign_id();
  if (spoken_id) answer["spoken"] = to_json_id(*spoken_id);
  std::string line = to_line(answer);
  wipe_strings(answer);  // the DOM held the words of both texts
  reply.send_line(std::move(line));
  if (spoken_id) queue_spoken_result(context, reply, *held, std::move(*spoken), *spoken_id);
}

}  // namespace alfabravo::ops
