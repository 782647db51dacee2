#pragma once
// The text we speak is often a password: every buffer that held it, or its words, or its audio, is
// overwritten before its memory is released. Secret<T> makes that a property of the type rather than of each
// call site.
#include <string.h>  // explicit_bzero (glibc)

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace alfabravo {

inline void wipe_bytes(void* data, std::size_t size) noexcept {
  if (data != nullptr && size > 0) explicit_bzero(data, size);
}

// Overwrites the whole allocation (its capacity, not only its size: a shrunk string keeps the old bytes),
// then empties it. For a string, capacity() also covers the small-string buffer inside the object.
inline void wipe(std::string& s) noexcept {
  wipe_bytes(s.data(), s.capacity());
  s.clear();
}

template <class T>
requires std::is_trivially_copyable_v<T>
void wipe(std::vector<T>& v) noexcept {
  wipe_bytes(v.data(), v.capacity() * sizeof(T));
  v.clear();
}

// Appends `count` values to a secret vector. When it must grow, the new allocation is made here and the old
// one wiped before it is released (a plain insert would leave a copy of the secret in freed memory).
template <class T>
requires std::is_trivially_copyable_v<T>
void append_wiping(std::vector<T>& v, const T* values, std::size_t count) {
  if (v.size() + count > v.capacity()) {
    std::vector<T> grown;
    grown.reserve(std::max(v.size() + count, 2 * v.capacity()));
    grown.assign(v.begin(), v.end());
    wipe(v);
    v = std::move(grown);
  }
  v.insert(v.end(), values, values + count);
}

// A container of secret content: wiped when destroyed, cleared, or moved from (the moved-from side too), and
// never copied, so no copy escapes the wiping. T is anything wipe(T&) is declared for: std::string, a vector
// of plain values (samples, bytes), an utterance (spelling/token.hpp).
template <class T>
class Secret {
 public:
  Secret() = default;
  explicit Secret(T value) noexcept : value_(std::move(value)) {}
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  Secret(Secret&& other) noexcept : value_(std::move(other.value_)) { wipe(other.value_); }
  Secret& operator=(Secret&& other) noexcept {
    if (this != &other) {
      wipe(value_);
      value_ = std::move(other.value_);
      wipe(other.value_);
    }
    return *this;
  }
  ~Secret() { wipe(value_); }

  T& get() noexcept { return value_; }
  const T& get() const noexcept { return value_; }
  // The name the string form has always used.
  T& str() noexcept { return value_; }
  const T& str() const noexcept { return value_; }
  void clear() noexcept { wipe(value_); }
  bool empty() const noexcept { return value_.empty(); }
  std::size_t size() const noexcept { return value_.size(); }
  friend bool operator==(const Secret& a, const Secret& b) { return a.value_ == b.value_; }

 private:
  T value_;
};

using SecretString = Secret<std::string>;
using SecretBytes = Secret<std::vector<std::uint8_t>>;

}  // namespace alfabravo
