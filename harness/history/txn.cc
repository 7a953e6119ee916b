#include "harness/history/txn.h"

namespace faultline {
namespace {

std::optional<MicroOpKind> parse_kind(std::string_view f) {
  if (f == "append") return MicroOpKind::kAppend;
  if (f == "r" || f == "read") return MicroOpKind::kRead;
  if (f == "w" || f == "write") return MicroOpKind::kWrite;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(MicroOpKind kind) {
  switch (kind) {
    case MicroOpKind::kAppend:
      return "append";
    case MicroOpKind::kRead:
      return "r";
    case MicroOpKind::kWrite:
      return "w";
  }
  return "r";
}

std::optional<std::string> read_micro_ops(const Json& value, std::vector<MicroOpView>* out) {
  out->clear();
  if (!value.is_array()) return "a txn's value must be a list of [f key value] micro-ops";
  out->reserve(value.size());
  for (size_t i = 0; i < value.size(); ++i) {
    const Json& mop = value[i];
    const std::string where = "micro-op " + std::to_string(i + 1) + ": ";
    if (!mop.is_array() || mop.size() != 3) {
      return where + "expected [f key value], found " +
             (mop.is_array() ? std::to_string(mop.size()) + " elements" : "no list");
    }
    std::optional<MicroOpKind> kind;
    if (mop[0].is_string()) kind = parse_kind(mop[0].get_ref<const std::string&>());
    if (!kind) return where + "f must be append, r or w";
    if (!mop[1].is_string() && !mop[1].is_number_integer()) {
      return where + "the key must be a string or an integer";
    }
    if (*kind != MicroOpKind::kRead && mop[2].is_null()) {
      return where + std::string(to_string(*kind)) + " needs a value, found null";
    }
    out->push_back({*kind, &mop[1], &mop[2]});
  }
  return std::nullopt;
}

std::string micro_op_key_text(const Json& key) {
  if (key.is_string()) return key.get_ref<const std::string&>();
  return key.dump();
}

}  // namespace faultline
