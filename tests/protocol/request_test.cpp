#include "protocol/request.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <new>
#include <string>
#include <string_view>

namespace alfabravo {
namespace {

// The error code of a line that must be refused; fails the test if it is accepted.
std::string refusal(std::string_view line, const ProtocolLimits& limits = {}) {
  auto parsed = parse_request(line, limits);
  if (parsed) return "<accepted>";
  return std::string(to_string(parsed.error().error.code));
}

Request accepted(std::string_view line) {
  auto parsed = parse_request(line);
  EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().error.message);
  return parsed ? std::move(parsed).value() : Request{};
}

TEST(ParseRequest, PlainTextIsSpokenWithTheDefaults) {
  const auto request = accepted("https://Example.com/x?k=Ab3");
  EXPECT_EQ(request.op, Op::speak);
  EXPECT_TRUE(request.plain_text);
  EXPECT_EQ(request.text.str(), "https://Example.com/x?k=Ab3");
  EXPECT_FALSE(request.id);
  EXPECT_FALSE(request.mode);
  EXPECT_FALSE(request.detach);
}

TEST(ParseRequest, PlainTextKeepsSpacesAndBrackets) {
  EXPECT_EQ(accepted(" {not json").text.str(), " {not json");
  EXPECT_EQ(accepted("[1,2]").text.str(), "[1,2]");
}

TEST(ParseRequest, SpeakWithEveryOption) {
  const auto request = accepted(
      R"({"op":"speak","id":"a1","text":"Ab3","mode":"password","case":"all","digits":"icao","group":3,)"
      R"("voice":"en","device":"pulse","rate":200,"detach":true})");
  EXPECT_EQ(request.op, Op::speak);
  ASSERT_TRUE(request.id);
  EXPECT_EQ(*request.id, RequestId{std::string("a1")});
  EXPECT_EQ(request.text.str(), "Ab3");
  EXPECT_EQ(request.mode, SpellMode::password);
  EXPECT_EQ(request.case_policy, CasePolicy::all);
  EXPECT_EQ(request.digits, DigitStyle::icao);
  EXPECT_EQ(request.group, 3u);
  EXPECT_EQ(request.voice, "en");
  EXPECT_EQ(request.device, "pulse");
  EXPECT_EQ(request.rate, 200);
  EXPECT_TRUE(request.detach);
  EXPECT_FALSE(request.plain_text);
}

TEST(ParseRequest, EveryOpIsKnown) {
  for (const auto* op : {"stop", "status", "voices", "devices", "ping", "version"}) {
    const auto request = accepted(std::string(R"({"op":")") + op + "\"}");
    EXPECT_EQ(to_string(request.op), op);
  }
  EXPECT_EQ(accepted(R"({"op":"transcript","text":"x"})").op, Op::transcript);
  EXPECT_EQ(accepted(R"({"op":"render","text":"x","format":"ulaw"})").format, "ulaw");
  EXPECT_FALSE(accepted(R"({"op":"render","text":"x"})").format);
}

TEST(ParseRequest, IdsAreStringsOrIntegers) {
  EXPECT_EQ(*accepted(R"({"op":"ping","id":42})").id, RequestId{std::int64_t{42}});
  EXPECT_EQ(*accepted(R"({"op":"ping","id":-7})").id, RequestId{std::int64_t{-7}});
  EXPECT_FALSE(accepted(R"({"op":"ping","id":null})").id);
  EXPECT_EQ(refusal(R"({"op":"ping","id":1.5})"), "bad_option");
  EXPECT_EQ(refusal(R"({"op":"ping","id":true})"), "bad_option");
  EXPECT_EQ(refusal(R"({"op":"ping","id":""})"), "bad_option");
  EXPECT_EQ(refusal(R"({"op":"ping","id":18446744073709551615})"), "bad_option");
  EXPECT_EQ(refusal(R"({"op":"ping","id":")" + std::string(129, 'x') + "\"}"), "bad_option");
}

