// transcript: the words the text would be spoken as, without speaking them.
#include "ops/ops.hpp"
#include "ops/spelled.hpp"

namespace alfabravo::ops {

void transcript(OpContext& context, Request& request, const Reply& reply) {
  // Views of the voice's words: nothing is copied before the reply line itself.
  const auto spelled = spell_request_words(context, request, reply);
  if (!spelled) return;
  // Reused from request to request (the io thread's), and wiped after each: which words, in which order,
  // spells the text.
  static thread_local std::vector<TranscriptWord> words;
  if (words.capacity() < spelled->words.words().size()) {
    wipe(words);  // before its buffer is released
    words.reserve(spelled->words.words().size());
  }
  for (const auto& word : spelled->words.words()) {
    if (!word.is_pause()) words.push_back({word.display, word.source_index, to_string(word.kind)});
  }
  std::string line = transcript_line(reply.id(), words);  // wiped by the session once sent
  // Only what this request used: the rest was wiped after the requests that used it.
  wipe_bytes(words.data(), words.size() * sizeof(TranscriptWord));
  words.clear();
  reply.send_line(std::move(line));
}

}  // namespace alfabravo::ops
