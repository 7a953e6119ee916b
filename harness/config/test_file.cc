// Reading a test file: each top-level key in turn, then the combinations that
// cannot work (test_file_checks.h).
#include "harness/base/text_file.h"
#include "harness/config/test_file.h"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "harness/config/test_file_checks.h"
#include "harness/base/yaml_fields.h"
#include "harness/base/suggest.h"
#include "workloads/catalog.h"

namespace faultline {
namespace {

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Reads the top-level keys of one file, remembering the first error.
class TestFileReader {
 public:
  explicit TestFileReader(const std::string& file) : reader_(file) { test_.path = file; }

  Parsed<TestFile> read(const YAML::Node& root) {
    if (!root.IsMap()) {
      return reader_.fail(
          root, "a test file is a mapping of keys (name, nodes, db, ...), not " + yaml_shown(root));
    }
    if (!reader_.check_keys(root, test_file_keys(), "top-level key")) return reader_.error();
    for (const std::string& key : required_test_file_keys()) {
      if (!root[key]) return reader_.fail(root, "missing '" + key + "': " + why_required(key));
    }
    if (!read_name(root["name"]) || !read_part(parse_nodes_source, root["nodes"], test_.nodes) ||
        !read_part(parse_db, root["db"], test_.db) || !read_client(root) ||
        !read_workload(root["workload"]) || !read_counts(root) || !read_keys(root["keys"]) ||
        !read_optional(parse_txn_settings, root["txn"], test_.txn) ||
        !read_optional(parse_elle_choice, root["elle"], test_.elle) ||
        !read_nemesis(root["nemesis"]) || !read_checkers(root["checkers"])) {
      return reader_.error();
    }
    if (std::optional<SourceError> problem = check_combinations(test_, root)) return *problem;
    return test_;
  }

 private:
  static std::string why_required(const std::string& key) {
    if (key == "name") return "a name for the run, e.g. 'name: etcd-register'";
    if (key == "nodes") return "where the nodes are, e.g. 'nodes: {local: 3}'";
    if (key == "db") return "the database to test, e.g. 'db: etcd'";
    return "the workload to run, e.g. 'workload: register'";
  }

  bool read_name(const YAML::Node& node) {
    static const std::regex kName("[A-Za-z0-9][A-Za-z0-9._-]*");
    std::optional<std::string> name = reader_.read_text(node, "name");
    if (!name) return false;
    // A folder name (at most 255 bytes) with the run's time beside it.
    constexpr size_t kLongestName = 100;
    if (name->size() > kLongestName) {
      reader_.fail(node, "'name' names the run's results folder: at most " +
                             std::to_string(kLongestName) + " characters, not " +
                             std::to_string(name->size()));
      return false;
    }
    if (!std::regex_match(*name, kName)) {
      reader_.fail(node,
                   "'name' names the run's results folder: use letters, digits, '.', '_' "
                   "and '-', not '" +
                       *name + "'");
      return false;
    }
    test_.name = *name;
    return true;
  }

  template <class T>
  bool read_part(Parsed<T> (*parse)(const YAML::Node&, const std::string&), const YAML::Node& node,
                 T& out) {
    Parsed<T> part = parse(node, reader_.file());
    if (!part) {
      reader_.record(part.error());
      return false;
    }
    out = std::move(*part);
    return true;
  }

  template <class T>
  bool read_optional(Parsed<T> (*parse)(const YAML::Node&, const std::string&),
                     const YAML::Node& node, T& out) {
    return !node || read_part(parse, node, out);
  }

  bool read_client(const YAML::Node& root) {
    if (root["client"]) return read_part(parse_client, root["client"], test_.client);
    test_.client.where = test_.db.where;
    return true;  // the default (etcd); check_combinations rejects it for a shell db
  }

