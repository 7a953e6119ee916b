#include "harness/run/nemesis_lines.h"

#include "harness/report/fault_text.h"

namespace faultline {
namespace {

constexpr size_t kShown = 160;

std::string json_text(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// "start-kill" -> what was done in words; "" for steps without a fault kind.
std::string words(const Op& completion, const Json& request) {
  const std::string& f = completion.f;
  const bool start = f.rfind("start-", 0) == 0, stop = f.rfind("stop-", 0) == 0;
  if (!start && !stop) return "";
  const std::string kind = f.substr(start ? 6 : 5);
  return describe_fault(kind, completion.value, request, stop);
}

}  // namespace

NemesisLine nemesis_line(const Op& completion, const Json& request) {
  const std::string said = words(completion, request);
  const std::string head = "nemesis: " + completion.f + (said.empty() ? "" : ": " + said);
  const std::string error = completion.error.is_null() ? "" : " " + json_text(completion.error);
  NemesisLine line;
  line.whole =
      head + (completion.value.is_null() ? "" : "  " + json_text(completion.value)) + error;
  std::string shown =
      said.empty() && !completion.value.is_null() ? head + " " + json_text(completion.value) : head;
  if (shown.size() > kShown) shown = shown.substr(0, kShown) + "...";
  line.short_form = shown + (error.empty() ? "" : "  (see faultline.log)");
  return line;
}

}  // namespace faultline
