#include "harness/config/db_config.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>

#include "harness/base/yaml_fields.h"
#include "harness/base/suggest.h"

namespace faultline {
namespace {

const std::vector<std::string> kShellKeys = {"kind", "steps", "process", "logs", "files"};
const std::vector<std::string> kEtcdKeys = {"kind", "logs"};
const std::vector<std::string> kKinds = {"etcd", "shell"};

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool lowercase_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// The variable a "${...}" names: its text is an optional '#' (length), a
// name (a letter or '_', then letters, digits, '_'), and nothing or a
// parameter expansion's operator and word (${peers:-none}, ${node%%.*}).
// Anything else, such as ${node$(...)}, makes the shell stop ("bad
// substitution"): no name then.
std::optional<std::string> expanded_name(const std::string& text) {
  const auto alpha = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  };
  const size_t begin = !text.empty() && text[0] == '#' && text.size() > 1 ? 1 : 0;
  size_t end = begin;
  while (
      end < text.size() &&
      (alpha(text[end]) || (end > begin && std::isdigit(static_cast<unsigned char>(text[end]))))) {
    ++end;
  }
  if (end == begin) return std::nullopt;
  const std::string rest = text.substr(end);
  if (!rest.empty() &&
      (begin == 1 || std::string("-=+?#%/^,:").find(rest[0]) == std::string::npos)) {
    return std::nullopt;
  }
  return text.substr(begin, end - begin);
}

// Every ${...} in `command` names a variable (the shell would refuse what
// else it held); every plain lowercase ${name} is one of ours; upper-case
// ones (${HOME}) belong to the node's environment. An unclosed "${" is an
// error.
bool check_variables(FieldReader& reader, const YAML::Node& at, const std::string& step,
                     const std::string& command) {
  for (size_t open = command.find("${"); open != std::string::npos;
       open = command.find("${", open + 2)) {
    const size_t close = command.find('}', open);
    if (close == std::string::npos) {
      reader.fail(at, "step '" + step + "' has '${' without a closing '}'");
      return false;
    }
    const std::string text = command.substr(open + 2, close - open - 2);
    const std::optional<std::string> expanded = expanded_name(text);
    if (!expanded) {
      reader.fail(at, "step '" + step + "' has '${" + text +
                          "}', which names no variable: inside ${...} stands a name (letters, "
                          "digits, '_'), e.g. ${node}, and at most an expansion such as "
                          "${node:-none}");
      return false;
    }
    // A plain lowercase ${name} must be ours (a typo, most likely); one with
    // an expansion (${cluster:+,}) is a script's own variable.
    const std::string& name = *expanded;
    if (name == text && lowercase_name(name) && !contains(db_variables(), name)) {
      std::string message = "step '" + step + "' uses unknown variable '${" + name + "}'";
      if (auto close_name = closest_name(name, db_variables())) {
        message += " (did you mean '${" + *close_name + "}'?)";
      }
      reader.fail(at, message + "; the variables are ${node}, ${address} and ${peers}");
      return false;
    }
  }
  return true;
}

}  // namespace

std::vector<std::string> db_steps() {
  return {"install", "configure", "start",  "await_ready", "stop",
          "kill",    "pause",     "resume", "primaries",   "wipe"};
}

std::vector<std::string> required_db_steps() { return {"install", "start", "stop", "wipe"}; }

std::vector<std::string> db_variables() { return {"node", "address", "peers"}; }

namespace {

// `files: {LOCAL: /path/on/node, ...}`: LOCAL relative to the test file's
// folder (or absolute), an existing regular file; the node's path absolute.
bool read_files(FieldReader& reader, const YAML::Node& files, const std::string& test_file,
                std::vector<DbConfig::File>& out) {
  if (!reader.expect_map(files, "'files'")) return false;
  const std::filesystem::path folder = std::filesystem::path(test_file).parent_path();
  for (const auto& entry : files) {
    auto local = reader.read_text(entry.first, "files");
    auto remote = local ? reader.read_text(entry.second, *local) : std::nullopt;
    if (!remote) return false;
    std::filesystem::path path(*local);
    if (path.is_relative()) path = std::filesystem::absolute(folder / path).lexically_normal();
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
      reader.fail(entry.first, "'" + *local + "' is not a file (" + path.string() +
                                   "; a relative path is relative to the test file's folder)");
      return false;
    }
    if (remote->empty() || (*remote)[0] != '/' || remote->back() == '/') {
      reader.fail(entry.second,
                  "the path on the node must be absolute and name the file "
                  "itself, e.g. /opt/mydb/" +
                      path.filename().string());
      return false;
    }
    out.push_back({path.string(), *remote});
  }
  return true;
}

}  // namespace

