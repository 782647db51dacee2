#include "protocol/line_framer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace alfabravo {
namespace {

// Feeds the chunks one by one and collects what the framer reports: a line's text, or "<too long>".
std::vector<std::string> frame(LineFramer& framer, const std::vector<std::string>& chunks) {
  std::vector<std::string> out;
  for (const auto& chunk : chunks) {
    framer.feed(chunk);
    while (auto line = framer.next()) {
      out.push_back(line->kind == FramedLine::Kind::line ? std::string(line->text) : "<too long>");
    }
  }
  return out;
}

TEST(LineFramer, SplitsLinesInOneChunk) {
  LineFramer framer(100);
  EXPECT_EQ(frame(framer, {"a\nbb\nccc\n"}), (std::vector<std::string>{"a", "bb", "ccc"}));
  EXPECT_FALSE(framer.has_partial_line());
}

TEST(LineFramer, JoinsALineSplitAcrossChunks) {
  LineFramer framer(100);
  EXPECT_EQ(frame(framer, {"he", "l", "lo\nwor", "ld\n"}), (std::vector<std::string>{"hello", "world"}));
}

TEST(LineFramer, ReportsAPartialLine) {
  LineFramer framer(100);
  EXPECT_TRUE(frame(framer, {"no newline yet"}).empty());
  EXPECT_TRUE(framer.has_partial_line());
  EXPECT_EQ(frame(framer, {"\n"}), (std::vector<std::string>{"no newline yet"}));
  EXPECT_FALSE(framer.has_partial_line());
}

TEST(LineFramer, FinishGivesTheUnterminatedLastLine) {
  LineFramer framer(8);
  EXPECT_EQ(frame(framer, {"a\nlast"}), (std::vector<std::string>{"a"}));
  const auto last = framer.finish();
  ASSERT_TRUE(last);
  EXPECT_EQ(last->text, "last");
  EXPECT_FALSE(framer.finish());
  EXPECT_FALSE(framer.has_partial_line());
  // An over-long line cut off by the end of input is not handed out.
  EXPECT_EQ(frame(framer, {"123456789"}), (std::vector<std::string>{"<too long>"}));
  EXPECT_FALSE(framer.finish());
}

TEST(LineFramer, StripsCarriageReturnAndSkipsEmptyLines) {
  LineFramer framer(100);
  EXPECT_EQ(frame(framer, {"a\r\n\n\r\nb\r", "\n"}), (std::vector<std::string>{"a", "b"}));
}

TEST(LineFramer, AcceptsALineOfExactlyTheLimit) {
  LineFramer framer(8);
  EXPECT_EQ(frame(framer, {"1234", "5678\r", "\n"}), (std::vector<std::string>{"12345678"}));
  EXPECT_EQ(frame(framer, {"12345678\n"}), (std::vector<std::string>{"12345678"}));
}

TEST(LineFramer, JoinsALineOfTheLimitReceivedInSmallPieces) {
  // The framer's buffer starts small and grows as the line arrives: every byte must survive each growth.
  constexpr std::size_t kLimit = 64 * 1024;
  LineFramer framer(kLimit);
  std::string line;
  for (std::size_t i = 0; i < kLimit; ++i)
    line.push_back(static_cast<char>('a' + i % 26));
  std::vector<std::string> chunks;
  for (std::size_t at = 0; at < line.size(); at += 333)
    chunks.push_back(line.substr(at, 333));
  chunks.push_back("\r\nnext\n");
  EXPECT_EQ(frame(framer, chunks), (std::vector<std::string>{line, "next"}));
  EXPECT_FALSE(framer.has_partial_line());
}

TEST(LineFramer, ReportsAnOverlongLineBeforeItsNewlineAndResynchronises) {
  LineFramer framer(8);
  // The limit is passed in the second chunk: reported at once, although no newline has arrived.
  EXPECT_TRUE(frame(framer, {"12345"}).empty());
  EXPECT_EQ(frame(framer, {"6789"}), (std::vector<std::string>{"<too long>"}));
  EXPECT_TRUE(framer.has_partial_line());
  // The rest of that line is skipped, silently, however long it is; the next line is read normally.
  EXPECT_TRUE(frame(framer, {std::string(100000, 'x')}).empty());
  EXPECT_EQ(frame(framer, {"yyy\nok\n"}), (std::vector<std::string>{"ok"}));
  EXPECT_FALSE(framer.has_partial_line());
}

TEST(LineFramer, ReportsAnOverlongCompleteLine) {
  LineFramer framer(4);
  EXPECT_EQ(frame(framer, {"12345\nabc\n"}), (std::vector<std::string>{"<too long>", "abc"}));
}

TEST(LineFramer, NeverHoldsMoreThanTheLimit) {
  LineFramer framer(16);
  // A megabyte without a newline, in small pieces, as a hostile client would send it.
  int too_long = 0;
  const std::string piece(1000, 'z');
  for (int i = 0; i < 1000; ++i) {
    for (const auto& reported : frame(framer, {piece})) {
      EXPECT_EQ(reported, "<too long>");
      ++too_long;
    }
  }
  EXPECT_EQ(too_long, 1);
  EXPECT_EQ(frame(framer, {"\nnext\n"}), (std::vector<std::string>{"next"}));
}

TEST(LineFramer, KeepsBytesAfterNulAndInvalidUtf8) {
  // The framer splits bytes; judging them is the parser's job.
  LineFramer framer(100);
  const std::string chunk("a\0b\xff\n", 5);
  const auto lines = frame(framer, {chunk});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], std::string("a\0b\xff", 4));
}

}  // namespace
}  // namespace alfabravo
