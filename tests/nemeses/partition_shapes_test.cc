// Partition shapes are pure functions of the node list.
#include "nemeses/partition_shapes.h"

#include <gtest/gtest.h>

namespace faultline {
namespace {

const Nodes kFive{"n1", "n2", "n3", "n4", "n5"};

// Can `a` hear `b`? (b's packets are not dropped by a)
bool hears(const Grudge& g, const std::string& a, const std::string& b) {
  auto it = g.find(a);
  return it == g.end() || !it->second.count(b);
}

size_t heard_by(const Grudge& g, const std::string& a, const Nodes& nodes) {
  size_t n = 0;
  for (const std::string& b : nodes) n += hears(g, a, b);
  return n;
}

TEST(PartitionShapes, HalvesCutTheFirstHalfFromTheRestBothWays) {
  Grudge g = complete_grudge(halves(kFive));
  Grudge expected{{"n1", {"n3", "n4", "n5"}},
                  {"n2", {"n3", "n4", "n5"}},
                  {"n3", {"n1", "n2"}},
                  {"n4", {"n1", "n2"}},
                  {"n5", {"n1", "n2"}}};
  EXPECT_EQ(g, expected);
}

TEST(PartitionShapes, IsolateCutsOneNodeOff) {
  Grudge g = complete_grudge(isolate(kFive, "n3"));
  EXPECT_EQ(g.at("n3"), (std::set<std::string>{"n1", "n2", "n4", "n5"}));
  EXPECT_EQ(g.at("n1"), (std::set<std::string>{"n3"}));
}

TEST(PartitionShapes, BridgeNodeSeesEveryoneWhileTheSidesAreCut) {
  Grudge g = complete_grudge(bridge(kFive));  // n1,n2,n3 | n3,n4,n5
  EXPECT_EQ(heard_by(g, "n3", kFive), 5u);
  EXPECT_FALSE(hears(g, "n1", "n5"));
  EXPECT_FALSE(hears(g, "n5", "n1"));
  EXPECT_TRUE(hears(g, "n1", "n2"));
  EXPECT_TRUE(hears(g, "n4", "n5"));
}

TEST(PartitionShapes, MajoritiesRingGivesEveryNodeAMajorityButNoTwoTheSame) {
  for (size_t n : {3u, 4u, 5u, 6u, 7u}) {
    Nodes nodes;
    for (size_t i = 1; i <= n; ++i) nodes.push_back("n" + std::to_string(i));
    std::mt19937_64 rng(n);
    Grudge g = majorities_ring(nodes, rng);
    std::set<std::set<std::string>> views;
    for (const std::string& a : nodes) {
      EXPECT_EQ(heard_by(g, a, nodes), n / 2 + 1) << a << " of " << n;
      std::set<std::string> view;
      for (const std::string& b : nodes) {
        if (hears(g, a, b)) view.insert(b);
      }
      views.insert(view);
    }
    EXPECT_EQ(views.size(), n) << "every node sees a different majority";
  }
}

TEST(PartitionShapes, MinorityThirdCutsAThirdAtLeastOne) {
  std::mt19937_64 rng(1);
  Components c = minority_third(kFive, rng);
  EXPECT_EQ(c[0].size(), 1u);
  EXPECT_EQ(c[1].size(), 4u);
  Nodes six{"a", "b", "c", "d", "e", "f"};
  EXPECT_EQ(minority_third(six, rng)[0].size(), 2u);
}

TEST(PartitionShapes, RandomShapesAreReproducibleFromTheSeed) {
  std::mt19937_64 a(42), b(42);
  EXPECT_EQ(random_halves(kFive, a), random_halves(kFive, b));
  EXPECT_EQ(majorities_ring(kFive, a), majorities_ring(kFive, b));
}

TEST(PartitionShapes, PrimariesAreCutFromTheRest) {
  Components c = primaries(kFive, {"n2"});
  EXPECT_EQ(c[0], Nodes{"n2"});
  EXPECT_EQ(c[1].size(), 4u);
}

TEST(PartitionShapes, ExplicitComponentsMustCoverEveryNodeOnce) {
  auto ok = parse_components("n1,n2 | n3,n4,n5", kFive);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, (Components{{"n1", "n2"}, {"n3", "n4", "n5"}}));
  auto missing = parse_components("n1,n2|n3,n4", kFive);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("n5 is in no component"), std::string::npos);
  auto twice = parse_components("n1,n2|n2,n3,n4,n5", kFive);
  EXPECT_NE(twice.error().message.find("n2 is in two components"), std::string::npos);
  auto unknown = parse_components("n1,n9|n2,n3,n4,n5", kFive);
  EXPECT_NE(unknown.error().message.find("unknown node 'n9'"), std::string::npos);
}