Parsed<DbConfig> parse_db(const YAML::Node& db, const std::string& file) {
  FieldReader reader(file);
  DbConfig out;
  out.where = yaml_location(file, db.Mark());
  const YAML::Node kind = db.IsMap() ? db["kind"] : db;
  if (!kind) return reader.fail(db, "missing 'kind' under 'db': etcd or shell");
  if (!kind.IsScalar()) {
    return reader.fail(
        db, "'db' must be a kind (etcd) or a mapping with 'kind', not " + yaml_shown(db));
  }
  if (!contains(kKinds, kind.Scalar())) {
    return reader.fail(kind, unknown_name_message("db kind", kind.Scalar(), kKinds));
  }
  out.kind = kind.Scalar() == "etcd" ? DbKind::kEtcd : DbKind::kShell;
  if (!db.IsMap()) {
    if (out.kind == DbKind::kShell) {
      return reader.fail(db,
                         "a shell db needs its steps: write 'db: {kind: shell, steps: "
                         "{install: ..., start: ..., stop: ..., wipe: ...}}'");
    }
    return out;
  }
  for (const auto& entry : db) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
    if (out.kind == DbKind::kEtcd && (key == "steps" || key == "process")) {
      return reader.fail(entry.first,
                         "etcd is built in: its steps and process are not set here; "
                         "remove '" +
                             key + "', or use 'kind: shell'");
    }
  }
  if (!reader.check_keys(db, out.kind == DbKind::kEtcd ? kEtcdKeys : kShellKeys, "db key")) {
    return reader.error();
  }
  if (const YAML::Node logs = db["logs"]) {
    auto list = reader.read_words(logs, "logs");
    if (!list) return reader.error();
    out.logs = *list;
  }
  if (out.kind == DbKind::kEtcd) return out;
  if (const YAML::Node files = db["files"]) {
    if (!read_files(reader, files, file, out.files)) return reader.error();
  }
  if (const YAML::Node process = db["process"]) {
    auto name = reader.read_text(process, "process");
    if (!name) return reader.error();
    if (name->size() > 15) {  // the kernel keeps 15 characters of a name (comm)
      return reader.fail(process,
                         "'process' is matched against the kernel's process name, which "
                         "keeps 15 characters: write '" +
                             name->substr(0, 15) + "'");
    }
    out.process = *name;
  }
  const YAML::Node steps = db["steps"];
  if (!steps) {
    return reader.fail(db, "a shell db needs 'steps': at least install, start, stop and wipe");
  }
  if (!reader.expect_map(steps, "'steps'") || !reader.check_keys(steps, db_steps(), "db step")) {
    return reader.error();
  }
  for (const auto& entry : steps) {
    const std::string step = entry.first.Scalar();
    auto command = reader.read_text(entry.second, step);
    if (!command || !check_variables(reader, entry.second, step, *command)) return reader.error();
    out.steps[step] = *command;
  }
  for (const std::string& step : required_db_steps()) {
    if (!out.steps.count(step)) {
      return reader.fail(steps, "a shell db must say how to '" + step + "': add '" + step +
                                    ": <command>' under 'steps'");
    }
  }
  // A pause by the db's own step can only be undone by its own step.
  const bool pause = out.steps.count("pause"), resume = out.steps.count("resume");
  if (pause != resume) {
    const std::string given = pause ? "pause" : "resume", missing = pause ? "resume" : "pause";
    return reader.fail(steps[given], "a '" + given + "' step needs a '" + missing +
                                         "' step too (the pause fault runs both): add '" + missing +
                                         ": <command>' under 'steps'");
  }
  return out;
}

std::optional<Command> db_step_command(const DbConfig& db, const std::string& step,
                                       const DbNodeVariables& node) {
  auto found = db.steps.find(step);
  if (found == db.steps.end()) return std::nullopt;
  Command command = Command::shell(found->second);
  std::string peers;
  for (const std::string& peer : node.peers) peers += (peers.empty() ? "" : ",") + peer;
  command.env = {{"node", node.node}, {"address", node.address}, {"peers", peers}};
  return command;
}

}  // namespace faultline
