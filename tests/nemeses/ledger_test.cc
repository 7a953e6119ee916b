#include "nemeses/ledger.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace faultline {
namespace {

using Json = nlohmann::json;

class LedgerFile : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = ::testing::TempDir() + "faultline-ledger-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".jsonl";
    std::remove(path_.c_str());
  }
  void TearDown() override { std::remove(path_.c_str()); }
  std::string text() const {
    std::ifstream in(path_);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  }
  void write(const std::string& text) const { std::ofstream(path_) << text; }

  std::string path_;
};

FaultOutcome partition_outcome() {
  return {{"partition", {"n1", "n2", "n3"}, {{"n1", {"n2", "n3"}}}}, {}, {"n3: a note"}};
}

TEST_F(LedgerFile, RoundTripsStartsOutcomesAndHeals) {
  {
    auto ledger = Ledger::open(path_);
    ASSERT_TRUE(ledger.ok()) << ledger.error();
    auto first = (*ledger)->record_start("partition", {{"shape", "halves"}});
    auto second = (*ledger)->record_start("loss", {{"percent", 20}});
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_NE(*first, *second);
    EXPECT_EQ((*ledger)->record_applied(*first, partition_outcome()), "");
    EXPECT_EQ((*ledger)->record_healed(*first, {}), "");
    ASSERT_EQ((*ledger)->active().size(), 1u);
    EXPECT_EQ((*ledger)->active()[0].kind, "loss");
  }
  Parsed<LedgerState> loaded = Ledger::load(path_);
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  ASSERT_EQ(loaded->faults.size(), 2u);
  const LedgerFault& partition = loaded->faults[0];
  EXPECT_EQ(partition.kind, "partition");
  EXPECT_EQ(partition.params, Json({{"shape", "halves"}}));
  ASSERT_TRUE(partition.applied.has_value());
  EXPECT_EQ(partition.applied->fault.value, partition_outcome().fault.value);
  EXPECT_EQ(partition.applied->fault.nodes, partition_outcome().fault.nodes);
  EXPECT_EQ(partition.applied->notes, partition_outcome().notes);
  EXPECT_TRUE(partition.healed);
  ASSERT_EQ(loaded->active().size(), 1u);
  EXPECT_EQ(loaded->active()[0].kind, "loss");
  EXPECT_TRUE(loaded->notes.empty());
}

TEST_F(LedgerFile, EveryRecordIsOnDiskWhenTheCallReturns) {
  auto ledger = Ledger::open(path_);
  ASSERT_TRUE(ledger.ok());
  ASSERT_TRUE((*ledger)->record_start("kill", {{"target", "one"}}).ok());
  // Read while the ledger is still open: nothing waits in a buffer.
  EXPECT_NE(text().find("\"event\":\"start\""), std::string::npos) << text();
  EXPECT_EQ(text().back(), '\n');
}

TEST_F(LedgerFile, AHealWithErrorsLeavesTheFaultActive) {
  Ledger ledger;  // in memory
  auto id = ledger.record_start("pause", {});
  ASSERT_TRUE(id.ok());
  ledger.record_healed(*id, {"n2: kill -CONT failed"});
  ASSERT_EQ(ledger.active().size(), 1u);
  EXPECT_EQ(ledger.active()[0].heal_errors, std::vector<std::string>{"n2: kill -CONT failed"});
  ledger.record_heal_all(true, "n2 network: ok");
  EXPECT_TRUE(ledger.active().empty());
}

TEST_F(LedgerFile, AFailedHealAllHealsNothing) {
  Ledger ledger;
  ASSERT_TRUE(ledger.record_start("pause", {}).ok());
  ledger.record_heal_all(false, "n2 network: connection refused");
  EXPECT_EQ(ledger.active().size(), 1u);
}

TEST_F(LedgerFile, ATornLastLineIsDroppedWithANote) {
  write(
      "{\"event\":\"start\",\"id\":1,\"kind\":\"partition\",\"params\":{}}\n"
      "{\"event\":\"healed\",\"id\":1,\"err");
  Parsed<LedgerState> loaded = Ledger::load(path_);
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  ASSERT_EQ(loaded->active().size(), 1u) << "the heal was never recorded whole";
  ASSERT_EQ(loaded->notes.size(), 1u);
  EXPECT_NE(loaded->notes[0].find(path_ + ":2"), std::string::npos) << loaded->notes[0];
  EXPECT_NE(loaded->notes[0].find("torn"), std::string::npos) << loaded->notes[0];
}

TEST_F(LedgerFile, ACorruptLineBeforeTheLastIsAnErrorNamingFileAndLine) {
  write(
      "{\"event\":\"start\",\"id\":1,\"kind\":\"partition\",\"params\":{}}\n"
      "garbage\n"
      "{\"event\":\"healed\",\"id\":1,\"errors\":[]}\n");
  Parsed<LedgerState> loaded = Ledger::load(path_);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().where.file, path_);
  EXPECT_EQ(loaded.error().where.line, 2);
}

TEST_F(LedgerFile, AWellFormedLastLineThatMakesNoSenseIsAnError) {
  write("{\"event\":\"healed\",\"id\":7,\"errors\":[]}\n");
  Parsed<LedgerState> loaded = Ledger::load(path_);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().where.line, 1);
  EXPECT_NE(loaded.error().message.find("never started"), std::string::npos)
      << loaded.error().message;
}

TEST_F(LedgerFile, ReopeningKeepsEarlierFaultsAndNewIds) {
  int64_t first = 0;
  {
    auto ledger = Ledger::open(path_);
    ASSERT_TRUE(ledger.ok());
    first = *(*ledger)->record_start("partition", {});
  }
  auto ledger = Ledger::open(path_);
  ASSERT_TRUE(ledger.ok()) << ledger.error();
  ASSERT_EQ((*ledger)->active().size(), 1u);
  auto second = (*ledger)->record_start("loss", {});
  ASSERT_TRUE(second.ok());
  EXPECT_GT(*second, first);
  EXPECT_EQ((*ledger)->active().size(), 2u);
}

TEST_F(LedgerFile, AnUnwritableLedgerIsAnErrorNamingThePath) {
  auto ledger = Ledger::open("/nonexistent-dir/ledger.jsonl");
  ASSERT_FALSE(ledger.ok());
  EXPECT_NE(ledger.error().find("/nonexistent-dir/ledger.jsonl"), std::string::npos);
}

}  // namespace
}  // namespace faultline
