// Requests mean one thing: a key given twice is refused, not silently resolved (last wins) — a proxy that
// checks the first "device" or "text" and a daemon that uses the second would disagree.
#include <gtest/gtest.h>

#include "protocol/request.hpp"

namespace alfabravo {
namespace {

ErrorCode refusal_code(std::string_view line) {
  const auto parsed = parse_request(line);
  EXPECT_FALSE(parsed) << line;
  return parsed ? ErrorCode::internal : parsed.error().error.code;
}

TEST(ProtocolStrictness, ADuplicateKeyIsBadJson) {
  EXPECT_EQ(refusal_code(R"({"op":"speak","text":"a","text":"b"})"), ErrorCode::bad_json);
  EXPECT_EQ(refusal_code(R"({"op":"ping","op":"speak","text":"b"})"), ErrorCode::bad_json);
  EXPECT_EQ(refusal_code(R"({"op":"speak","id":1,"text":"a","device":"default","device":"x"})"),
            ErrorCode::bad_json);
  // The same key in different objects is no duplicate (the refusal is for the nesting, not the key).
  EXPECT_EQ(refusal_code(R"({"op":"speak","text":"a","mode":{"text":1}})"), ErrorCode::bad_option);
}

TEST(ProtocolStrictness, ADuplicateKeyRefusalKeepsTheIdWhenItIsUnambiguous) {
  const auto parsed = parse_request(R"({"op":"speak","id":"x","text":"a","text":"b"})");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().error.code, ErrorCode::bad_json);
  EXPECT_EQ(parsed.error().error.message.find("\"a\""), std::string::npos);  // no text quoted
}

TEST(ProtocolStrictness, TheUnknownOpMessageNamesEveryOp) {
  const auto parsed = parse_request(R"({"op":"sing"})");
  ASSERT_FALSE(parsed);
  for (const char* op : {"speak", "stop", "cancel", "transcript", "render", "status", "voices", "devices",
                         "ping", "version"}) {
    EXPECT_NE(parsed.error().error.message.find(op), std::string::npos) << op;
  }
}

}  // namespace
}  // namespace alfabravo
