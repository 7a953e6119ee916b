#include "nemeses/traffic_shape.h"

#include <gtest/gtest.h>

namespace faultline {
namespace {

TEST(TrafficShape, RatesParseInTcNotation) {
  struct Case {
    const char* text;
    uint64_t bits;
  };
  for (const Case& c : {Case{"8mbit", 8'000'000},
                        {"8Mbit", 8'000'000},
                        {"500kbit", 500'000},
                        {"1gbit", 1'000'000'000},
                        {"250000bit", 250'000},
                        {"1mbps", 8'000'000},
                        {"100kbps", 800'000},
                        {"1.5mbit", 1'500'000},
                        {"2000bps", 16'000}}) {
    auto rate = parse_rate(c.text);
    ASSERT_TRUE(rate.ok()) << c.text << ": " << rate.error();
    EXPECT_EQ(*rate, c.bits) << c.text;
  }
}

TEST(TrafficShape, BadRatesAreRefusedWithAnExample) {
  for (const char* text :
       {"", "8", "mbit", "8 mbit", "8xbit", "-8mbit", "8mb", ".5mbit", "1.2.3kbit"}) {
    auto rate = parse_rate(text);
    ASSERT_FALSE(rate.ok()) << text;
    EXPECT_NE(rate.error().find("e.g. 8mbit"), std::string::npos) << rate.error();
  }
  EXPECT_NE(parse_rate("100bit").error().find("below 1kbit"), std::string::npos);
  EXPECT_NE(parse_rate("2000gbit").error().find("above"), std::string::npos);
}

TEST(TrafficShape, RatesFormatInTheShortestExactUnit) {
  EXPECT_EQ(format_rate(8'000'000), "8mbit");
  EXPECT_EQ(format_rate(1'500'000), "1500kbit");
  EXPECT_EQ(format_rate(2'000'000'000), "2gbit");
  EXPECT_EQ(format_rate(1'234), "1234bit");
}

TEST(TrafficShape, NetemIsCheckedNamingTheOption) {
  EXPECT_EQ(check_netem({100, 10, 1, 25, 0.1}), "");
  EXPECT_EQ(check_netem({0, 0, 5, 0, 0}), "");  // duplication alone is fine
  struct Case {
    Netem netem;
    const char* says;
  };
  for (const Case& c :
       {Case{{}, "nothing to do"}, Case{{-1, 0, 0, 0, 0}, "--ms"},
        Case{{0, 5, 0, 0, 0}, "--jitter-ms needs --ms"},
        Case{{0, 0, 0, 10, 0}, "--reorder needs --ms"}, Case{{10, 0, 101, 0, 0}, "--duplicate"},
        Case{{10, 0, 0, 0, -1}, "--corrupt"}, Case{{10, -1, 0, 0, 0}, "--jitter-ms must"}}) {
    EXPECT_NE(check_netem(c.netem).find(c.says), std::string::npos)
        << c.says << " / " << check_netem(c.netem);
  }
}

TEST(TrafficShape, NetemIsDescribedAndRecordedWithOnlyWhatIsSet) {
  Netem full{100, 10, 1, 25, 0.1};
  EXPECT_EQ(describe_netem(full),
            "delay 100ms jitter 10ms (normal), duplicate 1%, reorder 25%, corrupt 0.1%");
  EXPECT_EQ(netem_to_json(full), nlohmann::json::parse(R"({"delay_ms":100,"jitter_ms":10,
      "distribution":"normal","duplicate_percent":1,"reorder_percent":25,"corrupt_percent":0.1})"));
  EXPECT_EQ(describe_netem({50, 0, 0, 0, 0}), "delay 50ms");
  EXPECT_EQ(netem_to_json({0, 0, 2.5, 0, 0}),
            nlohmann::json::parse(R"({"duplicate_percent":2.5})"));
}

}  // namespace
}  // namespace faultline
