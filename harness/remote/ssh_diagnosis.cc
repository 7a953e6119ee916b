#include "harness/remote/ssh_diagnosis.h"

#include <algorithm>
#include <filesystem>

namespace faultline {
namespace {

using MaybeError = std::optional<RemoteError>;

bool contains(const std::string& text, const char* part) {
  return text.find(part) != std::string::npos;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string_view unquoted(std::string_view name) {
  for (std::string_view quote : {"\u2018", "'"}) {
    if (name.substr(0, quote.size()) == quote) name.remove_prefix(quote.size());
  }
  for (std::string_view quote : {"\u2019", "'"}) {
    if (ends_with(name, quote)) name.remove_suffix(quote.size());
  }
  return name;
}

// The program named in one line of a "not found" message, or empty.
std::string_view tool_in_line(std::string_view line) {
  for (std::string_view suffix : {": command not found", ": not found"}) {
    if (!ends_with(line, suffix)) continue;
    line.remove_suffix(suffix.size());
    size_t colon = line.rfind(": ");
    return colon == std::string_view::npos ? line : line.substr(colon + 2);
  }
  // env, and the `timeout` wrapper (GNU, busybox) around every command with a timeout.
  const std::string_view suffix = ": No such file or directory";
  if (!ends_with(line, suffix)) return {};
  line.remove_suffix(suffix.size());
  for (std::string_view prefix :
       {"env: ", "timeout: failed to run command ", "timeout: can't execute "}) {
    if (line.substr(0, prefix.size()) == prefix) return unquoted(line.substr(prefix.size()));
  }
  return {};
}

MaybeError sudo_failure(const std::string& node, const std::string& password_env,
                        const CommandResult& r) {
  if (r.exit_status != 1) return std::nullopt;
  if (contains(r.err, "a password is required")) {
    return RemoteError{node, RemoteErrorKind::kSudoPassword, "sudo asked for a password",
                       "set " + password_env +
                           " in faultline's environment, or "
                           "allow the login user NOPASSWD in /etc/sudoers on the node"};
  }
  if (contains(r.err, "incorrect password") || contains(r.err, "Sorry, try again")) {
    return RemoteError{node, RemoteErrorKind::kSudoPassword, "sudo rejected the password",
                       "set " + password_env + " to the login user's password"};
  }
  if (contains(r.err, "is not in the sudoers file") || contains(r.err, "is not allowed to")) {
    return RemoteError{node, RemoteErrorKind::kSudoPassword,
                       "the login user may not use sudo: " + r.tail(),
                       "grant it sudo rights on the node, or log in as root"};
  }
  return std::nullopt;
}

}  // namespace

std::string missing_tool(std::string_view err) {
  while (!err.empty()) {
    size_t end = std::min(err.find('\n'), err.size());
    std::string_view tool = tool_in_line(err.substr(0, end));
    if (!tool.empty()) return std::string(tool);
    err.remove_prefix(std::min(end + 1, err.size()));
  }
  return "";
}

MaybeError diagnose_command(const std::string& node, const std::string& sudo_password_env,
                            const Command& command, const CommandResult& r) {
  if (command.sudo) {
    if (MaybeError e = sudo_failure(node, sudo_password_env, r)) return e;
  }
  // sudo exits 1 when it cannot find the program; shells and env exit 127.
  if (r.exit_status != 127 && !(command.sudo && r.exit_status == 1)) return std::nullopt;
  std::string tool = missing_tool(r.err);
  if (tool.empty()) return std::nullopt;
  // One word with blanks in it ("exec -- 'ls -l'"): no package provides that.
  if (tool.find_first_of(" \t") != std::string::npos) {
    return RemoteError{node, RemoteErrorKind::kToolMissing,
                       "no program is named '" + tool + "' (running `" + command.describe() +
                           "`): the whole text was taken as the program's name",
                       "give the program and its arguments as separate words (-- " + tool +
                           "), or run it as a shell command line (-- sh -c '" + tool + "')"};
  }
  std::string package = std::filesystem::path(tool).filename().string();
  return RemoteError{node, RemoteErrorKind::kToolMissing,
                     tool + " is not installed (running `" + command.describe() + "`)",
                     "install it on the node, e.g. `apt-get install " + package +
                         "` (or the package that provides it), or fix PATH"};
}

std::string redacted(std::string text, std::string_view secret) {
  if (secret.empty()) return text;
  for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
    text.replace(at, secret.size(), "***");
  }
  return text;
}

RemoteError redacted(RemoteError error, std::string_view secret) {
  error.message = redacted(std::move(error.message), secret);
  error.fix = redacted(std::move(error.fix), secret);
  return error;
}

}  // namespace faultline
