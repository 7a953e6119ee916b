// Behaviour of the linearizability search on small hand-made histories.
#include <gtest/gtest.h>

#include <chrono>

#include "checkers/linearizability.h"
#include "checkers/linearizability_json.h"

namespace faultline {
namespace {

// Builds a history event by event: {process, type, f, value}.
struct E {
  int64_t process;
  OpType type;
  std::string f;
  Json value;
};

History build(const std::vector<E>& events) {
  History h;
  h.source = "test";
  for (const E& e : events) {
    Op op;
    op.index = static_cast<int64_t>(h.ops.size());
    op.process = e.process;
    op.type = e.type;
    op.f = e.f;
    op.value = e.value;
    op.source_line = op.index + 1;
    h.ops.push_back(op);
  }
  return h;
}

constexpr OpType I = OpType::kInvoke, OK = OpType::kOk, FAIL = OpType::kFail, INFO = OpType::kInfo;

LinearizabilityResult check(const History& h, Json init = 0, LinearizabilityOptions o = {}) {
  o.model.init = init;
  return check_linearizability(h, *make_model("cas-register"), o);
}

TEST(Wgl, SequentialWriteThenReadIsValid) {
  auto h = build({{0, I, "write", 1}, {0, OK, "write", 1}, {1, I, "read", {}}, {1, OK, "read", 1}});
  EXPECT_EQ(check(h).verdict, Verdict::kValid);
}

TEST(Wgl, StaleReadAfterCompletedWriteIsInvalidAndNamed) {
  auto h = build({{0, I, "write", 1}, {0, OK, "write", 1}, {1, I, "read", {}}, {1, OK, "read", 0}});
  LinearizabilityResult r = check(h);
  ASSERT_EQ(r.verdict, Verdict::kInvalid);
  const PartResult& part = r.parts.at(0);
  const CheckOp& failed = part.ops[part.search.evidence.failed_op];
  EXPECT_EQ(failed.f(), "read");
  EXPECT_EQ(failed.value(), Json(0));
  EXPECT_EQ(part.search.evidence.states, std::vector<Json>{Json(1)});
  Json j = to_json(r);
  EXPECT_EQ(j["valid"], false);
  EXPECT_EQ(j["evidence"]["failed_op"]["line"], 3);
}

TEST(Wgl, ReadConcurrentWithWriteMaySeeEitherValue) {
  for (int seen : {0, 1}) {
    auto h = build({{0, I, "write", 1}, {1, I, "read", {}}, {1, OK, "read", seen},
                    {0, OK, "write", 1}});
    EXPECT_EQ(check(h).verdict, Verdict::kValid) << seen;
  }
}

TEST(Wgl, IndeterminateWriteMayTakeEffectLateOrNever) {
  auto never = build({{0, I, "write", 1}, {0, INFO, "write", 1}, {1, I, "read", {}},
                      {1, OK, "read", 0}});
  EXPECT_EQ(check(never).verdict, Verdict::kValid);
  auto late = build({{0, I, "write", 1}, {0, INFO, "write", 1}, {1, I, "read", {}},
                     {1, OK, "read", 0}, {1, I, "read", {}}, {1, OK, "read", 1}});
  EXPECT_EQ(check(late).verdict, Verdict::kValid);
  auto flicker = build({{0, I, "write", 1}, {0, INFO, "write", 1}, {1, I, "read", {}},
                        {1, OK, "read", 1}, {1, I, "read", {}}, {1, OK, "read", 0}});
  EXPECT_EQ(check(flicker).verdict, Verdict::kInvalid);
}

TEST(Wgl, FailedOpsNeverTakeEffect) {
  auto h = build({{0, I, "write", 1}, {0, FAIL, "write", 1}, {1, I, "read", {}},
                  {1, OK, "read", 1}});
  EXPECT_EQ(check(h).verdict, Verdict::kInvalid);
}

TEST(Wgl, CasTakesEffectOnlyFromItsOldValue) {
  auto ok = build({{0, I, "cas", {0, 2}}, {0, OK, "cas", {0, 2}}, {1, I, "read", {}},
                   {1, OK, "read", 2}});
  EXPECT_EQ(check(ok).verdict, Verdict::kValid);
  EXPECT_EQ(check(ok, 5).verdict, Verdict::kInvalid);
}

TEST(Wgl, NilReadMeaningIsAnOption) {
  auto h = build({{0, I, "write", 1}, {0, OK, "write", 1}, {1, I, "read", {}},
                  {1, OK, "read", {}}});
  LinearizabilityOptions absent;
  EXPECT_EQ(check(h, 0, absent).verdict, Verdict::kInvalid);
  LinearizabilityOptions unobserved;
  unobserved.model.nil_read = NilRead::kUnobserved;
  EXPECT_EQ(check(h, 0, unobserved).verdict, Verdict::kValid);
  auto empty = build({{1, I, "read", {}}, {1, OK, "read", {}}});
  EXPECT_EQ(check(empty, Json(), absent).verdict, Verdict::kValid);
}

TEST(Wgl, ExhaustedMemoryGivesUnknownNotAGuess) {
  auto h = build({{0, I, "write", 1}, {0, OK, "write", 1}, {1, I, "read", {}},
                  {1, OK, "read", 1}});
  LinearizabilityOptions o;
  o.memory_limit_bytes = 1;
  LinearizabilityResult r = check(h, 0, o);
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  EXPECT_EQ(r.parts.at(0).search.unknown_reason, "memory limit");
}

TEST(Wgl, KeyedOpsAreCheckedPerKey) {
  History h = build({{0, I, "write", 1}, {0, OK, "write", 1}, {1, I, "read", {}},
                     {1, OK, "read", 0}});
  h.ops[0].key = h.ops[1].key = "a";
  h.ops[2].key = h.ops[3].key = "b";
  LinearizabilityResult r = check(h);
  EXPECT_EQ(r.verdict, Verdict::kValid);
  EXPECT_EQ(r.parts.size(), 2u);
}

TEST(Wgl, UnknownOperationIsAnErrorWithItsLine) {
  auto h = build({{0, I, "frobnicate", 1}, {0, OK, "frobnicate", 1}});
  LinearizabilityResult r = check(h);
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.error->where.line, 1);
  EXPECT_NE(r.error->message.find("frobnicate"), std::string::npos);
}

}  // namespace
}  // namespace faultline

