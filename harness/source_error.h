// Errors and warnings that point into an input file: what went wrong and where.
//
// Used by every reader of user-supplied text (histories, configs) so that a
// person sees "file:line:col: what was expected".
#pragma once

#include <cstdint>
#include <string>
#include <variant>

namespace faultline {

struct SourceLocation {
  std::string file;
  int64_t line = 0;    // 1-based; 0 when unknown
  int64_t column = 0;  // 1-based; 0 when unknown
};

std::string format_location(const SourceLocation& where);

struct SourceError {
  SourceLocation where;
  std::string message;
  std::string to_string() const;  // "file:line:col: message"
};

// A value or the SourceError that prevented it (std::expected is not in g++ 12).
template <class T>
class Parsed {
 public:
  Parsed(T value) : state_(std::move(value)) {}
  Parsed(SourceError error) : state_(std::move(error)) {}
  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(state_); }
  const T& value() const { return std::get<0>(state_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }
  const T& operator*() const { return value(); }
  const T* operator->() const { return &value(); }
  const SourceError& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, SourceError> state_;
};

}  // namespace faultline
