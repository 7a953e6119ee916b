// Hostile values in a real browser: a stored run whose test name, node
// names, op errors, nemesis process name and node log hold markup that
// would run script (<script>, "><img onerror=...>, </style>, javascript:
// URLs, U+2028/U+2029) if any of it reached the page unescaped. Each payload
// would mark <html> with data-pwned and set document.title; in Chromium none
// did, the report's own script still ran to its end, and every value shows
// as the text it is: in the report, in faultline serve's index (also when
// filtered by the hostile test name) and in the node log it serves.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "harness/history/op.h"
#include "tests/support/browser_test.h"
#include "tests/support/serve_child.h"
#include "tests/support/serve_index_dom.h"
#include "tests/support/stored_run.h"

namespace faultline::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kRun =
    "document.documentElement.setAttribute('data-pwned','yes');document.title='pwned'";
const std::string kScript = std::string("<script>") + kRun + "</script>";
const std::string kImg = std::string("\"><img src=x onerror=\"") + kRun + "\">";
const std::string kStyle = "</style>" + kScript;
const std::string kJavascriptUrl = std::string("javascript:") + kRun;
const std::string kLineSeparators = "\u2028\u2029";
// Every payload at once; an end of a JSON string and of a <script> too.
const std::string kPayload = " " + kScript + " " + kImg + " " + kStyle + " " + kJavascriptUrl +
                             " " + kLineSeparators + "\"}</script>";

// No payload ran and none became an element, an attribute or a link.
void expect_nothing_injected(const ScannedDom& dom, const std::string& title, size_t own_scripts) {
  ASSERT_FALSE(dom.html().empty());
  const auto html = dom.select("html");
  ASSERT_EQ(html.size(), 1u);
  EXPECT_FALSE(html[0]->has("data-pwned")) << "an injected script ran";
  const auto titles = dom.select("title");
  ASSERT_FALSE(titles.empty());
  EXPECT_EQ(dom.text_of(*titles[0]), title);
  EXPECT_TRUE(dom.select("img").empty()) << "markup from a value became an <img>";
  size_t scripts = 0;
  for (const DomElement* script : dom.select("script")) {
    const std::string type = script->attribute("type");
    if (type.empty() || type == "text/javascript" || type == "module") ++scripts;
  }
  EXPECT_EQ(scripts, own_scripts) << "a <script> other than the page's own";
  for (const DomElement& element : dom.elements()) {
    for (const auto& [name, value] : element.attributes) {
      EXPECT_NE(name.rfind("on", 0), 0u) << "an event handler attribute: " << name << "=" << value;
      if (name != "href" && name != "src") continue;
      std::string scheme = value.substr(0, 11);
      scheme.erase(
          std::remove_if(scheme.begin(), scheme.end(), [](unsigned char c) { return c <= ' '; }),
          scheme.end());
      for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      EXPECT_NE(scheme.rfind("javascript:", 0), 0u) << "a javascript: link: " << value;
    }
  }
}

bool shows_text(const ScannedDom& dom, const std::string& text) {
  const auto body = dom.select("body");
  return !body.empty() && dom.text_of(*body[0]).find(text) != std::string::npos;
}

class BrowserHostileValues : public BrowserTest {
 protected:
  void SetUp() override {
    BrowserTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    spec_.test = "hostile" + kPayload;
    spec_.outcome = RunOutcome::kInvalid;
    // Node names become folder names: no '/' in them.
    spec_.nodes = {"n1", kJavascriptUrl, "n3" + kImg};
    spec_.hostile = kPayload;
    run_ = write_stored_run(work_dir_ / "store", "hostile", spec_, FAULTLINE_BINARY);
    ASSERT_EQ(run_.analyze.status, 1) << run_.analyze.out;
  }
  StoredRunSpec spec_;
  StoredRun run_;
};

