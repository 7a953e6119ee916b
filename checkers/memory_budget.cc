#include "checkers/memory_budget.h"

#include <fcntl.h>
#include <malloc.h>
#include <unistd.h>

#include <cstdio>

namespace faultline {

int64_t resident_bytes() {
  // statm: size resident shared text lib data dt, in pages. A plain read(2):
  // this runs every few milliseconds in every search thread.
  const int fd = ::open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char buf[128];
  const ssize_t n = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  if (n <= 0) return 0;
  buf[n] = '\0';
  long long size = 0, resident = 0;
  if (std::sscanf(buf, "%lld %lld", &size, &resident) != 2) return 0;
  return static_cast<int64_t>(resident) * sysconf(_SC_PAGESIZE);
}

void return_free_memory() { malloc_trim(0); }

MemoryBudget::MemoryBudget(int64_t limit_bytes)
    : limit_(limit_bytes > 0 ? limit_bytes : 0), baseline_(limit_ > 0 ? resident_bytes() : 0) {}

bool MemoryBudget::reserve(int64_t bytes) {
  if (bytes <= 0) return true;
  const int64_t after = reserved_.fetch_add(bytes) + bytes;
  if (limit_ > 0 && baseline_ + after > limit_) {
    reserved_.fetch_sub(bytes);
    return false;
  }
  return true;
}

void MemoryBudget::release(int64_t bytes) {
  if (bytes > 0) reserved_.fetch_sub(bytes);
}

bool MemoryBudget::resident_over_limit() const { return limit_ > 0 && resident_bytes() > limit_; }

}  // namespace faultline
