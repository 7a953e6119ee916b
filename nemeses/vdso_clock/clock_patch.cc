#include "nemeses/vdso_clock/clock_patch.h"

#include <sys/mman.h>
#include <sys/syscall.h>

#include <cstring>
#include <ctime>

#include "nemeses/vdso_clock/remote_call.h"
#include "nemeses/vdso_clock/vdso_symbols.h"

namespace faultline::vdso_clock {
namespace {

bool fail(Failure* failure, std::string what) {
  failure->what = std::move(what);
  return false;
}

uint64_t word_at(const std::vector<uint8_t>& bytes, size_t at) {
  uint64_t value = 0;
  std::memcpy(&value, bytes.data() + at, sizeof value);
  return value;
}

bool syscall_ok(int64_t result) { return result < 0 && result >= -4095 ? false : true; }

const PatchPoint* point_named(const std::vector<PatchPoint>& points, const std::string& name) {
  for (const PatchPoint& p : points)
    if (p.name == name) return &p;
  return nullptr;
}

// Every thread out of the vDSO functions and the block before their code changes.
bool step_out(Tracee& tracee, const std::vector<PatchPoint>& points, uint64_t block,
              Failure* failure) {
  for (const PatchPoint& p : points)
    if (!tracee.step_out_of(p.address, p.address + p.size, failure)) return false;
  return block == 0 || tracee.step_out_of(block, block + kPageSize, failure);
}

// The code and settings block with each patch point's original bytes saved in it.
bool block_image(const Tracee& tracee, const std::vector<PatchPoint>& points,
                 const ClockSettings& settings, std::vector<uint8_t>* image, Failure* failure) {
  *image = fake_clock_code();
  std::vector<uint8_t> encoded = encode_settings(settings);
  std::copy(encoded.begin(), encoded.end(), image->begin() + kSettingsOffset);
  for (size_t i = 0; i < points.size() && i < kSavedCount; ++i) {
    SavedEntry saved;
    saved.address = points[i].address;
    std::vector<uint8_t> original;
    if (!tracee.read(points[i].address, sizeof saved.bytes, &original, failure)) return false;
    std::memcpy(saved.bytes, original.data(), sizeof saved.bytes);
    std::memcpy(image->data() + kSavedOffset + i * sizeof(SavedEntry), &saved, sizeof saved);
  }
  return true;
}

bool map_block(Tracee& tracee, uint64_t* block, Failure* failure) {
  int64_t result = 0;
  const uint64_t args[6] = {
      0, kBlockSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, static_cast<uint64_t>(-1),
      0};
  if (!remote_syscall(tracee, SYS_mmap, args, &result, failure)) return false;
  if (!syscall_ok(result))
    return fail(failure, "mmap in process " + std::to_string(tracee.pid()) +
                             " failed: " + std::strerror(static_cast<int>(-result)));
  *block = static_cast<uint64_t>(result);
  return true;
}

bool run_syscall(Tracee& tracee, long number, uint64_t a0, uint64_t a1, uint64_t a2,
                 const char* what, Failure* failure) {
  int64_t result = 0;
  const uint64_t args[6] = {a0, a1, a2, 0, 0, 0};
  if (!remote_syscall(tracee, number, args, &result, failure)) return false;
  if (syscall_ok(result)) return true;
  return fail(failure, std::string(what) + " in process " + std::to_string(tracee.pid()) +
                           " failed: " + std::strerror(static_cast<int>(-result)));
}

bool install(Tracee& tracee, const std::vector<PatchPoint>& points, const ClockSettings& settings,
             uint64_t* block, Failure* failure) {
  std::vector<uint8_t> image;
  if (!block_image(tracee, points, settings, &image, failure)) return false;
  if (!map_block(tracee, block, failure)) return false;
  if (!tracee.write(*block, image, failure) ||
      !run_syscall(tracee, SYS_mprotect, *block, kPageSize, PROT_READ | PROT_EXEC, "mprotect",
                   failure) ||
      !step_out(tracee, points, 0, failure)) {
    Failure ignored;
    run_syscall(tracee, SYS_munmap, *block, kBlockSize, 0, "munmap", &ignored);
    return false;
  }
  for (const PatchPoint& p : points) {
    if (!tracee.write(p.address, jump_to(*block + entry_for(p.name)), failure)) return false;
  }
  return true;
}

}  // namespace

bool find_patch_points(const Tracee& tracee, std::vector<PatchPoint>* points, Failure* failure) {
  uint64_t begin = 0, end = 0;
  if (!vdso_range(tracee.pid(), &begin, &end, failure)) return false;
  std::vector<uint8_t> image;
  if (!tracee.read(begin, end - begin, &image, failure)) return false;
  VdsoScan scan = find_vdso_functions(image, clock_function_names());
  if (!scan.error.empty())
    return fail(failure, "process " + std::to_string(tracee.pid()) + ": " + scan.error);
  points->clear();
  for (const VdsoFunction& f : scan.functions) {
    if (f.size < kJumpSize)
      return fail(failure, "process " + std::to_string(tracee.pid()) + ": the vDSO's " + f.name +
                               " is too short (" + std::to_string(f.size) + " bytes) to redirect");
    points->push_back({f.name, begin + f.offset, f.size});
  }
  if (!point_named(*points, "__vdso_clock_gettime"))
    return fail(failure, "process " + std::to_string(tracee.pid()) +
                             ": its vDSO has no __vdso_clock_gettime");
  return true;
}

bool installed_block(const Tracee& tracee, const std::vector<PatchPoint>& points, uint64_t* block,
                     Failure* failure) {
  *block = 0;
  const PatchPoint* gettime = point_named(points, "__vdso_clock_gettime");
  std::vector<uint8_t> entry;
  if (!tracee.read(gettime->address, kJumpSize, &entry, failure)) return false;
  std::vector<uint8_t> pattern = jump_to(0);
  if (entry[0] != pattern[0] || entry[1] != pattern[1] || entry[10] != pattern[10] ||
      entry[11] != pattern[11])
    return true;
  const uint64_t candidate = word_at(entry, 2) - clock_gettime_entry();
  std::vector<uint8_t> magic;
  Failure unreadable;  // a jump somewhere else (another tool's patch): not ours
  if (!tracee.read(candidate + kMagicOffset, 8, &magic, &unreadable)) return true;
  if (std::memcmp(magic.data(), kMagic, 8) == 0) *block = candidate;
  return true;
}

bool apply_settings(Tracee& tracee, const ClockSettings& settings, uint64_t* block,
                    Failure* failure) {
  std::vector<PatchPoint> points;
  if (!find_patch_points(tracee, &points, failure)) return false;
  if (!installed_block(tracee, points, block, failure)) return false;
  if (*block == 0) return install(tracee, points, settings, block, failure);
  return tracee.write(*block + kSettingsOffset, encode_settings(settings), failure);
}

bool remove_patch(Tracee& tracee, bool* was_patched, Failure* failure) {
  std::vector<PatchPoint> points;
  uint64_t block = 0;
  *was_patched = false;
  if (!find_patch_points(tracee, &points, failure) ||
      !installed_block(tracee, points, &block, failure))
    return false;
  if (block == 0) return true;
  std::vector<uint8_t> saved_area;
  if (!tracee.read(block + kSavedOffset, kSavedCount * sizeof(SavedEntry), &saved_area, failure) ||
      !step_out(tracee, points, block, failure))
    return false;
  for (size_t i = 0; i < kSavedCount; ++i) {
    SavedEntry saved;
    std::memcpy(&saved, saved_area.data() + i * sizeof saved, sizeof saved);
    if (saved.address == 0) continue;
    if (!tracee.write(saved.address, {saved.bytes, saved.bytes + sizeof saved.bytes}, failure))
      return false;
  }
  *was_patched = true;
  return run_syscall(tracee, SYS_munmap, block, kBlockSize, 0, "munmap", failure);
}

bool read_inside(Tracee& tracee, uint64_t block, const std::vector<PatchPoint>& points,
                 clockid_t clock, int64_t* ns, Failure* failure) {
  const PatchPoint* gettime = point_named(points, "__vdso_clock_gettime");
  const uint64_t result_at = block + kPageSize;  // the writable page's bottom; the stack is above
  int64_t result = -1;
  if (!remote_call(tracee, gettime->address, static_cast<uint64_t>(clock), result_at,
                   block + kBlockSize, block + trap_offset(), &result, failure))
    return false;
  if (result != 0)
    return fail(failure, "clock_gettime in process " + std::to_string(tracee.pid()) + " returned " +
                             std::to_string(result));
  std::vector<uint8_t> ts;
  if (!tracee.read(result_at, 16, &ts, failure)) return false;
  *ns = static_cast<int64_t>(word_at(ts, 0)) * 1'000'000'000 + static_cast<int64_t>(word_at(ts, 8));
  return true;
}

}  // namespace faultline::vdso_clock
