#include "harness/run/junit.h"

#include "harness/report/report.h"
#include "harness/report/evidence_text.h"
#include "harness/run/results.h"

namespace faultline {
namespace {

// Escaped, and without the control characters XML 1.0 forbids (a node's
// output may carry terminal escapes); invalid UTF-8 is replaced too.
std::string xml_text(const std::string& text) {
  std::string clean = Json(text).dump(-1, ' ', false, Json::error_handler_t::replace);
  clean = Json::parse(clean).get<std::string>();
  for (char& c : clean) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && c != '\n' && c != '\t' && c != '\r') c = '?';
  }
  return html_escape(clean);
}

std::string attribute(const std::string& name, const std::string& value) {
  return " " + name + "=\"" + xml_text(value) + "\"";
}

std::string text_of(const Json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

// One <testcase>, counted in `counts`: `outcome` is "" (passed), "failure",
// "skipped" or "error".
struct Counts {
  int tests = 0, failures = 0, errors = 0, skipped = 0;
};

std::string testcase(Counts& counts, const std::string& suite, const std::string& name,
                     const std::string& outcome = "", const std::string& message = "",
                     const std::string& body = "") {
  ++counts.tests;
  std::string out = "  <testcase" + attribute("classname", suite) + attribute("name", name);
  if (outcome.empty()) return out + "/>\n";
  counts.failures += outcome == "failure";
  counts.errors += outcome == "error";
  counts.skipped += outcome == "skipped";
  out += ">\n    <" + outcome + attribute("message", message);
  out += body.empty() ? "/>\n" : ">" + xml_text(body) + "</" + outcome + ">\n";
  return out + "  </testcase>\n";
}

std::string lines(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += item + "\n";
  return text;
}

std::string checker_cases(Counts& counts, const std::string& suite, const Json& results,
                          const Json& checker) {
  const std::string name = checker.value("checker", "checker");
  const Json valid = checker.value("valid", Json("unknown"));
  if (valid == Json(true)) return testcase(counts, suite, name);
  const std::string summary = text_of(checker.value("summary", Json("")));
  if (valid != Json(false))
    return testcase(counts, suite, name, "skipped", name + ": unknown (" + summary + ")");
  const std::optional<std::string> when = evidence_when(results, checker);
  std::string out =
      testcase(counts, suite, name, "failure",
               name + ": the history is not valid" + (when ? " (first seen at " + *when + ")" : ""),
               evidence_text(results, checker));
  // A keyed history: a test case per invalid key, so CI lists each.
  for (const std::string& key : invalid_keys(results, checker)) {
    const std::optional<std::string> key_when = evidence_when(results, checker, key);
    out += testcase(counts, suite, name + " key " + key, "failure",
                    "key " + key + ": not valid" + (key_when ? " (at " + *key_when + ")" : ""),
                    evidence_text(results, checker, key));
  }
  return out;
}

}  // namespace

std::string junit_xml(const Json& results) {
  const std::string suite = results.value("test", "faultline");
  Counts counts;
  std::string cases;
  for (const Json& checker : results.value("checkers", Json::array()))
    if (checker.is_object()) cases += checker_cases(counts, suite, results, checker);
  // A valid check the run cannot vouch for (interrupted, ops missing, ...).
  if (results.contains("unknown_because"))
    cases += testcase(counts, suite, "verdict", "skipped",
                      "unknown because " + text_of(results["unknown_because"]));
  // Faults that did not happen: the run did not test what it planned.
  if (const std::vector<std::string> faults = fault_errors(results); !faults.empty()) {
    cases += testcase(
        counts, suite, "nemesis", "error",
        std::to_string(faults.size()) + " fault(s) could not be applied or healed: " + faults[0],
        lines(faults));
  }
  const Json errors = results.value("errors", Json::array());
  if (!errors.empty()) {
    std::vector<std::string> texts;
    for (const Json& e : errors) texts.push_back(text_of(e));
    cases += testcase(counts, suite, "harness", "error", texts[0], lines(texts));
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n<testsuite" +
         attribute("name", suite) + attribute("tests", std::to_string(counts.tests)) +
         attribute("failures", std::to_string(counts.failures)) +
         attribute("errors", std::to_string(counts.errors)) +
         attribute("skipped", std::to_string(counts.skipped)) +
         attribute("time", std::to_string(results.value("seconds", 0.0))) +
         attribute("timestamp", results.value("started", "")) + ">\n" + cases +
         "</testsuite>\n</testsuites>\n";
}

}  // namespace faultline
