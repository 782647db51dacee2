#include "protocol/events.hpp"

#include <gtest/gtest.h>

#include "protocol/error_code.hpp"

namespace alfabravo {
namespace {

Event parsed(const std::string& line) {
  EXPECT_EQ(line.back(), '\n');
  auto event = parse_event(std::string_view(line).substr(0, line.size() - 1));
  EXPECT_TRUE(event) << (event ? "" : event.error().message);
  return event ? std::move(event).value() : Event{};
}

TEST(Events, SpeakEventsRoundTrip) {
  const RequestId id{std::string("r1")};
  auto queued = parsed(queued_line(id, 3));
  EXPECT_EQ(queued.type, EventType::queued);
  EXPECT_EQ(queued.id, id);
  EXPECT_EQ(queued.body["position"], 3);
  EXPECT_FALSE(is_final(queued.type));

  auto progress = parsed(progress_line(RequestId{std::int64_t{9}}, 4, "capital Alfa", 2));
  EXPECT_EQ(progress.type, EventType::progress);
  EXPECT_EQ(progress.id, RequestId{std::int64_t{9}});
  EXPECT_EQ(progress.body["index"], 4);
  EXPECT_EQ(progress.body["words"], "capital Alfa");
  EXPECT_EQ(progress.body["group"], 2);

  EXPECT_EQ(parsed(started_line(id)).type, EventType::started);
  EXPECT_TRUE(is_final(parsed(done_line(id)).type));
  EXPECT_TRUE(is_final(parsed(cancelled_line(id)).type));
}

TEST(Events, ErrorCarriesCodeAndMessage) {
  auto error = parsed(error_line(std::nullopt, ErrorCode::busy, "too many clients"));
  EXPECT_EQ(error.type, EventType::error);
  EXPECT_FALSE(error.id);
  EXPECT_TRUE(error.body["id"].is_null());
  EXPECT_EQ(error.error_code(), ErrorCode::busy);
  EXPECT_EQ(error.error_message(), "too many clients");
  EXPECT_TRUE(is_final(error.type));
}

TEST(Events, EveryErrorCodeHasAStableName) {
  for (const auto* name : {"bad_json", "unknown_op", "bad_option", "bad_text", "too_long", "busy",
                           "audio_unavailable", "forbidden", "not_found", "timeout", "internal"}) {
    const auto code = parse_error_code(name);
    ASSERT_TRUE(code) << name;
    EXPECT_EQ(to_string(*code), name);
  }
  EXPECT_FALSE(parse_error_code("nope"));
}

TEST(Events, RenderEventsAreNotFinalUntilDone) {
  EXPECT_FALSE(is_final(EventType::render));
  EXPECT_FALSE(is_final(EventType::audio));
  EXPECT_TRUE(is_final(EventType::pong));
  EXPECT_TRUE(is_final(EventType::transcript));
  EXPECT_FALSE(is_final(EventType::paused)) << "a paused utterance still ends with done or cancelled";
  EXPECT_FALSE(is_final(EventType::resumed));
  EXPECT_FALSE(is_final(EventType::jumped)) << "a jump moves the utterance; done or cancelled still follows";
  EXPECT_TRUE(is_final(EventType::comparison));
}

TEST(Events, MalformedEventsAreErrorsNotCrashes) {
  EXPECT_FALSE(parse_event("not json"));
  EXPECT_FALSE(parse_event("[1]"));
  EXPECT_FALSE(parse_event(R"({"id":1})"));
  EXPECT_FALSE(parse_event(R"({"id":1,"event":"dance"})"));
  EXPECT_FALSE(parse_event(R"({"id":1.5,"event":"done"})"));
  EXPECT_FALSE(parse_event(std::string(100000, '[')));
  EXPECT_FALSE(parse_event("{\"event\":\"done\",\"x\":\"\xff\"}"));
}

}  // namespace
}  // namespace alfabravo
