#include "harness/remote/ssh_session.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <variant>
#include <vector>

namespace faultline {

void SessionFree::operator()(ssh_session s) const {
  ssh_disconnect(s);
  ssh_free(s);
}
void ChannelFree::operator()(ssh_channel c) const { ssh_channel_free(c); }
void SftpFree::operator()(sftp_session s) const { sftp_free(s); }
void SftpFileClose::operator()(sftp_file f) const { sftp_close(f); }
void SftpDirClose::operator()(sftp_dir d) const { sftp_closedir(d); }
void SftpAttributesFree::operator()(sftp_attributes a) const { sftp_attributes_free(a); }
void KeyFree::operator()(ssh_key k) const { ssh_key_free(k); }

std::string ssh_error_text(ssh_session session) {
  const char* text = ssh_get_error(session);
  return text != nullptr && *text != '\0' ? text : "unknown libssh error";
}

namespace {

using MaybeError = std::optional<RemoteError>;

// Where a session goes, as libssh resolved it (after ssh config), for messages.
struct Target {
  std::string node;
  std::string host;
  int port = 22;
  std::string user;
  std::string known_hosts;

  RemoteError error(RemoteErrorKind kind, std::string message, std::string fix = "") const {
    return RemoteError{node, kind, std::move(message), std::move(fix)};
  }
  std::string address() const { return host + ":" + std::to_string(port); }
  // The name known_hosts files use for this host.
  std::string known_hosts_name() const {
    return port == 22 ? host : "[" + host + "]:" + std::to_string(port);
  }
};

std::string get_string_option(ssh_session s, ssh_options_e option, std::string fallback) {
  char* value = nullptr;
  if (ssh_options_get(s, option, &value) != SSH_OK || value == nullptr) return fallback;
  std::string out = value;
  ssh_string_free_char(value);
  return out;
}

Target resolve_target(ssh_session s, const NodeSpec& node) {
  Target t;
  t.node = node.name.empty() ? node.host : node.name;
  t.host = get_string_option(s, SSH_OPTIONS_HOST, node.host);
  unsigned int port = 0;
  if (ssh_options_get_port(s, &port) == SSH_OK && port > 0) t.port = static_cast<int>(port);
  const char* login = std::getenv("USER");
  t.user = get_string_option(s, SSH_OPTIONS_USER, login != nullptr ? login : "");
  t.known_hosts = get_string_option(s, SSH_OPTIONS_KNOWNHOSTS, "~/.ssh/known_hosts");
  if (t.known_hosts.rfind("%d/", 0) == 0) t.known_hosts.replace(0, 2, "~/.ssh");
  return t;
}

// Sets the options in the order that makes the NodeSpec win: the host first
// (ssh config matches on it), then the config file, then the explicit fields.
MaybeError configure(ssh_session s, const NodeSpec& node, const SshOptions& options) {
  std::string name = node.name.empty() ? node.host : node.name;
  auto fail = [&](const std::string& what) {
    return RemoteError{name, RemoteErrorKind::kOther,
                       "cannot set " + what + ": " + ssh_error_text(s), ""};
  };
  if (ssh_options_set(s, SSH_OPTIONS_HOST, node.host.c_str()) != SSH_OK) return fail("host");
  if (options.ssh_config.empty()) {
    bool process = false;
    ssh_options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &process);
  } else if (ssh_options_parse_config(s, options.ssh_config.c_str()) != SSH_OK) {
    return RemoteError{name, RemoteErrorKind::kOther,
                       "cannot read ssh config " + options.ssh_config + ": " + ssh_error_text(s),
                       "fix the file, or point the ssh config option elsewhere"};
  }
  if (node.port > 0 && ssh_options_set(s, SSH_OPTIONS_PORT, &node.port) != SSH_OK) {
    return fail("port");
  }
  if (!node.user.empty() && ssh_options_set(s, SSH_OPTIONS_USER, node.user.c_str()) != SSH_OK) {
    return fail("user");
  }
  if (!node.known_hosts.empty() &&
      ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, node.known_hosts.c_str()) != SSH_OK) {
    return fail("known_hosts");
  }
  long seconds = options.connect_timeout.count() / 1000;
  long micros = (options.connect_timeout.count() % 1000) * 1000;
  ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &seconds);
  ssh_options_set(s, SSH_OPTIONS_TIMEOUT_USEC, &micros);
  int nodelay = 1;  // small requests should not wait for Nagle's algorithm
  ssh_options_set(s, SSH_OPTIONS_NODELAY, &nodelay);
  return std::nullopt;
}