TEST_F(BrowserHostileValues, TheReportShowsThemAsTextAndRunsOnlyItsOwnScript) {
  const std::string url = file_url(run_.dir / "report.html");
  const ScannedDom dom = dom_of(url);
  keep_screenshot(url);
  expect_nothing_injected(dom, "invalid: " + spec_.test + " - faultline", 1);
  EXPECT_NE(dom.html().find("data-script-done=\"yes\""), std::string::npos)
      << "the report's own script did not run to its end";
  EXPECT_TRUE(shows_text(dom, spec_.test)) << "the test name, as text";
  for (const std::string& node : spec_.nodes) {
    const auto cells = dom.select("td");
    EXPECT_TRUE(std::any_of(cells.begin(), cells.end(),
                            [&](const DomElement* td) { return dom.text_of(*td) == node; }))
        << "node " << node << " in the nodes table, as text";
  }
  // The checker's JSON (the evidence ops, their keys hostile) is embedded
  // whole: no "</script>" or U+2028 in it ended its element early.
  const auto embedded = dom.select("script");
  const auto json = std::find_if(embedded.begin(), embedded.end(), [](const DomElement* script) {
    return script->attribute("type") == "application/json";
  });
  ASSERT_NE(json, embedded.end());
  const Json details = Json::parse(dom.text_of(**json), nullptr, false);
  ASSERT_FALSE(details.is_discarded()) << dom.text_of(**json).substr(0, 400);
  EXPECT_NE(details.dump().find(Json("k1" + kPayload).dump()), std::string::npos)
      << "the stale read's key, whole";
  // The nemesis's process name is in the fault table, an op's error in its
  // hover text (cut to 120 characters there).
  EXPECT_TRUE(shows_text(dom, "pause etcd" + kPayload));
  EXPECT_TRUE(shows_text(dom, "error timeout" + kPayload.substr(0, 100)));
}

TEST_F(BrowserHostileValues, ServesIndexFilterAndNodeLogShowThemAsText) {
  ServeChild server(FAULTLINE_BINARY, work_dir_ / "store", work_dir_ / "serve.log");
  ASSERT_TRUE(server.ok()) << server.why();
  const ScannedDom index = dom_of(server.base_url() + "/");
  keep_screenshot(server.base_url() + "/");
  expect_nothing_injected(index, "faultline runs", 0);
  auto rows = index_rows(index);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].test, spec_.test);

  // The filter by that very name, as the form submits it.
  const std::string filter = form_submission(index, {{"test", spec_.test}});
  const ScannedDom filtered = dom_of(server.base_url() + filter);
  expect_nothing_injected(filtered, "faultline runs", 0);
  rows = index_rows(filtered);
  ASSERT_EQ(rows.size(), 1u) << filter;
  EXPECT_EQ(rows[0].test, spec_.test);
  const auto strong = filtered.select("strong");
  ASSERT_FALSE(strong.empty());
  EXPECT_EQ(filtered.text_of(*strong[0]), spec_.test) << "the filter's own line";

  // The hostile node's folder and its log, as served.
  const std::string folder = server.base_url() + "/runs/" + run_.relative + "/nodes/";
  const ScannedDom listing = dom_of(folder);
  expect_nothing_injected(listing, "faultline: " + run_.relative + "/nodes", 0);
  for (const std::string& node : spec_.nodes) {
    const auto links = listing.select("a");
    EXPECT_TRUE(std::any_of(links.begin(), links.end(), [&](const DomElement* a) {
      return listing.text_of(*a) == node + "/";
    })) << node;
  }
  std::string log_href;
  for (const DomElement* a : listing.select("a"))
    if (listing.text_of(*a) == spec_.nodes[2] + "/") log_href = a->attribute("href") + "db.log";
  ASSERT_FALSE(log_href.empty());
  const ScannedDom log = dom_of(server.base_url() + log_href);
  ASSERT_FALSE(log.html().empty());
  EXPECT_FALSE(log.select("html")[0]->has("data-pwned"));
  EXPECT_TRUE(log.select("img").empty());
  EXPECT_TRUE(shows_text(log, kPayload)) << log.html().substr(0, 600);
}

}  // namespace
}  // namespace faultline::testing
