// The search agrees with a brute-force checker on thousands of tiny random
// histories, and generated histories are valid until one read is corrupted.
#include <gtest/gtest.h>

#include "checkers/linearizability.h"
#include "tests/support/brute_force.h"
#include "tests/support/random_history.h"
#include "tests/support/reference_check.h"

namespace faultline {
namespace {

using testing::RandomHistoryOptions;

struct Case {
  std::string model;
  Json init;
  size_t max_ops;  // for generated histories; FIFO order makes long ones costly to search
};

const Case kCases[] = {
    {"register", 0, 200},      {"cas-register", 0, 200}, {"mutex", Json(), 200},
    {"set", Json(), 200},      {"fifo-queue", Json(), 20},     {"unordered-queue", Json(), 40},
    {"kv", Json(), 150},
};

Verdict search_verdict(const History& h, const Model& model, const ModelOptions& mo) {
  LinearizabilityOptions options;
  options.model = mo;
  options.threads = 1;
  return check_linearizability(h, model, options).verdict;
}

// Random concurrent histories, then one op's value changed at random: about
// half are invalid. Both checkers must agree on every one.
TEST(Differential, SearchAgreesWithBruteForceOnSmallRandomHistories) {
  std::mt19937_64 rng(20261125);
  for (const Case& c : kCases) {
    std::unique_ptr<Model> model = make_model(c.model);
    ASSERT_TRUE(model) << c.model;
    ModelOptions mo{c.init, NilRead::kAbsent};
    int invalid = 0;
    for (int i = 0; i < 1500; ++i) {
      RandomHistoryOptions o;
      o.model = c.model;
      o.ops = 1 + rng() % 10;
      o.processes = 1 + static_cast<int>(rng() % 4);
      o.values = 3;
      o.info_rate = 0.15;
      o.crash_rate = 0.05;
      History h = testing::random_history(o, rng);
      // Perturb: swap one completion's value for another op's, or a small number.
      for (Op& op : h.ops) {
        if (op.type == OpType::kOk && rng() % 6 == 0) {
          if (op.value.is_array()) op.value.push_back(static_cast<int>(rng() % 3) + 101);
          else op.value = static_cast<int>(rng() % 3);
          break;
        }
        if (op.type == OpType::kFail && rng() % 4 == 0) {
          op.type = OpType::kOk;  // claims an effect that did not happen
          break;
        }
      }
      Verdict expected = testing::brute_force_check(h, *model, mo);
      Verdict got = search_verdict(h, *model, mo);
      ASSERT_EQ(got, expected) << c.model << " history " << i << ":\n" << [&] {
        std::string s;
        for (const Op& op : h.ops)
          s += std::to_string(op.process) + " " + std::string(to_string(op.type)) + " " + op.f +
               " " + op.value.dump() + "\n";
        return s;
      }();
      invalid += expected == Verdict::kInvalid;
    }
    EXPECT_GT(invalid, 50) << c.model << ": the perturbation should make some histories invalid";
  }
}

TEST(Differential, GeneratedHistoriesAreValidAndACorruptedReadMakesThemInvalid) {
  std::mt19937_64 rng(7);
  for (const Case& c : kCases) {
    std::unique_ptr<Model> model = make_model(c.model);
    ASSERT_TRUE(model) << c.model;
    ModelOptions mo{c.init, NilRead::kAbsent};
    for (int i = 0; i < 300; ++i) {
      RandomHistoryOptions o;
      o.model = c.model;
      o.ops = 5 + rng() % c.max_ops;
      o.processes = 1 + static_cast<int>(rng() % 6);
      o.info_rate = 0.05;
      o.crash_rate = 0.02;
      History h = testing::random_history(o, rng);
      ASSERT_EQ(search_verdict(h, *model, mo), Verdict::kValid) << c.model << " #" << i;
      if (testing::corrupt_one_read(h, rng)) {
          ASSERT_EQ(search_verdict(h, *model, mo), Verdict::kInvalid) << c.model << " #" << i;
      }
    }
  }
}

}  // namespace
}  // namespace faultline

