// A small reader for EDN (the Clojure data notation Jepsen writes its histories
// in), producing nlohmann::json values that the rest of faultline understands.
//
// The mapping loses EDN's finer types on purpose, since histories only need
// the data: nil -> null; true/false; integers -> int64 (a trailing N is
// accepted, overflow is an error); floats -> double; strings, characters,
// symbols and keywords -> strings (":foo/bar" -> "foo/bar"); vectors, lists and
// sets -> arrays; maps -> objects whose keys are strings (a non-string key
// becomes its JSON text); tagged literals (#inst, #uuid, ...) -> the tagged
// value. Comments, commas and #_ discarded forms are skipped.
//
// Errors carry the 1-based line and column (in UTF-8 code points) and say what
// was expected. Nesting is limited to kMaxDepth, so hostile input cannot
// exhaust the stack. A reader is a cursor over text it does not own; use one
// per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/history/op.h"
#include "harness/base/source_error.h"
#include "harness/base/utf8.h"  // column_at

namespace faultline {

struct EdnPosition {
  int64_t line = 1;    // 1-based
  int64_t column = 1;  // 1-based, in code points
};

class EdnReader {
 public:
  static constexpr int kMaxDepth = 512;

  // `text` must outlive the reader. Errors name `source_name`; positions count
  // from `start`, so a reader over part of a line reports positions in the file.
  EdnReader(std::string_view text, std::string source_name, EdnPosition start = {});

  // Skips blanks, commas, comments and #_ forms; true when no form is left.
  // Fails only when a discarded form is malformed.
  Parsed<bool> at_end();

  // Reads the next form. When `element_starts` is given and the form is a
  // vector, list or set, appends where each of its elements starts.
  Parsed<Json> read(std::vector<EdnPosition>* element_starts = nullptr);

  // Where the next unread character is.
  EdnPosition position();

 private:
  // A point in the text from which a position can be computed on demand.
  struct Mark {
    size_t offset = 0;
    int64_t line = 1;
    size_t line_start = 0;
  };

  Mark mark() const { return {pos_, line_, line_start_}; }
  EdnPosition position_of(const Mark& mark);
  std::string describe(const Mark& mark);  // "line:column"
  SourceError error_at(const Mark& mark, std::string message);
  std::string found_here() const;  // "end of input" or the next character, quoted

  bool at_text_end() const { return pos_ >= text_.size(); }
  void skip_blanks();
  std::optional<SourceError> skip_ignorable(int depth);
  Parsed<Json> read_required(int depth, std::string_view after);
  Parsed<Json> read_form(int depth, std::vector<EdnPosition>* element_starts);
  Parsed<Json> read_sequence(int depth, const Mark& open, char close, std::string_view name,
                             std::vector<EdnPosition>* element_starts);
  Parsed<Json> read_map(int depth, const Mark& open);
  Parsed<Json> read_dispatch(int depth, std::vector<EdnPosition>* element_starts);
  Parsed<Json> read_symbolic_value(const Mark& open);
  Parsed<Json> read_string();
  std::optional<SourceError> read_escape(std::string* out);
  std::optional<SourceError> read_unicode_escape(const Mark& at, std::string* out);
  Parsed<Json> read_character();
  // An error at the first byte of text_[start, end) that is not UTF-8.
  std::optional<SourceError> require_utf8(size_t start, size_t end);
  Parsed<Json> read_token();
  std::string_view take_token();
  SourceError unclosed(const Mark& open, char close, std::string_view name);

  std::string_view text_;
  std::string source_name_;
  int64_t first_column_offset_;  // added to columns on the first line
  size_t pos_ = 0;
  int64_t line_;
  size_t line_start_ = 0;
  // Cache for position_of(), so that ascending positions on one long line
  // cost linear time overall.
  size_t cached_line_start_ = 0;
  size_t cached_offset_ = 0;
  int64_t cached_column_ = 1;
};

// Parses text holding exactly one EDN form (blanks and comments around it
// allowed); positions count from `start`, as for EdnReader.
Parsed<Json> parse_edn(std::string_view text, const std::string& source_name = "",
                       EdnPosition start = {});


}  // namespace faultline
