#include "harness/history/history_reader.h"

#include <algorithm>
#include <cctype>
#include <fstream>

#include "harness/base/text_file.h"
#include "harness/history/edn.h"
#include "harness/history/history_edn.h"
#include "harness/history/history_jepsen_log.h"
#include "harness/history/history_jsonl.h"

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

HistoryFormat detect_history_file_format(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string start(64 << 10, '\0');
  in.read(start.data(), static_cast<std::streamsize>(start.size()));
  start.resize(static_cast<size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  return detect_history_format(start, path);
}

namespace {

Parsed<History> read_in_format(std::string_view text, const std::string& source_name,
                               HistoryFormat format,
                               OpNumbering numbering = OpNumbering::kByPosition) {
  switch (format) {
    case HistoryFormat::kEdn:
      return read_edn_history(text, source_name);
    case HistoryFormat::kJepsenLog:
      return read_jepsen_log_history(text, source_name);
    case HistoryFormat::kAuto:
    case HistoryFormat::kJsonl:
      break;
  }
  return read_jsonl_history(text, source_name, numbering);
}

// The last line when it has no newline and holds more than blanks: what a
// crash in the middle of writing leaves. Its 1-based number in `*number`.
std::optional<std::string_view> unterminated_last_line(std::string_view text, int64_t* number) {
  if (text.empty() || text.back() == '\n') return std::nullopt;
  const size_t newline = text.rfind('\n');
  const size_t start = newline == std::string_view::npos ? 0 : newline + 1;
  const std::string_view last = text.substr(start);
  if (last.find_first_not_of(kBlanks) == std::string_view::npos) return std::nullopt;
  *number = 1 + static_cast<int64_t>(std::count(text.begin(), text.begin() + start, '\n'));
  return last;
}

// Whether `line` alone reads as (part of) an op in `format`.
bool looks_like_an_op(std::string_view line, const std::string& source_name, HistoryFormat format) {
  Parsed<History> alone = read_in_format(line, source_name, format);
  return !alone || !alone->ops.empty();
}

// The whole text, or all but a last line that was cut short (with a note).
Parsed<History> read_whole_or_cut(std::string_view text, const std::string& source_name,
                                  HistoryFormat format, OpNumbering numbering) {
  if (format == HistoryFormat::kAuto) format = detect_history_format(text, source_name);
  int64_t number = 0;
  const std::optional<std::string_view> last = unterminated_last_line(text, &number);
  // JSON and EDN ops are self-delimiting: a whole last line is read as it is,
  // only one that does not parse is taken as cut. A Jepsen log line is not
  // ("3 :ok :read 1" may be the start of "... 12"): without its newline it is
  // never read as an op.
  const bool self_delimiting = format != HistoryFormat::kJepsenLog;
  if (!last) return read_in_format(text, source_name, format, numbering);
  Parsed<History> whole(SourceError{});
  if (self_delimiting) {
    // Cut short means the reader ran out of text: the error is at the very
    // end. An error inside the line (a missing field) is the line's own.
    whole = read_in_format(text, source_name, format, numbering);
    if (whole || whole.error().where.line != number ||
        whole.error().where.column < column_at(*last, last->size())) {
      return whole;
    }
  } else if (!looks_like_an_op(*last, source_name, format)) {
    return read_in_format(text, source_name, format, numbering);
  }
  Parsed<History> history =
      read_in_format(text.substr(0, text.size() - last->size()), source_name, format, numbering);
  if (!history) return self_delimiting ? whole : history;
  history->notes.push_back(
      {{source_name, number, 1},
       "the last line has no newline and " +
           std::string(self_delimiting ? "is not a whole op" : "may be cut short") +
           " (the file was cut while being written?): it was left out, so an op it would "
           "complete counts as never completed"});
  return history;
}

}  // namespace

Parsed<History> read_history_text(std::string_view text, const std::string& source_name,
                                  HistoryFormat format, OpNumbering numbering) {
  Parsed<History> history = read_whole_or_cut(text, source_name, format, numbering);
  if (history) return history;
  return printable(history.error());  // messages quote the input (nlohmann's own do too)
}

Parsed<History> read_history_file(const std::string& path, HistoryFormat format, int64_t max_bytes,
                                  const std::string& too_large_hint) {
  Result<std::string, FileError> text = read_text_file(path, max_bytes);
  if (!text) {
    const std::string hint = text.error().too_large ? too_large_hint : "";
    return SourceError{{path, 0, 0}, "cannot read history file: " + text.error().reason + hint};
  }
  return read_history_text(*text, path, format);
}

}  // namespace faultline
