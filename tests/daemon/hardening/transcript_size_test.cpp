// The protocol documents how long a transcript line can be (docs/protocol.md: under 1 MiB); line-based
// clients size their buffers by it.
#include <gtest/gtest.h>

#include "daemon_harness.hpp"

namespace alfabravo::test {
namespace {

TEST(TranscriptSize, TheLongestTextWithTheLongestNamesStaysUnderTheDocumentedMebibyte) {
  Daemon daemon;
  Client client(daemon.socket_path());
  std::string text;
  for (int i = 0; i < 4096; ++i)
    text += "\xEF\xAF\xB9";  // U+FBF9, one of the longest Unicode character names
  client.send(R"({"op":"transcript","id":"t","text":")" + text + "\"}\n");
  const auto line = client.read_line();
  ASSERT_TRUE(line);
  EXPECT_NE(line->find("\"transcript\""), std::string::npos) << line->substr(0, 200);
  EXPECT_GT(line->size(), 64u * 1024);  // past the request limit: why the document says so
  EXPECT_LT(line->size(), 1024u * 1024);
}

}  // namespace
}  // namespace alfabravo::test
