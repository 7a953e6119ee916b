#include "harness/run/summary_md.h"

#include <algorithm>
#include <cstdio>

#include "harness/report/evidence_text.h"
#include "harness/report/report.h"
#include "harness/run/availability_text.h"
#include "harness/run/results.h"

namespace faultline {
namespace {

std::string text_of(const Json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// A fenced block that no run of backticks in `text` can close early.
std::string code_block(const std::string& text, const std::string& language = "text") {
  size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<size_t>(3, longest + 1), '`');
  return fence + language + "\n" + text + (text.ends_with('\n') ? "" : "\n") + fence + "\n";
}

// What the verdict means, in words that claim no more than was observed.
std::string verdict_sentence(const Json& results) {
  const std::string verdict = results.value("verdict", std::string("unknown"));
  std::vector<std::string> checkers;
  for (const Json& c : results.value("checkers", Json::array()))
    if (c.is_object()) checkers.push_back(text_of(c.value("checker", Json("checker"))));
  std::string names;
  for (const std::string& name : checkers) names += (names.empty() ? "" : ", ") + name;
  if (verdict == "valid")
    return "No violation found in this run (" + names +
           "): the history it recorded under these "
           "faults is consistent with the model. Another run may still find one.";
  if (verdict == "invalid")
    return "A violation was observed: the history cannot be explained by "
           "the model (" +
           names + ").";
  if (verdict == "error") {
    const Json errors = results.value("errors", Json::array());
    return "The harness failed, so the run says nothing about the database" +
           (errors.is_array() && !errors.empty() ? ": " + first_line(text_of(errors[0])) : ".");
  }
  if (results.contains("unknown_because"))
    return "Undecided: " + text_of(results["unknown_because"]) + ".";
  for (const Json& c : results.value("checkers", Json::array()))
    if (c.is_object() && c.value("valid", Json()) == Json("unknown"))
      return "Undecided: " + first_line(text_of(c.value("summary", Json("")))) + ".";
  return "Undecided.";
}

std::string run_line(const Json& results) {
  std::string line = "Seed " + results.value("seed", Json(0)).dump();
  if (results.contains("seconds") && results["seconds"].is_number()) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, ", %.1f s", results["seconds"].get<double>());
    line += buffer;
  }
  const Json run = results.value("run", Json::object());
  if (run.is_object() && run.contains("invoked"))
    line += ", " + text_of(run["invoked"]) + " ops (" + text_of(run.value("ok", Json(0))) +
            " ok, " + text_of(run.value("failed", Json(0))) + " fail, " +
            text_of(run.value("indeterminate", Json(0))) + " info)";
  const Json nemesis = results.value("nemesis", Json::object());
  if (nemesis.is_object() && nemesis.contains("faults_started"))
    line += ", " + text_of(nemesis["faults_started"]) + " faults started";
  if (const size_t errors = fault_errors(results).size(); errors > 0)
    line += ", " + std::to_string(errors) + " could not be applied or healed";
  return line + ".";
}

std::string evidence_section(const Json& results) {
  std::string out;
  for (const Json& checker : results.value("checkers", Json::array())) {
    if (!checker.is_object() || checker.value("valid", Json()) != Json(false)) continue;
    const std::string name = text_of(checker.value("checker", Json("checker")));
    const std::vector<std::string> keys = invalid_keys(results, checker);
    const std::optional<std::string> when = evidence_when(
        results, checker, keys.empty() ? std::nullopt : std::optional<std::string>(keys[0]));
    out += "**" + markdown_escape(name) + "**" +
           (keys.empty() ? "" : ", key " + markdown_escape(keys[0])) +
           (when ? ": first seen at " + markdown_escape(*when) : "") + "\n\n";
    if (keys.size() > 1) {
      std::string list;
      for (const std::string& key : keys) list += (list.empty() ? "" : ", ") + key;
      out += "Invalid keys, earliest first: " + markdown_escape(list) + "\n\n";
    }
    out += code_block(evidence_text(results, checker)) + "\n";
  }
  return out;
}

}  // namespace

std::string summary_markdown(const Json& results, const std::string& store_dir) {
  const std::string test = text_of(results.value("test", Json("faultline")));
  std::string out = "## faultline: " + markdown_escape(test) + ": " +
                    markdown_escape(verdict_headline(results)) + "\n\n";
  out += "**" + markdown_escape(verdict_headline(results)) +
         "**: " + markdown_escape(verdict_sentence(results)) + "\n\n" +
         markdown_escape(run_line(results)) + "\n\n";
  if (const std::string evidence = evidence_section(results); !evidence.empty())
    out += "### Evidence\n\n" + evidence;
  if (const std::string table = availability_markdown(results.value("availability", Json()));
      !table.empty())
    out += "### Availability, as the clients saw it\n\n" + table + "\n";
  out += "### Reproduce\n\n" + code_block(replay_command(results, store_dir), "sh") +
         "\nResults: " + markdown_escape(store_dir + "/results.json") +
         ", report: " + markdown_escape(store_dir + "/report.html") + "\n";
  return out;
}

}  // namespace faultline
