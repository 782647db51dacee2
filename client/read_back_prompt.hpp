#pragma once
// The interactive mode's "c": the agent types what the caller read back, on the terminal already in raw mode
// with echo off, so nothing typed appears; the status line shows only how many characters were typed. The
// typed text is a secret: reserved once (never reallocated, so no copy is left behind) and wiped.
#include <cstddef>
#include <string>

#include "client/key_reader.hpp"
#include "protocol/secret.hpp"

namespace alfabravo::client {

class ReadBackPrompt {
 public:
  ReadBackPrompt();
  enum class State { typing, submitted, cancelled };
  // Enter submits (an empty read-back cancels), Esc cancels, Backspace takes back a character.
  State take(const Key& key);
  // "Read-back (not shown): 5 typed; Enter checks, Esc cancels"
  std::string status() const;
  // The typed text, moved out (the prompt is empty after).
  SecretString take_text();

 private:
  SecretString text_;
  std::size_t characters_ = 0;
};

}  // namespace alfabravo::client
