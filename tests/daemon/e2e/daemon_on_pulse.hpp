#pragma once
// The real alfabravod playing through PortAudio into a private PulseAudio server (tests/support), for the
// tests where what the daemon makes audible is the point.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "daemon_harness.hpp"
#include "pulse_harness.hpp"

namespace alfabravo::test {

class DaemonOnPulseTest : public ::testing::Test {
 protected:
  // idle_close: seconds the daemon keeps the output open after an utterance (--idle-close).
  explicit DaemonOnPulseTest(std::string idle_close) : idle_close_(std::move(idle_close)) {}

  void SetUp() override {
    pulse_ = std::make_unique<PulseHarness>();
    pulse_->start_server();
    DaemonOptions options;
    options.args = {"--audio", "portaudio", "--device", "default", "--idle-close", idle_close_};
    for (const auto& [key, value] : pulse_->client_environment())
      options.env[key] = value;
    daemon_ = std::make_unique<Daemon>(options);
  }
  void TearDown() override {
    daemon_.reset();  // before the sound server goes
    pulse_.reset();
  }

  std::unique_ptr<PulseHarness> pulse_;
  std::unique_ptr<Daemon> daemon_;

 private:
  std::string idle_close_;
};

}  // namespace alfabravo::test
