// The generator alone: pure, driven by a fake clock (the times passed in).
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>

#include "harness/history/op_json.h"
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
// follows the schedule), as worker `i % concurrency`; each op ends at once
// as `outcome(op)` says (ok by default).
std::vector<Next> main_phase(
    Generator& generator, int64_t start_ns = 0,
    const std::function<OpType(const Op&)>& outcome = [](const Op&) { return OpType::kOk; }) {
  std::vector<Next> ops;
  generator.start(start_ns);
  int64_t now = start_ns;
  for (int i = 0;; ++i) {
    const int worker = i % generator.options().concurrency;
    Next next = generator.next(worker, now);
    if (next.kind != Next::Kind::kOp) break;
    now = next.at_ns;
    generator.complete(worker, next.op, outcome(next.op), now);
    ops.push_back(std::move(next));
  }
  return ops;
}

// The final phase's ops of `worker`, each ending as `outcome` says.
std::vector<Next> final_ops_of(
    Generator& generator, int worker,
    const std::function<OpType(const Op&)>& outcome = [](const Op&) { return OpType::kOk; }) {
  std::vector<Next> ops;
  for (Next next = generator.next(worker, 0); next.kind == Next::Kind::kOp;
       next = generator.next(worker, next.at_ns)) {
    generator.complete(worker, next.op, outcome(next.op), next.at_ns);
    ops.push_back(next);
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

TEST(Generator, RetiredKeysThatWereWrittenGetOneFinalReadEach) {
  GeneratorOptions options = limited(40);
  options.ops_per_key = 2;
  options.active_keys = 1;
  options.concurrency = 2;
  options.mix = {{"read", 1}, {"write", 1}};
  Generator generator = make(options);
  std::map<std::string, bool> written;  // by hand: a write that ended ok
  for (const Next& next : main_phase(generator)) {
    written[*next.op.key] = written[*next.op.key] || next.op.f == "write";
  }
  ASSERT_EQ(generator.retired_keys().size(), 20u) << "40 ok ops, 2 per key";
  int retired_written = 0;
  for (const std::string& key : generator.retired_keys()) retired_written += written[key];
  ASSERT_GT(retired_written, 0);
  ASSERT_LT(retired_written, 20) << "some retired keys were only read (seed-dependent)";

  generator.advance(0);
  EXPECT_EQ(generator.advance(0), Phase::kFinal);
  std::map<std::string, int> reads;
  for (int worker = 0; worker < 2; ++worker) {
    for (const Next& next : final_ops_of(generator, worker)) {
      EXPECT_EQ(next.op.f, "read");
      ++reads[*next.op.key];
    }
  }
  for (const std::string& key : generator.retired_keys()) {
    EXPECT_EQ(reads[key], written[key] ? 1 : 0) << key;
  }
  EXPECT_EQ(reads[generator.active_keys().at(0)], 2) << "the active key: one read per worker";
}

TEST(Generator, FailedOpsDoNotUseUpAKeysQuota) {
  GeneratorOptions options = limited(1000);
  options.ops_per_key = 10;
  options.active_keys = 2;
  Generator failing = make(options);
  main_phase(failing, 0, [](const Op&) { return OpType::kFail; });
  EXPECT_TRUE(failing.retired_keys().empty()) << "1000 failed ops retire no key";
  EXPECT_EQ(failing.active_keys(), (std::vector<std::string>{"k0", "k1"}));

  Generator indeterminate = make(options);  // info: may have reached the database
  main_phase(indeterminate, 0, [](const Op&) { return OpType::kInfo; });
  // Each retirement takes 10 info ops; what is left is on the 2 active keys.
  EXPECT_GE(indeterminate.retired_keys().size(), 99u);
}

TEST(Generator, AnOutageDoesNotRetireKeysThatWereWrittenBeforeIt) {
  // Writes succeed, then every op fails for a long stretch (the primary is
  // down): the keys written before must still be active, or be read at the end.
  GeneratorOptions options = limited(600);
  options.ops_per_key = 50;
  options.active_keys = 3;
  options.concurrency = 4;
  Generator generator = make(options);
  int seen = 0;
  main_phase(generator, 0, [&](const Op&) { return ++seen <= 40 ? OpType::kOk : OpType::kFail; });
  EXPECT_TRUE(generator.retired_keys().empty()) << "40 ok ops cannot use up a quota of 50";
  generator.advance(0);
  generator.advance(0);
  std::set<std::string> read;
  for (int worker = 0; worker < 4; ++worker) {
    for (const Next& next : final_ops_of(generator, worker)) read.insert(*next.op.key);
  }
  EXPECT_EQ(read, (std::set<std::string>{"k0", "k1", "k2"}));
}

TEST(Generator, AWriteThatEndsAfterItsKeyWasRetiredStillGetsItsKeyRead) {
  GeneratorOptions options = limited(100);
  options.ops_per_key = 1;
  options.active_keys = 1;
  options.concurrency = 2;
  options.mix = {{"write", 1}};
  Generator generator = make(options);
  generator.start(0);
  const Next first = generator.next(0, 0);   // a write on k0, still in flight
  const Next second = generator.next(1, 0);  // a read of k0 ends ok: k0 is used up
  Op read = second.op;
  read.f = "read";
  generator.complete(1, read, OpType::kOk, 0);
  ASSERT_EQ(generator.retired_keys(), std::vector<std::string>{"k0"});
  EXPECT_FALSE(generator.written("k0"));
  generator.complete(0, first.op, OpType::kInfo, 0);  // the write may have happened
  EXPECT_TRUE(generator.written("k0"));
  generator.advance(0);
  generator.advance(0);
  std::vector<std::string> keys;
  for (const Next& next : final_ops_of(generator, 0)) keys.push_back(*next.op.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"k0", "k1"}));
}

