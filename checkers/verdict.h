// The one verdict type: valid, invalid, or unknown (a limit ran out, or the
// checker could not decide). Combining ranks invalid over unknown over valid.
#pragma once

#include <string_view>

#include "harness/history/op.h"

namespace faultline {

enum class Verdict { kValid, kInvalid, kUnknown };

inline Verdict combine(Verdict a, Verdict b) {
  if (a == Verdict::kInvalid || b == Verdict::kInvalid) return Verdict::kInvalid;
  if (a == Verdict::kUnknown || b == Verdict::kUnknown) return Verdict::kUnknown;
  return Verdict::kValid;
}

// Process exit status: 0 valid, 1 invalid, 2 unknown.
inline int exit_code(Verdict v) {
  switch (v) {
    case Verdict::kValid: return 0;
    case Verdict::kInvalid: return 1;
    case Verdict::kUnknown: return 2;
  }
  return 2;
}

inline std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::kValid: return "valid";
    case Verdict::kInvalid: return "invalid";
    case Verdict::kUnknown: return "unknown";
  }
  return "unknown";
}

// JSON form: true, false, or "unknown".
inline Json to_json(Verdict v) {
  if (v == Verdict::kValid) return true;
  if (v == Verdict::kInvalid) return false;
  return "unknown";
}

}  // namespace faultline
