#include "harness/remote/sftp_copy.h"

#include <fcntl.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

namespace faultline {
namespace {

namespace fs = std::filesystem;
using MaybeError = std::optional<RemoteError>;

constexpr size_t kChunk = 64 * 1024;
constexpr int kMaxDepth = 64;

bool contains(const std::string& text, const char* part) {
  return text.find(part) != std::string::npos;
}

const char* sftp_reason(int code) {
  switch (code) {
    case SSH_FX_EOF:
      return "unexpected end of file";
    case SSH_FX_NO_SUCH_FILE:
      return "no such file or directory";
    case SSH_FX_PERMISSION_DENIED:
      return "permission denied";
    case SSH_FX_NO_CONNECTION:
      return "no connection";
    case SSH_FX_CONNECTION_LOST:
      return "connection lost";
    case SSH_FX_OP_UNSUPPORTED:
      return "operation not supported by the server";
    case SSH_FX_FILE_ALREADY_EXISTS:
      return "file already exists";
    case SSH_FX_WRITE_PROTECT:
      return "write-protected file system";
    case SSH_FX_NO_MEDIA:
      return "no media";
    default:
      return nullptr;
  }
}

RemoteResult<SftpPtr> open_sftp(ssh_session session, const std::string& node) {
  SftpPtr sftp(sftp_new(session));
  if (sftp && sftp_init(sftp.get()) == SSH_OK) return sftp;
  return RemoteError{node, RemoteErrorKind::kTransfer,
                     "cannot start SFTP: " + ssh_error_text(session),
                     "enable the sftp subsystem on the node (openssh-sftp-server installed, "
                     "`Subsystem sftp ...` in sshd_config)"};
}

bool is_directory(sftp_attributes a) { return a->type == SSH_FILEXFER_TYPE_DIRECTORY; }
mode_t mode_of(sftp_attributes a) { return static_cast<mode_t>(a->permissions & 07777); }
mode_t mode_of(const fs::path& p) { return static_cast<mode_t>(fs::status(p).permissions()); }

// One upload or download: copies files and directory trees in 64 KiB chunks.
// Directories get their modes after their contents, so a read-only one fills.
class SftpCopy {
 public:
  SftpCopy(ssh_session session, sftp_session sftp, std::string node, std::string context)
      : session_(session),
        sftp_(sftp),
        node_(std::move(node)),
        context_(std::move(context)),
        buffer_(kChunk) {}

  MaybeError upload(const fs::path& local, const std::string& remote) {
    if (MaybeError e = make_remote_parents(remote)) return e;
    return upload_entry(local, remote, 0);
  }

  MaybeError download(const std::string& remote, const fs::path& local) {
    SftpAttributesPtr attributes(sftp_stat(sftp_, remote.c_str()));
    if (!attributes) return remote_error("cannot stat", remote);
    std::error_code ec;
    if (local.has_parent_path()) fs::create_directories(local.parent_path(), ec);
    if (ec) return local_error("cannot create the directory", local.parent_path(), ec);
    return download_entry(remote, local, attributes.get(), 0);
  }

 private:
  RemoteError error(std::string what, std::string fix) const {
    return RemoteError{node_, RemoteErrorKind::kTransfer, context_ + ": " + what, fix};
  }
  RemoteError remote_error(const std::string& what, const std::string& path) const {
    const char* reason = sftp_reason(sftp_get_error(sftp_));
    std::string why = reason != nullptr ? reason : ssh_error_text(session_);
    std::string fix = contains(why, "permission")
                          ? "check that the login user may write there, "
                            "or copy to /tmp and move it with a sudo command"
                          : "check the path";
    if (ssh_is_connected(session_) == 0) fix = "the connection dropped; check the node and retry";
    return error(what + " " + node_ + ":" + path + ": " + why, fix);
  }
  RemoteError local_error(const std::string& what, const fs::path& path,
                          std::error_code ec = {}) const {
    std::string why = ec ? ec.message() : std::string(std::strerror(errno));
    return error(what + " " + path.string() + ": " + why, "check the local path");
  }
  RemoteError too_deep(const std::string& path) const {
    return error("more than 64 directory levels under " + path, "is there a symbolic link loop?");
  }

  MaybeError make_remote_parents(const std::string& path) {
    for (size_t slash = path.find('/', 1); slash != std::string::npos;
         slash = path.find('/', slash + 1)) {
      if (MaybeError e = make_remote_dir(path.substr(0, slash))) return e;
    }
    return std::nullopt;
  }

  MaybeError make_remote_dir(const std::string& path) {
    SftpAttributesPtr existing(sftp_stat(sftp_, path.c_str()));
    if (existing && is_directory(existing.get())) return std::nullopt;
    if (existing) return error(node_ + ":" + path + " exists and is not a directory", "");
    if (sftp_mkdir(sftp_, path.c_str(), 0700) != SSH_OK) {
      return remote_error("cannot create directory", path);
    }
    return std::nullopt;
  }

