#include "harness/cli/check_command.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

#include "checkers/elle/elle_file.h"
#include "checkers/elle/elle_report.h"
#include "checkers/linearizability_json.h"
#include "checkers/linearizability_text.h"
#include "checkers/model.h"
#include "harness/base/suggest.h"
#include "harness/base/text_file.h"
#include "harness/history/history_counts.h"
#include "harness/history/history_parts.h"
#include "harness/history/history_reader.h"
#include "harness/report/check_page.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

constexpr int kExitUsage = 254;
constexpr int kExitError = 255;

struct CheckArgs {
  std::string model = "cas-register";
  std::string init;
  std::string nil_read = "absent";
  std::string format = "auto";
  double time_limit = 0;
  double memory_limit_mb = 0;
  int threads = 0;
  double max_input_mb = kDefaultMaxHistoryBytes / (1024.0 * 1024);
  bool json = false;
  bool no_memo = false;
  bool all_keys = false;
  bool realtime = false;       // list-append, rw-register: real-time order edges
  bool process_order = false;  // list-append, rw-register: process order edges
  std::string expect;          // list-append, rw-register: the model claimed; empty: none
  std::string html;            // --html OUT.html: the evidence view of every file
  std::vector<std::string> files;
};

// --init takes JSON (0, "x", {"x":0}); text that is not JSON is a usage
// error, not a string: `--init {bad` must not check against the value "{bad".
std::optional<Json> parse_init(const std::string& text) {
  if (text.empty()) return Json();
  Json v = Json::parse(text, nullptr, false);
  if (v.is_discarded()) return std::nullopt;
  return v;
}

struct FileOutcome {
  Verdict verdict = Verdict::kValid;   // valid when the file could not be checked
  std::string output;                  // for stdout
  std::string error;                   // for stderr
  std::optional<CheckedHistory> page;  // for --html, when the file was checked
};

// What a check gives the --html page besides its output: the checker's
// JSON and text (null when no page is wanted).
struct PageParts {
  Json result;
  std::string summary;
};

// A history with no client op: unknown, and why.
FileOutcome nothing_checked(const std::string& file, const std::string& why, bool json) {
  FileOutcome outcome;
  outcome.verdict = Verdict::kUnknown;
  if (json) {
    outcome.output = Json{{"file", file}, {"valid", "unknown"}, {"error", why}}.dump(
                         -1, ' ', false, Json::error_handler_t::replace) +
                     "\n";
  } else {
    outcome.output = file + ": unknown (" + why + ")\n";
  }
  return outcome;
}

// Checks one history that has ops; writes the result to *output (a
// reason the file cannot be checked to *error) and returns the verdict.
using HistoryCheck =
    std::function<Verdict(const History& history, const std::string& file, std::string* output,
                          std::string* error, PageParts* page)>;

FileOutcome check_file(const std::string& file, HistoryFormat format, int64_t max_bytes, bool json,
                       const HistoryCheck& check, const std::string& checker, bool page) {
  FileOutcome outcome;
  Parsed<History> history =
      read_history_file(file, format, max_bytes, " (--max-input-size MB raises it)");
  if (!history) {
    outcome.error = "faultline check: " + history.error().to_string() + "\n";
    return outcome;
  }
  if (std::optional<std::string> why = nothing_to_check(count_ops(*history))) {
    return nothing_checked(file, *why, json);
  }
  PageParts parts;
  const Verdict verdict =
      check(*history, file, &outcome.output, &outcome.error, page ? &parts : nullptr);
  if (outcome.error.empty()) {
    outcome.verdict = verdict;
    if (page)
      outcome.page = CheckedHistory{file, checker, std::move(parts.result),
                                    std::move(parts.summary), std::move(*history)};
  }
  return outcome;
}

