#pragma once
// A value or an error, for the pure parts of alfabravo whose failures are ordinary results (bad caller text,
// a broken voice file) rather than exceptional events. C++23's std::expected is not in Debian 12's g++ 12.
#include <cassert>
#include <utility>
#include <variant>

namespace alfabravo {

template <class E>
struct Unexpected {
  // A constructor, not an aggregate: clang 14 cannot build an aggregate from parentheses.
  explicit Unexpected(E failure) : error(std::move(failure)) {}
  E error;
};
template <class E>
Unexpected(E) -> Unexpected<E>;

template <class T, class E>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Expected(Unexpected<E> failure) : state_(std::in_place_index<1>, std::move(failure.error)) {}

  bool has_value() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & { return checked_value(); }
  const T& value() const& { return const_cast<Expected*>(this)->checked_value(); }
  T&& value() && { return std::move(checked_value()); }
  T* operator->() { return &checked_value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return checked_value(); }
  const T& operator*() const& { return value(); }

  const E& error() const& {
    assert(!has_value());
    return std::get<1>(state_);
  }

 private:
  T& checked_value() {
    assert(has_value());
    return std::get<0>(state_);
  }
  std::variant<T, E> state_;
};

}  // namespace alfabravo
