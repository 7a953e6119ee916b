// `faultline serve`: a read-only HTTP server over a store. GET / is the index
// of runs (index_page.h, from STORE/index.jsonl, read again whenever the file
// changes); GET /runs/<path> is a file of the store, streamed with its
// content type, or a folder's file list. Every path goes through
// resolve_store_path() (store_paths.h); nothing outside the store is served.
// Other methods are refused (405).
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "harness/base/result.h"

namespace faultline {

class IndexCache;

class StoreServer {
 public:
  // `store` must be a folder; the error says so.
  static Result<std::unique_ptr<StoreServer>, std::string> open(const std::string& store);
  ~StoreServer();
  StoreServer(const StoreServer&) = delete;
  StoreServer& operator=(const StoreServer&) = delete;

  // Binds `host`:`port` (0: a free port, see port()). The error names the address.
  std::optional<std::string> bind(const std::string& host, int port);
  int port() const { return port_; }
  // Serves until stop(); false when it could not listen. Returns at once
  // (true) when stop() came first.
  bool serve();
  // From any thread (a signal thread), before or during serve(): serve() returns.
  void stop();

 private:
  struct Http;  // the cpp-httplib server, kept out of this header
  explicit StoreServer(std::filesystem::path root);

  std::filesystem::path root_;
  std::unique_ptr<IndexCache> index_;
  std::unique_ptr<Http> http_;
  int port_ = 0;
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> serving_{false};
  bool loopback_only_ = false;  // bound to loopback: other Host headers are refused
};

// True for 127.0.0.0/8, ::1 and "localhost": a bind anyone else can reach is warned about.
bool is_loopback_address(const std::string& host);
// True for a Host header that names this machine's loopback ("127.0.0.1:8080",
// "localhost", "[::1]:8080"), or none at all. A server bound to loopback
// answers only these: a web page whose own name was pointed at 127.0.0.1
// (DNS rebinding) sends its own name and is refused.
bool is_loopback_host_header(const std::string& host);

}  // namespace faultline
