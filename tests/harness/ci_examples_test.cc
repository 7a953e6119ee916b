// examples/ci/: the GitHub Actions workflow and the GitLab CI job are valid
// YAML, and the files and store paths their steps use exist or are what
// `faultline run` writes (store/latest/junit.xml, summary.md).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "tests/support/test_output.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = FAULTLINE_SOURCE_DIR;

std::string text_of(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every "scripts/..." and "examples/..." path the file names exists in the checkout.
void expect_named_files_exist(const std::string& text) {
  const std::regex path(R"(\b((?:scripts|examples)/[A-Za-z0-9_./-]+\.(?:sh|yaml)))");
  size_t named = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), path); it != std::sregex_iterator();
       ++it, ++named)
    EXPECT_TRUE(fs::exists(kSource / (*it)[1].str())) << (*it)[1].str();
  EXPECT_GE(named, 2u);
}

TEST(CiExamples, TheGithubWorkflowRunsATestAndPublishesItsFiles) {
  const std::string text = text_of(kSource / "examples/ci/github-actions.yml");
  const YAML::Node workflow = YAML::Load(text);
  const YAML::Node steps = workflow["jobs"]["etcd-register"]["steps"];
  ASSERT_TRUE(steps.IsSequence());
  std::set<std::string> uses;
  for (const YAML::Node& step : steps)
    if (step["uses"])
      uses.insert(
          step["uses"].as<std::string>().substr(0, step["uses"].as<std::string>().find('@')));
  EXPECT_TRUE(uses.count("actions/upload-artifact"));
  EXPECT_NE(text.find("store/latest/summary.md >> \"$GITHUB_STEP_SUMMARY\""), std::string::npos);
  EXPECT_NE(text.find("report_paths: store/latest/junit.xml"), std::string::npos);
  expect_named_files_exist(text);
}

TEST(CiExamples, TheGitlabJobRunsATestAndPublishesItsFiles) {
  const std::string text = text_of(kSource / "examples/ci/gitlab-ci.yml");
  const YAML::Node job = YAML::Load(text)["faultline-etcd-register"];
  ASSERT_TRUE(job.IsMap());
  EXPECT_EQ(job["artifacts"]["reports"]["junit"].as<std::string>(), "store/latest/junit.xml");
  EXPECT_EQ(job["artifacts"]["when"].as<std::string>(), "always");
  EXPECT_TRUE(job["script"].IsSequence());
  expect_named_files_exist(text);
}

// The browser tests save their screenshots in <build>/test-output/browser/
// (tests/support/browser_test.h); scripts/test.sh builds build-asan/.
const std::string kScreenshots = "build-asan/test-output/browser/";

TEST(CiExamples, TheSuiteJobsKeepTheBrowserTestsScreenshots) {
  EXPECT_EQ(testing::test_output_dir().filename(), "test-output");
  EXPECT_NE(text_of(kSource / "scripts/test.sh").find("build-asan"), std::string::npos);
  const YAML::Node workflow = YAML::Load(text_of(kSource / "examples/ci/github-actions.yml"));
  const YAML::Node steps = workflow["jobs"]["suite"]["steps"];
  ASSERT_TRUE(steps.IsSequence());
  bool kept = false, ran = false;
  for (const YAML::Node& step : steps) {
    if (step["run"] && step["run"].as<std::string>().find("bash scripts/test.sh") == 0) ran = true;
    if (step["uses"] && step["uses"].as<std::string>().rfind("actions/upload-artifact", 0) == 0)
      kept = step["with"]["path"].as<std::string>() == kScreenshots;
  }
  EXPECT_TRUE(ran && kept);
  EXPECT_EQ(workflow["jobs"]["suite"]["env"]["CI"].as<std::string>(), "true");
  const YAML::Node job =
      YAML::Load(text_of(kSource / "examples/ci/gitlab-ci.yml"))["faultline-suite"];
  ASSERT_TRUE(job.IsMap());
  EXPECT_EQ(job["script"][0].as<std::string>(), "bash scripts/test.sh");
  EXPECT_EQ(job["artifacts"]["paths"][0].as<std::string>(), kScreenshots);
  EXPECT_EQ(job["variables"]["CI"].as<std::string>(), "true");
}

}  // namespace
}  // namespace faultline