TEST(ParseRequest, CancelNamesItsTarget) {
  const auto with_target = accepted(R"({"op":"cancel","id":"c","target":"s1"})");
  EXPECT_EQ(*with_target.target, RequestId{std::string("s1")});
  EXPECT_EQ(*with_target.id, RequestId{std::string("c")});
  // The shorthand {"op":"cancel","id":X} cancels X.
  const auto shorthand = accepted(R"({"op":"cancel","id":7})");
  EXPECT_EQ(*shorthand.target, RequestId{std::int64_t{7}});
  EXPECT_EQ(refusal(R"({"op":"cancel"})"), "bad_option");
  EXPECT_EQ(refusal(R"({"op":"cancel","target":[1]})"), "bad_option");
}

TEST(ParseRequest, BadJson) {
  EXPECT_EQ(refusal("{"), "bad_json");
  EXPECT_EQ(refusal(R"({"op":"ping",})"), "bad_json");
  EXPECT_EQ(refusal(R"({"op":"ping"} trailing)"), "bad_json");
  EXPECT_EQ(refusal(R"({'op':'ping'})"), "bad_json");
  EXPECT_EQ(refusal("{\"op\":\"speak\",\"text\":\"a\tb\"}"),
            "bad_json");  // raw control character in a string
  // nlohmann throws out_of_range, not parse_error, for these (found by fuzzing; it took the daemon down).
  EXPECT_EQ(refusal(R"({"op":1e400})"), "bad_json");
  EXPECT_EQ(refusal(R"({"op":"speak","text":"x","group":-1e999})"), "bad_json");
}

TEST(ParseRequest, BadJsonMessageDoesNotQuoteTheInput) {
  const auto parsed = parse_request(R"({"op":"speak","text":"Secret123)");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().error.message.find("Secret"), std::string::npos) << parsed.error().error.message;
}

