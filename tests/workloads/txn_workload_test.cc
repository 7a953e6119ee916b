// The list-append and rw-register generators: txn lengths, unique values per
// key, key rotation by writes, final reads of every written key; and the
// generator running their shared final ops.
#include "workloads/txn_workload.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "harness/runner/generator.h"
#include "workloads/catalog.h"

namespace faultline {
namespace {

using elle::TxnWorkload;

TEST(TxnWorkload, DefaultsAreJepsensAppendWorkload) {
  const TxnSettings s;
  EXPECT_EQ(s.min_length, 1);
  EXPECT_EQ(s.max_length, 4);
  EXPECT_EQ(s.active_keys, 3);
  EXPECT_EQ(s.max_writes_per_key, 32);
  EXPECT_EQ(s.read_ratio, 0.5);
  EXPECT_FALSE(validate(s));
}

TEST(TxnWorkload, TxnsHaveLengthsInRangeAndUniqueValuesPerKey) {
  TransactionWorkload workload(TxnWorkload::kListAppend, {.min_length = 2, .max_length = 5});
  Rng rng(3);
  std::set<size_t> lengths;
  std::map<int64_t, std::set<int64_t>> appended;
  int reads = 0, appends = 0;
  for (int i = 0; i < 500; ++i) {
    const Op op = workload.make_op("txn", "ignored", rng);
    EXPECT_EQ(op.f, "txn");
    EXPECT_FALSE(op.key) << "txns choose their own keys";
    lengths.insert(op.value.size());
    for (const Json& mop : op.value) {
      if (mop[0] == "r") {
        ++reads;
        EXPECT_TRUE(mop[2].is_null());
        continue;
      }
      ++appends;
      EXPECT_EQ(mop[0], "append");
      EXPECT_TRUE(appended[mop[1].get<int64_t>()].insert(mop[2].get<int64_t>()).second)
          << "value " << mop[2] << " appended twice to key " << mop[1];
    }
  }
  EXPECT_EQ(lengths, (std::set<size_t>{2, 3, 4, 5}));
  EXPECT_NEAR(static_cast<double>(reads) / (reads + appends), 0.5, 0.05);
}

TEST(TxnWorkload, AKeyRetiresAfterItsLastWriteAndAFreshOneTakesItsPlace) {
  TransactionWorkload workload(TxnWorkload::kRwRegister,
                               {.read_ratio = 0, .active_keys = 2, .max_writes_per_key = 3});
  Rng rng(5);
  std::map<int64_t, int64_t> writes;
  for (int i = 0; i < 100; ++i) {
    for (const Json& mop : workload.make_op("txn", "", rng).value) {
      EXPECT_EQ(mop[0], "w");
      const int64_t key = mop[1].get<int64_t>();
      EXPECT_EQ(mop[2], ++writes[key]) << "values count 1, 2, 3 per key";
    }
  }
  for (const auto& [key, n] : writes) EXPECT_LE(n, 3) << "key " << key;
  EXPECT_EQ(workload.active().size(), 2u);
  EXPECT_GT(workload.keys_used(), 50);
}

TEST(TxnWorkload, FinalOpsReadEveryKeyEverWrittenOncePerKey) {
  TransactionWorkload workload(TxnWorkload::kListAppend, {.max_writes_per_key = 2});
  Rng rng(7);
  std::set<int64_t> written;
  for (int i = 0; i < 40; ++i)
    for (const Json& mop : workload.make_op("txn", "", rng).value)
      if (mop[0] == "append") written.insert(mop[1].get<int64_t>());
  std::set<int64_t> read;
  for (const Op& op : workload.shared_final_ops()) {
    ASSERT_EQ(op.value.size(), 1u);
    EXPECT_EQ(op.value[0][0], "r");
    EXPECT_TRUE(read.insert(op.value[0][1].get<int64_t>()).second);
  }
  EXPECT_EQ(read, written);
  EXPECT_TRUE(workload.final_ops("k0").empty());
}

TEST(TxnWorkload, SameSeedSameTxns) {
  TransactionWorkload a(TxnWorkload::kListAppend), b(TxnWorkload::kListAppend);
  Rng ra(11), rb(11);
  for (int i = 0; i < 50; ++i)
    EXPECT_EQ(a.make_op("txn", "", ra).value, b.make_op("txn", "", rb).value);
}

TEST(TxnWorkload, ValidateNamesTheSettingAndTheFix) {
  EXPECT_EQ(validate(TxnSettings{.min_length = 3, .max_length = 2}),
            "txn: max_length (2) must be at least min_length (3)");
  EXPECT_EQ(validate(TxnSettings{.read_ratio = 1.5}),
            "txn: read_ratio is the chance of a read: from 0 to 1");
  EXPECT_TRUE(validate(TxnSettings{.active_keys = 0}));
}

TEST(TxnWorkload, CatalogMakesBothWithElleAsChecker) {
  for (const char* name : {"list-append", "rw-register"}) {
    const auto workload = make_workload(name);
    ASSERT_NE(workload, nullptr) << name;
    EXPECT_EQ(workload->name(), name);
    EXPECT_TRUE(is_txn_workload(name));
    EXPECT_EQ(checker_for(name)->checker, "elle");
    EXPECT_EQ(checker_for(name)->model, name);
  }
  EXPECT_FALSE(is_txn_workload("register"));
}

TEST(TxnWorkload, GeneratorSpreadsTheFinalReadsOverTheWorkers) {
  GeneratorOptions options;
  options.concurrency = 3;
  options.max_ops = 30;
  options.seed = 2;
  Generator generator(options, make_workload("list-append"));
  generator.start(0);
  int main_ops = 0;
  for (Next next = generator.next(main_ops % 3, 0); next.kind == Next::Kind::kOp;
       next = generator.next(++main_ops % 3, 0)) {
    generator.complete(main_ops % 3, next.op, OpType::kOk, 0);
  }
  EXPECT_EQ(main_ops, 30);
  generator.advance(0);  // quiesce
  EXPECT_EQ(generator.advance(0), Phase::kFinal);
  std::set<Json> keys_read;
  std::vector<int> per_worker(3, 0);
  for (int worker = 0; worker < 3; ++worker) {
    for (Next next = generator.next(worker, 0); next.kind == Next::Kind::kOp;
         next = generator.next(worker, 0)) {
      EXPECT_EQ(next.op.f, "txn");
      EXPECT_TRUE(keys_read.insert(next.op.value[0][1]).second) << "one read per key";
      ++per_worker[worker];
    }
  }
  EXPECT_GE(keys_read.size(), 3u);
  for (int n : per_worker) EXPECT_GE(n, 1) << "round robin";
}

}  // namespace
}  // namespace faultline
