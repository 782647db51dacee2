// parse_request_object() reads request lines without a DOM: it must accept and refuse exactly what
// json::parse with the duplicate-key callback did, with the same message (and byte), and keep the same
// members.
#include "protocol/request_object.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "dom_request_object.hpp"

namespace alfabravo {
namespace {

using testing::request_object_difference;

const std::vector<std::string> kLines = {
    R"({"op":"transcript","text":"Ab3/x-Kilo 42?"})",
    R"({"id":"c1-2","op":"transcript","text":"Ab3/x-Kilo 42?"})",
    R"({"op":"speak","id":7,"text":"x","mode":"url","case":"all","digits":"icao","group":4,"voice":"en",)"
    R"("rate":150,"device":"default","detach":true})",
    R"({})",
    R"({ "op" : "ping" , "id" : null })",
    "{\t\"op\"\r\n:\"ping\"}",
    R"({"op":"ping"} )",
    R"({"op":"ping"}x)",
    R"({"op":"ping"}{})",
    R"({"op":"ping",})",
    R"({"op":"ping" "id":1})",
    R"({"op":})",
    R"({"op")",
    R"({"op":"ping")",
    R"({)",
    R"({"a":1,"a":2})",
    R"({"a":1,"b":{"c":1,"c":2}})",
    R"({"a":{"c":1},"b":{"c":2}})",
    R"({"a":[{"c":1,"c":2}]})",
    R"({"a":[{"c":1},{"c":2}]})",
    R"({"op":"ping","op":"ping"})",
    R"({"a":1,"a":2,x})",
    R"({"a":1e400})",
    R"({"a":-1e400})",
    R"({"a":1e-400})",
    R"({"a":1.7976931348623157e308})",
    R"({"a":18446744073709551615})",
    R"({"a":18446744073709551616})",
    R"({"a":-9223372036854775808})",
    R"({"a":-9223372036854775809})",
    R"({"a":9223372036854775807})",
    R"({"a":9223372036854775808})",
    R"({"a":123456789012345678901234567890})",
    R"({"a":-0,"b":0.0,"c":-0.0,"d":1E5,"e":1e+5,"f":1e-5})",
    R"({"a":01})",
    R"({"a":1.})",
    R"({"a":.5})",
    R"({"a":+1})",
    R"({"a":0x10})",
    R"({"a":NaN})",
    R"({"a":Infinity})",
    R"({"a":tru})",
    R"({"a":true,"b":false,"c":null})",
    R"({"a":True})",
    R"({"text":"\u00e9\u20ac\ud83d\ude00"})",
    R"({"text":"\ud800"})",
    R"({"text":"\udc00"})",
    R"({"text":"\ud800\u0041"})",
    R"({"text":"\u0000"})",
    R"({"text":"\u00"})",
    R"({"text":"\uZZZZ"})",
    R"({"text":"\x41"})",
    R"({"text":"\/\\\"\b\f\n\r\t"})",
    R"({"text":"\'"})",
    "{\"text\":\"tab\there\"}",
    "{\"text\":\"\x1f\"}",
    "{\"text\":\"\x7f\"}",
    "{\"text\":\"é€😀\"}",
    "{\"t\xc3\xa9xt\":1}",
    R"({"\u0074ext":"x","text":"y"})",
    R"({"a\u0000b":1})",
    R"({"":1})",
    R"({"":1,"":2})",
    R"({"b":1,"a":2,"B":3,"A":4,"é":5,"~":6})",
    R"({"op":["ping"]})",
    R"({"op":{"x":"ping"}})",
    R"({"id":[],"op":{}})",
    R"({"a":[1,2,[3,[4,[5]]]]})",
    R"({"a":[1,2,]})",
    R"({"a":{"b":{"c":{"d":{"e":{"f":{"g":1}}}}}}})",
    R"({"a":{"b":{"c":{"d":{"e":{"f":{"g":1,"g":2}}}}}}})",
    R"({"a":[[[[[[["x"]]]]]]]})",
    R"({"a":"x" /* comment */})",
    R"({"a":"x"} // comment)",
    R"({'a':1})",
    R"({a:1})",
    R"({"a" 1})",
    R"({"a":1 "b":2})",
    R"({"a":"unterminated)",
    R"({"a":"line