TEST(ParseRequest, DeepNestingIsRefusedBeforeParsing) {
  std::string deep = R"({"op":"ping","x":)";
  for (int i = 0; i < 60000; ++i)
    deep += '[';  // within the line limit
  EXPECT_EQ(refusal(deep), "bad_json");
  // Brackets inside strings are text, not nesting.
  EXPECT_TRUE(parse_request(R"({"op":"speak","text":"[[[[[[[[[[[[[[[[[[[[{{{{{{{{{{{{"})"));
  ProtocolLimits strict;
  strict.max_nesting = 1;
  EXPECT_EQ(refusal(R"({"op":"speak","text":"x","mode":{}})", strict), "bad_json");
}

TEST(ParseRequest, UnknownOp) {
  EXPECT_EQ(refusal(R"({"text":"abc"})"), "unknown_op");
  EXPECT_EQ(refusal(R"({"op":"sing"})"), "unknown_op");
  EXPECT_EQ(refusal(R"({"op":7})"), "unknown_op");
  EXPECT_EQ(refusal(R"({"op":"SPEAK","text":"x"})"), "unknown_op");
}

TEST(ParseRequest, ErrorsCarryTheClientsId) {
  const auto parsed = parse_request(R"({"op":"sing","id":"x9"})");
  ASSERT_FALSE(parsed);
  ASSERT_TRUE(parsed.error().id);
  EXPECT_EQ(*parsed.error().id, RequestId{std::string("x9")});
}

TEST(ParseRequest, BadOptions) {
  EXPECT_EQ(refusal(R"({"op":"speak","text":"x","volume":3})"), "bad_option");  // unknown key
  EXPECT_EQ(refusal(R"({"op":"ping","text":"x"})"), "bad_option");              // not an option of ping
  EXPECT_EQ(refusal(R"({"op":"transcript","text":"x","detach":true})"), "bad_option");
  EXPECT_EQ(refusal(R"({"op":"speak","text":7})"), "bad_option");
  EXPECT_EQ(refusal(R"({"op":"speak"})"), "bad_option");  // text missing
  EXPECT_EQ(refusal(R"({"op":"speak","text":"x","mode":"loud"})"), "bad_option");
  EXPECT_EQ(refusal(R"({"op":"speak","text":"x","mode":1})"), "bad_option");
  EXPECT_EQ(refusal(R"({"op":"speak","text":"x","case":"upper"})"), "bad_option");
  EXPECT_EQ(refusal(R"({"op":"speak","text":"x","digits":"roman"})"), "bad_option");
  EXPECT_EQ(refusal(R"({"op":"speak","text":"x","group":-1})"), "bad_option");
  EXPECT_EQ(refusal(R"({"op":"speak","text":"x","group":65})"), "bad_option");
  EXPECT_EQ(refusal(R"({"op":"speak","text":"x","group":"4"})"), "bad_option");
  EXPECT_EQ(refusal(R"({"op":"speak","text":"x","rate":79})"), "bad_option");
  EXPECT_EQ(refusal(R"({"op":"speak","text":"x","rate":451})"), "bad_option");
  EXPECT_EQ(refusal(R"({"op":"speak","text":"x","rate":150.5})"), "bad_option");
  EXPECT_EQ(refusal(R"({"op":"speak","text":"x","detach":"yes"})"), "bad_option");
  EXPECT_EQ(refusal(R"({"op":"speak","text":"x","voice":"../../etc/passwd"})"), "bad_option");
  EXPECT_EQ(refusal(R"({"op":"speak","text":"x","voice":""})"), "bad_option");
  EXPECT_EQ(refusal(R"({"op":"speak","text":"x","device":""})"), "bad_option");
  EXPECT_EQ(refusal(R"({"op":"render","text":"x","format":"mp3"})"), "bad_option");
}

TEST(ParseRequest, BadText) {
  EXPECT_EQ(refusal("caf\xc3"), "bad_text");                               // truncated sequence
  EXPECT_EQ(refusal("\xc0\xaf"), "bad_text");                              // overlong "/"
  EXPECT_EQ(refusal("\xed\xa0\x80"), "bad_text");                          // a surrogate
  EXPECT_EQ(refusal("{\"op\":\"speak\",\"text\":\"\xff\"}"), "bad_text");  // inside JSON too
  EXPECT_EQ(refusal(std::string("a\0b", 3)), "bad_text");
  EXPECT_EQ(refusal(R"({"op":"speak","text":"a\u0000b"})"), "bad_text");
  EXPECT_EQ(refusal(R"({"op":"speak","text":""})"), "bad_text");
  EXPECT_TRUE(parse_request("caf\xc3\xa9 \xf0\x9f\x94\x91"));  // valid UTF-8 of every length
}

TEST(ParseRequest, TooLong) {
  ProtocolLimits limits;
  limits.max_text_characters = 5;
  EXPECT_EQ(refusal("abcdef", limits), "too_long");
  EXPECT_EQ(refusal(R"({"op":"transcript","text":"abcdef"})", limits), "too_long");
  // Characters, not bytes: five two-byte letters are within the limit.
  EXPECT_TRUE(parse_request("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", limits));
  limits.max_line_bytes = 10;
  EXPECT_EQ(refusal(R"({"op":"ping","id":1})", limits), "too_long");
  EXPECT_EQ(refusal(std::string(kDefaultMaxCharacters + 1, 'a')), "too_long");
  EXPECT_TRUE(parse_request(std::string(kDefaultMaxCharacters, 'a')));
}

TEST(ParseRequest, AppliesChoicesOverTheDefaults) {
  SpellingOptions defaults;
  defaults.digits = DigitStyle::icao;
  defaults.max_characters = 99;
  const auto options =
      accepted(R"({"op":"speak","text":"x","mode":"url","group":0})").spelling_options(defaults);
  EXPECT_EQ(options.mode, SpellMode::url);
  EXPECT_EQ(options.digits, DigitStyle::icao);
  EXPECT_EQ(options.case_policy, CasePolicy::capitals);
  EXPECT_EQ(options.group, 0u);
  EXPECT_EQ(options.max_characters, 99u);
}

TEST(SerializeRequest, RoundTripsThroughTheParser) {
  Request request;
  request.op = Op::speak;
  request.id = RequestId{std::int64_t{5}};
  request.text = SecretString("{starts like JSON\u00e9");
  request.mode = SpellMode::url;
  request.case_policy = CasePolicy::none;
  request.digits = DigitStyle::icao;
  request.group = 2;
  request.voice = "en";
  request.device = "default";
  request.rate = 120;
  request.detach = true;
  const auto line = serialize_request(request);
  ASSERT_EQ(line.str().back(), '\n');
  const auto parsed = accepted(std::string_view(line.str()).substr(0, line.size() - 1));
  EXPECT_EQ(parsed.op, request.op);
  EXPECT_EQ(parsed.id, request.id);
  EXPECT_EQ(parsed.text, request.text);
  EXPECT_EQ(parsed.mode, request.mode);
  EXPECT_EQ(parsed.case_policy, request.case_policy);
  EXPECT_EQ(parsed.digits, request.digits);
  EXPECT_EQ(parsed.group, request.group);
  EXPECT_EQ(parsed.voice, request.voice);
  EXPECT_EQ(parsed.device, request.device);
  EXPECT_EQ(parsed.rate, request.rate);
  EXPECT_TRUE(parsed.detach);
}

TEST(SerializeRequest, CancelAndRender) {
  Request cancel;
  cancel.op = Op::cancel;
  cancel.target = RequestId{std::string("s")};
  EXPECT_EQ(serialize_request(cancel).str(), "{\"op\":\"cancel\",\"target\":\"s\"}\n");
  Request render;
  render.op = Op::render;
  render.text = SecretString("a");
  render.format = "alaw";
  EXPECT_EQ(serialize_request(render).str(), "{\"format\":\"alaw\",\"op\":\"render\",\"text\":\"a\"}\n");
}

TEST(SerializeRequest, BackAndSkipCarryTheirGroupsZeroIncluded) {
  Request back;
  back.op = Op::back;
  back.groups = 0;  // the start of the group being heard: must not be dropped as "unset"
  EXPECT_EQ(serialize_request(back).str(), "{\"groups\":0,\"op\":\"back\"}\n");
  EXPECT_EQ(accepted(serialize_request(back).str()).groups, 0u);
  Request skip;
  skip.op = Op::skip;
  EXPECT_EQ(serialize_request(skip).str(), "{\"op\":\"skip\"}\n");
  EXPECT_FALSE(accepted(R"({"op":"skip"})").groups) << "the daemon's default, 1";
  EXPECT_EQ(accepted(R"({"op":"skip","groups":64})").groups, 64u);
}

// The bytes of a buffer, read after the string no longer holds them (the storage is still the test's).
bool all_zero(const char* bytes, std::size_t count) {
  return std::all_of(bytes, bytes + count, [](char c) { return c == 0; });
}

// A password is short: it lives inside the string object (small-string buffer), so a move copies it and the
// source's own bytes must be wiped; a heap buffer is handed over whole.
TEST(SecretString, MoveWipesTheSourcesBytes) {
  SecretString a(std::string("Zq9Vx7Kp3"));
  const char* source_bytes = a.str().data();
  const std::size_t source_capacity = a.str().capacity();
  SecretString b(std::move(a));
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): the moved-from state is specified
  EXPECT_EQ(b.str(), "Zq9Vx7Kp3");
  EXPECT_TRUE(all_zero(source_bytes, source_capacity)) << "the secret is still in the moved-from string";

  SecretString c(std::string("Ab3dE"));
  const char* assigned_from = c.str().data();
  b = std::move(c);
  EXPECT_TRUE(all_zero(assigned_from, 5));  // NOLINT(bugprone-use-after-move)
}

TEST(SecretString, DestructionWipesTheObjectsBytes) {
  alignas(SecretString) unsigned char storage[sizeof(SecretString)];
  auto* secret = new (storage) SecretString(std::string("Zq9Vx7Kp3"));
  secret->~SecretString();
  const std::string_view bytes(reinterpret_cast<const char*>(storage), sizeof storage);
  EXPECT_EQ(bytes.find("Zq9"), std::string_view::npos) << "the secret is still in the destroyed object";
}

TEST(Wipe, OverwritesTheWholeHeapBufferBeforeItIsReleased) {
  std::string text(100, 's');
  text.resize(10);  // the buffer still holds 100 bytes of the secret
  const char* buffer = text.data();
  const std::size_t capacity = text.capacity();
  wipe(text);
  EXPECT_TRUE(text.empty());
  EXPECT_EQ(text.data(), buffer) << "wipe() keeps the buffer (its bytes are checked below)";
  EXPECT_TRUE(all_zero(buffer, capacity));
}

}  // namespace
}  // namespace alfabravo