// A result as one JSON line naming its file, or as text for a person.
std::string rendered(bool json, const std::string& file, const std::function<Json()>& as_json,
                     const std::function<void(std::ostream&)>& print) {
  std::ostringstream out;
  if (json) {
    Json j = as_json();
    j["file"] = file;
    out << j.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
  } else {
    print(out);
  }
  return out.str();
}

HistoryCheck linearizability_check(const Model& model, const LinearizabilityOptions& options,
                                   bool json) {
  return [&model, options, json](const History& history, const std::string& file,
                                 std::string* output, std::string* error, PageParts* page) {
    LinearizabilityResult result = check_linearizability(history, model, options);
    if (result.error) {
      *error = "faultline check: " + result.error->to_string() + "\n";
      return Verdict::kValid;
    }
    if (page) {
      std::ostringstream text;
      print_check_result(text, file, result);
      *page = {to_json(result), text.str()};
    }
    *output = rendered(
        json, file, [&] { return to_json(result); },
        [&](std::ostream& out) { print_check_result(out, file, result); });
    return result.verdict;
  };
}

std::string elle_output(const elle::ElleResult& result, const std::string& file, bool json,
                        bool realtime) {
  return rendered(
      json, file, [&] { return elle::to_json(result); },
      [&](std::ostream& out) { elle::print_elle_result(out, file, result, realtime); });
}

// list-append and rw-register: Elle's dependency cycles, not a sequential model.
HistoryCheck elle_check(const elle::ElleOptions& options, bool json) {
  return [options, json](const History& history, const std::string& file, std::string* output,
                         std::string* error, PageParts* page) {
    elle::ElleResult result = elle::check_elle(history, options);
    if (result.error) {
      *error = "faultline check: " + result.error->to_string() + "\n";
      return Verdict::kValid;
    }
    if (page) {
      std::ostringstream text;
      elle::print_elle_result(text, file, result, options.realtime_order);
      *page = {elle::to_json(result), text.str()};
    }
    *output = elle_output(result, file, json, options.realtime_order);
    return result.verdict;
  };
}

// The same on a JSON-lines file, streamed into the checker (elle_file.h):
// never the whole file nor all its ops in memory, so no size limit.
FileOutcome check_txn_file(const std::string& file, const elle::ElleOptions& options, bool json) {
  FileOutcome outcome;
  HistoryCounts counts;
  elle::ElleResult result = elle::check_elle_file(file, options, kHistoryPartBytes, &counts);
  if (result.error) {
    outcome.error = "faultline check: " + printable(*result.error).to_string() + "\n";
    return outcome;
  }
  if (std::optional<std::string> why = nothing_to_check(counts))
    return nothing_checked(file, *why, json);
  outcome.output = elle_output(result, file, json, options.realtime_order);
  outcome.verdict = result.verdict;
  return outcome;
}

// A JSON-lines history for a sequential model, read part by part into the
// compact table (history_parts.h): about 28 bytes an op instead of the whole
// text and an Op per line, so no size limit (a 10M-op history is 2.4 GB).
FileOutcome check_model_file(const std::string& file, const Model& model,
                             const LinearizabilityOptions& options, bool json) {
  FileOutcome outcome;
  Parsed<OpTable> table = read_jsonl_op_table(file);
  if (!table) {
    outcome.error = "faultline check: " + printable(table.error()).to_string() + "\n";
    return outcome;
  }
  if (std::optional<std::string> why = nothing_to_check(count_ops(*table)))
    return nothing_checked(file, *why, json);
  LinearizabilityResult result = check_linearizability(*table, model, options);
  if (result.error) {
    outcome.error = "faultline check: " + result.error->to_string() + "\n";
    return outcome;
  }
  outcome.output = rendered(
      json, file, [&] { return to_json(result); },
      [&](std::ostream& out) { print_check_result(out, file, result); });
  outcome.verdict = result.verdict;
  return outcome;
}

elle::ElleOptions elle_options(elle::TxnWorkload workload, const CheckArgs& args) {
  elle::ElleOptions options;
  options.workload = workload;
  options.realtime_order = args.realtime;
  options.process_order = args.process_order;
  options.expected_model = args.expect;
  return options;
}

