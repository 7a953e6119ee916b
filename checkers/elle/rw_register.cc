#include "checkers/elle/rw_register.h"

#include <algorithm>

namespace faultline::elle {
namespace {

enum Rule : uint8_t { kObserved = 0, kNilFirst = 1, kReadThenWrite = 2 };

// The first micro-op of txn t on key k of `kind` at or after `from`, or kNone.
uint32_t find_mop(const TxnTable& table, TxnId t, KeyId k, MicroOpKind kind, uint32_t from = 0) {
  for (uint32_t m = std::max(from, table.mops_begin(t)); m < table.mops_end(t); ++m)
    if (table.key[m] == k && table.kind[m] == kind) return m;
  return kNone;
}

class RegisterExplainer : public EdgeExplainer {
 public:
  RegisterExplainer(const TxnTable& table) : table_(table) {}

  std::string why(const Edge& edge) const override {
    const std::string from = txn_name(table_, edge.from);
    const std::string to = txn_name(table_, edge.to);
    const std::string& key = table_.key_names[edge.key];
    const TxnId reader = edge.type == kReadWrite ? edge.from : edge.to;
    const uint32_t read = find_mop(table_, reader, edge.key, MicroOpKind::kRead);
    const std::string seen = read == kNone ? "nil" : table_.value_text(table_.value[read]);
    if (edge.type == kWriteRead)
      return to + " read " + seen + " of " + key + ", which " + from + " wrote";
    if (edge.rule == kNilFirst) {
      const uint32_t write = find_mop(table_, edge.to, edge.key, MicroOpKind::kWrite);
      return from + " read nil of " + key + " (the initial state), and " + to + " wrote " +
             table_.value_text(table_.value[write]) + " to it, a later version";
    }
    const TxnId overwriter = edge.to;
    const uint32_t its_read = find_mop(table_, overwriter, edge.key, MicroOpKind::kRead);
    const uint32_t its_write =
        find_mop(table_, overwriter, edge.key, MicroOpKind::kWrite, its_read);
    const std::string then = to + " read " + table_.value_text(table_.value[its_read]) + " of " +
                             key + " and then wrote " + table_.value_text(table_.value[its_write]) +
                             " to it";
    if (edge.type == kWriteWrite) return from + " wrote " + seen + " to " + key + "; " + then;
    return from + " read " + seen + " of " + key + "; " + then + ", a later version";
  }

 private:
  const TxnTable& table_;
};

// Per txn: internal consistency, and which micro-ops are a txn's last write
// of a key and its first access of a key (an external read).
void check_register_txns(const TxnTable& table, AnomalyLog* log, std::vector<bool>* final_write,
                         std::vector<bool>* external_read) {
  final_write->assign(table.kind.size(), false);
  external_read->assign(table.kind.size(), false);
  std::vector<uint32_t> scratch;
  for (TxnId t = 0; t < table.txns(); ++t) {
    const bool reads_known = table.outcome[t] == OpType::kOk;
    for_each_key_of_txn(table, t, &scratch, [&](const uint32_t* mops, size_t count) {
      uint32_t before = kNone, last_write = kNone;  // the latest write or read seen
      for (size_t i = 0; i < count; ++i) {
        const uint32_t m = mops[i];
        if (table.kind[m] == MicroOpKind::kWrite) {
          before = last_write = m;
          continue;
        }
        if (!reads_known || !table.read_seen(m)) continue;
        (*external_read)[m] = before == kNone;
        if (before != kNone && table.value[before] != table.value[m]) {
          log->note("internal", {t},
                    txn_name(table, t) + " read " + table.value_text(table.value[m]) + " of " +
                        table.key_names[table.key[m]] + ", but its own earlier " +
                        table.micro_op_text(before) + " says it must be " +
                        table.value_text(table.value[before]));
        }
        before = m;
      }
      if (last_write != kNone) (*final_write)[last_write] = true;
    });
  }
}

class KeyInference {
 public:
  KeyInference(const TxnTable& table, const std::vector<bool>& final_write, AnomalyLog* log,
               Inference* out)
      : table_(table), final_write_(final_write), log_(log), out_(out) {}

  void run(KeyId k, const uint32_t* writes, size_t write_count, const uint32_t* reads,
           size_t read_count) {
    key_ = k;
    writes_.clear();
    for (size_t i = 0; i < write_count; ++i)
      writes_.emplace_back(table_.value[writes[i]], writes[i]);
    std::sort(writes_.begin(), writes_.end());
    for (size_t i = 1; i < writes_.size(); ++i) {
      if (writes_[i].first != writes_[i - 1].first) continue;
      out_->unknown_because.push_back("key " + table_.key_names[k] + ": " +
                                      table_.value_text(writes_[i].first) + " was written twice (" +
                                      txn(writes_[i - 1].second) + ", " + txn(writes_[i].second) +
                                      "); rw-register needs values unique per key");
      return;
    }
    reads_.clear();
    for (size_t i = 0; i < read_count; ++i) reads_.emplace_back(table_.value[reads[i]], reads[i]);
    std::sort(reads_.begin(), reads_.end());
    check_lost_updates();
    for (const auto& [value, read] : reads_) {
      if (value == kNilValue) {
        nil_first(read);
      } else {
        observed(value, read);
      }
    }
  }

