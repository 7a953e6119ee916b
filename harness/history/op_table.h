// A history held compactly, for histories of millions of ops: one row per
// op, in columns (about 28 bytes a row, against some 250 for an Op with its
// strings and JSON). f, node and error are interned together as the op's
// "shape", keys as ids, values as ValueCells; the history index and the
// line are stored only where they stop counting up by one. op(row) gives
// back the Op exactly as it was added, so what a report or a checker's
// evidence shows of an op is what the file says.
//
// Analysis and reports of stored runs read histories into an OpTable
// (read_jsonl_op_table in history_parts.h); a History converts with
// to_op_table(). Thread-compatible: const methods may be called from many
// threads.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "harness/history/history.h"
#include "harness/history/op_columns.h"
#include "harness/history/value_cells.h"

namespace faultline {

class OpTable {
 public:
  // The most rows a table holds: rows are named by 32-bit numbers.
  static constexpr size_t kMaxRows = std::numeric_limits<uint32_t>::max() - 1;

  std::string source;              // the file it was read from, for messages
  std::vector<HistoryNote> notes;  // as History::notes

  // Adds `op` as the next row; false (nothing added) when the table is full.
  bool append(Op&& op);
  void reserve(size_t rows);
  size_t size() const { return time_ns_.size(); }

  int64_t index(size_t row) const { return index_.at(row); }
  int64_t process(size_t row) const { return process_.at(row); }
  OpType type(size_t row) const { return shape(row).type; }
  const std::string& f(size_t row) const { return texts_.text(shape(row).f); }
  uint32_t f_id(size_t row) const { return shape(row).f; }
  // The key's id (0, 1, ... in order first seen), -1 when the op has none.
  int32_t key_id(size_t row) const { return key_[row]; }
  const std::string& key_text(int32_t key_id) const {
    return keys_.text(static_cast<uint32_t>(key_id));
  }
  size_t key_count() const { return keys_.size(); }
  int64_t time_ns(size_t row) const { return time_ns_[row]; }
  const std::string& node(size_t row) const { return texts_.text(shape(row).node); }
  uint32_t node_id(size_t row) const { return shape(row).node; }
  // f and node names share one set of ids: text_count() of them.
  const std::string& text_of_id(uint32_t id) const { return texts_.text(id); }
  size_t text_count() const { return texts_.size(); }
  Json value(size_t row) const { return values_.get(value_[row]); }
  bool has_error(size_t row) const { return shape(row).error != kNoError; }
  Json error(size_t row) const;
  int64_t source_line(size_t row) const { return line_.at(row); }

  // The whole op of `row`, as it was added.
  Op op(size_t row) const;
  // The row of the op with history index `index`, if there is one.
  std::optional<size_t> row_of_index(int64_t index) const;

 private:
  static constexpr uint32_t kNoError = std::numeric_limits<uint32_t>::max();
  struct Shape {
    OpType type;
    uint32_t f, node, error;  // f and node: ids in texts_; error: in errors_, or kNoError
    bool operator==(const Shape&) const = default;
  };
  struct ShapeHash {
    size_t operator()(const Shape& s) const {
      return (static_cast<size_t>(s.type) * 1000003u + s.f) * 1000003u + s.node * 31u + s.error;
    }
  };
  const Shape& shape(size_t row) const { return shapes_[shape_[row]]; }
  uint32_t error_id(Json&& error);

  CountingColumn index_, line_;
  NarrowIntColumn process_;
  std::vector<uint32_t> shape_;
  std::vector<int32_t> key_;
  std::vector<int64_t> time_ns_;
  std::vector<ValueCells::Cell> value_;

  StringIds texts_, keys_, error_texts_;  // error_texts_: an error's JSON text -> errors_
  std::vector<Json> errors_;
  std::vector<Shape> shapes_;
  std::unordered_map<Shape, uint32_t, ShapeHash> shape_ids_;
  ValueCells values_;
};

// The same ops and notes in a table (a copy).
OpTable to_op_table(const History& history);

// The ops of `rows` as a History (with the table's source, no notes), for
// the few ops a caller needs whole.
History to_history(const OpTable& table, const std::vector<size_t>& rows);
// Every op and note, for checkers that read a History.
History to_history(const OpTable& table);
// The nemesis's ops (few, however long the run), as a History.
History nemesis_ops(const OpTable& table);

}  // namespace faultline
