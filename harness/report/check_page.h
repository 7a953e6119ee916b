// The page of `faultline check --html OUT.html FILE...`: for each imported
// history, its verdict and the same evidence view the run report draws (the
// linearizability evidence table and timeline; Elle's cycles as graphs).
#pragma once

#include <string>
#include <vector>

#include "harness/history/history.h"
#include "harness/history/op.h"

namespace faultline {

struct CheckedHistory {
  std::string file;
  std::string checker;  // the model checked: "cas-register", "list-append", ...
  Json result;          // the checker's JSON (`check --json` without "file")
  std::string summary;  // the checker's text for people
  History history;
};

// A self-contained page like report.html; every value escaped.
std::string render_check_page(const std::vector<CheckedHistory>& checked);

}  // namespace faultline
