#include "harness/history/op_table.h"

namespace faultline {

void OpTable::reserve(size_t rows) {
  process_.reserve(rows);
  shape_.reserve(rows);
  key_.reserve(rows);
  time_ns_.reserve(rows);
  value_.reserve(rows);
}

uint32_t OpTable::error_id(Json&& error) {
  if (error.is_null()) return kNoError;
  const uint32_t id =
      error_texts_.id_of(error.dump(-1, ' ', false, Json::error_handler_t::replace));
  if (id == errors_.size()) errors_.push_back(std::move(error));
  return id;
}

bool OpTable::append(Op&& op) {
  if (size() >= kMaxRows) return false;
  const Shape shape{op.type, texts_.id_of(op.f), texts_.id_of(op.node),
                    error_id(std::move(op.error))};
  auto [it, added] = shape_ids_.emplace(shape, static_cast<uint32_t>(shapes_.size()));
  if (added) shapes_.push_back(shape);
  shape_.push_back(it->second);
  index_.push(op.index);
  line_.push(op.source_line);
  process_.push(op.process);
  key_.push_back(op.key ? static_cast<int32_t>(keys_.id_of(*op.key)) : -1);
  time_ns_.push_back(op.time_ns);
  value_.push_back(values_.add(std::move(op.value)));
  return true;
}

Json OpTable::error(size_t row) const {
  const uint32_t id = shape(row).error;
  return id == kNoError ? Json() : errors_[id];
}

Op OpTable::op(size_t row) const {
  Op op;
  op.index = index(row);
  op.process = process(row);
  op.type = type(row);
  op.f = f(row);
  if (key_id(row) >= 0) op.key = key_text(key_id(row));
  op.value = value(row);
  op.time_ns = time_ns(row);
  op.node = node(row);
  op.error = error(row);
  op.source_line = source_line(row);
  return op;
}

std::optional<size_t> OpTable::row_of_index(int64_t wanted) const {
  if (index_.counting()) {
    const int64_t row = wanted - index_.first();
    if (row >= 0 && static_cast<size_t>(row) < size()) return static_cast<size_t>(row);
    return std::nullopt;
  }
  // Indexes are usually the rows: look there first.
  if (wanted >= 0 && static_cast<size_t>(wanted) < size() &&
      index(static_cast<size_t>(wanted)) == wanted)
    return static_cast<size_t>(wanted);
  for (size_t row = 0; row < size(); ++row)
    if (index(row) == wanted) return row;
  return std::nullopt;
}

OpTable to_op_table(const History& history) {
  OpTable table;
  table.source = history.source;
  table.notes = history.notes;
  table.reserve(history.ops.size());
  for (const Op& op : history.ops) table.append(Op(op));
  return table;
}

History to_history(const OpTable& table, const std::vector<size_t>& rows) {
  History history;
  history.source = table.source;
  history.ops.reserve(rows.size());
  for (size_t row : rows) history.ops.push_back(table.op(row));
  return history;
}

History to_history(const OpTable& table) {
  History history;
  history.source = table.source;
  history.notes = table.notes;
  history.ops.reserve(table.size());
  for (size_t row = 0; row < table.size(); ++row) history.ops.push_back(table.op(row));
  return history;
}

History nemesis_ops(const OpTable& table) {
  std::vector<size_t> rows;
  for (size_t row = 0; row < table.size(); ++row)
    if (table.process(row) == kNemesisProcess) rows.push_back(row);
  return to_history(table, rows);
}

}  // namespace faultline
