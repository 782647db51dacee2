// Fuzzes what a socket client controls: the byte stream the daemon frames into lines and parses into
// requests. Beyond "no crash, no sanitizer report": every line the framer hands out respects the limit, and
// every request that parses survives a round trip through serialize_request() unchanged (the client writes
// what the daemon reads). JSON lines are also read the old way, into nlohmann's DOM: both readers must agree.
// Each line also makes the words of a transcript reply, written by hand and through the DOM: both must agree.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "../protocol/dom_request_object.hpp"
#include "../protocol/dom_transcript_line.hpp"
#include "protocol/events.hpp"
#include "protocol/line_checks.hpp"
#include "protocol/line_framer.hpp"
#include "protocol/request.hpp"

namespace {

[[noreturn]] void violated(const char* what) {
  std::cerr << "invariant violated: " << what << "\n";
  std::abort();
}

void check_round_trip(const alfabravo::Request& request) {
  const auto line = alfabravo::serialize_request(request);
  std::string_view text = line.str();
  if (text.empty() || text.back() != '\n') violated("a serialized request is not one line");
  text.remove_suffix(1);
  // Default limits: a plain-text line grows when written as JSON, past the fuzzer's tiny line limits.
  auto again = alfabravo::parse_request(text);
  if (!again) violated("a serialized request does not parse");
  if (again->op != request.op || again->id != request.id || again->text != request.text ||
      again->mode != request.mode || again->case_policy != request.case_policy ||
      again->digits != request.digits || again->group != request.group || again->voice != request.voice ||
      again->rate != request.rate || again->device != request.device || again->detach != request.detach ||
      again->format != request.format || again->target != request.target) {
    violated("a request changed in a round trip");
  }
}

// The line's bytes as transcript words ('|' ends a word, '#' its kind), written as the transcript reply by
// hand and through nlohmann's DOM: the hand-written line is sized before it is written, so a wrong size is
// an out-of-bounds write the sanitizers report, and a wrong byte a difference.
void check_transcript_line(std::string_view text) {
  std::vector<alfabravo::TranscriptWord> words;
  for (std::size_t start = 0, index = 0; start <= text.size(); ++index) {
    const std::size_t end = std::min(text.find('|', start), text.size());
    const std::string_view piece = text.substr(start, end - start);
    const std::size_t mark = std::min(piece.find('#'), piece.size());
    words.push_back({piece.substr(0, mark), index * 977, piece.substr(std::min(mark + 1, piece.size()))});
    start = end + 1;
  }
  const alfabravo::RequestId id = std::string(text.substr(0, 3));
  if (alfabravo::transcript_line(id, words) != alfabravo::testing::dom_transcript_line(id, words)) {
    violated("the transcript line differs from the DOM-built one");
  }
}

void handle(const alfabravo::FramedLine& line, const alfabravo::ProtocolLimits& limits) {
  if (line.kind != alfabravo::FramedLine::Kind::line) return;
  if (line.text.size() > limits.max_line_bytes) violated("the framer handed out a line over the limit");
  if (line.text.find('\n') != std::string_view::npos) violated("a framed line holds a newline");
  check_transcript_line(line.text);
  if (auto request = alfabravo::parse_request(line.text, limits)) check_round_trip(*request);
  if (line.text.starts_with('{') && !alfabravo::nests_deeper_than(line.text, limits.max_nesting) &&
      !alfabravo::testing::request_object_difference(line.text).empty()) {
    violated("the SAX reader and the DOM parser disagree on a line");
  }
}

}  // namespace

// First byte: the line limit (small, to reach the too-long paths often); second: how the input is chunked.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  alfabravo::ProtocolLimits limits;
  limits.max_line_bytes = 16 + data[0] * 4u;
  const std::size_t chunk = 1 + data[1] % 64;
  const std::string_view input(reinterpret_cast<const char*>(data + 2), size - 2);

  alfabravo::LineFramer framer(limits.max_line_bytes);
  for (std::size_t at = 0; at < input.size(); at += chunk) {
    framer.feed(input.substr(at, chunk));
    while (auto line = framer.next())
      handle(*line, limits);
  }
  if (auto last = framer.finish()) handle(*last, limits);
  return 0;
}
