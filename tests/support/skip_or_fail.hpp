#pragma once
// A test that cannot run on this machine skips; in CI (CI=true) a missing prerequisite is a bug of
// scripts/deps or of the machine, never a pass, so there it fails instead.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string_view>

namespace alfabravo::test {

inline bool running_in_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string_view(ci) == "true";
}

}  // namespace alfabravo::test

#define ALFABRAVO_SKIP_OR_FAIL_IN_CI(reason)                               \
  do {                                                                     \
    if (::alfabravo::test::running_in_ci()) FAIL() << "in CI: " << reason; \
    GTEST_SKIP() << reason;                                                \
  } while (false)
