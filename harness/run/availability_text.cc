#include "harness/run/availability_text.h"

#include <algorithm>
#include <cstring>

#include "harness/report/availability.h"

namespace faultline {
namespace {

// The terminal's columns of availability_columns(): period, from, to, ok,
// fail, info, ok rate, ok/s, p99.
constexpr size_t kTerminalColumns[] = {0, 1, 2, 3, 4, 5, 6, 7, 10};

}  // namespace

std::string availability_block(const Json& availability) {
  const std::vector<AvailabilityRow> rows = availability_rows(availability);
  if (rows.empty()) return "";
  const std::vector<std::string> header = availability_columns();
  std::vector<std::vector<std::string>> table;
  table.emplace_back();
  for (size_t c : kTerminalColumns) table.back().push_back(header[c]);
  for (const AvailabilityRow& row : rows) {
    table.emplace_back();
    for (size_t c : kTerminalColumns)
      table.back().push_back(c == 0 && row.side ? "  " + row.cells[c] : row.cells[c]);
  }
  std::vector<size_t> width(std::size(kTerminalColumns), 0);
  for (const auto& line : table)
    for (size_t c = 0; c < line.size(); ++c) width[c] = std::max(width[c], line[c].size());
  std::string out = "availability, as the clients saw it:\n";
  for (const auto& line : table) {
    std::string text = " ";
    for (size_t c = 0; c < line.size(); ++c) {
      const std::string pad(width[c] - line[c].size(), ' ');
      text += " " + (c == 0 ? line[c] + pad : pad + line[c]);  // names left, numbers right
    }
    out += text + "\n";
  }
  for (const std::string& line : recovery_lines(availability)) out += "  recovery: " + line + "\n";
  return out;
}

std::string markdown_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&') {
      out += "&amp;";
    } else if (std::strchr("\\`*_[]|~", c) && c != '\0') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

std::string availability_markdown(const Json& availability) {
  const std::vector<AvailabilityRow> rows = availability_rows(availability);
  if (rows.empty()) return "";
  std::string out = "|";
  std::string rule = "|";
  const std::vector<std::string> header = availability_columns();
  for (size_t c = 0; c < header.size(); ++c) {
    out += " " + markdown_escape(header[c]) + " |";
    rule += c == 0 ? " --- |" : " ---: |";
  }
  out += "\n" + rule + "\n";
  for (const AvailabilityRow& row : rows) {
    out += "|";
    for (size_t c = 0; c < row.cells.size(); ++c)
      out +=
          " " + std::string(c == 0 && row.side ? "↳ " : "") + markdown_escape(row.cells[c]) + " |";
    out += "\n";
  }
  const std::vector<std::string> recoveries = recovery_lines(availability);
  if (!recoveries.empty()) out += "\n";
  for (const std::string& line : recoveries) out += "- " + markdown_escape(line) + "\n";
  return out;
}

}  // namespace faultline
