#include "harness/history/history_jepsen_log.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <utility>
#include <vector>

#include "harness/history/edn.h"
#include "harness/base/utf8.h"

namespace faultline {
namespace {

constexpr std::string_view kSpaces = " \t\r\f\v";

struct Field {
  std::string_view text;
  size_t offset = 0;  // in the line
};

// One line of the log, for reading fields and placing errors.
struct LogLine {
  std::string_view text;
  int64_t number = 0;
  const std::string& source_name;

  EdnPosition position(size_t offset) const { return {number, column_at(text, offset)}; }
  SourceError error_at(size_t offset, std::string message) const {
    return SourceError{{source_name, number, column_at(text, offset)}, std::move(message)};
  }
};

std::string_view trim(std::string_view text) {
  const size_t start = text.find_first_not_of(kSpaces);
  if (start == std::string_view::npos) return {};
  return text.substr(start, text.find_last_not_of(kSpaces) - start + 1);
}

void split_tabs(std::string_view line, std::vector<Field>* fields) {
  fields->clear();
  size_t start = 0;
  for (;;) {
    const size_t tab = line.find('\t', start);
    fields->push_back({line.substr(start, tab - start), start});
    if (tab == std::string_view::npos) return;
    start = tab + 1;
  }
}

bool is_type_field(std::string_view field) {
  const std::string_view text = trim(field);
  return text == ":invoke" || text == ":ok" || text == ":fail" || text == ":info";
}

std::optional<size_t> find_type_field(const std::vector<Field>& fields) {
  for (size_t i = 1; i < fields.size(); ++i) {
    if (is_type_field(fields[i].text)) return i;
  }
  return std::nullopt;
}

std::optional<int64_t> parse_process(std::string_view token) {
  int64_t process = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), process);
  if (ec == std::errc() && end == token.data() + token.size() && !token.empty()) return process;
  if (token.size() > 1 && token[0] == ':') return kNemesisProcess;  // :nemesis and kin
  return std::nullopt;
}

// The process is the last word of the field before the type. Whatever comes
// before it must be nothing, or a prefix from jepsen.util (the namespace that
// logs ops): lines that other namespaces log are not ops.
std::optional<int64_t> find_process(std::string_view line, const Field& field) {
  const std::string_view text = field.text.substr(0, field.text.find_last_not_of(' ') + 1);
  const size_t space = text.find_last_of(' ');
  const size_t start = space == std::string_view::npos ? 0 : space + 1;
  const std::string_view before = line.substr(0, field.offset + start);
  if (!trim(before).empty() && before.find("jepsen.util") == std::string_view::npos) {
    return std::nullopt;
  }
  return parse_process(text.substr(start));
}

Parsed<Json> parse_field(const LogLine& line, const Field& field) {
  return parse_edn(field.text, line.source_name, line.position(field.offset));
}

// Jepsen logs the error with str, not pr-str, so it need not be EDN: text
// that does not parse is kept as it is.
Json parse_error_text(std::string_view text) {
  Parsed<Json> error = parse_edn(text);
  if (error) return std::move(*error);
  return Json(with_invalid_utf8_escaped(trim(text)));
}

Parsed<Op> read_op(const LogLine& line, const std::vector<Field>& fields, size_t type) {
  Op op;
  op.type = *parse_op_type(trim(fields[type].text).substr(1));
  op.source_line = line.number;
  if (type + 1 >= fields.size()) {
    return line.error_at(line.text.size(), "expected the op's :f after its type");
  }
  Parsed<Json> f = parse_field(line, fields[type + 1]);
  if (!f) return f.error();
  if (!f->is_string())
    return line.error_at(fields[type + 1].offset, "the op's :f must be a keyword");
  op.f = std::move(f->get_ref<std::string&>());
  if (type + 2 < fields.size()) {
    Parsed<Json> value = parse_field(line, fields[type + 2]);
    if (!value) return value.error();
    op.value = std::move(*value);
  }
  if (type + 3 < fields.size())
    op.error = parse_error_text(line.text.substr(fields[type + 3].offset));
  return op;
}

}  // namespace

Parsed<History> read_jepsen_log_history(std::string_view text, const std::string& source_name) {
  History history;
  history.source = source_name;
  std::vector<Field> fields;
  int64_t number = 0;
  std::optional<LogLine> first_other;  // the first line with text that is not an op
  auto other = [&](const LogLine& line) {
    if (!first_other && !trim(line.text).empty()) first_other.emplace(line);
  };
  for (size_t pos = 0; pos < text.size();) {
    const size_t end = std::min(text.find('\n', pos), text.size());
    LogLine line{text.substr(pos, end - pos), ++number, source_name};
    pos = end + 1;
    if (line.text.find('\t') == std::string_view::npos) {
      other(line);
      continue;
    }
    if (line.text.back() == '\r') line.text.remove_suffix(1);
    split_tabs(line.text, &fields);
    const std::optional<size_t> type = find_type_field(fields);
    const std::optional<int64_t> process =
        type ? find_process(line.text, fields[*type - 1]) : std::nullopt;
    if (!process) {
      other(line);
      continue;
    }
    Parsed<Op> op = read_op(line, fields, *type);
    if (!op) return op.error();
    op->process = *process;
    op->index = static_cast<int64_t>(history.ops.size());
    history.ops.push_back(std::move(*op));
  }
  // Text with no op in it is not an empty history: it is not a Jepsen log.
  if (history.ops.empty() && first_other) {
    return first_other->error_at(
        0,
        "no op could be read as a Jepsen text log (lines such as 'INFO  jepsen.util - "
        "3\\t:invoke\\t:read\\tnil'); the first line that is not one: '" +
            visible_excerpt(first_other->text) + "' (--format names another format)");
  }
  return history;
}

}  // namespace faultline
