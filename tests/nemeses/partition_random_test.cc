// The random partition shapes really are random: different seeds give
// different splits, and over many seeds every node lands on every side.
// (A shape whose shuffle was removed always cut the same nodes.)
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "nemeses/partition_shapes.h"

namespace faultline {
namespace {

const Nodes kFive{"n1", "n2", "n3", "n4", "n5"};

using Shape = Components (*)(const Nodes&, std::mt19937_64&);

// The first (smaller) side of a split, as a set.
std::set<std::string> first_side(Shape shape, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const Components c = shape(kFive, rng);
  return {c.at(0).begin(), c.at(0).end()};
}

void expect_random_split(Shape shape, const std::string& name, size_t side_size) {
  std::set<std::set<std::string>> splits;
  std::map<std::string, int> on_first_side, on_second_side;
  for (uint64_t seed = 0; seed < 200; ++seed) {
    const std::set<std::string> side = first_side(shape, seed);
    EXPECT_EQ(side.size(), side_size) << name << " seed " << seed;
    splits.insert(side);
    for (const std::string& node : kFive)
      ++(side.count(node) ? on_first_side : on_second_side)[node];
  }
  std::set<std::set<std::string>> first_ten;
  for (uint64_t seed = 1; seed <= 10; ++seed) first_ten.insert(first_side(shape, seed));
  EXPECT_GE(first_ten.size(), 2u) << name << ": seeds 1 to 10 split alike";
  EXPECT_GE(splits.size(), 5u) << name << ": only " << splits.size() << " splits in 200 seeds";
  for (const std::string& node : kFive) {
    EXPECT_GT(on_first_side[node], 0) << name << ": " << node << " never on the first side";
    EXPECT_GT(on_second_side[node], 0) << name << ": " << node << " never on the second side";
  }
}

TEST(PartitionRandomShapes, RandomHalvesPutEveryNodeOnEachSideOverManySeeds) {
  expect_random_split(&random_halves, "random-halves", 2);
}

TEST(PartitionRandomShapes, MinorityThirdPutsEveryNodeOnEachSideOverManySeeds) {
  expect_random_split(&minority_third, "minority-third", 1);
}

TEST(PartitionRandomShapes, RandomIsolateIsolatesEveryNodeOverManySeeds) {
  expect_random_split(&isolate_random, "random-isolate", 1);
}

TEST(PartitionRandomShapes, MakeGrudgeUsesTheRandomnessToo) {
  // Through the shape's name, as schedules call it.
  std::set<Grudge> grudges;
  for (uint64_t seed = 0; seed < 50; ++seed) {
    std::mt19937_64 rng(seed);
    ShapeRequest request;
    request.shape = "random-halves";
    Parsed<Grudge> g = make_grudge(request, kFive, rng);
    ASSERT_TRUE(g);
    grudges.insert(*g);
  }
  EXPECT_GE(grudges.size(), 5u);
}

}  // namespace
}  // namespace faultline
