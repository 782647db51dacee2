#include "protocol/secret.hpp"

#include <string.h>  // explicit_bzero (glibc)

namespace alfabravo {

void wipe_bytes(void* data, std::size_t size) noexcept {
  if (data != nullptr && size > 0) explicit_bzero(data, size);
}

void wipe(std::string& s) noexcept {
  // capacity() covers both the heap buffer and the small-string buffer inside the object.
  wipe_bytes(s.data(), s.capacity());
  s.clear();
}

void wipe(std::vector<char>& v) noexcept {
  wipe_bytes(v.data(), v.capacity());
  v.clear();
}

SecretString& SecretString::operator=(const SecretString& other) {
  if (this != &other) {
    wipe(value_);
    value_ = other.value_;
  }
  return *this;
}

SecretString& SecretString::operator=(SecretString&& other) noexcept {
  if (this != &other) {
    wipe(value_);
    value_ = std::move(other.value_);
    wipe(other.value_);
  }
  return *this;
}

}  // namespace alfabravo
