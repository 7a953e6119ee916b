#include "harness/serve/index_page.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

#include "harness/report/report.h"

namespace faultline {
namespace {

constexpr const char* kVerdicts[] = {"valid", "invalid", "unknown", "error"};

// Dark text on light backgrounds (WCAG AA); each verdict has its word and a
// sign as well as its colour.
constexpr const char* kStyle = R"(
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1a1a1a;background:#fff}
h1{font-size:1.4em;margin:0 0 .3em}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.3em .6em;border-bottom:1px solid #ccc;vertical-align:top}
th{background:#f0f0f0}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.v{font-weight:600;white-space:nowrap;padding:.1em .4em;border-radius:3px}
.v-valid{background:#d7f0db;color:#0b4d17}
.v-invalid{background:#fbd9d9;color:#7a0b0b}
.v-unknown{background:#fff0c2;color:#5c4200}
.v-error{background:#e6e0f5;color:#3b1f78}
form{margin:.8em 0}
select{max-width:24em;text-overflow:ellipsis}
.warn{background:#fff0c2;color:#5c4200;padding:.4em .8em}
nav{margin:.8em 0}
a{color:#0645ad}
a:focus,select:focus,button:focus{outline:2px solid #0645ad;outline-offset:1px}
@media print{form,nav{display:none}}
)";

std::string page_start(const std::string& title) {
  return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>" +
         html_escape(title) + "</title><style>" + kStyle + "</style></head><body>\n";
}

const char* verdict_sign(const std::string& verdict) {
  if (verdict == "valid") return "\u2713";    // check mark
  if (verdict == "invalid") return "\u2717";  // ballot x
  if (verdict == "error") return "!";
  return "?";
}

std::string verdict_cell(const std::string& verdict) {
  const bool known =
      std::find(std::begin(kVerdicts), std::end(kVerdicts), verdict) != std::end(kVerdicts);
  std::string word = verdict;
  for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return "<span class=\"v v-" + std::string(known ? verdict : "unknown") + "\">" +
         verdict_sign(verdict) + " " + html_escape(word) + "</span>";
}

std::string run_link(const std::string& dir, const std::string& file) {
  return "/runs/" + url_encode(dir, true) + "/" + url_encode(file, true);
}

std::string select_of(const char* name, const char* label, const std::string& chosen,
                      const std::vector<std::string>& values) {
  std::string out = "<label>" + std::string(label) + " <select name=\"" + name +
                    "\"><option value=\"\">all</option>";
  for (const std::string& value : values) {
    out += "<option value=\"" + html_escape(value) + "\"" + (value == chosen ? " selected" : "") +
           ">" + html_escape(value) + "</option>";
  }
  return out + "</select></label> ";
}

std::string row_of(const RunIndexEntry& run) {
  std::string faults;
  for (const std::string& kind : run.faults) faults += (faults.empty() ? "" : ", ") + kind;
  std::string started = run.started;
  std::replace(started.begin(), started.end(), 'T', ' ');
  if (!started.empty() && started.back() == 'Z') started.pop_back();
  return "<tr><td>" + html_escape(started.empty() ? "\u2014" : started) + "</td><td>" +
         verdict_cell(run.verdict) + "</td><td>" + html_escape(run.test) +
         "</td><td class=\"num\">" + html_escape(run.seed.empty() ? "\u2014" : run.seed) +
         "</td><td class=\"num\">" + html_escape(duration_text(run.seconds)) + "</td><td>" +
         html_escape(faults.empty() ? "none" : faults) + "</td><td class=\"num\">" +
         std::to_string(run.ok) + " / " + std::to_string(run.failed) + " / " +
         std::to_string(run.info) + "</td><td><a href=\"" + run_link(run.dir, "report.html") +
         "\">report</a> \u00b7 <a href=\"" + run_link(run.dir, "") + "\">files</a></td></tr>\n";
}

}  // namespace

std::string url_encode(std::string_view text, bool keep_slashes) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' ||
        (keep_slashes && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string duration_text(double seconds) {
  if (seconds < 0) return "\u2014";
  char buffer[48];
  if (seconds < 120) {
    std::snprintf(buffer, sizeof buffer, "%.1f s", seconds);
  } else if (seconds < 7200) {
    std::snprintf(buffer, sizeof buffer, "%d min %d s", static_cast<int>(seconds) / 60,
                  static_cast<int>(seconds) % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%d h %d min", static_cast<int>(seconds) / 3600,
                  static_cast<int>(seconds) / 60 % 60);
  }
  return buffer;
}

IndexQuery index_query_of(const std::multimap<std::string, std::string>& params) {
  IndexQuery query;
  if (auto it = params.find("test"); it != params.end()) query.test = it->second;
  if (auto it = params.find("verdict"); it != params.end()) query.verdict = it->second;
  if (auto it = params.find("page"); it != params.end()) {
    const std::string& text = it->second;
    if (!text.empty() && text.size() < 10 &&
        text.find_first_not_of("0123456789") == std::string::npos) {
      query.page = std::max<int64_t>(1, std::stoll(text));
    }
  }
  return query;
}

std::string index_query_string(const IndexQuery& query) {
  std::string out;
  auto add = [&](const char* name, const std::string& value) {
    out += (out.empty() ? "?" : "&") + std::string(name) + "=" + url_encode(value);
  };
  if (!query.test.empty()) add("test", query.test);
  if (!query.verdict.empty()) add("verdict", query.verdict);
  if (query.page > 1) add("page", std::to_string(query.page));
  return out;
}

std::string render_index_page(const RunIndex& index, const IndexQuery& query,
                              const std::string& store) {
  std::set<std::string> test_names;
  std::vector<const RunIndexEntry*> shown;
  for (const RunIndexEntry& run : index.runs) {
    test_names.insert(run.test);
    if ((query.test.empty() || run.test == query.test) &&
        (query.verdict.empty() || run.verdict == query.verdict)) {
      shown.push_back(&run);
    }
  }
  const int64_t pages =
      std::max<int64_t>(1, (static_cast<int64_t>(shown.size()) + kRunsPerPage - 1) / kRunsPerPage);
  const int64_t page = std::min(query.page, pages);
  std::string out = page_start("faultline runs");
  out += "<h1>faultline runs</h1>\n<p>Store <code>" + html_escape(store) +
         "</code>: " + std::to_string(index.runs.size()) + " runs, newest first.</p>\n";
  out +=
      "<form method=\"get\" action=\"/\">" +
      select_of("test", "Test", query.test, {test_names.begin(), test_names.end()}) +
      select_of("verdict", "Verdict", query.verdict, {std::begin(kVerdicts), std::end(kVerdicts)}) +
      "<button type=\"submit\">Filter</button></form>\n";
  if (!index.warnings.empty()) {
    out +=
        "<div class=\"warn\" role=\"note\"><p>Damaged lines of the index were skipped "
        "(<code>faultline serve --reindex</code> rebuilds it):</p><ul>";
    for (const std::string& warning : index.warnings)
      out += "<li>" + html_escape(warning) + "</li>";
    out += "</ul></div>\n";
  }
  out +=
      "<p>" + std::to_string(shown.size()) + (shown.size() == 1 ? " run matches" : " runs match");
  if (!query.test.empty()) out += " test <strong>" + html_escape(query.test) + "</strong>";
  if (!query.verdict.empty()) out += " verdict <strong>" + html_escape(query.verdict) + "</strong>";
  out +=
      ".</p>\n<table><thead><tr><th scope=\"col\">Started (UTC)</th><th scope=\"col\">Verdict</th>"
      "<th scope=\"col\">Test</th><th scope=\"col\">Seed</th><th scope=\"col\">Duration</th>"
      "<th scope=\"col\">Faults</th><th scope=\"col\">Ops ok / fail / info</th>"
      "<th scope=\"col\">Run</th></tr></thead><tbody>\n";
  const size_t first = static_cast<size_t>((page - 1) * kRunsPerPage);
  for (size_t i = first; i < shown.size() && i < first + kRunsPerPage; ++i)
    out += row_of(*shown[i]);
  out += "</tbody></table>\n<nav aria-label=\"pages\">";
  IndexQuery link = query;
  if (page > 1) {
    link.page = page - 1;
    out += "<a rel=\"prev\" href=\"/" + index_query_string(link) + "\">\u2190 newer</a> ";
  }
  out += "page " + std::to_string(page) + " of " + std::to_string(pages);
  if (page < pages) {
    link.page = page + 1;
    out += " <a rel=\"next\" href=\"/" + index_query_string(link) + "\">older \u2192</a>";
  }
  return out + "</nav>\n</body></html>\n";
}

std::string render_folder_page(const std::string& relative,
                               const std::vector<FolderEntry>& entries) {
  std::string out = page_start("faultline: " + relative);
  out += "<p><a href=\"/\">\u2190 all runs</a></p>\n<h1>" + html_escape(relative) + "</h1>\n<ul>";
  const std::string base = "/runs/" + (relative.empty() ? "" : url_encode(relative, true) + "/");
  if (!relative.empty()) out += "<li><a href=\"../\">../</a></li>";
  for (const FolderEntry& entry : entries) {
    const std::string name = entry.name + (entry.is_directory ? "/" : "");
    out += "<li><a href=\"" + base + url_encode(entry.name) + (entry.is_directory ? "/" : "") +
           "\">" + html_escape(name) + "</a>" +
           (entry.is_directory ? "" : " (" + std::to_string(entry.bytes) + " bytes)") + "</li>";
  }
  return out + "</ul>\n</body></html>\n";
}

std::string render_error_page(int status, const std::string& reason) {
  return page_start("faultline: " + std::to_string(status)) + "<h1>" + std::to_string(status) +
         "</h1><p>" + html_escape(reason) + "</p><p><a href=\"/\">all runs</a></p></body></html>\n";
}

}  // namespace faultline
