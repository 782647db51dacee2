// transcript: the words the text would be spoken as, without speaking them.
#include "ops/ops.hpp"
#include "ops/spelled.hpp"

namespace alfabravo::ops {

void transcript(OpContext& context, Request& request, const Reply& reply) {
  auto spelled = spell_request(context, request, reply);
  if (!spelled) return;
  const auto& utterance = spelled->utterance.get();
  std::string words_said = alfabravo::transcript(utterance);
  std::vector<TranscriptWord> words;
  words.reserve(utterance.size());
  for (const auto& token : utterance) {
    if (!token.is_pause()) words.push_back({token.display, token.source_index, to_string(token.kind)});
  }
  std::string line = transcript_line(reply.id(), words_said, words);
  wipe(words_said);  // the words spell the text; the line is wiped by the session once sent
  reply.send_line(std::move(line));
}

}  // namespace alfabravo::ops
