// Runs a fuzz target without libFuzzer, for compilers that have none (g++)
// and for CI: every corpus file once, then -runs inputs mutated from them by a
// seeded generator, so a run is repeatable from its seed. It takes libFuzzer's
// flags of the same names, so one command line serves both builds:
//   fuzz_history -runs=20000 -seed=1 -max_len=4096 -dict=history.dict corpus/history
// An input that breaks the target (a failed property, a sanitizer report, a
// crash) is saved as crash-<program>-<run> in the working directory before the process dies.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_target.h"

// g++ says __SANITIZE_ADDRESS__ under -fsanitize=address (clang builds use libFuzzer instead).
#if defined(__SANITIZE_ADDRESS__) && __has_include(<sanitizer/common_interface_defs.h>)
#include <sanitizer/common_interface_defs.h>
#define FAULTLINE_HAVE_SANITIZER_CALLBACK 1
#endif

namespace {

using Bytes = std::vector<uint8_t>;

struct Options {
  int64_t runs = 1000;
  uint64_t seed = 1;
  size_t max_len = 4096;
  std::string dict;
  std::vector<std::string> inputs;  // corpus folders or files
};

// The input being run, for the handlers that save it when the process dies.
// Global because a signal handler can reach nothing else.
struct CurrentInput {
  const uint8_t* data = nullptr;
  size_t size = 0;
  char path[256] = "crash";
};
CurrentInput g_current;

// Async-signal-safe: open, write, close only.
void save_current_input() {
  const int fd = open(g_current.path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return;
  for (size_t done = 0; done < g_current.size;) {
    const ssize_t n = write(fd, g_current.data + done, g_current.size - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  close(fd);
  const char note[] = "fuzz: the input that broke the target is saved as ";
  [[maybe_unused]] ssize_t ignored = write(2, note, sizeof note - 1);
  ignored = write(2, g_current.path, strnlen(g_current.path, sizeof g_current.path));
  ignored = write(2, "\n", 1);
}

void on_fatal_signal(int signal) {
  save_current_input();
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

void run_one(const Bytes& input, const std::string& program, const char* name) {
  g_current.data = input.data();
  g_current.size = input.size();
  std::snprintf(g_current.path, sizeof g_current.path, "crash-%s-%s", program.c_str(), name);
  LLVMFuzzerTestOneInput(input.data(), input.size());
}

Bytes read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// libFuzzer's dictionary format: one `name="value"` per line, with \\, \" and \xNN.
std::vector<Bytes> read_dictionary(const std::string& path) {
  std::vector<Bytes> words;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    const size_t open = line.find('"');
    const size_t close = line.rfind('"');
    if (line.empty() || line[0] == '#' || open == std::string::npos || close <= open) continue;
    Bytes word;
    for (size_t i = open + 1; i < close; ++i) {
      if (line[i] != '\\' || i + 1 >= close) {
        word.push_back(static_cast<uint8_t>(line[i]));
      } else if (line[i + 1] == 'x' && i + 3 < close) {
        word.push_back(static_cast<uint8_t>(std::stoi(line.substr(i + 2, 2), nullptr, 16)));
        i += 3;
      } else {
        word.push_back(static_cast<uint8_t>(line[++i]));
      }
    }
    words.push_back(std::move(word));
  }
  return words;
}

class Mutator {
 public:
  Mutator(uint64_t seed, size_t max_len, std::vector<Bytes> dictionary)
      : rng_(seed), max_len_(max_len), dictionary_(std::move(dictionary)) {}

  // One to four edits of `input`, sometimes spliced with `other`.
  Bytes mutate(Bytes input, const Bytes& other) {
    const int edits = 1 + static_cast<int>(below(4));
    for (int i = 0; i < edits; ++i) edit(input, other);
    if (input.size() > max_len_) input.resize(max_len_);
    return input;
  }

 private:
  size_t below(size_t n) {
    return n == 0 ? 0 : std::uniform_int_distribution<size_t>(0, n - 1)(rng_);
  }

  void edit(Bytes& b, const Bytes& other) {
    static constexpr uint8_t kInteresting[] = {0,   0xff, 0x80, '\n', '\r', '"', '\\', '[', ']',
                                               '{', '}',  ':',  ',',  '-',  '0', '9',  ' ', '\t'};
    const size_t at = below(b.size() + 1);
    switch (below(8)) {
      case 0:  // flip a bit
        if (!b.empty()) b[below(b.size())] ^= static_cast<uint8_t>(1u << below(8));
        break;
      case 1:  // an interesting byte in place of another
        if (!b.empty()) b[below(b.size())] = kInteresting[below(std::size(kInteresting))];
        break;
      case 2:  // insert a byte
        b.insert(b.begin() + static_cast<ptrdiff_t>(at), static_cast<uint8_t>(below(256)));
        break;
      case 3: {  // erase a range
        const size_t n = std::min(b.size() - std::min(at, b.size()), 1 + below(16));
        b.erase(b.begin() + static_cast<ptrdiff_t>(std::min(at, b.size())),
                b.begin() + static_cast<ptrdiff_t>(std::min(at, b.size()) + n));
        break;
      }
      case 4: {  // repeat a range
        if (b.empty()) break;
        const size_t from = below(b.size());
        const size_t n = 1 + below(std::min<size_t>(64, b.size() - from));
        const Bytes piece(b.begin() + static_cast<ptrdiff_t>(from),
                          b.begin() + static_cast<ptrdiff_t>(from + n));
        b.insert(b.begin() + static_cast<ptrdiff_t>(at), piece.begin(), piece.end());
        break;
      }
      case 5:  // cut the end off
        b.resize(at);
        break;
      case 6: {  // splice: our head, the other's tail
        const size_t from = below(other.size() + 1);
        b.resize(at);
        b.insert(b.end(), other.begin() + static_cast<ptrdiff_t>(from), other.end());
        break;
      }
      default:  // a dictionary word
        if (dictionary_.empty()) break;
        const Bytes& word = dictionary_[below(dictionary_.size())];
        b.insert(b.begin() + static_cast<ptrdiff_t>(at), word.begin(), word.end());
        break;
    }
  }

  std::mt19937_64 rng_;
  size_t max_len_;
  std::vector<Bytes> dictionary_;
};

bool parse_flag(const std::string& arg, const char* name, std::string& value) {
  const std::string prefix = std::string("-") + name + "=";
  if (arg.rfind(prefix, 0) != 0) return false;
  value = arg.substr(prefix.size());
  return true;
}

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    std::string value;
    if (parse_flag(arg, "runs", value)) {
      options.runs = std::stoll(value);
    } else if (parse_flag(arg, "seed", value)) {
      options.seed = std::stoull(value);
    } else if (parse_flag(arg, "max_len", value)) {
      options.max_len = std::stoull(value);
    } else if (parse_flag(arg, "dict", value)) {
      options.dict = value;
    } else if (!arg.empty() && arg[0] == '-') {
      std::fprintf(stderr, "fuzz: ignoring libFuzzer flag %s (standalone driver)\n", arg.c_str());
    } else {
      options.inputs.push_back(arg);
    }
  }
  return options;
}

std::vector<std::filesystem::path> corpus_files(const std::vector<std::string>& inputs) {
  std::vector<std::filesystem::path> files;
  for (const std::string& input : inputs) {
    if (std::filesystem::is_directory(input)) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(input))
        if (entry.is_regular_file()) files.push_back(entry.path());
    } else if (std::filesystem::is_regular_file(input)) {
      files.emplace_back(input);
    } else {
      std::fprintf(stderr, "fuzz: %s is neither a file nor a folder\n", input.c_str());
      std::exit(2);
    }
  }
  std::sort(files.begin(), files.end());  // the same order on every machine
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse_options(argc, argv);
  const std::string program = std::filesystem::path(argv[0]).filename().string();
  for (int signal : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL})
    std::signal(signal, on_fatal_signal);
#ifdef FAULTLINE_HAVE_SANITIZER_CALLBACK
  __sanitizer_set_death_callback(save_current_input);
#endif
  std::vector<Bytes> corpus;
  for (const std::filesystem::path& file : corpus_files(options.inputs)) {
    corpus.push_back(read_file(file));
    run_one(corpus.back(), program, file.filename().c_str());
  }
  if (corpus.empty()) corpus.emplace_back();
  Mutator mutator(options.seed, options.max_len,
                  options.dict.empty() ? std::vector<Bytes>{} : read_dictionary(options.dict));
  std::mt19937_64 pick(options.seed ^ 0x9e3779b97f4a7c15ull);
  for (int64_t run = 0; run < options.runs; ++run) {
    const Bytes& base = corpus[pick() % corpus.size()];
    const Bytes& other = corpus[pick() % corpus.size()];
    const Bytes input = mutator.mutate(base, other);
    run_one(input, program, ("run-" + std::to_string(run)).c_str());
  }
  std::printf("fuzz: %zu corpus inputs and %lld mutated inputs, seed %llu: no failure\n",
              corpus.size(), static_cast<long long>(options.runs),
              static_cast<unsigned long long>(options.seed));
  return 0;
}