namespace faultline {
namespace {

// 24 concurrent indeterminate writes of distinct values, each read once in
// order, then the first value read again: not linearizable, and proving it
// means trying every subset of the writes as "took effect unseen".
History exponential_history(int writes) {
  std::vector<E> events;
  for (int v = 1; v <= writes; ++v) events.push_back({v, I, "write", v});
  for (int v = 1; v <= writes; ++v) events.push_back({v, INFO, "write", v});
  for (int v = 1; v <= writes; ++v) {
    events.push_back({0, I, "read", {}});
    events.push_back({0, OK, "read", v});
  }
  events.push_back({0, I, "read", {}});
  events.push_back({0, OK, "read", 1});
  return build(events);
}

TEST(Wgl, TimeLimitGivesUnknownNotAGuess) {
  LinearizabilityOptions o;
  o.time_limit_seconds = 0.3;
  auto started = std::chrono::steady_clock::now();
  LinearizabilityResult r = check(exponential_history(24), 0, o);
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  EXPECT_EQ(r.parts.at(0).search.unknown_reason, "time limit");
  EXPECT_LT(took, 5.0);
}

TEST(Wgl, ReadOfAValueNothingWroteIsInvalidWithoutASearch) {
  History h = exponential_history(24);
  h.ops.back().value = 999;
  LinearizabilityOptions o;
  o.time_limit_seconds = 5;
  LinearizabilityResult r = check(h, 0, o);
  ASSERT_EQ(r.verdict, Verdict::kInvalid);
  const SearchEvidence& ev = r.parts.at(0).search.evidence;
  EXPECT_EQ(r.parts.at(0).ops[ev.failed_op].value(), Json(999));
  EXPECT_FALSE(ev.reason.empty());
  EXPECT_EQ(r.parts.at(0).search.steps, 0u);
}

TEST(Wgl, SmallVersionOfTheHardHistoryIsDecidedInvalid) {
  EXPECT_EQ(check(exponential_history(6)).verdict, Verdict::kInvalid);
}

}  // namespace
}  // namespace faultline
