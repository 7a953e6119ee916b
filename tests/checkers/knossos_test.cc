// Every history in tests/data/histories/knossos gets the verdict Knossos's own
// test suite asserts for it.
#include <gtest/gtest.h>

#include <filesystem>

#include "checkers/linearizability.h"
#include "harness/history/history_reader.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

struct Folder {
  std::string path;  // under histories/knossos
  std::string model;
  Json init;
  Verdict expected;
  size_t files;  // how many histories the folder holds
};

const Folder kFolders[] = {
    {"cas-register/good", "cas-register", 0, Verdict::kValid, 113},
    {"cas-register/bad", "cas-register", 0, Verdict::kInvalid, 7},
    {"multi-register/good", "multi-register", {{"x", 0}, {"y", 0}}, Verdict::kValid, 1},
    {"mutex/bad", "mutex", Json(), Verdict::kInvalid, 1},
};

class Knossos : public ::testing::TestWithParam<Folder> {};

TEST_P(Knossos, EveryHistoryGetsItsKnownVerdict) {
  const Folder& folder = GetParam();
  fs::path dir = fs::path(FAULTLINE_TEST_DATA_DIR) / "histories/knossos" / folder.path;
  ASSERT_TRUE(fs::is_directory(dir)) << dir;
  std::unique_ptr<Model> model = make_model(folder.model);
  ASSERT_TRUE(model) << folder.model;
  LinearizabilityOptions options;
  options.model.init = folder.init;
  options.model.nil_read = NilRead::kUnobserved;
  options.time_limit_seconds = 60;
  size_t checked = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    Parsed<History> history = read_history_file(entry.path().string(), HistoryFormat::kAuto);
    ASSERT_TRUE(history.ok()) << history.error().to_string();
    LinearizabilityResult result = check_linearizability(*history, *model, options);
    ASSERT_FALSE(result.error) << result.error->to_string();
    EXPECT_EQ(result.verdict, folder.expected) << entry.path();
    ++checked;
  }
  EXPECT_EQ(checked, folder.files);
}

INSTANTIATE_TEST_SUITE_P(Folders, Knossos, ::testing::ValuesIn(kFolders), [](const auto& info) {
  std::string name = info.param.path;
  for (char& c : name) c = std::isalnum(c) ? c : '_';
  return name;
});

}  // namespace
}  // namespace faultline
