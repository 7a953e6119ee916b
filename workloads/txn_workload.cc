#include "workloads/txn_workload.h"

#include "checkers/elle/elle_checker.h"
#include "workloads/workload_ops.h"

namespace faultline {

std::optional<std::string> validate(const TxnSettings& s) {
  if (s.min_length < 1) return "txn: min_length must be at least 1 (micro-ops per txn)";
  if (s.max_length < s.min_length) {
    return "txn: max_length (" + std::to_string(s.max_length) + ") must be at least min_length (" +
           std::to_string(s.min_length) + ")";
  }
  if (!(s.read_ratio >= 0 && s.read_ratio <= 1)) {
    return "txn: read_ratio is the chance of a read: from 0 to 1";
  }
  if (s.active_keys < 1) return "txn: active_keys must be at least 1";
  if (s.max_writes_per_key < 1) return "txn: max_writes_per_key must be at least 1";
  return std::nullopt;
}

TransactionWorkload::TransactionWorkload(elle::TxnWorkload kind, TxnSettings settings)
    : kind_(kind), settings_(settings) {
  for (int i = 0; i < settings_.active_keys; ++i) {
    active_.push_back(next_key_++);
    writes_.push_back(0);
  }
}

std::string_view TransactionWorkload::name() const { return elle::to_string(kind_); }

Json TransactionWorkload::micro_op(int64_t slot, Rng& rng) {
  const int64_t key = active_[static_cast<size_t>(slot)];
  if (uniform01(rng) < settings_.read_ratio) return Json::array({"r", key, nullptr});
  const int64_t value = ++writes_[static_cast<size_t>(key)];
  if (value >= settings_.max_writes_per_key) {  // retired: a fresh key takes its slot
    active_[static_cast<size_t>(slot)] = next_key_++;
    writes_.push_back(0);
  }
  const char* f = kind_ == elle::TxnWorkload::kListAppend ? "append" : "w";
  return Json::array({f, key, value});
}

Op TransactionWorkload::make_op(std::string_view, const std::string&, Rng& rng) {
  const auto span = static_cast<uint64_t>(settings_.max_length - settings_.min_length + 1);
  const int64_t length = settings_.min_length + static_cast<int64_t>(uniform_below(rng, span));
  Json micro_ops = Json::array();
  for (int64_t i = 0; i < length; ++i) {
    micro_ops.push_back(micro_op(static_cast<int64_t>(uniform_below(rng, active_.size())), rng));
  }
  Op op = invocation("txn", "", std::move(micro_ops));
  op.key.reset();
  return op;
}

std::vector<Op> TransactionWorkload::shared_final_ops() {
  std::vector<Op> reads;
  for (int64_t key = 0; key < next_key_; ++key) {
    if (writes_[static_cast<size_t>(key)] == 0) continue;
    Op op = invocation("txn", "", Json::array({Json::array({"r", key, nullptr})}));
    op.key.reset();
    reads.push_back(std::move(op));
  }
  return reads;
}

CheckerChoice txn_checker(elle::TxnWorkload kind) {
  CheckerChoice choice;
  choice.checker = "elle";
  choice.model = std::string(elle::to_string(kind));
  return choice;
}

}  // namespace faultline
