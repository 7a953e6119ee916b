#include "checkers/key_parts.h"

#include <algorithm>
#include <iterator>
#include <map>

namespace faultline {

std::vector<KeyPart> split_by_key(const OpTable& table, const std::vector<PairedOp>& paired) {
  const size_t no_key = table.key_count();
  std::vector<std::vector<uint32_t>> by_id(no_key + 1);
  bool keyed = false;
  for (size_t i = 0; i < paired.size(); ++i) {
    if (paired[i].outcome == OpType::kFail) continue;
    const int32_t key = table.key_id(paired[i].invoke);
    keyed = keyed || key >= 0;
    by_id[key < 0 ? no_key : static_cast<size_t>(key)].push_back(static_cast<uint32_t>(i));
  }
  if (!keyed) return {KeyPart{"", std::move(by_id[no_key])}};
  // Ops with no key share the part of the key "".
  std::map<std::string, std::vector<uint32_t>> named;
  for (size_t id = 0; id <= no_key; ++id) {
    if (by_id[id].empty()) continue;
    std::vector<uint32_t>& part =
        named[id == no_key ? std::string() : table.key_text(static_cast<int32_t>(id))];
    if (part.empty()) {
      part = std::move(by_id[id]);
    } else {
      std::vector<uint32_t> merged;
      std::merge(part.begin(), part.end(), by_id[id].begin(), by_id[id].end(),
                 std::back_inserter(merged));
      part = std::move(merged);
    }
  }
  std::vector<KeyPart> parts;
  parts.reserve(named.size());
  for (auto& [name, pairs] : named) parts.push_back({name, std::move(pairs)});
  return parts;
}

PartOps make_part_ops(const OpTable& table, const std::vector<PairedOp>& paired,
                      const KeyPart& part) {
  auto storage = std::make_shared<std::vector<Op>>();
  storage->reserve(part.pairs.size() * 2);  // no reallocation: CheckOps point into it
  PartOps out;
  out.ops.reserve(part.pairs.size());
  for (uint32_t i : part.pairs) {
    const PairedOp& p = paired[i];
    CheckOp op;
    storage->push_back(table.op(p.invoke));
    op.invoke = &storage->back();
    if (p.has_completion()) {
      storage->push_back(table.op(p.complete));
      op.complete = &storage->back();
    }
    op.ok = p.outcome == OpType::kOk;
    op.call_position = p.invoke;
    op.return_position = p.complete;
    out.ops.push_back(op);
  }
  out.storage = std::move(storage);
  return out;
}

}  // namespace faultline
