#include "checkers/elle/list_append.h"

#include <algorithm>

namespace faultline::elle {
namespace {

// Rules: an edge to a txn whose acknowledged append no read saw. Such an
// append comes after every value read (lists only grow, and the longest read
// lacks it), so after the last of them, and after every read of them all.
enum Rule : uint8_t { kObservedOrder = 0, kUnobservedAfter = 1 };

// What the explanations need after the inference: each key's version order
// (the writers of its longest read) and which reads were external.
struct ListOrders {
  std::vector<uint32_t> begin;    // keys + 1, into writer
  std::vector<uint32_t> writer;   // per position: the append micro-op, or kNone
  std::vector<uint32_t> longest;  // per key: its longest read, or kNone
  std::vector<bool> external_read;
  std::vector<bool> observed;      // per append: some read saw it
  std::vector<bool> incompatible;  // per read: not a prefix of its key's longest read
};

class ListExplainer : public EdgeExplainer {
 public:
  ListExplainer(const TxnTable& table, ListOrders orders)
      : table_(table), orders_(std::move(orders)) {}

  std::string why(const Edge& edge) const override {
    const std::string from = txn_name(table_, edge.from);
    const std::string to = txn_name(table_, edge.to);
    const std::string& key = table_.key_names[edge.key];
    const uint32_t* order = orders_.writer.data() + orders_.begin[edge.key];
    const size_t length = orders_.begin[edge.key + 1] - orders_.begin[edge.key];
    auto writer_txn = [&](size_t p) { return order[p] == kNone ? kNone : table_.txn[order[p]]; };
    if (edge.rule == kUnobservedAfter) return unobserved_why(edge, from, to, order, length);
    if (edge.type == kWriteWrite) {
      for (size_t p = 1; p < length; ++p) {
        if (writer_txn(p - 1) != edge.from || writer_txn(p) != edge.to) continue;
        return from + " appended " + table_.value_text(table_.value[order[p - 1]]) + " to " + key +
               ", and " + to + "'s append of " + table_.value_text(table_.value[order[p]]) +
               " comes right after it in " + key + "'s order (" +
               txn_name(table_, table_.txn[orders_.longest[edge.key]]) + " read " +
               table_.read_text(orders_.longest[edge.key]) + ")";
      }
    }
    const uint32_t reader = edge.type == kWriteRead ? edge.to : edge.from;
    const uint32_t read = external_read(reader, edge.key);
    if (read == kNone) return "";
    const size_t seen = table_.read_length(read);
    const std::string said =
        (edge.type == kWriteRead ? to : from) + " read " + table_.read_text(read) + " of " + key;
    if (edge.type == kWriteRead) {
      return said + ", which " + from + "'s append of " +
             table_.value_text(table_.value[order[seen - 1]]) + " produced";
    }
    return said + ", which lacks " + table_.value_text(table_.value[order[seen]]) + ", and " + to +
           "'s append of it comes next in " + key + "'s order";
  }

 private:
  std::string unobserved_why(const Edge& edge, const std::string& from, const std::string& to,
                             const uint32_t* order, size_t length) const {
    const std::string& key = table_.key_names[edge.key];
    uint32_t append = kNone;
    for (uint32_t m = table_.mops_begin(edge.to); m < table_.mops_end(edge.to) && append == kNone;
         ++m)
      if (table_.key[m] == edge.key && table_.kind[m] == MicroOpKind::kAppend) append = m;
    const std::string later = to + " appended " + table_.value_text(table_.value[append]) + " to " +
                              key + " and was acknowledged, but no read saw it: it comes after " +
                              "every value read";
    if (edge.type == kWriteWrite) {
      return from + "'s append of " + table_.value_text(table_.value[order[length - 1]]) +
             " is the last value of " + key + " any read saw; " + later;
    }
    const uint32_t read = external_read(edge.from, edge.key);
    return from + " read " + table_.read_text(read) + " of " + key + "; " + later;
  }

