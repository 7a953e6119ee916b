#include "harness/serve/store_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include "harness/base/unique_fd.h"
#include "harness/run/run_index.h"
#include "harness/serve/content_type.h"
#include "harness/serve/index_cache.h"
#include "harness/serve/index_page.h"
#include "harness/serve/store_paths.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

constexpr const char* kHtml = "text/html; charset=utf-8";

void send_error(httplib::Response& res, int status, const std::string& reason) {
  res.status = status;
  res.set_content(render_error_page(status, reason), kHtml);
}

// Pages faultline draws run no script at all.
void set_page_headers(httplib::Response& res) {
  res.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
}

void send_folder(const fs::path& root, const StorePath& folder, httplib::Response& res) {
  std::vector<FolderEntry> entries;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder.path, ec)) {
    FolderEntry e{entry.path().filename().string(), entry.is_directory(ec), 0};
    if (!e.is_directory) {
      const auto size = entry.file_size(ec);
      e.bytes = ec ? 0 : static_cast<int64_t>(size);
    }
    entries.push_back(std::move(e));
  }
  if (ec) return send_error(res, 500, "cannot list the folder: " + ec.message());
  std::sort(entries.begin(), entries.end(),
            [](const FolderEntry& a, const FolderEntry& b) { return a.name < b.name; });
  const std::string relative = folder.path.lexically_relative(root).string();
  set_page_headers(res);
  res.set_content(render_folder_page(relative == "." ? "" : relative, entries), kHtml);
}

// Streams the file, opened once (no link followed at its last part: the
// resolved path has none) and checked to be a regular file.
void send_file(const StorePath& file, httplib::Response& res) {
  auto opened = std::make_shared<UniqueFd>(
      ::open(file.path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
  struct stat info {};
  if (opened->get() < 0 || ::fstat(opened->get(), &info) != 0 || !S_ISREG(info.st_mode)) {
    return send_error(res, 404, "no such file in the store");
  }
  res.set_content_provider(
      static_cast<size_t>(info.st_size), content_type_for(file.path.filename().string()),
      [opened](size_t offset, size_t length, httplib::DataSink& sink) {
        char buffer[64 * 1024];
        const ssize_t n = ::pread(opened->get(), buffer, std::min(length, sizeof buffer),
                                  static_cast<off_t>(offset));
        if (n <= 0) return false;  // the file shrank or failed: end the response
        return sink.write(buffer, static_cast<size_t>(n));
      });
}

}  // namespace

struct StoreServer::Http {
  httplib::Server server;
};

bool is_loopback_address(const std::string& host) {
  if (host == "localhost" || host == "::1") return true;
  in_addr address{};
  if (::inet_pton(AF_INET, host.c_str(), &address) != 1) return false;
  return (ntohl(address.s_addr) >> 24) == 127;
}

bool is_loopback_host_header(const std::string& host) {
  if (host.empty()) return true;
  if (host.front() == '[') {
    const size_t close = host.find(']');
    return close != std::string::npos && is_loopback_address(host.substr(1, close - 1));
  }
  return is_loopback_address(host.substr(0, host.find(':')));
}

Result<std::unique_ptr<StoreServer>, std::string> StoreServer::open(const std::string& store) {
  std::error_code ec;
  const fs::path root = fs::canonical(store, ec);
  if (ec) return store + ": " + ec.message() + " (a store folder, made by `faultline run`)";
  if (!fs::is_directory(root, ec)) return store + ": not a folder";
  return std::unique_ptr<StoreServer>(new StoreServer(root));
}

StoreServer::StoreServer(fs::path root)
    : root_(std::move(root)),
      index_(std::make_unique<IndexCache>((root_ / kRunIndexFile).string())),
      http_(std::make_unique<Http>()) {
  httplib::Server& server = http_->server;
  server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!loopback_only_ || is_loopback_host_header(req.get_header_value("Host"))) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    send_error(res, 403, "this server answers requests for 127.0.0.1 or localhost only");
    return httplib::Server::HandlerResponse::Handled;
  });
  server.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                              {"Referrer-Policy", "no-referrer"},
                              {"Cache-Control", "no-cache"}});
  server.Get("/", [this](const httplib::Request& req, httplib::Response& res) {
    set_page_headers(res);
    res.set_content(render_index_page(*index_->get(), index_query_of(req.params), root_.string()),
                    kHtml);
  });
  // The path after /runs/, percent-decoded once by the server.
  server.Get(R"(/runs/(.*))", [this](const httplib::Request& req, httplib::Response& res) {
    const std::string relative = req.matches[1].str();
    Result<StorePath, PathRefusal> found = resolve_store_path(root_, relative);
    if (!found) return send_error(res, found.error().status, found.error().reason);
    if (!found->is_directory) return send_file(*found, res);
    if (!relative.empty() && relative.back() != '/') {
      return res.set_redirect("/runs/" + url_encode(relative, true) + "/");
    }
    send_folder(root_, *found, res);
  });
  server.Get("/runs",
             [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/runs/"); });
  const auto refuse = [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Allow", "GET, HEAD");
    send_error(res, 405, "faultline serve is read-only: GET and HEAD only");
  };
  server.Post(".*", refuse);
  server.Put(".*", refuse);
  server.Patch(".*", refuse);
  server.Delete(".*", refuse);
  server.Options(".*", refuse);
  server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) send_error(res, res.status, "nothing here");
  });
}

StoreServer::~StoreServer() = default;

std::optional<std::string> StoreServer::bind(const std::string& host, int port) {
  loopback_only_ = is_loopback_address(host);
  if (port == 0) {
    port_ = http_->server.bind_to_any_port(host);
  } else {
    port_ = http_->server.bind_to_port(host, port) ? port : -1;
  }
  if (port_ <= 0) {
    return "cannot listen on " + host + ":" + std::to_string(port) +
           " (in use, or not an address of this machine; --port 0 picks a free port)";
  }
  return std::nullopt;
}

bool StoreServer::serve() {
  serving_ = true;
  if (stop_requested_) {
    serving_ = false;
    return true;
  }
  const bool listened = http_->server.listen_after_bind();
  serving_ = false;
  return listened;
}

void StoreServer::stop() {
  stop_requested_ = true;
  // httplib's stop() does nothing until its accept loop has begun, so a stop
  // that came just before (a Ctrl-C at start) would be lost and serve() would
  // never return. serve() checks the flag first; here, wait for the loop.
  while (serving_ && !http_->server.is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  http_->server.stop();
}

}  // namespace faultline
