// The interactive mode's keys as a terminal sends them, and the read-back typed with echo off.
#include "client/key_reader.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string_view>

#include "client/interactive_display.hpp"
#include "client/read_back_prompt.hpp"

namespace alfabravo::client {
namespace {

std::vector<Key> feed(KeyDecoder& decoder, std::string_view bytes) {
  return decoder.feed(bytes.data(), bytes.size());
}

TEST(KeyDecoder, PlainKeysEnterAndBackspace) {
  KeyDecoder decoder;
  const auto keys = feed(decoder, " rR-+cq\r\x7f");
  ASSERT_EQ(keys.size(), 9u);
  EXPECT_TRUE(keys[0].is(' '));
  EXPECT_TRUE(keys[1].is('r'));
  EXPECT_TRUE(keys[2].is('R'));
  EXPECT_TRUE(keys[6].is('q'));
  EXPECT_EQ(keys[7].kind, KeyKind::enter);
  EXPECT_EQ(keys[8].kind, KeyKind::backspace);
}

TEST(KeyDecoder, ArrowsInBothCursorModesEvenWhenSplitAcrossReads) {
  KeyDecoder decoder;
  auto keys = feed(decoder, "\033[C\033OD");
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].kind, KeyKind::right);
  EXPECT_EQ(keys[1].kind, KeyKind::left);
  EXPECT_TRUE(feed(decoder, "\033").empty());
  EXPECT_TRUE(decoder.pending_escape());
  EXPECT_TRUE(feed(decoder, "[").empty());
  keys = feed(decoder, "D");
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].kind, KeyKind::left);
  EXPECT_FALSE(decoder.pending_escape());
}

TEST(KeyDecoder, ALoneEscapeIsEscOnceNothingFollows) {
  KeyDecoder decoder;
  EXPECT_TRUE(feed(decoder, "\033").empty());
  const auto escape = decoder.escape_timed_out();
  ASSERT_TRUE(escape.has_value());
  EXPECT_EQ(escape->kind, KeyKind::escape);
  EXPECT_FALSE(decoder.escape_timed_out().has_value());
}

TEST(KeyDecoder, OtherSequencesAreNotCommands) {
  KeyDecoder decoder;
  const auto keys = feed(decoder, "\033[3~\033[1;5Cq");  // Delete, Ctrl+Right, then q
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys[0].kind, KeyKind::other);
  EXPECT_EQ(keys[1].kind, KeyKind::right);
  EXPECT_TRUE(keys[2].is('q'));
}

TEST(ReadBackPrompt, CountsWhatIsTypedWithoutShowingIt) {
  ReadBackPrompt prompt;
  KeyDecoder decoder;
  for (const Key& key : feed(decoder, "Ab\xc3\xa9x\x7f"))
    EXPECT_EQ(prompt.take(key), ReadBackPrompt::State::typing);
  EXPECT_EQ(prompt.status(), "Read-back (not shown): 3 typed; Enter checks, Esc cancels");
  EXPECT_EQ(prompt.take(Key{KeyKind::backspace}), ReadBackPrompt::State::typing);  // the two bytes of é
  EXPECT_EQ(prompt.take(Key{KeyKind::enter}), ReadBackPrompt::State::submitted);
  EXPECT_EQ(prompt.take_text().str(), "Ab");
  EXPECT_NE(prompt.status().find(": 0 typed"), std::string::npos);
}

TEST(ReadBackPrompt, EnterWithNothingTypedAndEscCancel) {
  ReadBackPrompt prompt;
  EXPECT_EQ(prompt.take(Key{KeyKind::enter}), ReadBackPrompt::State::cancelled);
  EXPECT_EQ(prompt.take(Key{KeyKind::character, 'x'}), ReadBackPrompt::State::typing);
  EXPECT_EQ(prompt.take(Key{KeyKind::escape}), ReadBackPrompt::State::cancelled);
}

TEST(InteractiveDisplay, TheStatusLineNeverWraps) {
  EXPECT_EQ(fit_columns("abcdef", 4), "abcd");
  EXPECT_EQ(fit_columns("\u2190/\u2192 groups", 3), "\u2190/\u2192");
  EXPECT_EQ(fit_columns("ab", 10), "ab");
}

TEST(InteractiveDisplay, StatusAboveTheTranscriptThenOnlyTheTranscriptAtTheEnd) {
  std::ostringstream out;
  InteractiveDisplay display(out, DisplayStyle{80, true, false}, 2);
  display.status("group 1");
  display.progress(0, "Alfa");
  display.status("group 1  paused");
  EXPECT_NE(out.str().find("\033[A\r\033[Kgroup 1  paused\n\r\033[K\033[7mAlfa\033[0m"), std::string::npos)
      << out.str();
  display.progress(1, "Bravo");
  display.finish("");
  EXPECT_TRUE(out.str().ends_with("\033[A\r\033[K\033[J\r\033[KAlfa Bravo\n")) << out.str();
}

}  // namespace
}  // namespace alfabravo::client