bool contains(const std::string& text, const char* part) {
  return text.find(part) != std::string::npos;
}

RemoteError connect_error(ssh_session s, const Target& t) {
  std::string why = ssh_error_text(s);
  if (contains(why, "resolve")) {
    size_t reason = why.find(" (");  // libssh: "Failed to resolve hostname H (reason)"
    return t.error(RemoteErrorKind::kResolve,
                   "cannot resolve host name " + t.host +
                       (reason == std::string::npos ? ": " + why : why.substr(reason)),
                   "check the name '" + t.host +
                       "' in the nodes file (or its HostName in ssh "
                       "config)");
  }
  if (contains(why, "refused")) {
    return t.error(RemoteErrorKind::kRefused, "connection to " + t.address() + " refused",
                   "is sshd running on " + t.address() + "?");
  }
  if (contains(why, "Timeout") || contains(why, "timed out")) {
    return t.error(RemoteErrorKind::kTimeout, "timed out connecting to " + t.address(),
                   "is " + t.host + " up and reachable, and is port " + std::to_string(t.port) +
                       " open (no firewall dropping it)?");
  }
  return t.error(RemoteErrorKind::kOther, "cannot connect to " + t.address() + ": " + why,
                 "is " + t.host + " reachable from here, and is sshd running on it?");
}

std::string server_key_fingerprint(ssh_session s) {
  ssh_key raw = nullptr;
  if (ssh_get_server_publickey(s, &raw) != SSH_OK) return "unknown";
  KeyPtr key(raw);
  unsigned char* hash = nullptr;
  size_t length = 0;
  if (ssh_get_publickey_hash(key.get(), SSH_PUBLICKEY_HASH_SHA256, &hash, &length) != SSH_OK) {
    return "unknown";
  }
  char* text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length);
  ssh_clean_pubkey_hash(&hash);
  if (text == nullptr) return "unknown";
  std::string out = text;
  ssh_string_free_char(text);
  return out;
}

std::string keyscan_command(const Target& t) {
  return "ssh-keyscan -p " + std::to_string(t.port) + " " + t.host + " >> " + t.known_hosts;
}

RemoteError host_key_changed(ssh_session s, const Target& t) {
  return t.error(RemoteErrorKind::kHostKeyChanged,
                 "host key of " + t.known_hosts_name() + " (" + server_key_fingerprint(s) +
                     ") differs from the one recorded in " + t.known_hosts +
                     ": either the node was reinstalled or someone is intercepting the connection",
                 "if the node was reinstalled, forget the old key with `ssh-keygen -R '" +
                     t.known_hosts_name() + "' -f " + t.known_hosts +
                     "`, then accept the new "
                     "one with `" +
                     keyscan_command(t) +
                     "` and reconnect; or set "
                     "strict_host_keys: false in the nodes file");
}

RemoteError host_key_unknown(ssh_session s, const Target& t) {
  return t.error(RemoteErrorKind::kHostKeyUnknown,
                 "host " + t.known_hosts_name() + " is not in " + t.known_hosts +
                     " (its key: " + server_key_fingerprint(s) + ")",
                 "add its key with `" + keyscan_command(t) +
                     "` (check the fingerprint), or set "
                     "strict_host_keys: false in the nodes file");
}

MaybeError verify_host_key(ssh_session s, const Target& t, bool strict) {
  switch (ssh_session_is_known_server(s)) {
    case SSH_KNOWN_HOSTS_OK:
      return std::nullopt;
    case SSH_KNOWN_HOSTS_CHANGED:
    case SSH_KNOWN_HOSTS_OTHER:
      if (strict) return host_key_changed(s, t);
      return std::nullopt;
    case SSH_KNOWN_HOSTS_UNKNOWN:
    case SSH_KNOWN_HOSTS_NOT_FOUND:
      if (strict) return host_key_unknown(s, t);
      return std::nullopt;
    case SSH_KNOWN_HOSTS_ERROR:
      break;
  }
  return t.error(RemoteErrorKind::kOther, "cannot check the host key: " + ssh_error_text(s),
                 "check that " + t.known_hosts + " is readable");
}

