// Per-txn checks of list-append: what a txn's own micro-ops say about its reads.
#include <algorithm>

#include "checkers/elle/list_append.h"

namespace faultline::elle {
namespace {

std::string values_text(const TxnTable& table, const std::vector<ValueCode>& values) {
  std::string text = "[";
  for (size_t i = 0; i < values.size(); ++i) text += (i ? " " : "") + table.value_text(values[i]);
  return text + "]";
}

// The read m against what the txn's own earlier micro-ops say it must show.
void check_read(const TxnTable& table, uint32_t m, AnomalyLog* log) {
  const TxnId t = table.txn[m];
  const KeyId k = table.key[m];
  uint32_t previous_read = kNone;
  std::vector<ValueCode> appended;  // since previous_read
  for (uint32_t j = table.mops_begin(t); j < m; ++j) {
    if (table.key[j] != k) continue;
    if (table.kind[j] == MicroOpKind::kAppend) appended.push_back(table.value[j]);
    if (table.kind[j] == MicroOpKind::kRead && table.read_seen(j)) {
      previous_read = j;
      appended.clear();
    }
  }
  const ValueCode* seen = table.read_data(m);
  const size_t length = table.read_length(m);
  std::vector<ValueCode> expected;
  if (previous_read != kNone) {
    expected.assign(table.read_data(previous_read),
                    table.read_data(previous_read) + table.read_length(previous_read));
  }
  expected.insert(expected.end(), appended.begin(), appended.end());
  const bool whole = previous_read != kNone;
  const bool fits =
      whole ? std::equal(seen, seen + length, expected.begin(), expected.end())
            : length >= expected.size() &&
                  std::equal(expected.begin(), expected.end(), seen + length - expected.size());
  if (fits) return;
  const std::string name = txn_name(table, t);
  std::string said = name + " read " + table.read_text(m) + " of " + table.key_names[k] + ", but ";
  if (whole) {
    said += "its own earlier read " + table.read_text(previous_read) +
            (appended.empty() ? "" : " and its appends since") + " say it must be " +
            values_text(table, expected);
  } else {
    said += "it had appended " + values_text(table, expected) + " to it, so the read must end so";
  }
  log->note("internal", {t}, said);
}

}  // namespace

void check_list_txns(const TxnTable& table, AnomalyLog* log, std::vector<bool>* final_append,
                     std::vector<bool>* external_read) {
  final_append->assign(table.kind.size(), false);
  external_read->assign(table.kind.size(), false);
  for (TxnId t = 0; t < table.txns(); ++t) {
    const uint32_t begin = table.mops_begin(t), end = table.mops_end(t);
    for (uint32_t m = begin; m < end; ++m) {
      const KeyId k = table.key[m];
      if (table.kind[m] == MicroOpKind::kAppend) {
        bool last = true;
        for (uint32_t j = m + 1; j < end && last; ++j)
          last = !(table.key[j] == k && table.kind[j] == MicroOpKind::kAppend);
        (*final_append)[m] = last;
        continue;
      }
      if (table.outcome[t] != OpType::kOk || !table.read_seen(m)) continue;
      bool first = true;
      for (uint32_t j = begin; j < m && first; ++j) first = table.key[j] != k;
      (*external_read)[m] = first;
      if (!first) check_read(table, m, log);
    }
  }
}

}  // namespace faultline::elle
