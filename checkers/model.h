// Sequential specifications for the linearizability checker.
//
// A Model reads a history's ops and compiles them into a Machine: a compact,
// integer-only form of the model specialised to one partition's ops, which the
// search (wgl.h) steps through millions of times. Models are pure; a Machine
// is immutable after compile and may be used from one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/history/op.h"

namespace faultline {

// How an ok read whose value is nil is understood.
enum class NilRead {
  kAbsent,      // the register held nothing (faultline's own histories)
  kUnobserved,  // the value was not observed; constrains nothing (Knossos)
};

struct ModelOptions {
  Json init;  // initial value; null means the model's own default (empty / nil)
  NilRead nil_read = NilRead::kAbsent;
};

// One operation as the checker sees it: an invocation with its outcome.
// Points into the History it came from, which must outlive it.
struct CheckOp {
  const Op* invoke = nullptr;
  const Op* complete = nullptr;  // null when the op never completed
  bool ok = false;               // false: indeterminate (info or no completion)
  size_t call_position = 0;      // order of the invocation in the history
  size_t return_position = 0;    // order of the completion; meaningful when ok

  const std::string& f() const { return invoke->f; }
  // The value to check: the completion's when ok (reads learn it there),
  // the invocation's otherwise.
  const Json& value() const { return ok && complete ? complete->value : invoke->value; }
  // What an update writes: the invocation's value (an ok completion need not
  // echo it), else the completion's.
  const Json& written() const { return invoke->value.is_null() ? value() : invoke->value; }
};

// A model state: a short vector of integers (value ids, counters, flags).
using State = std::vector<int64_t>;

class Machine {
 public:
  virtual ~Machine() = default;
  virtual State initial() const = 0;
  // Applies op `i` (an index into the compiled ops) to `s`, writing the next
  // state to `out`. False when op i cannot take effect in state s.
  virtual bool step(const State& s, size_t i, State& out) const = 0;
  // True when op i neither constrains nor changes the state (e.g. a read whose
  // value was not observed): the search may leave it out.
  virtual bool is_identity(size_t /*i*/) const { return false; }
  // True when the search may leave op i out without changing the verdict:
  // an identity, or an indeterminate op whose effect no other op could ever
  // observe (never taking effect is then always at least as good).
  virtual bool can_leave_out(size_t i) const { return is_identity(i); }
  // True when op i can take effect in no state the model could ever reach
  // (a read of a value nothing wrote). An ok op like that decides the
  // verdict at once, without a search.
  virtual bool never_possible(size_t /*i*/) const { return false; }
  // A state as a person reads it.
  virtual Json describe(const State& s) const = 0;
};

struct CompileResult {
  std::unique_ptr<Machine> machine;  // null on error
  std::string error;                 // what is wrong
  const Op* at = nullptr;            // the op it is about, when there is one
};

class Model {
 public:
  virtual ~Model() = default;
  virtual std::string_view name() const = 0;
  virtual CompileResult compile(const std::vector<CheckOp>& ops,
                                const ModelOptions& options) const = 0;
};

// Names of all models, for --help and "did you mean".
std::vector<std::string> model_names();
// Null when no model has that name.
std::unique_ptr<Model> make_model(std::string_view name);

}  // namespace faultline
