// One running adapter program: a child process in its own process group with
// pipes on its stdin, stdout and stderr, owned. Started with posix_spawn (not
// Boost.Process: it needs atomic close-on-exec pipes, a process group, a reset
// signal mask and closefrom in the child, all of which posix_spawn gives
// without a fork in our address space).
//
// Every wait takes a deadline and polls the pipes, so no call blocks past it.
// The destructor closes stdin, gives the adapter a moment to exit, kills its
// process group and reaps it: no zombie and no fd outlives the object.
//
// Not thread-safe: one worker thread uses one AdapterProcess.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "harness/base/result.h"
#include "harness/base/unique_fd.h"

namespace faultline {

struct AdapterSpawn {
  std::vector<std::string> argv;  // argv[0] is looked up on faultline's PATH
  std::vector<std::string> env;   // the whole environment, NAME=value
  std::string working_dir;        // empty: faultline's own
};

class AdapterProcess {
 public:
  using Deadline = std::chrono::steady_clock::time_point;
  using LineSink = std::function<void(const std::string& line)>;

  enum class Io { kDone, kTimeout, kClosed };
  struct Line {
    Io status = Io::kClosed;
    std::string text;  // without its '\n'; with kClosed, a partial last line, if any
  };

  // The started process, or why it could not start ("no such program").
  static Result<std::unique_ptr<AdapterProcess>, std::string> start(const AdapterSpawn& spawn,
                                                                    LineSink stderr_sink);
  ~AdapterProcess();
  AdapterProcess(const AdapterProcess&) = delete;
  AdapterProcess& operator=(const AdapterProcess&) = delete;

  pid_t pid() const { return pid_; }

  struct Written {
    Io status = Io::kDone;
    size_t bytes = 0;  // how much of the text went into the pipe
  };
  // Writes all of `text` to its stdin. kClosed: it closed stdin (it exited).
  // A SIGPIPE this raises is blocked and consumed in the calling thread.
  Written write(std::string_view text, Deadline deadline);
  // Bytes written to its stdin that it has not read yet.
  size_t unread_input() const;
  // The next line of its stdout; stderr lines go to the sink meanwhile.
  // Lines longer than `max_length` end the wait as kDone with what was read.
  Line read_line(Deadline deadline, size_t max_length);
  // After its stdout closed: waits until `deadline` for it to exit, reading
  // the rest of its stderr, and says how it ended ("exited with status 2",
  // "was killed by signal 9"); it is killed if still running by then.
  std::string wait_exit(Deadline deadline);
  // Kills its process group at once and reaps it (a timeout); what it wrote
  // to stderr until then is passed on. Says how it ended, as wait_exit().
  std::string kill_now();
  // Its last few stderr lines, oldest first.
  const std::deque<std::string>& last_stderr() const { return last_stderr_; }

 private:
  AdapterProcess(pid_t pid, UniqueFd in, UniqueFd out, UniqueFd err, LineSink sink);
  // Reads what stderr has, passing whole lines on; false at end of file.
  bool drain_stderr();
  void emit_stderr_line(std::string line);
  bool has_exited() const;
  void kill_group();
  std::string reap(bool blocking);

  pid_t pid_ = -1;
  bool reaped_ = false;
  UniqueFd stdin_;
  UniqueFd stdout_;
  UniqueFd stderr_;
  LineSink stderr_sink_;
  std::string out_buffer_;
  std::string err_buffer_;
  std::deque<std::string> last_stderr_;
};

}  // namespace faultline
