// Reads the DOM chromium --dump-dom prints: the elements in document order,
// each with its attributes (entities decoded) and where its content ends, so
// a test can ask "the circles inside the latency chart" and "the text of
// this <title>" without a full HTML parser. Chromium's serialization is
// regular (quoted attributes, escaped text, raw <script>/<style> content),
// which is all this relies on.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace faultline::testing {

struct DomElement {
  std::string name;                               // lower case
  std::map<std::string, std::string> attributes;  // values decoded
  size_t begin = 0;                               // offset of its '<'
  size_t content_begin = 0;                       // just after its start tag
  size_t content_end = 0;                         // offset of its end tag (or of the next
                                                  // element, for a void one)

  bool has(const std::string& attribute) const { return attributes.count(attribute) > 0; }
  std::string attribute(const std::string& name) const;
  bool has_class(std::string_view cls) const;
};

class ScannedDom {
 public:
  explicit ScannedDom(std::string html);

  const std::string& html() const { return html_; }
  const std::vector<DomElement>& elements() const { return elements_; }

  // Elements named `name` (any when empty) with class `cls` (any when
  // empty), in document order; within `inside` only, when given.
  std::vector<const DomElement*> select(std::string_view name, std::string_view cls = "",
                                        const DomElement* inside = nullptr) const;
  // The first element with this id, or null.
  const DomElement* by_id(std::string_view id) const;
  // Its text content: tags removed, entities decoded.
  std::string text_of(const DomElement& element) const;
  // The raw markup between its tags (script and style content as written).
  std::string inner_html(const DomElement& element) const;

 private:
  std::string html_;
  std::vector<DomElement> elements_;
};

// The selectors of the page's style rules that hold `pseudo` (":focus-visible")
// and draw an outline (a visible focus ring, not one taken away), each cut
// at the pseudo-class: "a:focus-visible" gives "a".
std::set<std::string> outlined_selectors(const ScannedDom& dom, const std::string& pseudo);

// &lt; &gt; &amp; &quot; &#39; &nbsp; and numeric references decoded (UTF-8).
std::string decode_entities(std::string_view text);

}  // namespace faultline::testing