  uint32_t external_read(TxnId t, KeyId k) const {
    for (uint32_t m = table_.mops_begin(t); m < table_.mops_end(t); ++m)
      if (orders_.external_read[m] && table_.key[m] == k) return m;
    return kNone;
  }

  const TxnTable& table_;
  ListOrders orders_;
};

// One key's inference. Scratch vectors are the caller's, reused across keys.
class KeyInference {
 public:
  KeyInference(const TxnTable& table, const std::vector<bool>& final_append, AnomalyLog* log,
               Inference* out, ListOrders* orders)
      : table_(table), final_append_(final_append), log_(log), out_(out), orders_(orders) {}

  void run(KeyId k, const uint32_t* appends, size_t append_count, const uint32_t* reads,
           size_t read_count) {
    key_ = k;
    sorted_.clear();
    for (size_t i = 0; i < append_count; ++i)
      sorted_.emplace_back(table_.value[appends[i]], appends[i]);
    std::sort(sorted_.begin(), sorted_.end());
    for (size_t i = 1; i < sorted_.size(); ++i) {
      if (sorted_[i].first != sorted_[i - 1].first) continue;
      out_->unknown_because.push_back(
          "key " + name() + ": " + table_.value_text(sorted_[i].first) + " was appended twice (" +
          txn(sorted_[i - 1].second) + ", " + txn(sorted_[i].second) +
          "); list-append needs values unique per key, so its order cannot be inferred");
      orders_->longest.push_back(kNone);
      orders_->begin.push_back(static_cast<uint32_t>(orders_->writer.size()));
      return;
    }
    position_.assign(sorted_.size(), kNone);
    longest_ = kNone;
    for (size_t i = 0; i < read_count; ++i)
      if (longest_ == kNone || table_.read_length(reads[i]) > table_.read_length(longest_))
        longest_ = reads[i];
    compatible_.assign(read_count, true);
    for (size_t i = 0; i < read_count; ++i) {
      compatible_[i] = check_prefix(reads[i]);
      orders_->incompatible[reads[i]] = !compatible_[i];
    }
    build_order();
    add_edges(reads, read_count);
    check_lost(reads, read_count);
    orders_->longest.push_back(longest_);
    orders_->begin.push_back(static_cast<uint32_t>(orders_->writer.size()));
  }

 private:
  std::string name() const { return table_.key_names[key_]; }
  std::string txn(uint32_t mop) const { return txn_name(table_, table_.txn[mop]); }
  std::string read_said(uint32_t read) const {
    return txn(read) + " read " + table_.read_text(read) + " of " + name();
  }
  const uint32_t* order() const { return orders_->writer.data() + orders_->begin.back(); }
  size_t order_length() const { return orders_->writer.size() - orders_->begin.back(); }
  bool failed(uint32_t mop) const { return table_.outcome[table_.txn[mop]] == OpType::kFail; }

  bool check_prefix(uint32_t read) {
    const ValueCode* longest = table_.read_data(longest_);
    if (std::equal(table_.read_data(read), table_.read_data(read) + table_.read_length(read),
                   longest))
      return true;
    log_->note("incompatible-order", {table_.txn[read], table_.txn[longest_]},
               read_said(read) + " and " + read_said(longest_) +
                   ": neither is a prefix of the other, so " + name() + " has no single order");
    return false;
  }

