#pragma once
// Bounds that several parts check and that must agree: a voice file, the daemon's configuration, a request
// and the client's options are all refused outside them.
#include <cstddef>

namespace alfabravo {

// eSpeak NG's own speaking rate bounds, in words per minute.
inline constexpr int kMinRateWpm = 80;
inline constexpr int kMaxRateWpm = 450;

// The largest "group" (characters spoken per group, 0 = no grouping).
inline constexpr std::size_t kMaxGroup = 64;

// The most groups one back or skip moves (the client's --back/--skip N, the protocol's "groups").
inline constexpr std::size_t kMaxNavigateGroups = 64;

}  // namespace alfabravo
