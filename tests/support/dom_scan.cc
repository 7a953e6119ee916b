#include "tests/support/dom_scan.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>
#include <sstream>

namespace faultline::testing {
namespace {

bool is_void(const std::string& name) {
  static const std::set<std::string> kVoid = {"area",   "base",  "br",    "col",  "embed",
                                              "hr",     "img",   "input", "link", "meta",
                                              "source", "track", "wbr"};
  return kVoid.count(name) > 0;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void append_utf8(std::string& out, unsigned long code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }

// Parses the attributes of a start tag from `at` (just after its name) to
// its '>'; returns the offset after the '>' and whether it ended with "/>".
size_t read_attributes(const std::string& html, size_t at,
                       std::map<std::string, std::string>& attributes, bool& self_closing) {
  self_closing = false;
  while (at < html.size()) {
    while (at < html.size() && is_space(html[at])) ++at;
    if (at >= html.size()) break;
    if (html[at] == '>') return at + 1;
    if (html[at] == '/' && at + 1 < html.size() && html[at + 1] == '>') {
      self_closing = true;
      return at + 2;
    }
    const size_t name_begin = at;
    while (at < html.size() && !is_space(html[at]) && html[at] != '=' && html[at] != '>' &&
           !(html[at] == '/' && at + 1 < html.size() && html[at + 1] == '>'))
      ++at;
    std::string name = lower(std::string_view(html).substr(name_begin, at - name_begin));
    std::string value;
    if (at < html.size() && html[at] == '=') {
      ++at;
      if (at < html.size() && (html[at] == '"' || html[at] == '\'')) {
        const char quote = html[at++];
        const size_t end = std::min(html.find(quote, at), html.size());
        value = decode_entities(std::string_view(html).substr(at, end - at));
        at = end + 1;
      } else {
        const size_t begin = at;
        while (at < html.size() && !is_space(html[at]) && html[at] != '>') ++at;
        value = decode_entities(std::string_view(html).substr(begin, at - begin));
      }
    }
    if (name.empty()) {
      ++at;  // a stray character: step over it
      continue;
    }
    attributes.emplace(std::move(name), std::move(value));
  }
  return html.size();
}

}  // namespace

std::string DomElement::attribute(const std::string& attribute_name) const {
  auto it = attributes.find(attribute_name);
  return it == attributes.end() ? "" : it->second;
}

bool DomElement::has_class(std::string_view cls) const {
  const std::string classes = attribute("class");
  size_t at = 0;
  while (at < classes.size()) {
    while (at < classes.size() && is_space(classes[at])) ++at;
    size_t end = at;
    while (end < classes.size() && !is_space(classes[end])) ++end;
    if (end > at && std::string_view(classes).substr(at, end - at) == cls) return true;
    at = end;
  }
  return false;
}

std::string decode_entities(std::string_view text) {
  static const std::map<std::string, std::string, std::less<>> kNamed = {
      {"lt", "<"}, {"gt", ">"}, {"amp", "&"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\u00a0"}};
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const size_t semicolon = text[i] == '&' ? text.find(';', i) : std::string_view::npos;
    if (semicolon == std::string_view::npos || semicolon - i > 10) {
      out += text[i];
      continue;
    }
    const std::string_view name = text.substr(i + 1, semicolon - i - 1);
    if (auto it = kNamed.find(name); it != kNamed.end()) {
      out += it->second;
    } else if (name.size() > 1 && name[0] == '#') {
      const bool hex = name[1] == 'x' || name[1] == 'X';
      append_utf8(out, std::stoul(std::string(name.substr(hex ? 2 : 1)), nullptr, hex ? 16 : 10));
    } else {
      out += text[i];
      continue;
    }
    i = semicolon;
  }
  return out;
}

ScannedDom::ScannedDom(std::string html) : html_(std::move(html)) {
  std::vector<size_t> open;  // indices into elements_ still open
  size_t at = 0;
  while ((at = html_.find('<', at)) != std::string::npos) {
    if (html_.compare(at, 4, "<!--") == 0) {
      const size_t end = html_.find("-->", at);
      at = end == std::string::npos ? html_.size() : end + 3;
      continue;
    }
    if (at + 1 < html_.size() && (html_[at + 1] == '!' || html_[at + 1] == '?')) {
      at = std::min(html_.find('>', at), html_.size());
      continue;
    }
    const bool closing = at + 1 < html_.size() && html_[at + 1] == '/';
    size_t name_end = at + (closing ? 2 : 1);
    while (name_end < html_.size() && !is_space(html_[name_end]) && html_[name_end] != '>' &&
           html_[name_end] != '/')
      ++name_end;
    const std::string name = lower(
        std::string_view(html_).substr(at + (closing ? 2 : 1), name_end - at - (closing ? 2 : 1)));
    if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0]))) {
      ++at;  // a '<' in text (chromium escapes those, but be tolerant)
      continue;
    }
    if (closing) {
      // Close the nearest open element of that name and any left open inside it.
      for (size_t k = open.size(); k-- > 0;) {
        if (elements_[open[k]].name != name) continue;
        for (size_t j = k; j < open.size(); ++j) elements_[open[j]].content_end = at;
        open.resize(k);
        break;
      }
      at = std::min(html_.find('>', at), html_.size());
      continue;
    }
    DomElement element;
    element.name = name;
    element.begin = at;
    bool self_closing = false;
    element.content_begin = read_attributes(html_, name_end, element.attributes, self_closing);
    element.content_end = element.content_begin;
    at = element.content_begin;
    elements_.push_back(std::move(element));
    if (self_closing || is_void(name)) continue;
    if (name == "script" || name == "style") {  // raw text up to its end tag
      const size_t end = html_.find("</" + name, at);
      elements_.back().content_end = end == std::string::npos ? html_.size() : end;
      at = elements_.back().content_end;
      continue;
    }
    open.push_back(elements_.size() - 1);
  }
  for (size_t k : open) elements_[k].content_end = html_.size();
}

