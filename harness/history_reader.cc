#include "harness/history_reader.h"

#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "harness/history_edn.h"
#include "harness/history_jepsen_log.h"
#include "harness/history_jsonl.h"

namespace faultline {
namespace {

constexpr std::string_view kBlanks = " \t\r\n\f\v";

std::optional<HistoryFormat> format_from_extension(std::string_view file_name) {
  const size_t slash = file_name.find_last_of('/');
  const std::string_view base =
      slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
  const size_t dot = base.find_last_of('.');
  if (dot == std::string_view::npos) return std::nullopt;
  std::string extension(base.substr(dot + 1));
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (extension == "jsonl" || extension == "json") return HistoryFormat::kJsonl;
  if (extension == "edn") return HistoryFormat::kEdn;
  if (extension == "log" || extension == "txt") return HistoryFormat::kJepsenLog;
  return std::nullopt;
}

// The offset of the first character that is neither blank nor in a ';'
// comment line, or npos.
size_t first_significant(std::string_view text) {
  size_t pos = text.find_first_not_of(kBlanks);
  while (pos != std::string_view::npos && text[pos] == ';') {
    const size_t newline = text.find('\n', pos);
    if (newline == std::string_view::npos) return newline;
    pos = text.find_first_not_of(kBlanks, newline);
  }
  return pos;
}

HistoryFormat sniff_format(std::string_view text) {
  const size_t pos = first_significant(text);
  if (pos == std::string_view::npos) return HistoryFormat::kJsonl;  // nothing to read either way
  const char first = text[pos];
  if (first == '[' || first == '(') return HistoryFormat::kEdn;
  if (first != '{') return HistoryFormat::kJepsenLog;
  const size_t next = text.find_first_not_of(kBlanks, pos + 1);
  if (next != std::string_view::npos && text[next] == ':') return HistoryFormat::kEdn;
  return HistoryFormat::kJsonl;
}

SourceError file_error(const std::string& path, int error_number) {
  return SourceError{{path, 0, 0},
                     std::string("cannot read history file: ") + std::strerror(error_number)};
}

// Reads the whole file in one go: readers work on one contiguous text.
Parsed<std::string> read_whole_file(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) return file_error(path, errno);
  std::string text;
  struct stat info {};
  if (fstat(fileno(file.get()), &info) == 0 && S_ISREG(info.st_mode)) {
    text.resize(static_cast<size_t>(info.st_size));
    text.resize(std::fread(text.data(), 1, text.size(), file.get()));
  }
  char buffer[1 << 16];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, file.get())) text.append(buffer, n);
  if (std::ferror(file.get())) return file_error(path, errno);
  return text;
}

}  // namespace

std::optional<HistoryFormat> parse_history_format(std::string_view name) {
  for (HistoryFormat format : {HistoryFormat::kAuto, HistoryFormat::kJsonl, HistoryFormat::kEdn,
                               HistoryFormat::kJepsenLog}) {
    if (name == to_string(format)) return format;
  }
  return std::nullopt;
}

std::string_view to_string(HistoryFormat format) {
  switch (format) {
    case HistoryFormat::kAuto:
      return "auto";
    case HistoryFormat::kJsonl:
      return "jsonl";
    case HistoryFormat::kEdn:
      return "edn";
    case HistoryFormat::kJepsenLog:
      return "jepsen-log";
  }
  return "?";
}

HistoryFormat detect_history_format(std::string_view text, std::string_view file_name) {
  if (std::optional<HistoryFormat> format = format_from_extension(file_name)) return *format;
  return sniff_format(text);
}

Parsed<History> read_history_text(std::string_view text, const std::string& source_name,
                                  HistoryFormat format) {
  if (format == HistoryFormat::kAuto) format = detect_history_format(text, source_name);
  switch (format) {
    case HistoryFormat::kEdn:
      return read_edn_history(text, source_name);
    case HistoryFormat::kJepsenLog:
      return read_jepsen_log_history(text, source_name);
    case HistoryFormat::kAuto:
    case HistoryFormat::kJsonl:
      break;
  }
  return read_jsonl_history(text, source_name);
}

Parsed<History> read_history_file(const std::string& path, HistoryFormat format) {
  Parsed<std::string> text = read_whole_file(path);
  if (!text) return text.error();
  return read_history_text(*text, path, format);
}

}  // namespace faultline