break"})",
    // Strings of every kind in the shape parse_request_object reads without nlohmann's lexer.
    R"({"op":"transcript","text":"pa\"ss\\w\u00f6rd\/\b\f\n\r\t"})",
    R"({"text":"\uD83D\uDE00\u00E9\u20aC"})",
    R"({"text":"\ud83d\u0041"})",
    R"({"text":"\ud83d"})",
    R"({"text":"\ud83d\"})",
    R"({"text":"\ud83d\ud83d"})",
    R"({"text":"\udfff\ud800"})",
    R"({"text":"\u12"})",
    R"({"text":"\u12g4"})",
    R"({"text":"abc\)",
    R"({"text":"abc\"})",
    "{\"text\":\"\xff\"}",
    "{\"text\":\"\xc3\"}",
    "{\"text\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"}",
    "{\"text\":\"\xc0\xaf\"}",
    "{\"text\":\"\xed\xa0\x80\"}",
    "{\"text\":\"\xf4\x90\x80\x80\"}",
    "{\"text\":\"a\x01"
    "b\"}",
    // The plain shape's other edges.
    R"( {"op":"transcript","text":"https://Example.com/x?k=Ab3"} )",
    R"({"a":0,"b":7,"c":123456789012345678,"d":1234567890123456789,"e":000,"f":5 })",
    R"({"a":5,})",
    R"({"a":5 ,"b":6})",
    R"({"a":trueX})",
    R"({"a":nul})",
    R"({"a":true  ,  "b":null})",
    R"({"a":"x\"})",
    "{\"a\":\"\x7f~ \"}",
    R"({"a":"1","b":"2","c":"3","d":"4","e":"5","f":"6","g":"7","h":"8","i":"9","j":"10","k":"11","l":"12",)"
    R"("m":"13","n":"14","o":"15","p":"16"})",
    R"({"a":"1","b":"2","c":"3","d":"4","e":"5","f":"6","g":"7","h":"8","i":"9","j":"10","k":"11","l":"12",)"
    R"("m":"13","n":"14","o":"15","p":"16","q":"17"})",
    R"({"a":"1","b":"2","c":"3","d":"4","e":"5","f":"6","g":"7","h":"8","i":"9","j":"10","k":"11","l":"12",)"
    R"("m":"13","n":"14","o":"15","a":"16"})",
};

TEST(RequestObject, AgreesWithTheDomParserOnEveryListedLine) {
  for (const auto& line : kLines)
    EXPECT_EQ(request_object_difference(line), "") << line;
}

// Every prefix of every listed line, and every line with one byte replaced by a JSON-significant one.
TEST(RequestObject, AgreesOnCutAndMutatedLines) {
  const std::string significant = "{}[]\":,\\ 0-1e.tfnu\x01";
  std::size_t checked = 0;
  for (const auto& line : kLines) {
    for (std::size_t cut = 0; cut <= line.size(); ++cut) {
      ASSERT_EQ(request_object_difference(line.substr(0, cut)), "") << line.substr(0, cut);
      ++checked;
    }
    for (std::size_t at = 0; at < line.size(); ++at) {
      for (const char c : significant) {
        std::string mutated = line;
        mutated[at] = c;
        ASSERT_EQ(request_object_difference(mutated), "") << mutated;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 10000u);
}

// Random lines built from JSON's pieces: mostly well formed, often not.
TEST(RequestObject, AgreesOnRandomLines) {
  const std::vector<std::string> pieces = {
      "{",
      "}",
      "[",
      "]",
      ",",
      ":",
      "\"op\"",
      "\"id\"",
      "\"text\"",
      "\"a\"",
      "\"b\"",
      "1",
      "-1",
      "1.5e3",
      "1e999",
      "true",
      "false",
      "null",
      "\"x\"",
      "\"\\u00e9\"",
      "\"\\ud800\"",
      " ",
      "\"\\n\"",
      "18446744073709551616",
      "\"transcript\"",
      "\"é\"",
      "\\",
      "\"",
  };
  std::mt19937 random(16);
  for (int round = 0; round < 20000; ++round) {
    std::string line = "{";
    const int length = 1 + static_cast<int>(random() % 12);
    for (int i = 0; i < length; ++i)
      line += pieces[random() % pieces.size()];
    ASSERT_EQ(request_object_difference(line), "") << line;
  }
}

TEST(RequestObject, KeepsTopLevelMembersSortedAsNlohmannIterates) {
  auto object = parse_request_object(R"({"text":"Ab3","op":"transcript","id":"x","list":[1],"map":{"k":1}})");
  ASSERT_TRUE(object);
  std::vector<std::string> keys;
  for (const auto& member : object.value().members())
    keys.push_back(member.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"id", "list", "map", "op", "text"}));
  EXPECT_EQ(*object.value().find("text"), "Ab3");
  EXPECT_TRUE(object.value().find("list")->is_array());
  EXPECT_TRUE(object.value().find("map")->is_object());
  EXPECT_EQ(object.value().find("absent"), nullptr);
}

// Thousands of keys in one object: found repeated all the same, and in n log n (a quadratic search would
// make this line, at the 64 KiB limit, cost seconds).
TEST(RequestObject, FindsARepeatedKeyAmongThousands) {
  std::string line = "{";
  for (int i = 0; i < 6000; ++i)
    line += "\"k" + std::to_string(i) + "\":0,";
  std::string repeated = line + "\"k5999\":1}";
  line += "\"last\":1}";
  EXPECT_EQ(request_object_difference(line), "");
  EXPECT_EQ(request_object_difference(repeated), "");
  EXPECT_FALSE(parse_request_object(repeated));
}

}  // namespace
}  // namespace alfabravo