TEST(PartitionShapes, UnknownShapeSuggestsTheClosest) {
  std::mt19937_64 rng(1);
  auto r = make_grudge({"halfs", "", {}, ""}, kFive, rng);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("did you mean 'halves'"), std::string::npos);
}

// The nodes cut off from n5 (which stays with the rest) by a grudge.
Nodes cut_off(const Grudge& g, const Nodes& nodes) {
  Nodes out;
  for (const std::string& n : nodes) {
    if (!hears(g, "n5", n) || !hears(g, n, "n5")) out.push_back(n);
  }
  return out;
}

TEST(PartitionShapes, IsolateTakesAnyTargetAndDefaultsToOneNode) {
  std::mt19937_64 rng(5);
  auto named = make_grudge({"isolate", "n2", {}, ""}, kFive, rng);
  ASSERT_TRUE(named.ok()) << named.error().message;
  EXPECT_EQ(*named, complete_grudge(isolate(kFive, "n2")));
  auto listed = make_grudge({"isolate", "n1,n3", {}, ""}, kFive, rng);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(cut_off(*listed, kFive), (Nodes{"n1", "n3"}));
  auto one = make_grudge({"isolate", "", {}, ""}, kFive, rng);
  ASSERT_TRUE(one.ok()) << one.error().message;
  EXPECT_EQ(one->size(), 5u) << "every node drops someone";
  size_t alone = 0;
  for (const std::string& n : kFive) alone += heard_by(*one, n, kFive) == 1;
  EXPECT_EQ(alone, 1u) << "one node hears only itself";
  auto minority = make_grudge({"isolate", "minority", {}, ""}, kFive, rng);
  ASSERT_TRUE(minority.ok());
  size_t in_minority = 0;
  for (const std::string& n : kFive) in_minority += heard_by(*minority, n, kFive) == 2;
  EXPECT_EQ(in_minority, 2u) << "two nodes hear only each other";
  auto primaries_cut = make_grudge({"isolate", "primaries", {"n4"}, ""}, kFive, rng);
  ASSERT_TRUE(primaries_cut.ok());
  EXPECT_EQ(*primaries_cut, complete_grudge(isolate(kFive, "n4")));
}

TEST(PartitionShapes, IsolateOrPrimariesThatPickEveryNodeOrNoneAreErrors) {
  std::mt19937_64 rng(5);
  auto all = make_grudge({"isolate", "all", {}, ""}, kFive, rng);
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().message, "isolate: target 'all' picks every node, so none is cut off");
  auto none = make_grudge({"primaries", "", {}, ""}, kFive, rng);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().message,
            "primaries: target 'primaries' picks no node of 5: the database named no primary");
  auto unknown = make_grudge({"isolate", "n9", {}, ""}, kFive, rng);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("isolate: unknown target 'n9'"), std::string::npos)
      << unknown.error().message;
}

TEST(PartitionShapes, GrudgeRoundTripsThroughJson) {
  std::mt19937_64 rng(3);
  Grudge g = majorities_ring(kFive, rng);
  EXPECT_EQ(grudge_from_json(grudge_to_json(g)), g);
  EXPECT_TRUE(grudge_is_empty(Grudge{{"n1", {}}}));
  EXPECT_EQ(describe_components(halves(kFive)), "n1,n2 | n3,n4,n5");
}

}  // namespace
}  // namespace faultline