namespace faultline {
namespace {

// Tiny random histories, some perturbed, against a reference checker that
// shares no code with the checker (its own pairing and models): the two must
// agree on every one.
struct ReferenceCase {
  std::string model;
  Json init;
};

// Changes one ok completion's value (a read's, so what it saw) to something
// nearby, or turns a fail into an ok: the history often stops being valid.
void perturb(History& h, const std::string& model, std::mt19937_64& rng) {
  static const char* kStrings[] = {"", "a", "b", "ab", "ba", "aab"};
  for (Op& op : h.ops) {
    if (op.type == OpType::kOk && rng() % 6 == 0) {
      const int small = static_cast<int>(rng() % 3);
      if (model == "kv-string") op.value = kStrings[rng() % 6];
      else if (op.f == "cas") op.value = Json::array({small, static_cast<int>(rng() % 3)});
      else if (op.value.is_array()) op.value.push_back(small + 101);
      else op.value = small;
      return;
    }
    if (op.type == OpType::kFail && rng() % 4 == 0) {
      op.type = OpType::kOk;
      return;
    }
  }
}

TEST(Differential, SearchAgreesWithAnIndependentReferenceChecker) {
  const ReferenceCase cases[] = {
      {"register", 0}, {"cas-register", 0}, {"kv", Json()}, {"kv-string", Json()}};
  std::mt19937_64 rng(20261202);
  for (const ReferenceCase& c : cases) {
    std::unique_ptr<Model> model = make_model(c.model);
    ASSERT_TRUE(model) << c.model;
    ModelOptions mo{c.init, NilRead::kAbsent};
    int invalid = 0, valid = 0;
    for (int i = 0; i < 1500; ++i) {
      RandomHistoryOptions o;
      o.model = c.model;
      o.ops = 1 + rng() % 9;
      o.processes = 1 + static_cast<int>(rng() % 4);
      o.values = 3;
      o.keys = 1 + static_cast<int>(rng() % 2);
      o.info_rate = 0.15;
      o.crash_rate = 0.05;
      History h = testing::random_history(o, rng);
      if (rng() % 3 != 0) perturb(h, c.model, rng);
      const Verdict expected = testing::reference_check(h, c.model, c.init);
      ASSERT_NE(expected, Verdict::kUnknown) << c.model;
      LinearizabilityOptions options;
      options.model = mo;
      options.threads = 1;
      options.all_keys = i % 2 == 0;  // either way, the verdict is the same
      ASSERT_EQ(check_linearizability(h, *model, options).verdict, expected)
          << c.model << " history " << i << ":\n" << [&] {
               std::string s;
               for (const Op& op : h.ops)
                 s += std::to_string(op.process) + " " + std::string(to_string(op.type)) + " " +
                      op.f + " " + op.key.value_or("") + " " + op.value.dump() + "\n";
               return s;
             }();
      invalid += expected == Verdict::kInvalid;
      valid += expected == Verdict::kValid;
    }
    EXPECT_GT(invalid, 100) << c.model << ": the perturbation should make some histories invalid";
    EXPECT_GT(valid, 100) << c.model;
  }
}

// Longer kv-string histories, as generated (appends that join in more than
// one way): valid.
TEST(Differential, GeneratedKvStringHistoriesAreValid) {
  std::mt19937_64 rng(11);
  std::unique_ptr<Model> model = make_model("kv-string");
  for (int i = 0; i < 200; ++i) {
    RandomHistoryOptions o;
    o.model = "kv-string";
    o.ops = 10 + rng() % 60;
    o.processes = 1 + static_cast<int>(rng() % 5);
    o.keys = 2;
    o.info_rate = 0.05;
    History h = testing::random_history(o, rng);
    LinearizabilityOptions options;
    options.threads = 1;
    ASSERT_EQ(check_linearizability(h, *model, options).verdict, Verdict::kValid) << i;
  }
}

}  // namespace
}  // namespace faultline
