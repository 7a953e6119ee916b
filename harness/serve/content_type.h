// The Content-Type `faultline serve` sends for a file of the store, by its
// name: HTML, JSON, XML as themselves; history, logs, YAML, Markdown and any
// other file as UTF-8 text, so a browser shows it rather than downloading
// it (with nosniff, never running it).
#pragma once

#include <string>

namespace faultline {

std::string content_type_for(const std::string& file_name);

}  // namespace faultline
