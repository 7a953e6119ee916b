// Availability (harness/report/availability.h) as plain text: the short
// block at the end of `faultline run` and `analyze`, and the Markdown table
// of summary.md. Both from results.json's "availability". Pure.
#pragma once

#include <string>
#include <string_view>

#include "harness/history/op.h"

namespace faultline {

// A few aligned lines (period, seconds, ok/fail/info, ok rate, ok/s, p99
// latency), a side of a partition indented under its period, then the
// recovery after each heal. Empty when there is nothing to show.
std::string availability_block(const Json& availability);

// The whole table (every column) as GitHub-flavoured Markdown, then the
// recoveries as a list. Empty when there is nothing to show.
std::string availability_markdown(const Json& availability);

// `text` safe in a Markdown table cell or paragraph: punctuation that
// Markdown or HTML would read is escaped, line breaks become spaces.
std::string markdown_escape(std::string_view text);

}  // namespace faultline
