#include <gtest/gtest.h>

#include "harness/report/report.h"
#include "tests/harness/report_fixtures.h"
#include "tests/support/append_op.h"

namespace faultline::report_test {
namespace {

// The <tr> of the evidence table whose "history #" cell is `invoke`.
std::string evidence_row(const std::string& page, int64_t invoke) {
  const std::string cell = "<td class=\"num idx\">" + std::to_string(invoke);
  for (size_t at = page.find(cell); at != std::string::npos; at = page.find(cell, at + 1)) {
    const char next = page[at + cell.size()];
    if (next != '<' && next != ' ') continue;  // 7 must not match 71
    const size_t begin = page.rfind("<tr", at), end = page.find("</tr>", at);
    return page.substr(begin, end + 5 - begin);
  }
  return "";
}

TEST(ReportEvidence, StaleReadShowsEveryEvidenceOpByHistoryIndex) {
  const History history = read_fixture(example_history("etcd-stale-read.jsonl"));
  const Json results = results_for(history, register_checker(), "etcd-stale-read");
  ASSERT_EQ(results["verdict"], "invalid");
  const Json& evidence = results["checkers"][0]["details"]["evidence"];
  const std::string page = render_report(results, history);

  ASSERT_FALSE(evidence["ops"].empty());
  for (const Json& op : evidence["ops"]) {
    const std::string row = evidence_row(page, op["invoke_index"].get<int64_t>());
    EXPECT_FALSE(row.empty()) << "no evidence row for op " << op.dump();
    EXPECT_NE(row.find("<td>" + op["f"].get<std::string>() + "</td>"), std::string::npos) << row;
  }
  // The read at index 7 saw 1 after the write of 2 had completed: the one that cannot be
  // linearized.
  EXPECT_EQ(evidence["failed_op"]["invoke_index"], 7);
  const std::string failed = evidence_row(page, 7);
  EXPECT_NE(failed.find("class=\"failed\""), std::string::npos) << failed;
  EXPECT_NE(failed.find("7 → 8"), std::string::npos) << failed;
  EXPECT_NE(failed.find("cannot be linearized"), std::string::npos);
  EXPECT_NE(page.find("Key <code>k1</code>"), std::string::npos);
}

// A lost write: the read that missed it returned nil, and says so.
TEST(ReportEvidence, ANilReadShowsNilNotBlank) {
  Parsed<History> history = read_history_text(
      "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"key\":\"k1\",\"value\":1}\n"
      "{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"key\":\"k1\",\"value\":1}\n"
      "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"key\":\"k1\",\"value\":null}\n"
      "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"key\":\"k1\",\"value\":null}\n",
      "lost.jsonl", HistoryFormat::kJsonl);
  ASSERT_TRUE(history) << history.error().to_string();
  const Json results = results_for(*history, register_checker(), "lost");
  ASSERT_EQ(results["verdict"], "invalid");
  EXPECT_NE(results["checkers"][0]["summary"].get<std::string>().find("read nil  ok"),
            std::string::npos)
      << results["checkers"][0]["summary"];
  const std::string row = evidence_row(render_report(results, *history), 2);
  EXPECT_NE(row.find("<td class=\"mono\">nil</td><td class=\"mono\">ok nil</td>"),
            std::string::npos)
      << row;
}

TEST(ReportEvidence, ShowsTheStatesReachedBeforeTheFailure) {
  const History history = read_fixture(example_history("etcd-stale-read.jsonl"));
  const Json results = results_for(history, register_checker(), "etcd-stale-read");
  const std::string page = render_report(results, history);
  const size_t list = page.find("<ul class=\"states\">");
  ASSERT_NE(list, std::string::npos);
  for (const Json& state : results["checkers"][0]["details"]["evidence"]["states_before_failure"])
    EXPECT_NE(page.find("<li><code>" + html_escape(state.dump()) + "</code></li>", list),
              std::string::npos)
        << state;
}

TEST(ReportEvidence, EvidenceOpsAreHighlightedOnBothTimelines) {
  const History history = read_fixture(example_history("etcd-stale-read.jsonl"));
  const Json results = results_for(history, register_checker(), "etcd-stale-read");
  const std::string page = render_report(results, history);
  EXPECT_NE(page.find("class=\"timeline evidence-timeline\""), std::string::npos);
  EXPECT_NE(page.find("<g class=\"ev ok failed\">"), std::string::npos);
  const size_t ops = results["checkers"][0]["details"]["evidence"]["ops"].size();
  size_t highlighted = 0;
  for (size_t at = page.find("<rect class=\"evidence\""); at != std::string::npos;
       at = page.find("<rect class=\"evidence\"", at + 1))
    ++highlighted;
  EXPECT_EQ(highlighted, ops);
}

TEST(ReportEvidence, ImportedHistoryWithoutKeysOrNodesStillShowsItsEvidence) {
  const History history = read_fixture(knossos_history("rethink-fail-minimal.edn"));
  const Json results = results_for(history, knossos_choice(), "rethink");
  ASSERT_EQ(results["verdict"], "invalid");
  const std::string page = render_report(results, history);
  for (const Json& op : results["checkers"][0]["details"]["evidence"]["ops"])
    EXPECT_FALSE(evidence_row(page, op["invoke_index"].get<int64_t>()).empty()) << op.dump();
  EXPECT_EQ(page.find("Key <code>"), std::string::npos);  // no key to name
}

TEST(ReportEvidence, ValidRunHasNoEvidenceSection) {
  const History history = read_fixture(example_history("register-valid.jsonl"));
  const Json results = results_for(history, knossos_choice(), "register");
  ASSERT_EQ(results["verdict"], "valid");
  const std::string page = render_report(results, history);
  EXPECT_EQ(page.find("<h2>Evidence</h2>"), std::string::npos);
  EXPECT_EQ(page.find("class=\"evidence\""), std::string::npos);
}

// Key "a" (the largest, checked first on one thread) reads 2 after 1 was written
// and nothing wrote 2; keys "b" and "c" are then not checked.
History one_bad_key_of_three() {
  History h;
  h.source = "keys";
  auto add = [&](const char* key, int64_t process, OpType type, const char* f, Json v) {
    testing::append_op(h, process, type, f, std::move(v)).key = key;
  };
  for (const char* key : {"a", "b", "c"}) {
    add(key, 0, OpType::kInvoke, "write", 1);
    add(key, 0, OpType::kOk, "write", 1);
    add(key, 1, OpType::kInvoke, "read", Json());
    add(key, 1, OpType::kOk, "read", std::string(key) == "a" ? 2 : 1);
  }
  add("a", 2, OpType::kInvoke, "read", Json());
  add("a", 2, OpType::kOk, "read", 1);
  return h;
}

TEST(ReportEvidence, KeysNotCheckedAreCountedNotCalledUndecided) {
  const History history = one_bad_key_of_three();
  const Json results = results_for(history, knossos_choice(), "keys");
  ASSERT_EQ(results["verdict"], "invalid");
  const std::string page = render_report(results, history);
  EXPECT_NE(page.find("Keys not checked (an earlier key was invalid): 2 of 3."), std::string::npos);
  EXPECT_EQ(page.find("Undecided keys"), std::string::npos);
}

}  // namespace
}  // namespace faultline::report_test
