#include "harness/config/client_config.h"

#include <algorithm>
#include <filesystem>

#include "harness/base/yaml_fields.h"
#include "harness/base/suggest.h"

namespace faultline {
namespace {

const std::vector<std::string> kEtcdKeys = {"kind", "reads"};
const std::vector<std::string> kAdapterKeys = {"kind", "command", "env"};
const std::vector<std::string> kReads = {"linearizable", "serializable"};

// `reads` belongs to etcd: say so, and how to fix it, instead of "unknown key".
std::optional<SourceError> misplaced_reads(FieldReader& reader, const YAML::Node& client) {
  for (const auto& entry : client) {
    if (entry.first.IsScalar() && entry.first.Scalar() == "reads") {
      return reader.fail(entry.first,
                         "'reads: " + (entry.second.IsScalar() ? entry.second.Scalar() : "...") +
                             "' is a setting of the etcd client; an adapter chooses how it "
                             "reads: remove 'reads', or use 'kind: etcd'");
    }
  }
  return std::nullopt;
}

// A command word that names a file relative to the test file: it has a '/',
// but is not absolute, an option (-x, --x=a/b), a URL or NAME=value.
bool is_relative_path(const std::string& word) {
  return word.find('/') != std::string::npos && word[0] != '/' && word[0] != '-' &&
         word.find(':') == std::string::npos && word.find('=') == std::string::npos;
}

// Relative paths in an adapter's command are relative to the test file's
// folder, as its author sees them, not to wherever faultline was started;
// made absolute, so the test file as run (stored elsewhere) starts the same
// program.
std::vector<std::string> anchored(std::vector<std::string> words, const std::string& file) {
  const std::filesystem::path folder = std::filesystem::path(file).parent_path();
  for (std::string& word : words) {
    if (is_relative_path(word)) {
      word = std::filesystem::absolute(folder / word).lexically_normal().string();
    }
  }
  return words;
}

}  // namespace

std::vector<std::string> client_kinds() { return {"etcd", "adapter"}; }

Parsed<ClientConfig> parse_client(const YAML::Node& client, const std::string& file) {
  FieldReader reader(file);
  ClientConfig out;
  out.where = yaml_location(file, client.Mark());
  const YAML::Node kind = client.IsMap() ? client["kind"] : client;
  if (!kind) return reader.fail(client, "missing 'kind' under 'client': etcd or adapter");
  if (!kind.IsScalar()) {
    return reader.fail(client, "'client' must be a kind (etcd) or a mapping with 'kind', not " +
                                   yaml_shown(client));
  }
  const std::vector<std::string> kinds = client_kinds();
  if (std::find(kinds.begin(), kinds.end(), kind.Scalar()) == kinds.end()) {
    return reader.fail(kind, unknown_name_message("client kind", kind.Scalar(), kinds));
  }
  out.kind = kind.Scalar() == "etcd" ? ClientKind::kEtcd : ClientKind::kAdapter;
  if (!client.IsMap()) {
    if (out.kind == ClientKind::kAdapter) {
      return reader.fail(client,
                         "an adapter client needs its program: write 'client: {kind: "
                         "adapter, command: [program, args...]}'");
    }
    return out;
  }
  if (out.kind == ClientKind::kAdapter) {
    if (auto error = misplaced_reads(reader, client)) return *error;
  }
  if (!reader.check_keys(client, out.kind == ClientKind::kEtcd ? kEtcdKeys : kAdapterKeys,
                         "client key")) {
    return reader.error();
  }
  if (out.kind == ClientKind::kEtcd) {
    if (const YAML::Node reads = client["reads"]) {
      const std::string text = reads.IsScalar() ? reads.Scalar() : "";
      if (std::find(kReads.begin(), kReads.end(), text) == kReads.end()) {
        return reader.fail(reads, unknown_name_message("reads", text, kReads));
      }
      out.reads = text == "serializable" ? EtcdReads::kSerializable : EtcdReads::kLinearizable;
    }
    return out;
  }
  const YAML::Node command = client["command"];
  if (!command) {
    return reader.fail(client,
                       "an adapter client needs 'command': the program faultline "
                       "starts for each worker, e.g. [python3, adapter.py]");
  }
  auto argv = reader.read_words(command, "command");
  if (!argv) return reader.error();
  out.command = anchored(*argv, file);
  if (const YAML::Node env = client["env"]) {
    auto values = reader.read_text_map(env, "env");
    if (!values) return reader.error();
    out.env = *values;
  }
  return out;
}

}  // namespace faultline