std::vector<std::string> all_model_names() {
  std::vector<std::string> names = model_names();
  names.emplace_back("list-append");
  names.emplace_back("rw-register");
  return names;
}

int run_check(const CheckArgs& args) {
  const std::optional<elle::TxnWorkload> txn_workload = elle::parse_txn_workload(args.model);
  std::unique_ptr<Model> model = make_model(args.model);
  if (!model && !txn_workload) {
    std::cerr << "faultline check: " << unknown_name_message("model", args.model, all_model_names())
              << "\n";
    return kExitUsage;
  }
  std::optional<Json> init = parse_init(args.init);
  if (!init) {
    std::cerr << "faultline check: --init " << visible_excerpt(args.init)
              << ": not JSON (a number 0, a string in quotes '\"a\"', null, a map '{\"x\":0}')\n";
    return kExitUsage;
  }
  LinearizabilityOptions options;
  options.model.init = std::move(*init);
  options.model.nil_read = args.nil_read == "unobserved" ? NilRead::kUnobserved : NilRead::kAbsent;
  options.time_limit_seconds = args.time_limit;
  // Unset: half of this machine's memory, so a hard history ends as
  // "unknown" instead of being killed by the kernel. One budget for the
  // whole process: the files checked at once share it.
  MemoryBudget memory(args.memory_limit_mb > 0
                          ? static_cast<int64_t>(args.memory_limit_mb * 1024 * 1024)
                          : sysconf(_SC_PHYS_PAGES) * sysconf(_SC_PAGESIZE) / 2);
  options.memory = &memory;
  options.threads = args.threads;
  options.memoize = !args.no_memo;
  options.all_keys = args.all_keys;
  const HistoryFormat format = *parse_history_format(args.format);
  const auto max_bytes = static_cast<int64_t>(args.max_input_mb * 1024 * 1024);

  // Files are checked in parallel (one per thread when there are enough of
  // them, else each file's keys share the threads); output keeps file order.
  const size_t files = args.files.size();
  const int threads =
      args.threads > 0 ? args.threads : static_cast<int>(std::thread::hardware_concurrency());
  if (files >= static_cast<size_t>(threads)) options.threads = 1;
  const HistoryCheck check = txn_workload ? elle_check(elle_options(*txn_workload, args), args.json)
                                          : linearizability_check(*model, options, args.json);
  std::vector<FileOutcome> outcomes(files);
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < files;) {
      const std::string& file = args.files[i];
      // JSON lines in a regular file are streamed. Read whole, up to the size
      // limit: for the --html page, which draws the history; and a device or
      // pipe, which may never end and cannot be read twice (sniffing the
      // format reads its start).
      std::error_code not_regular;
      const bool streamed = args.html.empty() && fs::is_regular_file(file, not_regular) &&
                            (format == HistoryFormat::kAuto ? detect_history_file_format(file)
                                                            : format) == HistoryFormat::kJsonl;
      if (!streamed)
        outcomes[i] =
            check_file(file, format, max_bytes, args.json, check, args.model, !args.html.empty());
      else if (txn_workload)
        outcomes[i] = check_txn_file(file, elle_options(*txn_workload, args), args.json);
      else
        outcomes[i] = check_model_file(file, *model, options, args.json);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < std::min<int>(threads, static_cast<int>(files)); ++t)
    pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();

  Verdict overall = Verdict::kValid;
  bool failed = false;
  std::vector<CheckedHistory> pages;
  for (FileOutcome& o : outcomes) {
    std::cerr << o.error;
    std::cout << o.output;
    failed = failed || !o.error.empty();
    overall = combine(overall, o.verdict);
    if (o.page) pages.push_back(std::move(*o.page));
  }
  if (!args.html.empty()) {
    if (auto error = write_file_atomically(args.html, render_check_page(pages))) {
      std::cerr << "faultline check: --html: cannot write " << *error << "\n";
      return kExitError;
    }
    std::cerr << "evidence page: " << args.html << "\n";
  }
  if (overall == Verdict::kInvalid) return 1;
  if (failed) return kExitError;
  return exit_code(overall);
}

}  // namespace

