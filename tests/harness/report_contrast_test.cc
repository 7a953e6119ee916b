// Every text / background pair of the report's style meets WCAG 2.1 AA
// (4.5:1 for normal text, 3:1 for large): the colours are read from the
// page's own CSS (page_style.cc), so a colour change that fails AA breaks
// this test. Each element's colour is the last one the selectors matching it
// (listed from least to most specific) define: the cascade, for the pairs
// the page uses. Every selector that sets a text colour or a background must
// be in some pair, so a new colour cannot slip in unchecked.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "harness/report/report_parts.h"

namespace faultline {
namespace {

using Rules = std::map<std::string, std::map<std::string, std::string>>;

std::string trim(const std::string& text) {
  const size_t begin = text.find_first_not_of(" \t\n");
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(" \t\n") - begin + 1);
}

// selector -> property -> value, later rules winning; @media blocks (print) skipped.
Rules parse_css(const std::string& css) {
  Rules rules;
  size_t at = 0;
  while (at < css.size()) {
    const size_t open = css.find('{', at);
    if (open == std::string::npos) break;
    const std::string selectors = trim(css.substr(at, open - at));
    if (selectors.rfind("@", 0) == 0) {  // skip to the block's matching brace
      int depth = 0;
      size_t i = open;
      for (; i < css.size(); ++i) {
        depth += css[i] == '{' ? 1 : css[i] == '}' ? -1 : 0;
        if (depth == 0) break;
      }
      at = i + 1;
      continue;
    }
    const size_t close = css.find('}', open);
    const std::string body = css.substr(open + 1, close - open - 1);
    std::vector<std::pair<std::string, std::string>> declarations;
    for (size_t start = 0; start <= body.size();) {
      size_t end = body.find(';', start);
      if (end == std::string::npos) end = body.size();
      const std::string declaration = body.substr(start, end - start);
      if (size_t colon = declaration.find(':'); colon != std::string::npos)
        declarations.emplace_back(trim(declaration.substr(0, colon)),
                                  trim(declaration.substr(colon + 1)));
      start = end + 1;
    }
    for (size_t start = 0; start <= selectors.size();) {
      size_t end = selectors.find(',', start);
      if (end == std::string::npos) end = selectors.size();
      for (const auto& [property, value] : declarations)
        rules[trim(selectors.substr(start, end - start))][property] = value;
      start = end + 1;
    }
    at = close + 1;
  }
  return rules;
}

struct Rgb {
  double r, g, b;
};

std::optional<Rgb> parse_colour(const std::string& text) {
  if (text.empty() || text[0] != '#') return std::nullopt;
  std::string hex = text.substr(1);
  if (hex.size() == 3) hex = {hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]};
  if (hex.size() != 6) return std::nullopt;
  auto channel = [&](int i) { return std::stoi(hex.substr(i * 2, 2), nullptr, 16) / 255.0; };
  return Rgb{channel(0), channel(1), channel(2)};
}

