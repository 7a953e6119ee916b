// Reads a run's store and writes its report.html beside results.json.
#include <algorithm>
#include <filesystem>

#include "harness/base/text_file.h"
#include "harness/history/history_parts.h"
#include "harness/report/report_parts.h"
#include "harness/report/run_files.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
constexpr size_t kMaxFilesPerNode = 50;

std::map<std::string, std::vector<std::string>> node_files(const std::string& store_dir) {
  std::map<std::string, std::vector<std::string>> files;
  std::error_code ec;
  for (const fs::directory_entry& node :
       fs::directory_iterator(fs::path(store_dir) / "nodes", ec)) {
    if (!node.is_directory(ec)) continue;
    std::vector<std::string>& list = files[node.path().filename().string()];
    for (const fs::directory_entry& file : fs::directory_iterator(node.path(), ec))
      if (file.is_regular_file(ec)) list.push_back(file.path().filename().string());
    std::sort(list.begin(), list.end());
    if (list.size() > kMaxFilesPerNode) list.resize(kMaxFilesPerNode);
  }
  return files;
}

}  // namespace

std::optional<std::string> write_report(const std::string& store_dir) {
  Result<Json, std::string> results = read_run_results(store_dir);
  if (!results) return results.error();
  // A history that cannot be read does not stop the report: the verdict and
  // the errors are still worth showing. The reader's complaint is shown.
  const std::string history_path = (fs::path(store_dir) / "history.jsonl").string();
  OpTable history;
  std::error_code ec;
  if (!fs::exists(history_path, ec)) {
    history.notes.push_back(
        {{history_path, 0, 0}, "no history.jsonl in the store: nothing to draw"});
  } else if (Parsed<OpTable> read = read_jsonl_op_table(history_path); read) {
    history = std::move(*read);
  } else {
    history.notes.push_back(
        {read.error().where, "the history could not be read: " + read.error().to_string()});
  }
  return write_report(store_dir, *results, history);
}

std::optional<std::string> write_report(const std::string& store_dir, const Json& results,
                                        const OpTable& history) {
  ReportContext context{store_dir, node_files(store_dir)};
  const std::string page = render_report(results, history, context);
  const std::string report_path = (fs::path(store_dir) / "report.html").string();
  // Renamed into place: a reader never sees half a report.
  if (auto error = write_file_atomically(report_path, page)) return "cannot write: " + *error;
  return std::nullopt;
}

}  // namespace faultline