std::function<int()> add_check_command(CLI::App& app) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app.add_subcommand("check", "Decide whether recorded histories are linearizable");
  cmd->footer(
      "Reads each FILE (faultline JSON lines, Jepsen history.edn, or a Jepsen text log;\n"
      "the format is detected) and prints one verdict per file. Exit status: 0 all valid,\n"
      "1 any invalid, 2 any unknown (a limit ran out, or a file held no op) and none\n"
      "invalid, 254 bad usage, 255 a file could not be read.\n"
      "--model list-append or rw-register checks transactions (f \"txn\") for isolation\n"
      "anomalies by Elle's method and names the consistency models they rule out.");
  std::string models;
  for (const std::string& m : model_names()) models += (models.empty() ? "" : ", ") + m;
  cmd->add_option("--model,-m", args->model,
                  "Sequential model to check against: " + models +
                      ";\nor transactions by Elle's method: list-append, rw-register")
      ->capture_default_str();
  cmd->add_option("--init", args->init,
                  "Initial state, as JSON: 0, \"a\", {\"x\":0,\"y\":0} (default: empty / nil)");
  cmd->add_option("--nil-read", args->nil_read,
                  "What an ok read of nil means: 'absent' (the register held nothing) or\n"
                  "'unobserved' (the value was not seen; Knossos's convention)")
      ->check(CLI::IsMember({"absent", "unobserved"}))
      ->capture_default_str();
  cmd->add_option("--format", args->format, "History format: auto, jsonl, edn, jepsen-log")
      ->check(CLI::IsMember({"auto", "jsonl", "edn", "jepsen-log"}))
      ->capture_default_str();
  cmd->add_option("--time-limit", args->time_limit,
                  "Give up after S seconds per file; the verdict is then 'unknown'")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--memory-limit", args->memory_limit_mb,
                  "Give up when the process would hold more than MB MiB resident; verdict\n"
                  "'unknown' (default: half of this machine's memory)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--threads", args->threads,
                  "Threads for independent keys (default: one per core)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--all-keys", args->all_keys,
                "Check every key; by default the first invalid key stops the others,\n"
                "which are reported 'not checked (an earlier key was invalid)'");
  cmd->add_flag("--realtime", args->realtime,
                "list-append, rw-register: add real-time order (a txn before those invoked\n"
                "after it completed), so cycles through it rule out strict serializability");
  cmd->add_flag("--process-order", args->process_order,
                "list-append, rw-register: add each process's order of its txns");
  cmd->add_option("--expect", args->expect,
                  "list-append, rw-register: the consistency model the database claims; only\n"
                  "an anomaly that rules it out makes the history invalid (default: any)")
      ->check(CLI::IsMember(elle::consistency_model_names()));
  cmd->add_option("--max-input-size", args->max_input_mb,
                  "Refuse an EDN or Jepsen-log history larger than MB megabytes (it is read\n"
                  "whole into memory; JSON-lines histories are streamed and need no limit,\n"
                  "but for --html)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--html", args->html,
                  "Also write OUT.html: each file's verdict and evidence as the run report shows\n"
                  "it (linearizability's ops table and timeline; list-append and rw-register\n"
                  "cycles drawn as graphs)");
  cmd->add_flag("--json", args->json, "Print one JSON result object per file (one per line)");
  cmd->add_flag("--no-memo", args->no_memo, "Turn memoisation off (for measurements only)")
      ->group("");
  cmd->add_option("FILE", args->files, "History files to check")->required();
  return [args] { return run_check(*args); };
}

}  // namespace faultline
