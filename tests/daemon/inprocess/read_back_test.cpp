// The alignment behind compare: the fewest edits, reported as wrong / missing / extra at the right places.
#include "read_back.hpp"

#include <gtest/gtest.h>

#include <string>

namespace alfabravo {
namespace {

std::vector<Difference> diff(std::u32string_view expected, std::u32string_view given) {
  return read_back_differences(expected, given);
}

TEST(ReadBack, EqualTextsHaveNoDifferences) {
  EXPECT_TRUE(diff(U"Ab3xY9", U"Ab3xY9").empty());
}

TEST(ReadBack, OneWrongCharacterIsOneWrongAtItsPlace) {
  const auto found = diff(U"Ab3xY9", U"Ab3xZ9");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, DifferenceKind::wrong);
  EXPECT_EQ(found[0].expected, 4u);
  EXPECT_EQ(found[0].given, 4u);
}

TEST(ReadBack, AMissingCharacterDoesNotMakeEveryLaterOneWrong) {
  const auto found = diff(U"abcdef", U"abdef");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, DifferenceKind::missing);
  EXPECT_EQ(found[0].expected, 2u);
}

TEST(ReadBack, AnExtraCharacterIsPlacedBeforeTheExpectedOneItPrecedes) {
  const auto found = diff(U"abc", U"abxc");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, DifferenceKind::extra);
  EXPECT_EQ(found[0].given, 2u);
  EXPECT_EQ(found[0].expected_before, 2u);
}

TEST(ReadBack, AnEmptyReadBackMissesEverything) {
  EXPECT_EQ(diff(U"abc", U"").size(), 3u);
}

}  // namespace
}  // namespace alfabravo