std::vector<const DomElement*> ScannedDom::select(std::string_view name, std::string_view cls,
                                                  const DomElement* inside) const {
  std::vector<const DomElement*> out;
  for (const DomElement& element : elements_) {
    if (inside && (element.begin < inside->content_begin || element.begin >= inside->content_end))
      continue;
    if (!name.empty() && element.name != name) continue;
    if (!cls.empty() && !element.has_class(cls)) continue;
    out.push_back(&element);
  }
  return out;
}

const DomElement* ScannedDom::by_id(std::string_view id) const {
  for (const DomElement& element : elements_)
    if (element.attribute("id") == id) return &element;
  return nullptr;
}

std::string ScannedDom::inner_html(const DomElement& element) const {
  return html_.substr(element.content_begin, element.content_end - element.content_begin);
}

std::string ScannedDom::text_of(const DomElement& element) const {
  const std::string inner = inner_html(element);
  if (element.name == "script" || element.name == "style") return inner;
  std::string text;
  bool in_tag = false;
  for (char c : inner) {
    if (c == '<') in_tag = true;
    if (!in_tag) text += c;
    if (c == '>') in_tag = false;
  }
  return decode_entities(text);
}

std::set<std::string> outlined_selectors(const ScannedDom& dom, const std::string& pseudo) {
  std::set<std::string> selectors;
  std::string css;
  for (const DomElement* style : dom.select("style")) css += dom.text_of(*style);
  static const std::regex kRule(R"(([^{}]+)\{([^{}]*)\})");
  for (auto it = std::sregex_iterator(css.begin(), css.end(), kRule); it != std::sregex_iterator();
       ++it) {
    std::string body = (*it)[2];
    body.erase(std::remove_if(body.begin(), body.end(), is_space), body.end());
    if (body.find("outline:") == std::string::npos ||
        body.find("outline:none") != std::string::npos ||
        body.find("outline:0") != std::string::npos)
      continue;
    std::stringstream list((*it)[1].str());
    for (std::string selector; std::getline(list, selector, ',');) {
      selector.erase(0, selector.find_first_not_of(" \n"));
      const size_t at = selector.find(pseudo);
      if (at != std::string::npos) selectors.insert(selector.substr(0, at));
    }
  }
  return selectors;
}

}  // namespace faultline::testing
