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

// The read m against what the txn's own earlier micro-ops on its key say:
// its earlier read (kNone: none) followed by what it appended since.
void check_read(const TxnTable& table, uint32_t m, uint32_t previous_read,
                const std::vector<ValueCode>& appended, AnomalyLog* log) {
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
  const TxnId t = table.txn[m];
  std::string said = txn_name(table, t) + " read " + table.read_text(m) + " of " +
                     table.key_names[table.key[m]] + ", but ";
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
  std::vector<uint32_t> scratch;
  std::vector<ValueCode> appended;
  for (TxnId t = 0; t < table.txns(); ++t) {
    const bool reads_known = table.outcome[t] == OpType::kOk;
    for_each_key_of_txn(table, t, &scratch, [&](const uint32_t* mops, size_t count) {
      uint32_t previous_read = kNone, last_append = kNone;
      appended.clear();
      for (size_t i = 0; i < count; ++i) {
        const uint32_t m = mops[i];
        if (table.kind[m] == MicroOpKind::kAppend) {
          appended.push_back(table.value[m]);
          last_append = m;
          continue;
        }
        if (!reads_known || !table.read_seen(m)) continue;
        (*external_read)[m] = i == 0;
        if (i > 0) check_read(table, m, previous_read, appended, log);
        previous_read = m;
        appended.clear();
      }
      if (last_append != kNone) (*final_append)[last_append] = true;
    });
  }
}

}  // namespace faultline::elle
