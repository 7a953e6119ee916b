#include "harness/serve/content_type.h"

#include <cctype>
#include <map>

namespace faultline {

std::string content_type_for(const std::string& file_name) {
  static const std::map<std::string, std::string> kByExtension = {
      {"html", "text/html; charset=utf-8"}, {"htm", "text/html; charset=utf-8"},
      {"json", "application/json"},         {"xml", "application/xml; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},   {"png", "image/png"},
      {"gz", "application/gzip"},
  };
  const size_t dot = file_name.rfind('.');
  if (dot != std::string::npos && file_name.find('/', dot) == std::string::npos) {
    std::string extension = file_name.substr(dot + 1);
    for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (auto found = kByExtension.find(extension); found != kByExtension.end())
      return found->second;
  }
  return "text/plain; charset=utf-8";  // history.jsonl, faultline.log, test.yaml, summary.md, ...
}

}  // namespace faultline