TEST(Generator, AFinalReadThatFailsIsTriedAgainAfterTheWorkersOtherReads) {
  GeneratorOptions options = limited(1);
  options.active_keys = 3;
  options.final_attempts = 3;
  options.final_retry_ns = kSecond;
  Generator generator = make(options);
  main_phase(generator);
  generator.advance(0);
  generator.advance(0);
  int k1_tries = 0;
  std::vector<Next> ops = final_ops_of(generator, 0, [&](const Op& op) {
    if (*op.key != "k1") return OpType::kOk;
    return ++k1_tries < 3 ? OpType::kFail : OpType::kInfo;
  });
  std::vector<std::string> keys;
  for (const Next& next : ops) keys.push_back(*next.op.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"k0", "k1", "k2", "k1", "k1"}))
      << "three tries of k1 in all, the others first";
  EXPECT_EQ(ops[3].at_ns, kSecond) << "the retry waits";
  EXPECT_EQ(ops[4].at_ns, 2 * kSecond);
  EXPECT_EQ(generator.next(0, 3 * kSecond).kind, Next::Kind::kPhaseEnd);
}

TEST(Generator, WrittenKeysThatNoFinalReadSawAreNamed) {
  GeneratorOptions options = limited(30);
  options.ops_per_key = 10;
  options.active_keys = 1;
  options.mix = {{"write", 1}};
  options.final_attempts = 2;
  Generator generator = make(options);
  main_phase(generator);
  ASSERT_EQ(generator.written_keys(), 3) << "k0, k1, k2 retired; k3 active, never written";
  generator.advance(0);
  generator.advance(0);
  // k1's final read fails both times; k0's and k2's succeed.
  final_ops_of(generator, 0,
               [](const Op& op) { return *op.key == "k1" ? OpType::kFail : OpType::kOk; });
  EXPECT_EQ(generator.written_keys_not_read(), std::vector<std::string>{"k1"});
}

// A final read that ends info may not have read anything: it is tried again,
// and a key whose every final read ended info counts as never read.
TEST(Generator, AFinalReadThatEndsInfoIsTriedAgainAndIsNotARead) {
  GeneratorOptions options = limited(10);
  options.active_keys = 1;
  options.mix = {{"write", 1}};
  options.final_attempts = 2;
  Generator generator = make(options);
  main_phase(generator);
  ASSERT_EQ(generator.written_keys(), 1);
  generator.advance(0);
  generator.advance(0);
  const std::vector<Next> ops = final_ops_of(generator, 0, [](const Op&) { return OpType::kInfo; });
  EXPECT_EQ(ops.size(), 2u) << "both attempts of k0's read";
  EXPECT_EQ(generator.written_keys_not_read(), std::vector<std::string>{"k0"});
}

TEST(Generator, RetiredKeysOfASetWithAnAddGetOneFinalReadEachSpreadOverTheWorkers) {
  GeneratorOptions options = limited(12);
  options.ops_per_key = 2;
  options.active_keys = 1;
  options.concurrency = 2;
  options.mix = {{"add", 1}};
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
    for (const Next& next : final_ops_of(generator, worker)) {
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
