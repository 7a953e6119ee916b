#include "harness/history/history_jsonl.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <iterator>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "harness/history/edn.h"
#include "harness/history/op_json.h"
#include "harness/history/op_line_fast.h"

namespace faultline {
namespace {

// nlohmann parses nesting of any depth, but dumping a value recurses, so
// values are held to the same limit as EDN's.
constexpr int kMaxDepth = EdnReader::kMaxDepth;

struct Line {
  std::string_view text;  // without the line ending
  int64_t number = 0;     // 1-based
  bool has_newline = false;
};

class LineCursor {
 public:
  explicit LineCursor(std::string_view text) : text_(text) {}

  bool next(Line* line) {
    if (pos_ >= text_.size()) return false;
    size_t end = text_.find('\n', pos_);
    line->has_newline = end != std::string_view::npos;
    if (!line->has_newline) end = text_.size();
    line->text = text_.substr(pos_, end - pos_);
    if (!line->text.empty() && line->text.back() == '\r') line->text.remove_suffix(1);
    line->number = ++number_;
    pos_ = end + 1;
    return true;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int64_t number_ = 0;
};

size_t count_lines(std::string_view text) {
  size_t lines = 0;
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p < end) {
    ++lines;
    const void* newline = std::memchr(p, '\n', end - p);
    if (!newline) break;
    p = static_cast<const char*>(newline) + 1;
  }
  return lines;
}

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\r\f\v") == std::string_view::npos;
}

// The byte offset where brackets nest deeper than kMaxDepth, if they do. Only
// long lines can, so ordinary lines cost nothing.
std::optional<size_t> too_deep_at(std::string_view line) {
  if (line.size() <= static_cast<size_t>(kMaxDepth)) return std::nullopt;
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_string) {
      if (c == '\\') ++i;
      if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return std::nullopt;
}

// Turns nlohmann's parse events for one line straight into an Op: building
// a JSON object first would cost more than the parse itself. Only the op's
// value, error and other structured fields become JSON values.
class OpLineSax {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  bool null() { return scalar(Json(), "null"); }
  bool boolean(bool value) { return scalar(Json(value), "boolean"); }
  bool number_integer(number_integer_t value) { return scalar(Json(value), "number"); }
  bool number_unsigned(number_unsigned_t value) { return scalar(Json(value), "number"); }
  bool number_float(number_float_t value, const string_t&) { return scalar(Json(value), "number"); }
  bool string(string_t& value) { return scalar(Json(std::move(value)), "string"); }
  bool binary(binary_t&) { return false; }  // JSON text has none
  bool start_object(std::size_t) { return open(Json::object()); }
  bool start_array(std::size_t) { return open(Json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(string_t& name) {
    (open_.empty() ? field_ : key_) = std::move(name);
    return true;
  }
  bool parse_error(std::size_t byte, const std::string&, const Json::exception& error) {
    error_byte_ = byte;
    syntax_error_ = error.what();
    return false;
  }

  // The first syntax error, as nlohmann put it, and the 1-based byte where it was.
  const std::optional<std::string>& syntax_error() const { return syntax_error_; }
  size_t error_byte() const { return error_byte_; }
  // What the line held instead of an object, if it did.
  const char* not_an_object() const { return not_an_object_; }
  Parsed<Op> finish(const SourceLocation& where) { return builder_.finish(where); }

  // Makes the handler ready for another line, keeping its buffers.
  void reset() {
    builder_ = OpBuilder();
    in_op_ = false;
    field_value_ = nullptr;
    open_.clear();
    syntax_error_.reset();
    error_byte_ = 0;
    not_an_object_ = nullptr;
  }

 private:
  bool scalar(Json&& value, const char* kind) {
    if (!in_op_) return refuse(kind);
    if (open_.empty()) return builder_.set(field_, std::move(value));
    place(std::move(value));
    return true;
  }

  bool open(Json&& container) {
    if (!in_op_) {
      in_op_ = container.is_object();
      return in_op_ || refuse("array");
    }
    open_.push_back(place(std::move(container)));
    return true;
  }

  bool close() {
    if (open_.empty()) return true;  // the op's own object
    open_.pop_back();
    return !open_.empty() || builder_.set(field_, std::move(field_value_));
  }

  // Stores a value in the innermost open container (or as the field's value)
  // and returns where it now lives. Only the newest element of an array is
  // ever open, so pointers to open containers stay valid.
  Json* place(Json&& value) {
    if (open_.empty()) {
      field_value_ = std::move(value);
      return &field_value_;
    }
    Json& parent = *open_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    Json& slot = parent[key_];
    slot = std::move(value);
    return &slot;
  }

  bool refuse(const char* kind) {
    not_an_object_ = kind;
    return false;
  }

  OpBuilder builder_;
  bool in_op_ = false;
  std::string field_;        // the op field being read
  std::string key_;          // the latest key inside a field's value
  Json field_value_;         // a structured field value while it is built
  std::vector<Json*> open_;  // containers being built, outermost first
  std::optional<std::string> syntax_error_;
  size_t error_byte_ = 0;
  const char* not_an_object_ = nullptr;
};

// nlohmann's message without its "[json.exception...] parse error at line 1, column 8: " prefix.
std::string describe_syntax_error(std::string_view what) {
  const size_t column = what.find("column ");
  const size_t colon = what.find(": ", column == std::string_view::npos ? 0 : column);
  if (colon == std::string_view::npos) return std::string(what);
  return std::string(what.substr(colon + 2));
}

SourceError syntax_error(const OpLineSax& sax, const Line& line, SourceLocation where) {
  // The byte is 1-based, and one past the text when the input ended early.
  where.column = column_at(line.text, sax.error_byte() > 0 ? sax.error_byte() - 1 : 0);
  std::string message = "invalid JSON: " + describe_syntax_error(*sax.syntax_error());
  if (!line.has_newline) {
    message += " (the last line has no newline: the file may have been truncated)";
  }
  return SourceError{std::move(where), std::move(message)};
}

Parsed<Op> parse_op_line(const Line& line, const std::string& source_name, OpLineSax* sax) {
  SourceLocation where{source_name, line.number, 1};
  if (std::optional<size_t> deep = too_deep_at(line.text)) {
    where.column = column_at(line.text, *deep);
    return SourceError{where, "nesting deeper than " + std::to_string(kMaxDepth) + " levels"};
  }
  // Nearly every line is one faultline wrote: read without the JSON machinery.
  if (std::optional<Parsed<Op>> simple = read_simple_op_line(line.text, where))
    return std::move(*simple);
  sax->reset();
  if (!Json::sax_parse(line.text, sax)) {
    if (sax->syntax_error()) return syntax_error(*sax, line, where);
    if (sax->not_an_object()) {
      return SourceError{where, std::string("expected a JSON object (one op per line), found ") +
                                    sax->not_an_object()};
    }
  }
  return sax->finish(where);
}

// What one thread read from its share of the text; line numbers in it count
// from the share's first line until merge() shifts them.
struct Chunk {
  std::string_view text;
  std::vector<Op> ops;
  std::optional<SourceError> error;
  int64_t lines = 0;
};

void read_chunk(const std::string& source_name, Chunk* chunk) {
  chunk->ops.reserve(count_lines(chunk->text));
  LineCursor lines(chunk->text);
  Line line;
  OpLineSax sax;
  while (lines.next(&line)) {
    chunk->lines = line.number;
    if (is_blank(line.text)) continue;
    Parsed<Op> op = parse_op_line(line, source_name, &sax);
    if (!op) {
      chunk->error = op.error();
      return;
    }
    chunk->ops.push_back(std::move(*op));
  }
}

// Splits the text at line ends into about `count` shares.
std::vector<Chunk> split(std::string_view text, size_t count) {
  std::vector<Chunk> chunks;
  size_t start = 0;
  for (size_t i = 1; i <= count && start < text.size(); ++i) {
    size_t end = i == count ? text.size() : std::max(start, text.size() / count * i);
    end = std::min(text.find('\n', end), text.size() - 1) + 1;
    chunks.push_back(Chunk{text.substr(start, end - start), {}, {}, 0});
    start = end;
  }
  return chunks;
}

// Parsing JSON dominates reading a big history, and lines are independent, so
// big texts are read by several threads.
size_t thread_count(size_t text_size) {
  constexpr size_t kBytesPerThread = 8 << 20;
  const size_t hardware = std::max(1u, std::thread::hardware_concurrency());
  return std::clamp<size_t>(text_size / kBytesPerThread, 1, std::min<size_t>(hardware, 8));
}

Parsed<History> merge(std::vector<Chunk>& chunks, History history, OpNumbering numbering) {
  int64_t lines_before = 0, ops_before = 0;
  for (Chunk& chunk : chunks) {
    if (chunk.error) {
      chunk.error->where.line += lines_before;
      return *chunk.error;
    }
    for (size_t i = 0; i < chunk.ops.size(); ++i) {
      Op& op = chunk.ops[i];
      op.source_line += lines_before;
      if (op.index < 0 && numbering == OpNumbering::kByPosition)
        op.index = ops_before + static_cast<int64_t>(i);
    }
    lines_before += chunk.lines;
    ops_before += static_cast<int64_t>(chunk.ops.size());
  }
  if (chunks.size() == 1) {  // a part of a bigger file is read by one thread: no copy
    history.ops = std::move(chunks[0].ops);
    return history;
  }
  // Room for every op at once: growing the vector chunk by chunk would hold
  // the old and the new storage together, twice the ops' size at the peak.
  history.ops.reserve(static_cast<size_t>(ops_before));
  for (Chunk& chunk : chunks) {
    std::move(chunk.ops.begin(), chunk.ops.end(), std::back_inserter(history.ops));
    std::vector<Op>().swap(chunk.ops);  // give the memory back as we go
  }
  return history;
}

}  // namespace

Parsed<History> read_jsonl_history(std::string_view text, const std::string& source_name,
                                   OpNumbering numbering) {
  std::vector<Chunk> chunks = split(text, thread_count(text.size()));
  {
    std::vector<std::jthread> threads;
    for (size_t i = 1; i < chunks.size(); ++i) {
      threads.emplace_back(read_chunk, std::cref(source_name), &chunks[i]);
    }
    if (!chunks.empty()) read_chunk(source_name, &chunks[0]);
  }
  History history;
  history.source = source_name;
  return merge(chunks, std::move(history), numbering);
}

}  // namespace faultline
