#pragma once
// The shape every request line of the daemon's clients has, read in one pass: one flat object of ASCII keys
// without escapes, its values strings, small non-negative integers, true, false or null, with JSON's
// whitespace between them. nlohmann's lexer costs more per request than spelling its text does (perf of
// bench/request_cpu.py), and leaves copies of the text in the buffer it grows; here each string goes straight
// into its value. Any other line is left to nlohmann's parser, which reads it (and reports its error) exactly
// as before: request_object_test.cpp and the protocol fuzzer compare both readers with a DOM.
#include <string_view>
#include <vector>

#include "protocol/request_object.hpp"

namespace alfabravo {

// The line's members, in the order they come, into `members`; false if the line is not of that shape (then
// `members` holds what was read so far, for its owner to wipe).
bool read_plain_object(std::string_view line, std::vector<RequestMember>& members);

}  // namespace alfabravo
