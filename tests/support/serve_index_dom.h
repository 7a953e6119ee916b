// What `faultline serve`'s index page shows in a browser, read from its DOM:
// the rows of runs, and the query its filter form sends when submitted.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "tests/support/dom_scan.h"

namespace faultline::testing {

// A row of the index as the browser shows it.
struct IndexRow {
  std::string started, verdict, test, report_href;
};

std::vector<IndexRow> index_rows(const ScannedDom& dom);

// The URL a browser goes to when the page's one GET form is submitted with
// `chosen` (field name -> option value; the other fields as selected now):
// the form's action, then every field in document order as name=value,
// encoded as application/x-www-form-urlencoded. A value the form does not
// offer gives "(the form offers no NAME VALUE)".
std::string form_submission(const ScannedDom& dom,
                            const std::map<std::string, std::string>& chosen);

}  // namespace faultline::testing