// The outcome of one authentication method.
enum class Auth { kAccepted, kDenied, kBroken };

Auth classify(int rc) {
  if (rc == SSH_AUTH_SUCCESS) return Auth::kAccepted;
  return rc == SSH_AUTH_ERROR ? Auth::kBroken : Auth::kDenied;
}

// Tries the explicit key file; on failure, notes what was tried in `tried`.
std::variant<Auth, RemoteError> try_key_file(ssh_session s, const Target& t,
                                             const std::string& path,
                                             std::vector<std::string>& tried) {
  ssh_key raw = nullptr;
  if (ssh_pki_import_privkey_file(path.c_str(), nullptr, nullptr, nullptr, &raw) != SSH_OK) {
    return t.error(RemoteErrorKind::kAuth, "cannot read private key " + path,
                   "check the key path in the nodes file; a key with a passphrase must be "
                   "loaded into ssh-agent and left out of the nodes file");
  }
  KeyPtr key(raw);
  tried.push_back("key file " + path);
  return classify(ssh_userauth_publickey(s, nullptr, key.get()));
}

std::string server_methods(ssh_session s) {
  int methods = ssh_userauth_list(s, nullptr);
  std::string out;
  auto add = [&](int bit, const char* name) {
    if ((methods & bit) != 0) out += (out.empty() ? "" : ", ") + std::string(name);
  };
  add(SSH_AUTH_METHOD_PUBLICKEY, "publickey");
  add(SSH_AUTH_METHOD_PASSWORD, "password");
  add(SSH_AUTH_METHOD_INTERACTIVE, "keyboard-interactive");
  add(SSH_AUTH_METHOD_GSSAPI_MIC, "gssapi");
  return out.empty() ? "unknown" : out;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

RemoteError auth_denied(ssh_session s, const Target& t, const NodeSpec& node,
                        const std::vector<std::string>& tried) {
  std::string key = node.key_file.empty() ? "your public key" : node.key_file + ".pub";
  return t.error(RemoteErrorKind::kAuth,
                 "authentication as " + t.user + "@" + t.address() + " failed; tried " +
                     joined(tried) + "; the server accepts " + server_methods(s),
                 "add " + key + " to ~" + t.user + "/.ssh/authorized_keys on " + t.host +
                     ", or name the right key with `key:` in the nodes file");
}

MaybeError authenticate(ssh_session s, const Target& t, const NodeSpec& node) {
  std::vector<std::string> tried;
  Auth outcome = Auth::kDenied;
  if (!node.key_file.empty()) {
    auto by_key = try_key_file(s, t, node.key_file, tried);
    if (auto* error = std::get_if<RemoteError>(&by_key)) return *error;
    outcome = std::get<Auth>(by_key);
  }
  if (outcome == Auth::kDenied) {
    tried.push_back(std::getenv("SSH_AUTH_SOCK") != nullptr ? "ssh-agent"
                                                            : "ssh-agent (none running)");
    outcome = classify(ssh_userauth_agent(s, nullptr));
  }
  if (outcome == Auth::kDenied) {
    tried.push_back("ssh config identities and ~/.ssh/id_*");
    outcome = classify(ssh_userauth_publickey_auto(s, nullptr, nullptr));
  }
  if (outcome == Auth::kAccepted) return std::nullopt;
  if (outcome == Auth::kDenied) return auth_denied(s, t, node, tried);
  return t.error(
      RemoteErrorKind::kDisconnected,
      "connection to " + t.address() + " failed during authentication: " + ssh_error_text(s),
      "check sshd's log on " + t.host);
}

}  // namespace

RemoteResult<SessionPtr> open_session(const NodeSpec& node, const SshOptions& options) {
  SessionPtr session(ssh_new());
  std::string name = node.name.empty() ? node.host : node.name;
  if (!session) return RemoteError{name, RemoteErrorKind::kOther, "out of memory", ""};
  if (MaybeError error = configure(session.get(), node, options)) return *error;
  Target target = resolve_target(session.get(), node);
  if (ssh_connect(session.get()) != SSH_OK) return connect_error(session.get(), target);
  if (MaybeError error = verify_host_key(session.get(), target, options.strict_host_keys)) {
    return *error;
  }
  if (MaybeError error = authenticate(session.get(), target, node)) return *error;
  return session;
}

}  // namespace faultline
