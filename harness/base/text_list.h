// Lists written as text in test files and on the command line: "n1, n3",
// "n1,n2|n3".
#pragma once

#include <string>
#include <vector>

namespace faultline {

// `text` without leading and trailing blanks (spaces, tabs, carriage returns).
std::string trim_blanks(const std::string& text);

// The parts of `text` between `separator`s, each trimmed. Empty parts are
// kept (so "a,,b" and "a," can be refused as such); "" gives no parts.
std::vector<std::string> split_trimmed(const std::string& text, char separator);

}  // namespace faultline
