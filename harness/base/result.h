// A value, or the error that prevented it (std::expected is not in g++ 12).
// Parsed<T> (source_error.h) and RemoteResult<T> (remote_error.h) are this
// with their error types.
#pragma once

#include <utility>
#include <variant>

namespace faultline {

template <class T, class E>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(E error) : state_(std::move(error)) {}
  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(state_); }
  const T& value() const { return std::get<0>(state_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }
  const T& operator*() const { return value(); }
  const T* operator->() const { return &value(); }
  const E& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, E> state_;
};

}  // namespace faultline
