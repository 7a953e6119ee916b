#include "workloads/memory_txn.h"

#include <set>

#include "harness/history/txn.h"

namespace faultline {
namespace {

// The keys `mops` writes (appends to): reads of these are never stale, and
// never remembered as a snapshot, so a stale read is always a state the
// store really had (a prefix of the key's order), never one mixed with or
// in the middle of a txn's writes.
std::set<std::string> written_keys(const std::vector<MicroOpView>& mops) {
  std::set<std::string> keys;
  for (const MicroOpView& mop : mops)
    if (mop.kind != MicroOpKind::kRead) keys.insert(micro_op_key_text(*mop.key));
  return keys;
}

}  // namespace

Completion MemoryTxnStore::apply(const Op& txn, const std::map<std::string, Json>* stale) {
  std::vector<MicroOpView> mops;
  if (std::optional<std::string> problem = read_micro_ops(txn.value, &mops)) {
    return Completion::fail("not a txn: " + *problem);
  }
  const bool list = kind_ == elle::TxnWorkload::kListAppend;
  std::lock_guard lock(mutex_);
  const std::set<std::string> writes = written_keys(mops);
  Json result = Json::array();
  for (const MicroOpView& mop : mops) {
    const std::string key = micro_op_key_text(*mop.key);
    if (mop.kind == MicroOpKind::kRead) {
      Json seen;
      const auto old = stale && !writes.count(key) ? stale->find(key)
                                                   : std::map<std::string, Json>::const_iterator();
      if (stale && !writes.count(key) && old != stale->end()) {
        seen = old->second;
      } else {
        auto it = values_.find(key);
        seen = it == values_.end() ? (list ? Json::array() : Json()) : it->second;
      }
      result.push_back(Json::array({"r", *mop.key, std::move(seen)}));
      continue;
    }
    Json& value = values_[key];
    if (mop.kind == MicroOpKind::kAppend) {
      if (value.is_null()) value = Json::array();
      value.push_back(*mop.value);
    } else {
      value = *mop.value;
    }
    result.push_back(Json::array({list ? "append" : "w", *mop.key, *mop.value}));
  }
  return Completion::ok(std::move(result));
}

Json MemoryTxnStore::value(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = values_.find(key);
  return it == values_.end() ? Json() : it->second;
}

Completion MemoryTxnClient::invoke(const Op& invocation, Deadline deadline) {
  return faults_.run(invocation, deadline, [&] { return apply(invocation); });
}

Completion MemoryTxnClient::apply(const Op& invocation) {
  const bool stale = faults_.chance(faults_.faults().stale_read_rate);
  Completion completion = store_.apply(invocation, stale ? &seen_ : nullptr);
  if (faults_.faults().stale_read_rate > 0 && completion.type == OpType::kOk) {
    std::set<std::string> written;
    for (const Json& mop : completion.value)
      if (mop[0] != "r") written.insert(micro_op_key_text(mop[1]));
    // emplace: the first state seen stays, like a replica that stopped catching up.
    for (const Json& mop : completion.value)
      if (mop[0] == "r" && !written.count(micro_op_key_text(mop[1])))
        seen_.emplace(micro_op_key_text(mop[1]), mop[2]);
  }
  return completion;
}

ClientFactory memory_txn_clients(MemoryTxnStore& store, MemoryClientFaults faults, uint64_t seed) {
  return [&store, faults, seed](const ClientContext& context) -> std::unique_ptr<Client> {
    return std::make_unique<MemoryTxnClient>(store, faults,
                                             memory_client_seed(seed, context.worker));
  };
}

}  // namespace faultline
