// Targets are pure functions of the node list and a seeded generator.
#include "nemeses/targets.h"

#include <gtest/gtest.h>

#include <set>

namespace faultline {
namespace {

const TargetNodes kFive{"n1", "n2", "n3", "n4", "n5"};

bool all_known_and_distinct(const TargetNodes& chosen, const TargetNodes& nodes) {
  std::set<std::string> seen(chosen.begin(), chosen.end());
  if (seen.size() != chosen.size()) return false;
  for (const std::string& c : chosen) {
    if (std::find(nodes.begin(), nodes.end(), c) == nodes.end()) return false;
  }
  return true;
}

TEST(Targets, SizesFollowTheClusterSize) {
  struct Case {
    size_t nodes, minority, majority;
  };
  for (Case c :
       {Case{1, 0, 1}, Case{2, 1, 2}, Case{3, 1, 2}, Case{4, 2, 3}, Case{5, 2, 3}, Case{7, 3, 4}}) {
    TargetNodes nodes(kFive.begin(), kFive.begin() + std::min<size_t>(c.nodes, 5));
    while (nodes.size() < c.nodes) nodes.push_back("m" + std::to_string(nodes.size()));
    std::mt19937_64 rng(c.nodes);
    EXPECT_EQ(target_minority(nodes, rng).size(), c.minority) << c.nodes << " nodes";
    EXPECT_EQ(target_majority(nodes, rng).size(), c.majority) << c.nodes << " nodes";
    EXPECT_EQ(target_one(nodes, rng).size(), 1u);
  }
}

TEST(Targets, RandomChoicesAreDistinctKnownNodesInListOrder) {
  std::mt19937_64 rng(1);
  for (int i = 0; i < 200; ++i) {
    for (const TargetNodes& chosen : {target_minority(kFive, rng), target_majority(kFive, rng),
                                      target_random_subset(kFive, rng), target_one(kFive, rng)}) {
      EXPECT_TRUE(all_known_and_distinct(chosen, kFive));
      EXPECT_TRUE(std::is_sorted(chosen.begin(), chosen.end()));
    }
  }
}

TEST(Targets, RandomSubsetIsNeverEmptyAndReachesEverySize) {
  std::mt19937_64 rng(2);
  std::set<size_t> sizes;
  for (int i = 0; i < 500; ++i) sizes.insert(target_random_subset(kFive, rng).size());
  EXPECT_EQ(sizes, (std::set<size_t>{1, 2, 3, 4, 5}));
}

TEST(Targets, OneReachesEveryNode) {
  std::mt19937_64 rng(3);
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) seen.insert(target_one(kFive, rng)[0]);
  EXPECT_EQ(seen.size(), 5u);
}

TEST(Targets, SameSeedSameChoice) {
  for (const char* target : {"one", "minority", "majority", "random-subset"}) {
    std::mt19937_64 a(42), b(42);
    EXPECT_EQ(*choose_targets({target, {}}, kFive, a), *choose_targets({target, {}}, kFive, b))
        << target;
  }
}

TEST(Targets, AllAndPrimariesAndExplicitLists) {
  std::mt19937_64 rng(4);
  EXPECT_EQ(*choose_targets({"all", {}}, kFive, rng), kFive);
  EXPECT_EQ(*choose_targets({"primaries", {"n4", "n2"}}, kFive, rng), (TargetNodes{"n2", "n4"}));
  EXPECT_EQ(*choose_targets({"n3,n1", {}}, kFive, rng), (TargetNodes{"n3", "n1"}));
  EXPECT_EQ(*choose_targets({" n2 , n5 ", {}}, kFive, rng), (TargetNodes{"n2", "n5"}));
  EXPECT_EQ(*choose_targets({"n4", {}}, kFive, rng), (TargetNodes{"n4"}));
}

TEST(Targets, ErrorsNameTheProblemAndSuggest) {
  std::mt19937_64 rng(5);
  struct Case {
    TargetRequest request;
    std::string expected;
  };
  for (const Case& c : std::vector<Case>{
           {{"minorty", {}}, "unknown target 'minorty' (did you mean 'minority'?)"},
           {{"n1,n9", {}}, "unknown node 'n9' (did you mean 'n1'?)"},
           {{"n6", {}}, "unknown target 'n6' (did you mean 'n1'?)"},
           {{"n1,n1", {}}, "node n1 is named twice"},
           {{"primaries", {}}, "the database named no primary"},
           {{"primaries", {"n7"}}, "primaries: unknown node 'n7'"},
           {{",", {}}, "picks no node"},
       }) {
    Parsed<TargetNodes> chosen = choose_targets(c.request, kFive, rng);
    ASSERT_FALSE(chosen.ok()) << c.request.target;
    EXPECT_NE(chosen.error().message.find(c.expected), std::string::npos) << chosen.error().message;
  }
}

TEST(Targets, MinorityOfOneNodeIsAnError) {
  std::mt19937_64 rng(6);
  Parsed<TargetNodes> chosen = choose_targets({"minority", {}}, {"n1"}, rng);
  ASSERT_FALSE(chosen.ok());
  EXPECT_NE(chosen.error().message.find("picks no node of 1"), std::string::npos);
}

}  // namespace
}  // namespace faultline
