// Reads Jepsen's history.edn: one top-level vector (or list) of op maps, or a
// sequence of top-level op maps, typically one per line. Called by
// history_reader.h; pure.
//
// Map keys :process (an integer, or a keyword such as :nemesis for a named
// actor), :type, :f, :value, :time, :index, :node, :error and :key become Op
// fields (edn.h says how EDN values map to JSON); other keys are ignored. Each
// op's source_line is the line where its map starts.
#pragma once

#include <string>
#include <string_view>

#include "harness/history/history.h"
#include "harness/base/source_error.h"

namespace faultline {

Parsed<History> read_edn_history(std::string_view text, const std::string& source_name);

}  // namespace faultline