  // The writers of the longest read's values, with what is wrong with them.
  void build_order() {
    if (longest_ == kNone) return;
    const ValueCode* values = table_.read_data(longest_);
    for (size_t p = 0; p < table_.read_length(longest_); ++p) {
      auto at = std::lower_bound(sorted_.begin(), sorted_.end(), std::make_pair(values[p], 0u));
      uint32_t writer = kNone;
      if (at == sorted_.end() || at->first != values[p]) {
        log_->note("garbage-read", {table_.txn[longest_]},
                   read_said(longest_) + ", but no txn appended " + table_.value_text(values[p]));
      } else if (position_[at - sorted_.begin()] != kNone) {
        log_->note("duplicate-appends", {table_.txn[longest_], table_.txn[at->second]},
                   read_said(longest_) + ": " + table_.value_text(values[p]) +
                       " appears more than once, but " + txn(at->second) + " appended it once");
      } else {
        writer = at->second;
        position_[at - sorted_.begin()] = static_cast<uint32_t>(p);
        orders_->observed[writer] = true;
        if (failed(writer)) {
          log_->note("G1a", {table_.txn[longest_], table_.txn[writer]},
                     read_said(longest_) + ", but " + table_.value_text(values[p]) +
                         " was appended by " + txn(writer) + ", which failed (aborted read)");
        }
      }
      orders_->writer.push_back(writer);
    }
  }

  void add_edge(uint32_t from_mop, uint32_t to_mop, uint8_t type, Rule rule = kObservedOrder) {
    const TxnId from = table_.txn[from_mop], to = table_.txn[to_mop];
    if (from == to || failed(from_mop) || failed(to_mop)) return;
    out_->edges.push_back({from, to, key_, type, rule});
  }

  void add_edges(const uint32_t* reads, size_t read_count) {
    const uint32_t* writers = order();
    const size_t length = order_length();
    for (size_t p = 1; p < length; ++p)
      if (writers[p - 1] != kNone && writers[p] != kNone)
        add_edge(writers[p - 1], writers[p], kWriteWrite);
    for (size_t i = 0; i < read_count; ++i) {
      if (!compatible_[i]) continue;
      const uint32_t read = reads[i];
      const size_t seen = table_.read_length(read);
      // A txn's later reads of the key are its first plus its own appends
      // (or an internal anomaly): what it saw of others is in its first.
      if (!orders_->external_read[read]) continue;
      const uint32_t last = seen > 0 ? writers[seen - 1] : kNone;
      // Its first access of the key already ends in its own append: a future
      // read (its own earlier value in it makes a G0 or G1c cycle instead).
      if (last != kNone && table_.txn[last] == table_.txn[read]) {
        log_->note("future-read", {table_.txn[read]},
                   read_said(read) + " before it appended " +
                       table_.value_text(table_.value[last]) + " itself");
      }
      if (last != kNone && table_.txn[last] != table_.txn[read] && !final_append_[last]) {
        log_->note("G1b", {table_.txn[read], table_.txn[last]},
                   read_said(read) + ", but " + txn(last) + " appended " +
                       table_.value_text(table_.value[last]) + " and later appended more to " +
                       name() + " (intermediate read)");
      }
      if (last != kNone) add_edge(last, read, kWriteRead);
      if (seen < length && writers[seen] != kNone) add_edge(read, writers[seen], kReadWrite);
    }
  }

  // Ok appends a final read (invoked after all of them completed) lacks.
  void check_lost(const uint32_t* reads, size_t read_count) {
    uint32_t last_ack = 0;
    bool any_ack = false;
    for (const auto& [value, mop] : sorted_) {
      if (table_.outcome[table_.txn[mop]] != OpType::kOk) continue;
      last_ack = std::max(last_ack, table_.complete_op[table_.txn[mop]]);
      any_ack = true;
    }
    uint32_t final_read = kNone;
    for (size_t i = 0; i < read_count && any_ack; ++i) {
      const uint32_t read = reads[i];
      if (!compatible_[i] || table_.invoke_op[table_.txn[read]] < last_ack) continue;
      if (final_read == kNone || table_.read_length(read) > table_.read_length(final_read))
        final_read = read;
    }
    if (final_read == kNone) return;
    for (size_t i = 0; i < sorted_.size(); ++i) {
      const uint32_t mop = sorted_[i].second;
      if (table_.outcome[table_.txn[mop]] != OpType::kOk) continue;
      if (position_[i] != kNone && position_[i] < table_.read_length(final_read)) continue;
      log_->note("lost-append", {table_.txn[mop], table_.txn[final_read]},
                 txn(mop) + " appended " + table_.value_text(sorted_[i].first) + " to " + name() +
                     " and was acknowledged, but " + read_said(final_read) +
                     ", invoked after every acknowledged append to " + name() +
                     " had completed, lacks it");
    }
  }

