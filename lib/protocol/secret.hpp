#pragma once
// Spoken text is often a password: buffers that held it are overwritten before their memory is released.
#include <cstddef>
#include <string>
#include <vector>

namespace alfabravo {

// Overwrites the whole allocation of s (its capacity, not only its size), then empties it.
void wipe(std::string& s) noexcept;
void wipe(std::vector<char>& v) noexcept;
void wipe_bytes(void* data, std::size_t size) noexcept;

// A string that wipes itself when destroyed or reassigned. Moves leave the source wiped and empty.
class SecretString {
 public:
  SecretString() = default;
  explicit SecretString(std::string value) noexcept : value_(std::move(value)) {}
  SecretString(const SecretString& other) : value_(other.value_) {}
  SecretString(SecretString&& other) noexcept : value_(std::move(other.value_)) { wipe(other.value_); }
  SecretString& operator=(const SecretString& other);
  SecretString& operator=(SecretString&& other) noexcept;
  ~SecretString() { wipe(value_); }

  const std::string& str() const noexcept { return value_; }
  std::string& str() noexcept { return value_; }
  bool empty() const noexcept { return value_.empty(); }
  std::size_t size() const noexcept { return value_.size(); }
  friend bool operator==(const SecretString& a, const SecretString& b) { return a.value_ == b.value_; }

 private:
  std::string value_;
};

}  // namespace alfabravo
