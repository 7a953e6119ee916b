// The controller's own machine as the local cluster code sees it: commands run
// through run_local() with a 30 s timeout, small files, the network namespaces
// and links that exist, and processes by pid. For the local_cluster*.cc files
// only. Thread-safe (nothing here keeps state).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "harness/remote/command.h"

namespace faultline {

// Runs argv on this machine, `input` on its stdin.
CommandResult run_on_host(std::vector<std::string> argv, std::string input = "");
// The same; the error message when it fails ("`ip ...` failed (exit 2): ..."), empty on success.
std::string run_on_host_checked(std::vector<std::string> argv, std::string input = "");

// The whole file, or empty when it cannot be read.
std::string read_file_or_empty(const std::string& path);
// write_file_atomically() (text_file.h); "cannot write <file>: <reason>" or empty.
std::string write_text_file(const std::string& path, const std::string& text,
                            std::filesystem::perms mode);
// The last 400 characters of a log file, "(empty)" when there is nothing.
std::string log_tail(const std::string& path);

// The non-empty lines of `text`.
std::vector<std::string> lines_of(const std::string& text);
// "a, b, c"
std::string join_names(const std::vector<std::string>& items);
bool contains_name(const std::vector<std::string>& list, const std::string& item);

// Runs work(i) for i in [0, n) on n threads; the first error message, if any.
std::string in_parallel(size_t n, const std::function<std::string(size_t)>& work);

// Names of the network namespaces and of the links (without "@peer") of the root namespace.
std::vector<std::string> existing_netns();
std::vector<std::string> existing_links();

// The pid in a pid file; nullopt when missing, unreadable or not > 1.
std::optional<int64_t> read_pid(const std::string& pid_file);
// Alive and not a zombie waiting for its parent.
bool process_alive(int64_t pid);
// True when the process's command line mentions `text` (guards against a reused pid).
bool cmdline_mentions(int64_t pid, const std::string& text);

}  // namespace faultline
