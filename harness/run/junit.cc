#include "harness/run/junit.h"

#include "harness/report/report.h"
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

}  // namespace

std::string junit_xml(const Json& results) {
  const std::string test = results.value("test", "faultline");
  const Json checkers = results.value("checkers", Json::array());
  const Json errors = results.value("errors", Json::array());
  const std::vector<std::string> faults = fault_errors(results);
  int failures = faults.empty() ? 0 : 1;
  for (const Json& c : checkers) failures += c.value("valid", Json(true)) == Json(false) ? 1 : 0;
  const size_t tests = checkers.size() + (errors.empty() ? 0 : 1) + (faults.empty() ? 0 : 1);
  const double seconds = results.value("seconds", 0.0);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n<testsuite" +
                    attribute("name", test) + attribute("tests", std::to_string(tests)) +
                    attribute("failures", std::to_string(failures)) +
                    attribute("errors", std::to_string(errors.empty() ? 0 : 1)) +
                    attribute("time", std::to_string(seconds)) +
                    attribute("timestamp", results.value("started", "")) + ">\n";
  for (const Json& c : checkers) {
    const std::string checker = c.value("checker", "checker");
    out += "  <testcase" + attribute("classname", test) + attribute("name", checker) + ">\n";
    const Json valid = c.value("valid", Json("unknown"));
    const std::string summary = c.value("summary", "");
    if (valid == Json(false)) {
      out += "    <failure" + attribute("message", checker + ": the history is not valid") + ">" +
             xml_text(summary) + "</failure>\n";
    } else if (valid != Json(true)) {
      out +=
          "    <skipped" + attribute("message", checker + ": unknown (" + summary + ")") + "/>\n";
    }
    out += "  </testcase>\n";
  }
  // Faults that did not happen: the run did not test what it planned.
  if (!faults.empty()) {
    std::string text;
    for (const std::string& e : faults) text += e + "\n";
    out += "  <testcase" + attribute("classname", test) + attribute("name", "nemesis") + ">\n" +
           "    <failure" +
           attribute("message", std::to_string(faults.size()) +
                                    " fault(s) could not be applied or healed: " + faults[0]) +
           ">" + xml_text(text) + "</failure>\n  </testcase>\n";
  }
  if (!errors.empty()) {
    std::string text;
    for (const Json& e : errors) text += text_of(e) + "\n";
    out += "  <testcase" + attribute("classname", test) + attribute("name", "harness") + ">\n" +
           "    <error" + attribute("message", text_of(errors[0])) + ">" + xml_text(text) +
           "</error>\n  </testcase>\n";
  }
  out += "</testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace faultline
