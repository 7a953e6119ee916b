#include "checkers/set_checker.h"

#include <gtest/gtest.h>

#include "tests/checkers/add_read_events.h"

namespace faultline {
namespace {

using testing::Events;

std::vector<Json> elements(const std::vector<SetElement>& list) {
  std::vector<Json> out;
  for (const SetElement& e : list) out.push_back(e.element);
  return out;
}

TEST(SetChecker, EveryAcknowledgedAddInTheFinalReadIsValid) {
  Events h;
  h.add(0, 1).add(1, 2).add(0, 3, OpType::kFail).read(2, {1, 2});
  const SetResult r = check_set(h.history());
  EXPECT_EQ(r.verdict, Verdict::kValid) << set_summary(r);
  ASSERT_EQ(r.keys.size(), 1u);
  EXPECT_EQ(r.keys[0].attempted, 3u);
  EXPECT_EQ(r.keys[0].acknowledged, 2u);
  EXPECT_EQ(r.keys[0].read_size, 2u);
  EXPECT_EQ(r.keys[0].read_invoke_index, 6);
}

TEST(SetChecker, AnAcknowledgedAddMissingFromTheFinalReadIsLostWithItsIndices) {
  Events h;
  h.add(0, 1).add(1, 2).read(2, {1});
  const SetResult r = check_set(h.history());
  EXPECT_EQ(r.verdict, Verdict::kInvalid);
  ASSERT_EQ(r.keys[0].lost.size(), 1u);
  const SetElement& lost = r.keys[0].lost[0];
  EXPECT_EQ(lost.element, 2);
  EXPECT_EQ(lost.add_invoke_index, 2);
  EXPECT_EQ(lost.add_complete_index, 3);
  EXPECT_EQ(lost.add_outcome, OpType::kOk);
  const Json json = to_json(r);
  EXPECT_EQ(json["valid"], false);
  EXPECT_EQ(json["lost_count"], 1);
  EXPECT_EQ(json["lost"][0]["add_invoke_index"], 2);
  EXPECT_EQ(json["lost"][0]["key"], "k");
  EXPECT_NE(set_summary(r).find("lost on key k: 2 (add invoked at index 2, ok at index 3"),
            std::string::npos)
      << set_summary(r);
}

TEST(SetChecker, AnElementNobodyAddedIsUnexpected) {
  Events h;
  h.add(0, 1).read(1, {1, 99});
  const SetResult r = check_set(h.history());
  EXPECT_EQ(r.verdict, Verdict::kInvalid);
  EXPECT_EQ(elements(r.keys[0].unexpected), std::vector<Json>{99});
  EXPECT_EQ(r.keys[0].unexpected[0].add_invoke_index, -1);
  EXPECT_NE(set_summary(r).find("never added"), std::string::npos);
}

TEST(SetChecker, AnElementWhoseAddFailedIsUnexpected) {
  Events h;
  h.add(0, 1, OpType::kFail).read(1, {1});
  const SetResult r = check_set(h.history());
  EXPECT_EQ(r.verdict, Verdict::kInvalid);
  ASSERT_EQ(r.keys[0].unexpected.size(), 1u);
  EXPECT_EQ(r.keys[0].unexpected[0].add_outcome, OpType::kFail);
}

TEST(SetChecker, InfoAddsPresentAreRecoveredAndAbsentOnesAreFine) {
  Events h;
  h.add(0, 1, OpType::kInfo).add(1, 2, OpType::kInfo).invoke(2, "add", 3).read(4, {1, 3});
  const SetResult r = check_set(h.history());
  EXPECT_EQ(r.verdict, Verdict::kValid) << set_summary(r);
  EXPECT_EQ(elements(r.keys[0].recovered), (std::vector<Json>{1, 3}));
  EXPECT_EQ(r.keys[0].recovered[1].add_complete_index, -1) << "3's add never completed";
  EXPECT_EQ(to_json(r)["recovered_count"], 2);
}

TEST(SetChecker, AKeyWithoutAnOkReadIsUnknownWithTheReason) {
  Events h;
  h.add(0, 1).read(1, {1});
  h.add(0, 5, OpType::kOk, "other").invoke(1, "read", nullptr, "other");
  h.complete(1, OpType::kFail, "read", nullptr, "other");
  const SetResult r = check_set(h.history());
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  ASSERT_EQ(r.keys.size(), 2u);
  EXPECT_EQ(r.keys[0].verdict, Verdict::kValid);
  EXPECT_EQ(r.keys[1].verdict, Verdict::kUnknown);
  EXPECT_NE(r.keys[1].unknown_reason.find("no ok read of key 'other'"), std::string::npos);
  EXPECT_EQ(to_json(r)["unknown_keys"][0]["key"], "other");
}

TEST(SetChecker, LostOnOneKeyOutranksUnknownOnAnother) {
  Events h;
  h.add(0, 1, OpType::kOk, "a").read(1, Json::array(), "a").add(0, 2, OpType::kOk, "b");
  EXPECT_EQ(check_set(h.history()).verdict, Verdict::kInvalid);
}

TEST(SetChecker, TheLastOkReadIsTheFinalOne) {
  Events h;
  h.add(0, 1).read(1, Json::array()).add(0, 2).read(1, {1, 2});
  const SetResult r = check_set(h.history());
  EXPECT_EQ(r.verdict, Verdict::kValid) << "the earlier read began before 1 was added";
  EXPECT_EQ(r.keys[0].read_invoke_index, 6);
}

TEST(SetChecker, AnAddConcurrentWithTheReadMayBeMissing) {
  Events h;
  h.invoke(0, "add", 1).invoke(1, "read", nullptr);
  h.complete(0, OpType::kOk, "add", 1).complete(1, OpType::kOk, "read", Json::array());
  EXPECT_EQ(check_set(h.history()).verdict, Verdict::kValid);
}

TEST(SetChecker, AnAddInvokedAfterTheReadEndedCannotBeInIt) {
  Events h;
  h.read(1, {1}).add(0, 1);
  const SetResult r = check_set(h.history());
  EXPECT_EQ(r.verdict, Verdict::kInvalid);
  EXPECT_EQ(elements(r.keys[0].unexpected), std::vector<Json>{1});
}

TEST(SetChecker, AnElementReadTwiceIsDuplicated) {
  Events h;
  h.add(0, 1).read(1, {1, 1});
  const SetResult r = check_set(h.history());
  EXPECT_EQ(r.verdict, Verdict::kInvalid);
  EXPECT_EQ(elements(r.keys[0].duplicated), std::vector<Json>{1});
}

TEST(SetChecker, AReadThatIsNotAListIsIgnoredWithANote) {
  Events h;
  h.add(0, 1).read(1, "garbage");
  const SetResult r = check_set(h.history());
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  ASSERT_FALSE(r.notes.empty());
  EXPECT_NE(r.notes[0].message.find("not a list"), std::string::npos);
}

TEST(SetChecker, ManyKeysAreCheckedApartAndTheSummaryListsAFew) {
  Events h;
  for (int key = 0; key < 10; ++key) h.add(0, 1, OpType::kOk, "k" + std::to_string(key));
  for (int key = 0; key < 10; ++key) h.read(1, Json::array(), "k" + std::to_string(key));
  const SetResult r = check_set(h.history());
  EXPECT_EQ(r.keys.size(), 10u);
  EXPECT_EQ(to_json(r)["lost_count"], 10);
  EXPECT_NE(set_summary(r).find("... and 5 more"), std::string::npos) << set_summary(r);
}

}  // namespace
}  // namespace faultline