  const TxnTable& table_;
  const std::vector<bool>& final_append_;
  AnomalyLog* log_;
  Inference* out_;
  ListOrders* orders_;
  KeyId key_ = 0;
  uint32_t longest_ = kNone;
  std::vector<std::pair<ValueCode, uint32_t>> sorted_;  // this key's appends, by value
  std::vector<uint32_t> position_;  // per sorted_ entry: where the order has it, or kNone
  std::vector<bool> compatible_;    // per read: a prefix of the longest
};

// A committed append no read saw comes after every value read: lists only
// grow, and the longest read lacks it. So it follows the last value read
// (ww), and every read of them all (rw). Committed: ok, or info with an
// append some read saw (txns are atomic).
void add_unobserved_edges(const TxnTable& table, const ListOrders& orders,
                          const MicroOpsByKey& appends, const MicroOpsByKey& reads,
                          std::vector<Edge>* edges) {
  std::vector<bool> committed(table.txns());
  for (TxnId t = 0; t < table.txns(); ++t) committed[t] = table.outcome[t] == OpType::kOk;
  for (uint32_t m = 0; m < table.kind.size(); ++m)
    if (orders.observed[m]) committed[table.txn[m]] = true;
  std::vector<TxnId> full_readers;
  for (KeyId k = 0; k < appends.keys(); ++k) {
    const size_t length = orders.begin[k + 1] - orders.begin[k];
    const uint32_t last = length > 0 ? orders.writer[orders.begin[k + 1] - 1] : kNone;
    full_readers.clear();
    for (uint32_t i = reads.begin[k]; i < reads.begin[k + 1]; ++i) {
      const uint32_t read = reads.mops[i];
      if (!orders.incompatible[read] && orders.external_read[read] &&
          table.read_length(read) == length)
        full_readers.push_back(table.txn[read]);
    }
    for (uint32_t i = appends.begin[k]; i < appends.begin[k + 1]; ++i) {
      const uint32_t append = appends.mops[i];
      const TxnId writer = table.txn[append];
      if (orders.observed[append] || !committed[writer]) continue;
      if (last != kNone && table.txn[last] != writer &&
          table.outcome[table.txn[last]] != OpType::kFail)
        edges->push_back({table.txn[last], writer, k, kWriteWrite, kUnobservedAfter});
      for (TxnId reader : full_readers)
        if (reader != writer) edges->push_back({reader, writer, k, kReadWrite, kUnobservedAfter});
    }
  }
}

}  // namespace

Inference infer_list_append(const TxnTable& table, AnomalyLog* log) {
  Inference out;
  ListOrders orders;
  std::vector<bool> final_append;
  check_list_txns(table, log, &final_append, &orders.external_read);
  const MicroOpsByKey appends =
      group_by_key(table, [&](uint32_t m) { return table.kind[m] == MicroOpKind::kAppend; });
  const MicroOpsByKey reads = group_by_key(table, [&](uint32_t m) {
    return table.kind[m] == MicroOpKind::kRead && table.read_seen(m) &&
           table.outcome[table.txn[m]] == OpType::kOk;
  });
  orders.begin.push_back(0);
  orders.observed.assign(table.kind.size(), false);
  orders.incompatible.assign(table.kind.size(), false);
  KeyInference key(table, final_append, log, &out, &orders);
  for (KeyId k = 0; k < appends.keys(); ++k) {
    key.run(k, appends.mops.data() + appends.begin[k], appends.begin[k + 1] - appends.begin[k],
            reads.mops.data() + reads.begin[k], reads.begin[k + 1] - reads.begin[k]);
  }
  add_unobserved_edges(table, orders, appends, reads, &out.edges);
  out.explainer = std::make_unique<ListExplainer>(table, std::move(orders));
  return out;
}

}  // namespace faultline::elle