  MaybeError upload_entry(const fs::path& local, const std::string& remote, int depth) {
    std::error_code ec;
    fs::file_status status = fs::status(local, ec);
    if (ec) return local_error("cannot stat", local, ec);
    if (fs::is_regular_file(status)) return upload_file(local, remote);
    if (!fs::is_directory(status)) return error(local.string() + " is not a file or directory", "");
    if (depth >= kMaxDepth) return too_deep(local.string());
    if (MaybeError e = make_remote_dir(remote)) return e;
    std::vector<fs::path> entries;
    for (const fs::directory_entry& entry : fs::directory_iterator(local, ec)) {
      entries.push_back(entry.path());
    }
    if (ec) return local_error("cannot list", local, ec);
    for (const fs::path& entry : entries) {
      std::string name = entry.filename().string();
      if (MaybeError e = upload_entry(entry, remote + "/" + name, depth + 1)) return e;
    }
    return chmod_remote(remote, mode_of(local));
  }

  MaybeError chmod_remote(const std::string& remote, mode_t mode) {
    if (sftp_chmod(sftp_, remote.c_str(), mode) != SSH_OK) {
      return remote_error("cannot set the mode of", remote);
    }
    return std::nullopt;
  }

  MaybeError upload_file(const fs::path& local, const std::string& remote) {
    std::ifstream in(local, std::ios::binary);
    if (!in) return local_error("cannot open", local);
    SftpFilePtr file(sftp_open(sftp_, remote.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600));
    if (!file) return remote_error("cannot open for writing", remote);
    while (in) {
      in.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
      if (MaybeError e = write_all(file.get(), static_cast<size_t>(in.gcount()), remote)) return e;
    }
    if (in.bad()) return local_error("cannot read", local);
    if (sftp_close(file.release()) != SSH_NO_ERROR) return remote_error("cannot write", remote);
    return chmod_remote(remote, mode_of(local));
  }

  MaybeError write_all(sftp_file file, size_t size, const std::string& remote) {
    for (size_t done = 0; done < size;) {
      ssize_t n = sftp_write(file, buffer_.data() + done, size - done);
      if (n <= 0) return remote_error("cannot write", remote);
      done += static_cast<size_t>(n);
    }
    return std::nullopt;
  }

  MaybeError download_entry(const std::string& remote, const fs::path& local,
                            sftp_attributes attributes, int depth) {
    SftpAttributesPtr followed;
    if (attributes->type == SSH_FILEXFER_TYPE_SYMLINK) {
      followed.reset(sftp_stat(sftp_, remote.c_str()));
      if (!followed) return remote_error("cannot follow the link", remote);
      attributes = followed.get();
    }
    if (attributes->type == SSH_FILEXFER_TYPE_REGULAR) {
      return download_file(remote, local, mode_of(attributes));
    }
    if (!is_directory(attributes)) return error(remote + " is not a file or directory", "");
    if (depth >= kMaxDepth) return too_deep(remote);
    return download_dir(remote, local, mode_of(attributes), depth);
  }

  MaybeError download_dir(const std::string& remote, const fs::path& local, mode_t mode,
                          int depth) {
    std::error_code ec;
    fs::create_directory(local, ec);
    if (ec || !fs::is_directory(local)) return local_error("cannot create directory", local, ec);
    SftpDirPtr dir(sftp_opendir(sftp_, remote.c_str()));
    if (!dir) return remote_error("cannot list", remote);
    while (SftpAttributesPtr entry{sftp_readdir(sftp_, dir.get())}) {
      std::string name = entry->name;
      if (name == "." || name == "..") continue;
      if (MaybeError e =
              download_entry(remote + "/" + name, local / name, entry.get(), depth + 1)) {
        return e;
      }
    }
    if (sftp_dir_eof(dir.get()) == 0) return remote_error("cannot list", remote);
    fs::permissions(local, static_cast<fs::perms>(mode), ec);
    return ec ? local_error("cannot set the mode of", local, ec) : MaybeError();
  }

  MaybeError download_file(const std::string& remote, const fs::path& local, mode_t mode) {
    SftpFilePtr file(sftp_open(sftp_, remote.c_str(), O_RDONLY, 0));
    if (!file) return remote_error("cannot open", remote);
    std::ofstream out(local, std::ios::binary | std::ios::trunc);
    if (!out) return local_error("cannot open for writing", local);
    for (;;) {
      ssize_t n = sftp_read(file.get(), buffer_.data(), buffer_.size());
      if (n < 0) return remote_error("cannot read", remote);
      if (n == 0) break;
      if (!out.write(buffer_.data(), n)) return local_error("cannot write", local);
    }
    out.close();
    if (!out) return local_error("cannot write", local);
    std::error_code ec;
    fs::permissions(local, static_cast<fs::perms>(mode), ec);
    return ec ? local_error("cannot set the mode of", local, ec) : MaybeError();
  }

  ssh_session session_;
  sftp_session sftp_;
  std::string node_;
  std::string context_;
  std::vector<char> buffer_;
};

}  // namespace

SftpTransfer sftp_upload(ssh_session session, const std::string& node,
                         const std::string& local_path, const std::string& remote_path) {
  RemoteResult<SftpPtr> sftp = open_sftp(session, node);
  if (!sftp) return {sftp.error(), false};
  SftpCopy copy(session, sftp->get(), node, "upload of " + local_path + " to " + remote_path);
  return {copy.upload(local_path, remote_path), true};
}

SftpTransfer sftp_download(ssh_session session, const std::string& node,
                           const std::string& remote_path, const std::string& local_path) {
  RemoteResult<SftpPtr> sftp = open_sftp(session, node);
  if (!sftp) return {sftp.error(), false};
  SftpCopy copy(session, sftp->get(), node, "download of " + remote_path + " to " + local_path);
  return {copy.download(remote_path, local_path), true};
}

}  // namespace faultline
