#include "harness/report/run_files.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/history/history_parts.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

// "path:line:col: not valid JSON: what" for a parse error at byte `offset`
// (1-based, as nlohmann reports it).
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

// Why `store_dir` is no run's folder, or nothing when it is a folder.
std::optional<std::string> not_a_folder(const std::string& store_dir) {
  std::error_code ec;
  if (!fs::exists(store_dir, ec)) return store_dir + ": no such folder";
  if (!fs::is_directory(store_dir, ec))
    return store_dir + ": not a folder (give a run's folder, such as store/latest)";
  return std::nullopt;
}

}  // namespace

Result<Json, std::string> read_run_results(const std::string& store_dir) {
  if (std::optional<std::string> why = not_a_folder(store_dir)) return *why;
  const std::string path = (fs::path(store_dir) / "results.json").string();
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return path + ": cannot open: " + std::strerror(errno) + " (is " + store_dir +
           " a run's folder, such as store/latest?)";
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = std::move(buffer).str();
  Json results;
  try {
    results = Json::parse(text);
  } catch (const Json::parse_error& e) {
    return json_error(path, text, e.byte, e.what());
  }
  if (!results.is_object())
    return path + ": expected a JSON object, found " + std::string(results.type_name());
  return results;
}

Result<OpTable, std::string> read_run_history(const std::string& store_dir) {
  if (std::optional<std::string> why = not_a_folder(store_dir)) return *why;
  const std::string path = (fs::path(store_dir) / "history.jsonl").string();
  std::error_code ec;
  if (!fs::exists(path, ec)) return path + ": no such file (the run recorded no history)";
  Parsed<OpTable> history = read_jsonl_op_table(path);
  if (!history) return history.error().to_string();
  return std::move(*history);
}

}  // namespace faultline
