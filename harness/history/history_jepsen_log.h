// Reads ops out of Jepsen's text log, where jepsen.util logs each op as
//   INFO  jepsen.util - 3	:invoke	:cas	[1 4]
// or, without the logger's prefix, "3<TAB>:ok<TAB>:read<TAB>nil", with an
// optional fifth field for the error. Called by history_reader.h; pure.
//
// Lines that are not op lines (other log output) are skipped. A line that is
// an op line (a process, then :invoke, :ok, :fail or :info) but whose :f or
// value is not valid EDN is an error naming its line and column.
#pragma once

#include <string>
#include <string_view>

#include "harness/history/history.h"
#include "harness/base/source_error.h"

namespace faultline {

Parsed<History> read_jepsen_log_history(std::string_view text, const std::string& source_name);

}  // namespace faultline
