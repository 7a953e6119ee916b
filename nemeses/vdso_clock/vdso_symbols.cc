#include "nemeses/vdso_clock/vdso_symbols.h"

#include <elf.h>

#include <algorithm>
#include <cstring>

namespace faultline::vdso_clock {
namespace {

// Copies a T out of the image at `at`, or nothing when it does not fit.
template <class T>
std::optional<T> read_at(const std::vector<uint8_t>& image, uint64_t at) {
  if (at > image.size() || image.size() - at < sizeof(T)) return std::nullopt;
  T value;
  std::memcpy(&value, image.data() + at, sizeof(T));
  return value;
}

std::optional<std::string> string_at(const std::vector<uint8_t>& image, uint64_t table,
                                     uint64_t table_size, uint64_t index) {
  if (index >= table_size || table > image.size() || image.size() - table < table_size)
    return std::nullopt;
  const char* start = reinterpret_cast<const char*>(image.data() + table + index);
  const void* end = std::memchr(start, '\0', table_size - index);
  if (!end) return std::nullopt;
  return std::string(start, static_cast<const char*>(end));
}

// The virtual address the image's first byte is linked at.
std::optional<uint64_t> load_address(const std::vector<uint8_t>& image, const Elf64_Ehdr& header) {
  for (uint64_t i = 0; i < header.e_phnum; ++i) {
    auto program = read_at<Elf64_Phdr>(image, header.e_phoff + i * sizeof(Elf64_Phdr));
    if (!program) return std::nullopt;
    if (program->p_type == PT_LOAD && program->p_offset == 0) return program->p_vaddr;
  }
  return std::nullopt;
}

VdsoScan failure(std::string why) { return {{}, "the vDSO image " + std::move(why)}; }

}  // namespace

const std::vector<std::string>& clock_function_names() {
  static const std::vector<std::string> names = {"__vdso_clock_gettime", "__vdso_gettimeofday",
                                                 "__vdso_time"};
  return names;
}

VdsoScan find_vdso_functions(const std::vector<uint8_t>& image,
                             const std::vector<std::string>& wanted) {
  auto header = read_at<Elf64_Ehdr>(image, 0);
  if (!header || std::memcmp(header->e_ident, ELFMAG, SELFMAG) != 0)
    return failure("is not an ELF image");
  if (header->e_ident[EI_CLASS] != ELFCLASS64 || header->e_machine != EM_X86_64)
    return failure("is not 64-bit x86 (only x86-64 is supported)");
  if (header->e_shentsize != sizeof(Elf64_Shdr)) return failure("has odd section headers");
  std::optional<uint64_t> base = load_address(image, *header);
  if (!base) return failure("has no loadable segment at offset 0");

  VdsoScan scan;
  for (uint64_t i = 0; i < header->e_shnum; ++i) {
    auto section = read_at<Elf64_Shdr>(image, header->e_shoff + i * sizeof(Elf64_Shdr));
    if (!section) return failure("is cut inside its section headers");
    if (section->sh_type != SHT_DYNSYM) continue;
    auto strings =
        read_at<Elf64_Shdr>(image, header->e_shoff + section->sh_link * sizeof(Elf64_Shdr));
    if (!strings) return failure("names a missing string table");
    const uint64_t count = section->sh_size / sizeof(Elf64_Sym);
    for (uint64_t s = 0; s < count; ++s) {
      auto symbol = read_at<Elf64_Sym>(image, section->sh_offset + s * sizeof(Elf64_Sym));
      if (!symbol) return failure("is cut inside its symbol table");
      if (ELF64_ST_TYPE(symbol->st_info) != STT_FUNC || symbol->st_value < *base) continue;
      auto name = string_at(image, strings->sh_offset, strings->sh_size, symbol->st_name);
      if (!name || std::find(wanted.begin(), wanted.end(), *name) == wanted.end()) continue;
      const uint64_t offset = symbol->st_value - *base;
      if (offset > image.size() || image.size() - offset < symbol->st_size)
        return failure("puts " + *name + " outside itself");
      scan.functions.push_back({*name, offset, symbol->st_size});
    }
  }
  if (scan.functions.empty()) return failure("has none of the clock functions");
  return scan;
}

}  // namespace faultline::vdso_clock
