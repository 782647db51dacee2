// What the terminal shows while the daemon speaks: the transcript so far with the current words marked, or in
// password mode only positions.
#include "client/transcript_display.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "client/text_source.hpp"

namespace alfabravo::client {
namespace {

TEST(TranscriptDisplay, MarksTheWordsBeingSpoken) {
  std::ostringstream out;
  TranscriptDisplay display(out, DisplayStyle{80, true, false}, 3);
  display.progress(0, "capital Alfa");
  EXPECT_EQ(display.plain_line(), "[capital Alfa]");
  display.progress(1, "Bravo");
  EXPECT_EQ(display.plain_line(), "capital Alfa [Bravo]");
  EXPECT_NE(out.str().find("\r\033[Kcapital Alfa \033[7mBravo\033[0m"), std::string::npos);
  display.progress(2, "three");
  display.finish("");
  EXPECT_TRUE(out.str().ends_with("\r\033[Kcapital Alfa Bravo three\n")) << out.str();
}

TEST(TranscriptDisplay, AWordSaidAgainAfterAPauseIsWrittenOnce) {
  std::ostringstream out;
  TranscriptDisplay display(out, DisplayStyle{80, false, false}, 3);
  display.progress(0, "Alfa");
  display.progress(1, "Bravo");
  display.progress(1, "Bravo");  // resumed from the start of the cut word
  display.progress(2, "Charlie");
  EXPECT_EQ(display.plain_line(), "Alfa Bravo [Charlie]");
}

TEST(TranscriptDisplay, CutsTheStartWhenTheLineIsTooLong) {
  std::ostringstream out;
  TranscriptDisplay display(out, DisplayStyle{20, false, false}, 10);
  for (std::size_t i = 0; i < 6; ++i)
    display.progress(i, "Foxtrot");
  const auto line = display.plain_line();
  EXPECT_TRUE(line.ends_with("[Foxtrot]")) << line;
  EXPECT_TRUE(line.starts_with("\u2026")) << line;
  EXPECT_LE(line.size() - 2, 19u) << line;  // "…" is 3 bytes, one column
}

TEST(TranscriptDisplay, PasswordModeShowsPositionsNeverWords) {
  std::ostringstream out;
  TranscriptDisplay display(out, DisplayStyle{80, true, true}, 4);
  display.progress(0, "capital Papa");
  display.progress(1, "Alfa");
  EXPECT_EQ(display.plain_line(), "\u25CF[\u25CF]\u25CB\u25CB 2/4");
  display.progress(2, "five");
  display.progress(3, "exclamation mark");
  display.finish("");
  for (const char* word : {"Papa", "Alfa", "five", "exclamation"}) {
    EXPECT_EQ(out.str().find(word), std::string::npos) << word;
  }
  EXPECT_TRUE(out.str().ends_with("4 characters\n"));
}

TEST(TranscriptDisplay, LongPasswordsScrollAroundThePosition) {
  std::ostringstream out;
  TranscriptDisplay display(out, DisplayStyle{30, false, true}, 100);
  display.progress(50, "x");
  const auto line = display.plain_line();
  EXPECT_TRUE(line.ends_with(" 51/100")) << line;
  EXPECT_NE(line.find("[\u25CF]"), std::string::npos);
}

TEST(TranscriptDisplay, StoppedReadoutSaysSo) {
  std::ostringstream out;
  TranscriptDisplay display(out, DisplayStyle{80, false, false}, 3);
  display.progress(0, "Alfa");
  display.finish("stopped");
  EXPECT_TRUE(out.str().ends_with("Alfa (stopped)\n")) << out.str();
}

TEST(StripOneTrailingNewline, OnlyOne) {
  std::string text = "Ab3\n\n";
  strip_one_trailing_newline(text);
  EXPECT_EQ(text, "Ab3\n");
  text = "Ab3\r\n";
  strip_one_trailing_newline(text);
  EXPECT_EQ(text, "Ab3");
  text = "Ab3";
  strip_one_trailing_newline(text);
  EXPECT_EQ(text, "Ab3");
}

}  // namespace
}  // namespace alfabravo::client
