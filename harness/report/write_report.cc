// Reads a run's store and writes its report.html beside results.json.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/history/history_reader.h"
#include "harness/report/report_parts.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
constexpr size_t kMaxFilesPerNode = 50;

std::optional<std::string> read_text(const std::string& path, std::string* text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return path + ": cannot open: " + std::strerror(errno);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *text = std::move(buffer).str();
  return std::nullopt;
}

// "path:line:col: what" for a JSON parse error at byte `offset` (1-based, as
// nlohmann reports it).
std::string json_error(const std::string& path, const std::string& text, size_t offset,
                       const std::string& what) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i + 1 < offset && i < text.size(); ++i) {
    if (text[i] == '\n')
      ++line, column = 1;
    else
      ++column;
  }
  // nlohmann's message starts "[json.exception.parse_error.101] parse error at line 1, column 2: ".
  std::string message = what;
  if (size_t colon = message.find(": "); colon != std::string::npos)
    message = message.substr(colon + 2);
  return path + ":" + std::to_string(line) + ":" + std::to_string(column) +
         ": not valid JSON: " + message;
}

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
  const std::string results_path = (fs::path(store_dir) / "results.json").string();
  std::string text;
  if (auto error = read_text(results_path, &text)) return error;
  Json results;
  try {
    results = Json::parse(text);
  } catch (const Json::parse_error& e) {
    return json_error(results_path, text, e.byte, e.what());
  }
  if (!results.is_object())
    return results_path + ": expected a JSON object, found " + std::string(results.type_name());

  // A history that cannot be read does not stop the report: the verdict and
  // the errors are still worth showing. The reader's complaint is shown.
  const std::string history_path = (fs::path(store_dir) / "history.jsonl").string();
  History history;
  std::error_code ec;
  if (!fs::exists(history_path, ec)) {
    history.notes.push_back(
        {{history_path, 0, 0}, "no history.jsonl in the store: nothing to draw"});
  } else if (Parsed<History> read = read_history_file(history_path, HistoryFormat::kJsonl); read) {
    history = std::move(*read);
  } else {
    history.notes.push_back(
        {read.error().where, "the history could not be read: " + read.error().to_string()});
  }

  ReportContext context{store_dir, node_files(store_dir)};
  const std::string page = render_report(results, history, context);
  const std::string report_path = (fs::path(store_dir) / "report.html").string();
  const std::string temp_path = report_path + ".tmp";
  {
    std::ofstream out(temp_path, std::ios::binary | std::ios::trunc);
    if (!out) return temp_path + ": cannot write: " + std::strerror(errno);
    out << page;
    out.flush();
    if (!out) return temp_path + ": cannot write: " + std::strerror(errno);
  }
  // Renamed into place: a reader never sees half a report.
  fs::rename(temp_path, report_path, ec);
  if (ec) return report_path + ": cannot write: " + ec.message();
  return std::nullopt;
}

}  // namespace faultline