double luminance(const Rgb& c) {
  auto linear = [](double v) {
    return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

double contrast(const Rgb& a, const Rgb& b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// The value the last of `selectors` that sets one of `properties` gives.
std::optional<std::string> cascaded(const Rules& rules, const std::vector<std::string>& selectors,
                                    const std::vector<std::string>& properties) {
  std::optional<std::string> value;
  for (const std::string& selector : selectors) {
    auto rule = rules.find(selector);
    if (rule == rules.end()) continue;
    for (const std::string& property : properties)
      if (auto it = rule->second.find(property); it != rule->second.end()) value = it->second;
  }
  return value;
}

struct Pair {
  std::string what;
  std::vector<std::string> text;        // selectors matching the text, least specific first
  std::vector<std::string> background;  // selectors of the element behind it
  bool large = false;                   // 24px, or 18.66px bold
};

const std::vector<std::string> kPage = {"body"};

std::vector<Pair> pairs() {
  const std::vector<std::string> banner = {"body", ".banner"};
  const std::vector<std::string> reason = {"body", ".banner", ".reason", ".banner .reason"};
  std::vector<Pair> list;
  for (const char* verdict :
       {".banner.valid", ".banner.invalid", ".banner.unknown", ".banner.error"}) {
    list.push_back({std::string("banner text on ") + verdict, banner, {".banner", verdict}});
    list.push_back({std::string("banner reason on ") + verdict, reason, {".banner", verdict}});
  }
  const std::vector<std::string> body_text = {"body"};
  list.push_back({"page text", body_text, kPage});
  list.push_back({"incident text", body_text, {"body", ".incident"}});
  list.push_back({"command code", body_text, {"body", ".commands code"}});
  list.push_back({"alerts text", body_text, {"body", ".alerts"}});
  list.push_back({"alerts title", {"body", ".alerts h2"}, {"body", ".alerts"}});
  list.push_back({"checker text", body_text, {"body", ".checker"}});
  list.push_back({"undecided checker text", body_text, {"body", ".checker", ".checker.unknown"}});
  list.push_back({"checker summary", body_text, {"body", ".summary"}});
  list.push_back({"warning", {"body", ".warn"}, kPage});
  list.push_back({"reason on a checker", {"body", ".reason"}, {"body", ".checker"}});
  list.push_back({"warning on an undecided checker",
                  {"body", ".warn"},
                  {"body", ".checker", ".checker.unknown"}});
  list.push_back({"table header", body_text, {"body", "th"}});
  list.push_back({"bad row", body_text, {"body", "tr.bad td"}});
  list.push_back({"evidence failed row", body_text, {"body", "table.evidence tr.failed td"}});
  list.push_back(
      {"evidence linearized row", body_text, {"body", "table.evidence tr.linearized td"}});
  list.push_back({"availability side row",
                  {"body", "table.availability tr.side td"},
                  {"body", "table.availability tr.side td"}});
  list.push_back({"note", {"body", ".note"}, kPage});
  list.push_back({"chart text", {"svg text"}, kPage});
  list.push_back({"lane name", {"svg text", "svg .lane"}, kPage});
  list.push_back({"time tick", {"svg text", "svg .tick"}, kPage});
  list.push_back({"fault label", {"svg text", "svg .fault-label"}, kPage});
  list.push_back({"evidence neighbour label",
                  {"svg text", ".evidence-timeline g.neighbour text"},
                  {".evidence-timeline g.neighbour rect"}});
  list.push_back({"evidence ok label", {"svg text"}, {".evidence-timeline g.ev.ok rect"}});
  list.push_back({"evidence info label", {"svg text"}, {".evidence-timeline g.ev.info rect"}});
  list.push_back({"cursor", {"#cursor"}, {"#cursor"}});
  list.push_back({"transaction name", {"svg text"}, {"svg .elle-txn circle"}});
  return list;
}

const std::vector<std::string> kColour = {"color", "fill"};
const std::vector<std::string> kBackground = {"background", "background-color", "fill"};

TEST(ReportContrast, EveryTextAndBackgroundPairMeetsWcagAA) {
  const Rules rules = parse_css(std::string(report_detail::page_css()));
  for (const Pair& pair : pairs()) {
    const std::optional<std::string> text = cascaded(rules, pair.text, kColour);
    const std::optional<std::string> back = cascaded(rules, pair.background, kBackground);
    ASSERT_TRUE(text) << pair.what << ": no colour in the CSS for its selectors";
    ASSERT_TRUE(back) << pair.what << ": no background in the CSS for its selectors";
    const std::optional<Rgb> fg = parse_colour(*text), bg = parse_colour(*back);
    ASSERT_TRUE(fg && bg) << pair.what << ": " << *text << " on " << *back;
    const double ratio = contrast(*fg, *bg);
    EXPECT_GE(ratio, pair.large ? 3.0 : 4.5)
        << pair.what << ": " << *text << " on " << *back << " is " << ratio << ":1";
  }
}

// A fault band is translucent: its label must still read on the blend.
TEST(ReportContrast, FaultLabelsReadOnTheirBands) {
  const Rules rules = parse_css(std::string(report_detail::page_css()));
  const Rgb label = *parse_colour(*cascaded(rules, {"svg text", "svg .fault-label"}, kColour));
  const Rgb white{1, 1, 1};
  for (const char* band : {"svg rect.fault", "svg rect.fault.bad", "svg rect.fault.open"}) {
    const std::vector<std::string> selectors = {"svg rect.fault", band};
    const std::optional<Rgb> fill = parse_colour(*cascaded(rules, selectors, {"fill"}));
    ASSERT_TRUE(fill) << band;
    const double alpha = std::stod(cascaded(rules, selectors, {"fill-opacity"}).value_or("1"));
    const Rgb blend{fill->r * alpha + (1 - alpha), fill->g * alpha + (1 - alpha),
                    fill->b * alpha + (1 - alpha)};
    EXPECT_GE(contrast(label, blend), 4.5) << band;
    EXPECT_GT(contrast(label, white), 4.5);
  }
}

// A selector setting a text colour or a background that no pair above
// checks fails here: add its pair.
TEST(ReportContrast, EveryColouredSelectorIsChecked) {
  const Rules rules = parse_css(std::string(report_detail::page_css()));
  std::set<std::string> checked;
  for (const Pair& pair : pairs()) {
    checked.insert(pair.text.begin(), pair.text.end());
    checked.insert(pair.background.begin(), pair.background.end());
  }
  for (const auto& [selector, properties] : rules) {
    const bool sets_text_colour = properties.count("color") > 0;
    const bool sets_background =
        properties.count("background") || properties.count("background-color");
    if (sets_text_colour || sets_background) {
      EXPECT_TRUE(checked.count(selector)) << selector << " sets a colour no pair checks";
    }
  }
}

// The verdict's colour is never alone: its word is in the banner, and the
// page has a visible focus style and a print style.
TEST(ReportContrast, ColourIsNeverAloneFocusShowsAndThePagePrints) {
  const std::string css(report_detail::page_css());
  EXPECT_NE(css.find(":focus-visible{outline:3px solid"), std::string::npos);
  EXPECT_NE(css.find("@media print{"), std::string::npos);
  const Rules rules = parse_css(css);
  // Fail and info marks differ from ok by outline and dashes, not only by hue.
  EXPECT_TRUE(rules.at("svg rect.fail").count("stroke"));
  EXPECT_TRUE(rules.at("svg rect.info").count("stroke-dasharray"));
  EXPECT_TRUE(rules.at("svg rect.fault.open").count("stroke-dasharray"));
  EXPECT_TRUE(rules.at("svg rect.fault.bad").count("stroke"));
}

}  // namespace
}  // namespace faultline