 private:
  std::string txn(uint32_t mop) const { return txn_name(table_, table_.txn[mop]); }
  std::string read_said(uint32_t read) const {
    return txn(read) + " read " + table_.value_text(table_.value[read]) + " of " +
           table_.key_names[key_];
  }
  bool failed(uint32_t mop) const { return table_.outcome[table_.txn[mop]] == OpType::kFail; }
  void add_edge(TxnId from, TxnId to, uint8_t type, Rule rule) {
    if (from != to) out_->edges.push_back({from, to, key_, type, rule});
  }

  // Lost update (P4): two committed txns read one version of the key and each
  // then wrote it, so the later writer overwrote the other's update without
  // seeing it. The inferred edges make this a cycle of two adjacent rw edges
  // (G2-item, which snapshot isolation allows); named on its own, as Elle
  // does, it rules out snapshot isolation too. `reads_` is sorted by value.
  void check_lost_updates() {
    for (size_t begin = 0, end = 0; begin < reads_.size(); begin = end) {
      const ValueCode value = reads_[begin].first;
      std::vector<uint32_t> updates;  // each updater's write of the key
      for (end = begin; end < reads_.size() && reads_[end].first == value; ++end) {
        const uint32_t read = reads_[end].second;
        const uint32_t write = find_mop(table_, table_.txn[read], key_, MicroOpKind::kWrite, read);
        if (write != kNone) updates.push_back(write);
      }
      if (updates.size() < 2) continue;
      std::vector<TxnId> txns;
      std::string each;
      for (uint32_t write : updates) {
        txns.push_back(table_.txn[write]);
        each += std::string(each.empty() ? "" : ", ") + txn(write) + " wrote " +
                table_.value_text(table_.value[write]);
      }
      log_->note("lost-update", txns,
                 std::to_string(updates.size()) + " txns read " + table_.value_text(value) +
                     " of " + table_.key_names[key_] + " and each then wrote it (" + each +
                     "): all but one of these updates were lost");
    }
  }

  // nil precedes every version: rw to every writer.
  void nil_first(uint32_t read) {
    for (const auto& [value, write] : writes_)
      if (!failed(write)) add_edge(table_.txn[read], table_.txn[write], kReadWrite, kNilFirst);
  }

  void observed(ValueCode value, uint32_t read) {
    const TxnId reader = table_.txn[read];
    auto at = std::lower_bound(writes_.begin(), writes_.end(), std::make_pair(value, 0u));
    if (at == writes_.end() || at->first != value) {
      log_->note("garbage-read", {reader}, read_said(read) + ", but no txn wrote it");
      return;
    }
    const uint32_t write = at->second;
    const TxnId writer = table_.txn[write];
    if (writer == reader) {
      log_->note("future-read", {reader}, read_said(read) + " before it wrote that value itself");
      return;
    }
    if (failed(write)) {
      log_->note(
          "G1a", {reader, writer},
          read_said(read) + ", but " + txn(write) + ", which failed, wrote it (aborted read)");
      return;
    }
    if (!final_write_[write]) {
      log_->note("G1b", {reader, writer},
                 read_said(read) + ", but " + txn(write) +
                     " wrote it and then wrote the key again (intermediate read)");
    }
    add_edge(writer, reader, kWriteRead, kObserved);
    // Read, then wrote the same key: the version read comes before the one written.
    if (find_mop(table_, reader, key_, MicroOpKind::kWrite, read) == kNone) return;
    add_edge(writer, reader, kWriteWrite, kReadThenWrite);
    auto same = std::equal_range(reads_.begin(), reads_.end(), std::make_pair(value, 0u),
                                 [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto it = same.first; it != same.second; ++it)
      add_edge(table_.txn[it->second], reader, kReadWrite, kReadThenWrite);
  }

  const TxnTable& table_;
  const std::vector<bool>& final_write_;
  AnomalyLog* log_;
  Inference* out_;
  KeyId key_ = 0;
  std::vector<std::pair<ValueCode, uint32_t>> writes_, reads_;  // by value
};

}  // namespace

Inference infer_rw_register(const TxnTable& table, AnomalyLog* log) {
  Inference out;
  std::vector<bool> final_write, external_read;
  check_register_txns(table, log, &final_write, &external_read);
  const MicroOpsByKey writes =
      group_by_key(table, [&](uint32_t m) { return table.kind[m] == MicroOpKind::kWrite; });
  const MicroOpsByKey reads = group_by_key(table, [&](uint32_t m) { return external_read[m]; });
  KeyInference key(table, final_write, log, &out);
  for (KeyId k = 0; k < writes.keys(); ++k) {
    key.run(k, writes.mops.data() + writes.begin[k], writes.begin[k + 1] - writes.begin[k],
            reads.mops.data() + reads.begin[k], reads.begin[k + 1] - reads.begin[k]);
  }
  out.explainer = std::make_unique<RegisterExplainer>(table);
  return out;
}

}  // namespace faultline::elle
