// One invalid key decides a multi-key history: the other keys' searches stop
// (or never start) and are reported "not checked", unless all_keys asks for
// every key's verdict. A key not checked never makes the verdict valid.
#include <gtest/gtest.h>

#include <random>

#include "checkers/linearizability.h"
#include "checkers/linearizability_json.h"
#include "checkers/linearizability_text.h"
#include "checkers/memory_budget.h"
#include "tests/support/put_then_get.h"
#include "tests/support/random_history.h"

namespace faultline {
namespace {

using testing::put_then_get;

// Key "bad" (the largest, so searched first) reads a value nothing wrote last;
// keys "x" and "y" are fine.
History one_bad_key() {
  History h;
  h.source = "test";
  for (int i = 0; i < 5; ++i) put_then_get(h, "bad", i, i == 4 ? Json(3) : Json(i));
  put_then_get(h, "x", 1, 1);
  put_then_get(h, "y", 2, 2);
  return h;
}

const PartResult& part(const LinearizabilityResult& r, const std::string& key) {
  for (const PartResult& p : r.parts)
    if (p.name == key) return p;
  ADD_FAILURE() << "no part " << key;
  return r.parts.at(0);
}

TEST(FirstInvalidKey, KeysAfterAnInvalidOneAreNotCheckedAndTheVerdictStaysInvalid) {
  LinearizabilityOptions o;
  o.threads = 1;
  const History history = one_bad_key();  // the result points into it
  LinearizabilityResult r = check_linearizability(history, *make_model("kv"), o);
  EXPECT_EQ(r.verdict, Verdict::kInvalid);
  EXPECT_EQ(part(r, "bad").search.verdict, Verdict::kInvalid);
  for (const char* key : {"x", "y"}) {
    EXPECT_EQ(part(r, key).search.verdict, Verdict::kUnknown) << key;
    EXPECT_EQ(part(r, key).search.unknown_reason, kNotChecked) << key;
    EXPECT_FALSE(part(r, key).checked()) << key;
    EXPECT_EQ(part(r, key).search.steps, 0u) << key;
  }
}

TEST(FirstInvalidKey, AllKeysChecksEveryKey) {
  LinearizabilityOptions o;
  o.threads = 1;
  o.all_keys = true;
  const History history = one_bad_key();  // the result points into it
  LinearizabilityResult r = check_linearizability(history, *make_model("kv"), o);
  EXPECT_EQ(r.verdict, Verdict::kInvalid);
  EXPECT_EQ(part(r, "x").search.verdict, Verdict::kValid);
  EXPECT_EQ(part(r, "y").search.verdict, Verdict::kValid);
  for (const PartResult& p : r.parts) EXPECT_TRUE(p.checked()) << p.name;
}

TEST(FirstInvalidKey, JsonAndTextSayWhichKeysWereNotChecked) {
  LinearizabilityOptions o;
  o.threads = 1;
  const History history = one_bad_key();  // the result points into it
  LinearizabilityResult r = check_linearizability(history, *make_model("kv"), o);
  Json j = to_json(r);
  EXPECT_EQ(j["valid"], false);
  EXPECT_EQ(j["partition_counts"]["not_checked"], 2);
  EXPECT_EQ(j["partition_counts"]["unknown"], 0);
  EXPECT_EQ(j["partition_counts"]["invalid"], 1);
  int not_checked = 0;
  for (const Json& p : j["partitions"]) {
    if (p.value("checked", true)) continue;
    ++not_checked;
    EXPECT_EQ(p["unknown_reason"], std::string(kNotChecked));
  }
  EXPECT_EQ(not_checked, 2);
  std::ostringstream text;
  print_check_result(text, "f", r);
  EXPECT_NE(text.str().find("2 of 3 keys not checked (an earlier key was invalid)"),
            std::string::npos)
      << text.str();
}

// A search already running stops when another key is proven invalid: key
// "bad" is invalid at once, while the hard key next to it would search far
// longer than any limit set here lets it (and run out of memory or time,
// which the test tells apart from "not checked").
TEST(FirstInvalidKey, ARunningSearchIsCancelledByAnotherKeysProof) {
  std::mt19937_64 rng(3);
  testing::HardKvOptions hard;
  hard.keys = 1;
  hard.bad_keys = 1;
  hard.ops_per_key = 600;
  hard.processes = 20;
  hard.info_rate = 0.2;
  History h = testing::hard_invalid_kv_history(hard, rng);
  History bad = one_bad_key();
  for (Op op : bad.ops) {
    if (op.key != "bad") continue;
    op.index = static_cast<int64_t>(h.ops.size());
    op.process += 1000;
    h.ops.push_back(std::move(op));
  }
  LinearizabilityOptions o;
  o.threads = 2;
  o.time_limit_seconds = 600;
  // The limit is on the whole process: 512 MiB on top of what this test
  // binary holds already (other tests run before it in the same process).
  o.memory_limit_bytes = resident_bytes() + (int64_t{512} << 20);
  LinearizabilityResult r = check_linearizability(h, *make_model("kv"), o);
  EXPECT_EQ(r.verdict, Verdict::kInvalid);
  EXPECT_EQ(part(r, "bad").search.verdict, Verdict::kInvalid);
  EXPECT_EQ(part(r, "0").search.unknown_reason, kNotChecked);
}

}  // namespace
}  // namespace faultline
