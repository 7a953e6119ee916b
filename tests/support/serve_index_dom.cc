#include "tests/support/serve_index_dom.h"

#include <algorithm>
#include <cctype>

namespace faultline::testing {
namespace {

std::string form_encode(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '*' || c == '-' || c == '.' || c == '_') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::vector<IndexRow> index_rows(const ScannedDom& dom) {
  std::vector<IndexRow> rows;
  for (const DomElement* tbody : dom.select("tbody"))
    for (const DomElement* tr : dom.select("tr", "", tbody)) {
      const auto cells = dom.select("td", "", tr);
      if (cells.size() < 8) continue;
      IndexRow row{dom.text_of(*cells[0]), dom.text_of(*cells[1]), dom.text_of(*cells[2]), ""};
      for (const DomElement* a : dom.select("a", "", cells[7]))
        if (dom.text_of(*a) == "report") row.report_href = a->attribute("href");
      rows.push_back(row);
    }
  return rows;
}

std::string form_submission(const ScannedDom& dom,
                            const std::map<std::string, std::string>& chosen) {
  const auto forms = dom.select("form");
  if (forms.size() != 1 || forms[0]->attribute("method") != "get") return "(no GET form)";
  std::string query;
  for (const DomElement* select : dom.select("select", "", forms[0])) {
    const std::string name = select->attribute("name");
    const auto options = dom.select("option", "", select);
    std::string value = options.empty() ? "" : options[0]->attribute("value");
    for (const DomElement* option : options)
      if (option->has("selected")) value = option->attribute("value");
    if (auto it = chosen.find(name); it != chosen.end()) {
      const bool offered = std::any_of(options.begin(), options.end(), [&](const DomElement* o) {
        return o->attribute("value") == it->second;
      });
      if (!offered) return "(the form offers no " + name + " " + it->second + ")";
      value = it->second;
    }
    query += (query.empty() ? "?" : "&") + form_encode(name) + "=" + form_encode(value);
  }
  return forms[0]->attribute("action") + query;
}

}  // namespace faultline::testing
