// The Elle checker on a file streamed in parts (elle_file.h) finds what it
// finds on the file read whole: the same verdict, anomalies and evidence.
#include "checkers/elle/elle_file.h"

#include <gtest/gtest.h>

#include "checkers/elle/elle_report.h"
#include "harness/history/history_reader.h"

namespace faultline::elle {
namespace {

const std::string kReadSkew =
    std::string(FAULTLINE_SOURCE_DIR) + "/examples/histories/append-read-skew.jsonl";

TEST(ElleFile, AFileStreamedInTinyPartsGivesTheResultOfTheWholeFile) {
  Parsed<History> whole = read_history_file(kReadSkew, HistoryFormat::kJsonl);
  ASSERT_TRUE(whole.ok()) << whole.error().to_string();
  ElleOptions options;
  ElleResult expected = check_elle(*whole, options);
  ASSERT_EQ(expected.verdict, Verdict::kInvalid);
  for (size_t part_bytes : {size_t{1}, size_t{100}, kHistoryPartBytes}) {
    ElleResult streamed = check_elle_file(kReadSkew, options, part_bytes);
    ASSERT_FALSE(streamed.error) << streamed.error->to_string();
    Json a = to_json(expected), b = to_json(streamed);
    a.erase("seconds");
    b.erase("seconds");
    EXPECT_EQ(a, b) << part_bytes;
  }
}

TEST(ElleFile, AnOpThatIsNoTxnOrAnUnreadableFileIsAnErrorWithItsPlace) {
  ElleResult missing = check_elle_file("/nonexistent/append.jsonl", ElleOptions{});
  ASSERT_TRUE(missing.error);
  EXPECT_EQ(missing.verdict, Verdict::kUnknown);
  EXPECT_NE(missing.error->to_string().find("/nonexistent/append.jsonl"), std::string::npos);
}

}  // namespace
}  // namespace faultline::elle
