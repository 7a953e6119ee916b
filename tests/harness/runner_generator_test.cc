// The generator alone: pure, driven by a fake clock (the times passed in).
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "harness/op_json.h"
#include "harness/runner/generator.h"
#include "workloads/register.h"
#include "workloads/set.h"

namespace faultline {
namespace {

constexpr int64_t kSecond = 1'000'000'000;

Generator make(GeneratorOptions options) {
  return Generator(std::move(options), std::make_unique<RegisterWorkload>());
}

GeneratorOptions limited(int64_t max_ops) {
  GeneratorOptions options;
  options.max_ops = max_ops;
  return options;
}

// The main phase's ops, asking as soon as each op may start (the clock
// follows the schedule), as worker `i % concurrency`.
std::vector<Next> main_phase(Generator& generator, int64_t start_ns = 0) {
  std::vector<Next> ops;
  generator.start(start_ns);
  int64_t now = start_ns;
  for (int i = 0;; ++i) {
    Next next = generator.next(i % generator.options().concurrency, now);
    if (next.kind != Next::Kind::kOp) break;
    now = next.at_ns;
    ops.push_back(std::move(next));
  }
  return ops;
}

std::string text(const std::vector<Next>& ops) {
  std::string all;
  for (const Next& next : ops)
    all += std::to_string(next.at_ns) + " " + op_to_jsonl(next.op) + "\n";
  return all;
}

TEST(Generator, TheSameSeedGivesTheSameOpsAtTheSameTimes) {
  GeneratorOptions options = limited(500);
  options.rate = 1000;
  options.seed = 42;
  Generator a = make(options), b = make(options);
  const std::string first = text(main_phase(a));
  EXPECT_EQ(first, text(main_phase(b)));
  options.seed = 43;
  Generator c = make(options);
  EXPECT_NE(first, text(main_phase(c)));
}

TEST(Generator, TheRateIsTheTotalAcrossAllWorkers) {
  GeneratorOptions options;
  options.concurrency = 10;
  options.rate = 500;
  options.time_limit_ns = 4 * kSecond;
  Generator generator = make(options);
  std::vector<Next> ops = main_phase(generator);
  EXPECT_NEAR(static_cast<double>(ops.size()), 2000, 150);  // 500/s for 4 s, not 500/s each
  for (const Next& next : ops) EXPECT_LT(next.at_ns, 4 * kSecond);
}

TEST(Generator, WorkersThatFallBehindDoNotGetABurstToCatchUp) {
  GeneratorOptions options = limited(1000);
  options.rate = 100;
  Generator generator = make(options);
  generator.start(0);
  generator.next(0, 0);
  Next late = generator.next(0, 10 * kSecond);  // a worker asks long after its slot
  EXPECT_EQ(late.at_ns, 10 * kSecond);
  Next after = generator.next(0, 10 * kSecond);
  EXPECT_GE(after.at_ns, 10 * kSecond);
  int immediate = 0;
  for (int i = 0; i < 100; ++i) immediate += generator.next(0, 10 * kSecond).at_ns == 10 * kSecond;
  EXPECT_LT(immediate, 3);
}

TEST(Generator, UnlimitedRateHandsOutOpsAtOnce) {
  Generator generator = make(limited(100));
  for (const Next& next : main_phase(generator, 77)) EXPECT_EQ(next.at_ns, 77);
}

TEST(Generator, OpsFollowTheMixWeights) {
  GeneratorOptions options = limited(20000);
  options.mix = {{"read", 1}, {"write", 3}, {"cas", 0}};
  Generator generator = make(options);
  std::map<std::string, int> counts;
  for (const Next& next : main_phase(generator)) ++counts[next.op.f];
  EXPECT_EQ(counts.count("cas"), 0u);
  EXPECT_NEAR(counts["write"] / 20000.0, 0.75, 0.02);
  EXPECT_NEAR(counts["read"] / 20000.0, 0.25, 0.02);
}

TEST(Generator, EachKeyGetsAtMostKOpsAndSeveralKeysAreActiveAtOnce) {
  GeneratorOptions options = limited(3000);
  options.ops_per_key = 10;
  options.active_keys = 4;
  Generator generator = make(options);
  std::vector<Next> ops = main_phase(generator);
  std::map<std::string, int> per_key;
  for (const Next& next : ops) ++per_key[*next.op.key];
  for (const auto& [key, count] : per_key) EXPECT_LE(count, 10) << key;
  EXPECT_GE(per_key.size(), 300u);
  std::set<std::string> first_twenty;
  for (size_t i = 0; i < 20; ++i) first_twenty.insert(*ops[i].op.key);
  EXPECT_GE(first_twenty.size(), 3u);
  EXPECT_EQ(generator.active_keys().size(), 4u);
}

TEST(Generator, TheMainPhaseEndsAtTheTimeLimit) {
  GeneratorOptions options;
  options.time_limit_ns = kSecond;
  Generator generator = make(options);
  generator.start(5 * kSecond);
  EXPECT_EQ(generator.next(0, 5 * kSecond + kSecond / 2).kind, Next::Kind::kOp);
  EXPECT_EQ(generator.next(0, 6 * kSecond).kind, Next::Kind::kPhaseEnd);
}

TEST(Generator, PhasesGoMainQuiesceFinalDone) {
  GeneratorOptions options = limited(5);
  options.concurrency = 2;
  options.active_keys = 3;
  options.quiesce_ns = kSecond;
  Generator generator = make(options);
  EXPECT_EQ(main_phase(generator).size(), 5u);
  EXPECT_EQ(generator.next(1, 0).kind, Next::Kind::kPhaseEnd);

  EXPECT_EQ(generator.following(), Phase::kQuiesce);
  EXPECT_EQ(generator.advance(10), Phase::kQuiesce);
  Next wait = generator.next(0, 10);
  EXPECT_EQ(wait.kind, Next::Kind::kWait);
  EXPECT_EQ(wait.at_ns, 10 + kSecond);
  EXPECT_EQ(generator.next(0, 10 + kSecond).kind, Next::Kind::kPhaseEnd);

  EXPECT_EQ(generator.advance(20 * kSecond), Phase::kFinal);
  const std::vector<std::string> keys = generator.active_keys();
  for (int worker = 0; worker < 2; ++worker) {
    std::vector<std::string> read_keys;
    for (Next next = generator.next(worker, 0); next.kind == Next::Kind::kOp;
         next = generator.next(worker, 0)) {
      EXPECT_EQ(next.op.f, "read");
      read_keys.push_back(*next.op.key);
    }
    EXPECT_EQ(read_keys, keys) << "one read per active key per worker";
  }
  EXPECT_EQ(generator.next(0, 0).kind, Next::Kind::kPhaseEnd);
  EXPECT_EQ(generator.advance(21 * kSecond), Phase::kDone);
  EXPECT_EQ(generator.next(0, 0).kind, Next::Kind::kDone);
}

TEST(Generator, RetiredKeysGetNoFinalOpsUnlessTheWorkloadAsks) {
  GeneratorOptions options = limited(12);
  options.ops_per_key = 2;
  options.active_keys = 1;
  options.concurrency = 2;
  Generator generator = make(options);
  main_phase(generator);
  EXPECT_TRUE(generator.retired_keys().empty()) << "a register needs no read of retired keys";
  generator.advance(0);
  generator.advance(0);
  size_t reads = 0;
  for (int worker = 0; worker < 2; ++worker) {
    while (generator.next(worker, 0).kind == Next::Kind::kOp) ++reads;
  }
  EXPECT_EQ(reads, 2u) << "one read of the one active key per worker";
}

TEST(Generator, RetiredKeysOfASetGetOneFinalReadEachSpreadOverTheWorkers) {
  GeneratorOptions options = limited(12);
  options.ops_per_key = 2;
  options.active_keys = 1;
  options.concurrency = 2;
  Generator generator(options, std::make_unique<SetWorkload>());
  const std::vector<Next> ops = main_phase(generator);
  std::set<std::string> used;
  for (const Next& next : ops) used.insert(*next.op.key);
  ASSERT_EQ(generator.retired_keys().size(), 6u) << "12 ops, 2 per key";
  EXPECT_EQ(generator.active_keys(), std::vector<std::string>{"k6"});

  generator.advance(0);
  EXPECT_EQ(generator.advance(0), Phase::kFinal);
  std::map<std::string, int> reads_per_key;
  for (int worker = 0; worker < 2; ++worker) {
    int worker_reads = 0;
    for (Next next = generator.next(worker, 0); next.kind == Next::Kind::kOp;
         next = generator.next(worker, 0)) {
      EXPECT_EQ(next.op.f, "read");
      ++reads_per_key[*next.op.key];
      ++worker_reads;
    }
    EXPECT_EQ(worker_reads, 4) << "3 retired keys and the active one, on worker " << worker;
  }
  for (const std::string& key : used) EXPECT_EQ(reads_per_key[key], 1) << key;
  EXPECT_EQ(reads_per_key["k6"], 2) << "the active key is read by every worker";
}

TEST(Generator, WithoutFinalOpsQuiesceLeadsToDone) {
  GeneratorOptions options = limited(1);
  options.final_ops = false;
  Generator generator = make(options);
  main_phase(generator);
  EXPECT_EQ(generator.advance(0), Phase::kQuiesce);
  EXPECT_EQ(generator.advance(0), Phase::kDone);
}

TEST(Generator, ValidateNamesTheProblem) {
  RegisterWorkload workload;
  GeneratorOptions options;
  EXPECT_NE(validate(options, workload)->find("time limit"), std::string::npos);
  options.time_limit_ns = kSecond;
  EXPECT_FALSE(validate(options, workload));
  options.mix = {{"wrte", 1}};
  std::string problem = validate(options, workload).value_or("");
  EXPECT_NE(problem.find("did you mean 'write'"), std::string::npos) << problem;
  options.mix = {{"read", 0}};
  EXPECT_TRUE(validate(options, workload));
  options.mix = {};
  options.concurrency = 0;
  EXPECT_TRUE(validate(options, workload));
  EXPECT_THROW(make(options), std::invalid_argument);
}

}  // namespace
}  // namespace faultline
