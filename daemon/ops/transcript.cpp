// transcript: the words the text would be spoken as, without speaking them.
#include "ops/ops.hpp"
#include "ops/spelled.hpp"

namespace alfabravo::ops {

void transcript(OpContext& context, Request& request, const Reply& reply) {
  auto spelled = spell_request(context, request, reply);
  if (!spelled) return;
  const auto& utterance = spelled->utterance.get();
  // Views of the words, not copies; reused from request to request (the io thread's).
  static thread_local std::vector<TranscriptWord> words;
  words.clear();
  for (const auto& token : utterance) {
    if (!token.is_pause()) words.push_back({token.display, token.source_index, to_string(token.kind)});
  }
  std::string line = transcript_line(reply.id(), words);  // wiped by the session once sent
  words.clear();
  reply.send_line(std::move(line));
}

}  // namespace alfabravo::ops
