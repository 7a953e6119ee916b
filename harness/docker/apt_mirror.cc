#include "harness/docker/apt_mirror.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "harness/base/text_file.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> words_of(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

bool has(const std::vector<std::string>& words, const std::string& word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

std::string without_comment(const std::string& line) { return line.substr(0, line.find('#')); }

// `deb [arch=amd64 signed-by=...] URI SUITE COMPONENT...`
std::optional<std::string> one_line_entry(const std::string& line, const std::string& suite) {
  std::vector<std::string> words = words_of(without_comment(line));
  if (words.empty() || words[0] != "deb") return std::nullopt;
  size_t at = 1;
  if (at < words.size() && words[at].front() == '[') {
    while (at < words.size() && words[at].back() != ']') ++at;
    ++at;
  }
  if (at + 2 >= words.size() || words[at + 1] != suite) return std::nullopt;
  const std::vector<std::string> components(words.begin() + at + 2, words.end());
  if (!has(components, "main")) return std::nullopt;
  return words[at];
}

struct Stanza {
  std::vector<std::string> types, uris, suites, components;
};

std::optional<std::string> stanza_entry(const Stanza& stanza, const std::string& suite) {
  if (!has(stanza.types, "deb") || !has(stanza.suites, suite) || !has(stanza.components, "main") ||
      stanza.uris.empty()) {
    return std::nullopt;
  }
  return stanza.uris.front();
}

// deb822: blank-line separated stanzas of `Field: value` lines.
std::optional<std::string> deb822_entry(const std::string& text, const std::string& suite) {
  std::istringstream in(text + "\n\n");
  Stanza stanza;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind('#', 0) == 0) continue;  // a comment line does not end a stanza
    line = without_comment(line);
    if (words_of(line).empty()) {
      if (std::optional<std::string> uri = stanza_entry(stanza, suite)) return uri;
      stanza = {};
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == std::string::npos || line[0] == ' ' || line[0] == '\t') continue;
    std::string field = line.substr(0, colon);
    std::transform(field.begin(), field.end(), field.begin(), ::tolower);
    const std::vector<std::string> values = words_of(line.substr(colon + 1));
    if (field == "types") stanza.types = values;
    if (field == "uris") stanza.uris = values;
    if (field == "suites") stanza.suites = values;
    if (field == "components") stanza.components = values;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> mirror_for_suite(const std::vector<std::string>& source_texts,
                                            const std::string& suite) {
  for (const std::string& text : source_texts) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      if (std::optional<std::string> uri = one_line_entry(line, suite)) return uri;
    }
    if (std::optional<std::string> uri = deb822_entry(text, suite)) return uri;
  }
  return std::nullopt;
}

std::optional<std::string> machine_mirror_for_suite(const std::string& suite,
                                                    const std::string& apt_dir) {
  std::vector<std::string> paths = {apt_dir + "/sources.list"};
  std::vector<std::string> parts;
  std::error_code error;
  for (const fs::directory_entry& entry :
       fs::directory_iterator(apt_dir + "/sources.list.d", error)) {
    const std::string name = entry.path().string();
    if (name.ends_with(".list") || name.ends_with(".sources")) parts.push_back(name);
  }
  std::sort(parts.begin(), parts.end());
  paths.insert(paths.end(), parts.begin(), parts.end());
  std::vector<std::string> texts;
  for (const std::string& path : paths) {
    if (Result<std::string, FileError> text = read_text_file(path)) texts.push_back(*text);
  }
  return mirror_for_suite(texts, suite);
}

}  // namespace faultline
