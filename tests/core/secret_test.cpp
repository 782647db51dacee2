// Secret<T>: the one type that holds the caller's text, its words, its audio and its rendered files. The
// string form's byte-level checks are in tests/protocol/request_test.cpp; these cover the other forms
// and the rules every form shares.
#include "core/secret.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "spelling/token.hpp"

namespace alfabravo {
namespace {

static_assert(!std::is_copy_constructible_v<SecretString> && !std::is_copy_assignable_v<SecretString>,
              "a copy would escape the wiping");
static_assert(!std::is_copy_constructible_v<SecretBytes> && !std::is_copy_constructible_v<Secret<Utterance>>);
static_assert(std::is_nothrow_move_constructible_v<SecretBytes> &&
              std::is_nothrow_move_assignable_v<SecretBytes>);

template <class T>
bool all_zero(const T* data, std::size_t count) {
  return std::all_of(data, data + count, [](T value) { return value == T{}; });
}

TEST(Secret, ClearWipesTheWholeCapacityNotOnlyTheSize) {
  SecretBytes bytes(std::vector<std::uint8_t>(1000, 0x5a));
  bytes.get().resize(10);  // the buffer still holds 1000 bytes of audio
  const auto* buffer = bytes.get().data();
  const auto capacity = bytes.get().capacity();
  bytes.clear();
  EXPECT_TRUE(bytes.empty());
  EXPECT_EQ(bytes.get().data(), buffer) << "clear() keeps the buffer (its bytes are checked below)";
  EXPECT_TRUE(all_zero(buffer, capacity));
}

TEST(Secret, MovingHandsTheBufferOverAndLeavesTheSourceEmpty) {
  SecretBytes source(std::vector<std::uint8_t>(64, 1));
  const auto* buffer = source.get().data();
  SecretBytes moved(std::move(source));
  EXPECT_TRUE(source.empty());  // NOLINT(bugprone-use-after-move): the moved-from state is specified
  EXPECT_EQ(moved.get().data(), buffer) << "the bytes were handed over, not copied";
}

TEST(Secret, ClearingAnUtteranceWipesItsWordsBeforeTheTokensAreDestroyed) {
  Secret<Utterance> utterance(Utterance(4));
  for (auto& token : utterance.get()) {
    token.display = "Zq9";  // short: the bytes live inside the token, inside the vector's buffer
    token.clip = "Zq9";
  }
  const auto* buffer = reinterpret_cast<const char*>(utterance.get().data());
  const std::size_t bytes = utterance.get().capacity() * sizeof(Token);
  utterance.clear();  // the vector keeps its buffer: the destroyed tokens' bytes are still readable
  const std::string_view left(buffer, bytes);
  EXPECT_EQ(left.find("Zq9"), std::string_view::npos) << "a word is still in the utterance's memory";
}

}  // namespace
}  // namespace alfabravo