  bool read_workload(const YAML::Node& node) {
    std::optional<std::string> name = reader_.read_text(node, "workload");
    if (!name) return false;
    if (!contains(workload_names(), *name)) {
      reader_.fail(node, unknown_name_message("workload", *name, workload_names()));
      return false;
    }
    test_.workload = *name;
    return true;
  }

  bool read_counts(const YAML::Node& root) {
    if (const YAML::Node node = root["concurrency"]) {
      auto n = reader_.read_integer(node, "concurrency", 1, 10'000,
                                    "it is the number of workers: 1 or more (at most 10000)");
      if (!n) return false;
      test_.concurrency = static_cast<int>(*n);
    }
    if (const YAML::Node node = root["rate"]) {
      auto rate = reader_.read_number(node, "rate", 0,
                                      "it is ops/s for all workers together: 0 (no limit) or more");
      if (!rate) return false;
      test_.rate = *rate;
    }
    if (const YAML::Node node = root["time_limit"]) {
      auto limit = reader_.read_duration(node, "time_limit");
      if (!limit) return false;
      test_.time_limit = *limit;
    }
    if (const YAML::Node node = root["seed"]) {
      auto seed = reader_.read_seed(node, "seed");
      if (!seed) return false;
      test_.seed = *seed;
    }
    return true;
  }

  bool read_keys(const YAML::Node& node) {
    if (!node) return true;
    if (!reader_.expect_map(node, "'keys'") ||
        !reader_.check_keys(node, {"ops_per_key", "active"}, "keys setting")) {
      return false;
    }
    if (const YAML::Node ops = node["ops_per_key"]) {
      auto n = reader_.read_integer(ops, "ops_per_key", 1, INT64_MAX,
                                    "each key needs at least 1 op before a fresh key is used");
      if (!n) return false;
      test_.keys.ops_per_key = *n;
    }
    if (const YAML::Node active = node["active"]) {
      auto n = reader_.read_integer(active, "active", 1, 10'000,
                                    "at least 1 key must be in use (at most 10000)");
      if (!n) return false;
      test_.keys.active = static_cast<int>(*n);
    }
    return true;
  }

  bool read_nemesis(const YAML::Node& node) {
    if (!node || node.IsNull()) return true;
    Schedule schedule;
    if (!read_part(parse_schedule, node, schedule)) return false;
    test_.nemesis = std::move(schedule);
    return true;
  }

  bool read_checkers(const YAML::Node& node) {
    if (!node) return true;
    auto names = reader_.read_words(node, "checkers");
    if (!names) return false;
    for (size_t i = 0; i < names->size(); ++i) {
      if (!contains(checker_names(), (*names)[i])) {
        reader_.fail(node.IsSequence() ? node[i] : node,
                     unknown_name_message("checker", (*names)[i], checker_names()));
        return false;
      }
    }
    test_.checkers = *names;
    return true;
  }

  FieldReader reader_;
  TestFile test_;
};

}  // namespace

std::vector<std::string> test_file_keys() {
  return {"name",       "nodes", "db",  "client", "workload", "concurrency", "rate",
          "time_limit", "keys",  "txn", "elle",   "nemesis",  "checkers",    "seed"};
}

std::vector<std::string> required_test_file_keys() { return {"name", "nodes", "db", "workload"}; }

std::vector<std::string> checker_names() { return known_checkers(); }

Parsed<TestFile> parse_test_file(const std::string& text, const std::string& file) {
  Parsed<YAML::Node> root = load_yaml(text, file);
  if (!root) return root.error();
  Parsed<TestFile> test = TestFileReader(file).read(*root);
  if (!test) return printable(test.error());  // yaml-cpp's escapes can make bytes that are not UTF-8
  return test;
}

Parsed<TestFile> read_test_file(const std::string& path) {
  Result<std::string, FileError> text = read_text_file(path);
  if (!text) return SourceError{{path, 0, 0}, "cannot read the test file: " + text.error().reason};
  return parse_test_file(*text, path);
}

}  // namespace faultline
