// The test file's settings of the transactional workloads: `txn` (the
// generator) and `elle` (the checker), read whole, defaulted, and each error
// at its line and column.
#include <gtest/gtest.h>

#include "harness/config/test_file.h"
#include "tests/harness/test_file_error_of.h"

namespace faultline {
namespace {

std::string error_of(const std::string& text) { return testing::test_file_error_of(text); }

std::string append_file(const std::string& extra) {
  return "name: t\nnodes: {local: 3}\ndb: etcd\nworkload: list-append\n" + extra;
}

TEST(TestFileTxn, ReadsTxnAndElleSettings) {
  Parsed<TestFile> test = parse_test_file(
      append_file("txn: {min_length: 2, max_length: 6, read_ratio: 0.25, active_keys: 5, "
                  "max_writes_per_key: 10}\n"
                  "elle: {expect: serializable, realtime: true, process_order: true}\n"
                  "checkers: [elle]\n"),
      "t.yaml");
  ASSERT_TRUE(test) << test.error().to_string();
  EXPECT_EQ(test->workload, "list-append");
  EXPECT_EQ(test->txn.min_length, 2);
  EXPECT_EQ(test->txn.max_length, 6);
  EXPECT_EQ(test->txn.read_ratio, 0.25);
  EXPECT_EQ(test->txn.active_keys, 5);
  EXPECT_EQ(test->txn.max_writes_per_key, 10);
  EXPECT_EQ(test->elle.expect, "serializable");
  EXPECT_TRUE(test->elle.realtime);
  EXPECT_TRUE(test->elle.process_order);
}

TEST(TestFileTxn, DefaultsAreJepsensAndEveryAnomalyIsInvalid) {
  Parsed<TestFile> test =
      parse_test_file("name: t\nnodes: {local: 3}\ndb: etcd\nworkload: rw-register\n", "t.yaml");
  ASSERT_TRUE(test) << test.error().to_string();
  EXPECT_EQ(test->txn.max_length, 4);
  EXPECT_EQ(test->txn.active_keys, 3);
  EXPECT_EQ(test->elle.expect, "");
  EXPECT_FALSE(test->elle.realtime);
}

TEST(TestFileTxn, TxnErrorsAtTheirPlace) {
  EXPECT_EQ(error_of(append_file("txn: {min_length: 3, max_length: 2}\n")),
            "5:34: 'max_length' (2) must be at least 'min_length' (3)");
  EXPECT_EQ(error_of(append_file("txn: {read_ratio: 1.5}\n")),
            "5:19: 'read_ratio' is the chance of a read: from 0 to 1");
  EXPECT_EQ(error_of(append_file("txn: {min_length: 0}\n")).substr(0, 24),
            "5:19: 'min_length' is 0,");
  EXPECT_EQ(error_of(append_file("txn: {max_length: 4, keys: 3}\n")).substr(0, 44),
            "5:22: unknown txn setting 'keys'; known: min");
  EXPECT_EQ(error_of(append_file("txn: 4\n")).substr(0, 11), "5:6: 'txn' ");
}

TEST(TestFileTxn, ElleErrorsAtTheirPlace) {
  EXPECT_EQ(error_of(append_file("elle: {expect: serialisable}\n")),
            "5:16: unknown consistency model 'serialisable' (did you mean 'serializable'?); "
            "known: read-committed, repeatable-read, snapshot-isolation, serializable, "
            "strict-serializable");
  EXPECT_EQ(error_of(append_file("elle: {realtime: yes please}\n")),
            "5:18: 'realtime' is true or false, not 'yes please'");
}

TEST(TestFileTxn, SettingsThatDoNotFitTheWorkload) {
  EXPECT_EQ(error_of("name: t\nnodes: {local: 3}\ndb: etcd\nworkload: register\ntxn: {}\n"),
            "5:6: 'txn' sets up the list-append and rw-register workloads, not 'register': "
            "remove it or change 'workload'");
  EXPECT_EQ(error_of("name: t\nnodes: {local: 3}\ndb: etcd\nworkload: set\nelle: {}\n"),
            "5:7: 'elle' sets up the list-append and rw-register workloads, not 'set': remove "
            "it or change 'workload'");
  EXPECT_EQ(error_of(append_file("keys: {active: 4}\n")),
            "5:7: the list-append workload chooses its own keys: instead of 'keys', use 'txn: "
            "{active_keys: N, max_writes_per_key: N}'");
  EXPECT_EQ(error_of(append_file("checkers: [linearizability]\n")),
            "5:12: the list-append workload's history is read by the 'elle' checker, not "
            "'linearizability': write 'checkers: [elle]' or leave 'checkers' out");
}

}  // namespace
}  // namespace faultline
