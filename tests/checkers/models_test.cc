// Table-driven tests of the sequential models through compile() and step().
#include <gtest/gtest.h>

#include <algorithm>

#include "checkers/model.h"

namespace faultline {
namespace {

// One op of a test history: f, the invocation's value and the completion's, as JSON text.
struct TOp {
  const char* f;
  const char* invoke = "null";
  const char* result = "null";
  bool ok = true;  // false: the op ended in info
};

// A history built from TOps: ops[2i] invokes op i, ops[2i + 1] completes it.
struct Built {
  std::vector<Op> ops;
  std::vector<CheckOp> checks;
};

Built build(const std::vector<TOp>& in) {
  Built b;
  b.ops.reserve(2 * in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    Op invoke;
    invoke.index = static_cast<int64_t>(2 * i);
    invoke.process = static_cast<int64_t>(i);
    invoke.f = in[i].f;
    invoke.value = Json::parse(in[i].invoke);
    Op done = invoke;
    done.index += 1;
    done.type = in[i].ok ? OpType::kOk : OpType::kInfo;
    done.value = Json::parse(in[i].result);
    b.ops.push_back(std::move(invoke));
    b.ops.push_back(std::move(done));
  }
  for (size_t i = 0; i < in.size(); ++i) {
    b.checks.push_back(CheckOp{&b.ops[2 * i], &b.ops[2 * i + 1], in[i].ok, 2 * i, 2 * i + 1});
  }
  return b;
}

CompileResult compile(const char* model, const char* init, NilRead nil, const Built& b) {
  std::unique_ptr<Model> m = make_model(model);
  EXPECT_NE(m, nullptr) << model;
  if (!m) return {};
  return m->compile(b.checks, ModelOptions{Json::parse(init), nil});
}

constexpr NilRead kAbsent = NilRead::kAbsent;
constexpr NilRead kUnobserved = NilRead::kUnobserved;

struct Case {
  Case(const char* name, const char* model, std::vector<TOp> ops, int fails_at = -1,
       const char* final = "null", const char* init = "null", NilRead nil = kAbsent,
       std::vector<size_t> identities = {})
      : name(name), model(model), ops(std::move(ops)), fails_at(fails_at), final(final),
        init(init), nil(nil), identities(std::move(identities)) {}

  const char* name;
  const char* model;
  std::vector<TOp> ops;
  int fails_at;                    // the op that cannot step; -1: all step, in order
  const char* final;               // describe() of the last state, when all step
  const char* init;
  NilRead nil;
  std::vector<size_t> identities;  // the ops is_identity() must report
};

const Case kCases[] = {
    // multi-register
    {"MultiReadsOwnWrite", "multi-register",
     {{"txn", R"([["write","x",1],["read","x",null]])", R"([["write","x",1],["read","x",1]])"},
      {"txn", R"([["read","x",null],["read","y",null]])", R"([["read","x",1],["read","y",0]])"}},
     -1, R"({"x":1,"y":0})", R"({"x":0,"y":0})"},
    {"MultiStaleRead", "multi-register",
     {{"txn", "null", R"([["write","x",1]])"}, {"txn", "null", R"([["read","x",0]])"}},
     1, "", "0"},
    {"MultiReadAfterWriteInTxn", "multi-register",
     {{"txn", "null", R"([["write","x",2],["read","x",1]])"}}, 0, "", R"({"x":1})"},
    {"MultiNilReadAbsent", "multi-register", {{"txn", "null", R"([["read","x",null]])"}}, 0, "",
     "5"},
    {"MultiNilReadUnobserved", "multi-register", {{"txn", "null", R"([["read","x",null]])"}}, -1,
     R"({"x":5})", "5", kUnobserved, {0}},
    {"MultiIndeterminateWritesApply", "multi-register",
     {{"txn", R"([["write","x",3],["read","y",7]])", "null", false},
      {"txn", "null", R"([["read","x",3],["read","y",null]])"}},
     -1, R"({"x":3,"y":null})"},
    {"MultiIndeterminateReadsOnly", "multi-register",
     {{"txn", R"([["read","x",9]])", "null", false}}, -1, R"({"x":null})", "null", kAbsent, {0}},
    {"MultiNumberNames", "multi-register",
     {{"txn", "null", R"([["write",1,"a"]])"}, {"txn", "null", R"([["read","1","a"]])"}}, -1,
     R"({"1":"a"})"},
    // mutex
    {"MutexAcquireRelease", "mutex", {{"acquire"}, {"release"}, {"acquire"}}, -1, R"("held")"},
    {"MutexDoubleAcquire", "mutex", {{"acquire"}, {"acquire"}}, 1},
    {"MutexReleaseWhenFree", "mutex", {{"release"}}, 0},
    {"MutexInitHeld", "mutex", {{"release"}}, -1, R"("free")", "true"},
    // kv
    {"KvPutGetAppend", "kv",
     {{"put", "1"}, {"get", "null", "1"}, {"append", "2"}, {"get", "null", "[1,2]"}}, -1,
     "[1,2]"},
    {"KvAppendToNil", "kv", {{"append", R"("a")"}, {"get", "null", R"(["a"])"}}, -1, R"(["a"])"},
    {"KvScalarIsNotList", "kv", {{"put", "[5]"}, {"get", "null", "5"}}, 1},
    {"KvListOrderMatters", "kv", {{"append", "1"}, {"append", "2"}, {"get", "null", "[2,1]"}},
     2},
    {"KvAliases", "kv", {{"write", "3"}, {"read", "null", "3"}}, -1, "3"},
    {"KvWriteFromCompletion", "kv", {{"put", "null", "7"}, {"get", "null", "7"}}, -1, "7"},
    {"KvNilGetAbsent", "kv", {{"put", "3"}, {"get"}}, 1},
    {"KvNilGetUnobserved", "kv", {{"put", "3"}, {"get"}}, -1, "3", "null", kUnobserved, {1}},
    {"KvInitList", "kv", {{"append", "2"}, {"get", "null", "[1,2]"}}, -1, "[1,2]", "[1]"},
    {"KvInitScalarThenAppend", "kv", {{"append", "2"}, {"get", "null", "[1,2]"}}, -1, "[1,2]",
     "1"},
    {"KvIndeterminate", "kv", {{"put", "4", "null", false}, {"get", "8", "null", false}}, -1, "4",
     "null", kAbsent, {1}},
    // kv-string
    {"KvStringAppendConcatenates", "kv-string",
     {{"append", R"("a")"}, {"append", R"("bc")"}, {"get", "null", R"("abc")"}}, -1, R"("abc")"},
    {"KvStringMissingReadsEmpty", "kv-string", {{"get", "null", R"("")"}, {"get"}}, -1, R"("")"},
    {"KvStringPutThenAppend", "kv-string",
     {{"put", R"("x")"}, {"append", R"("y")"}, {"get", "null", R"("xy")"}}, -1, R"("xy")"},
    {"KvStringPiecesJoinEitherWay", "kv-string",
     {{"append", R"("ab")"}, {"get", "null", R"("ab")"}, {"put", R"("a")"}, {"append", R"("b")"},
      {"get", "null", R"("ab")"}},
     -1, R"("ab")"},
    {"KvStringOrderMatters", "kv-string",
     {{"append", R"("a")"}, {"append", R"("b")"}, {"get", "null", R"("ba")"}}, 2},
    {"KvStringNilGetAfterAppend", "kv-string", {{"append", R"("a")"}, {"get"}}, 1},
    {"KvStringNilGetUnobserved", "kv-string", {{"put", R"("a")"}, {"get"}}, -1, R"("a")",
     "null", kUnobserved, {1}},
    {"KvStringInit", "kv-string", {{"append", R"("b")"}, {"get", "null", R"("ab")"}}, -1,
     R"("ab")", R"("a")"},
    {"KvStringIndeterminateGet", "kv-string",
     {{"put", R"("a")"}, {"get", "null", R"("zz")", false}}, -1, R"("a")", "null", kAbsent,
     {1}},
    {"KvStringUnreadStringIsNamedAsSuch", "kv-string",
     {{"put", R"("a")"}, {"append", R"("q")"}}, -1,
     R"x("(a string no get read, nor any start of one)")x"},
    // set
    {"SetAddRead", "set", {{"add", "1"}, {"add", "2"}, {"add", "1"}, {"read", "null", "[2,1]"}},
     -1, "[1,2]"},
    {"SetReadMissesElement", "set", {{"add", "1"}, {"add", "2"}, {"read", "null", "[1]"}}, 2},
    {"SetReadRepeats", "set", {{"add", "1"}, {"read", "null", "[1,1]"}}, 1},
    {"SetInit", "set", {{"read", "null", "[4,3]"}}, -1, "[3,4]", "[3,4,3]"},
    {"SetNilReadAbsentIsEmpty", "set", {{"read"}, {"add", "1"}, {"read"}}, 2},
    {"SetNilReadUnobserved", "set", {{"add", "1"}, {"read"}}, -1, "[1]", "null", kUnobserved,
     {1}},
    {"SetIndeterminate", "set", {{"add", "1", "null", false}, {"read", "null", "null", false}},
     -1, "[1]", "null", kAbsent, {1}},
    // unordered-queue
    {"UnorderedAnyOrder", "unordered-queue",
     {{"enqueue", "1"}, {"enqueue", "2"}, {"dequeue", "null", "2"}, {"dequeue", "null", "1"},
      {"dequeue"}},
     -1, "[]"},
    {"UnorderedMultiset", "unordered-queue",
     {{"enqueue", "1"}, {"enqueue", "1"}, {"dequeue", "null", "1"}}, -1, "[1]"},
    {"UnorderedDequeueAbsent", "unordered-queue", {{"enqueue", "1"}, {"dequeue", "null", "3"}},
     1},
    {"UnorderedNilIsEmptyEvenUnobserved", "unordered-queue", {{"enqueue", "1"}, {"dequeue"}}, 1,
     "", "null", kUnobserved},
    {"UnorderedInit", "unordered-queue", {{"dequeue", "null", "2"}}, -1, "[1]", "[2,1]"},
    {"UnorderedIndeterminateDequeue", "unordered-queue",
     {{"enqueue", "1"}, {"dequeue", "null", "null", false}}, -1,
     R"({"queue":[1],"note":"indeterminate dequeues modelled as removing nothing; empty dequeues not checked"})",
     "null", kAbsent, {1}},
    // The indeterminate dequeue may have taken the 1, so "empty" cannot be refuted.
    {"UnorderedEmptyNotCheckedAfterIndeterminateDequeue", "unordered-queue",
     {{"enqueue", "1"}, {"dequeue", "null", "null", false}, {"dequeue"}}, -1,
     R"({"queue":[1],"note":"indeterminate dequeues modelled as removing nothing; empty dequeues not checked"})",
     "null", kAbsent, {1, 2}},
    // fifo-queue
    {"FifoInOrder", "fifo-queue",
     {{"enqueue", "1"}, {"enqueue", "2"}, {"dequeue", "null", "1"}, {"dequeue", "null", "2"},
      {"dequeue"}},
     -1, "[]"},
    {"FifoOutOfOrder", "fifo-queue",
     {{"enqueue", "1"}, {"enqueue", "2"}, {"dequeue", "null", "2"}}, 2},
    {"FifoNilAbsentNeedsEmpty", "fifo-queue", {{"enqueue", "1"}, {"dequeue"}}, 1},
    {"FifoNilUnobservedTakesFront", "fifo-queue",
     {{"enqueue", "1"}, {"enqueue", "2"}, {"dequeue"}, {"dequeue", "null", "2"}}, -1, "[]",
     "null", kUnobserved},
    {"FifoIndeterminateTakesFront", "fifo-queue",
     {{"dequeue", "null", "null", false}, {"dequeue", "null", "null", false},
      {"dequeue", "null", "7"}},
     -1, "[]", "[5,6,7]"},
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }
class ModelCase : public testing::TestWithParam<Case> {};

TEST_P(ModelCase, StepsInOrder) {
  const Case& c = GetParam();
  Built b = build(c.ops);
  CompileResult r = compile(c.model, c.init, c.nil, b);
  ASSERT_NE(r.machine, nullptr) << r.error;
  State s = r.machine->initial();
  for (size_t i = 0; i < c.ops.size(); ++i) {
    bool expect_identity =
        std::find(c.identities.begin(), c.identities.end(), i) != c.identities.end();
    EXPECT_EQ(r.machine->is_identity(i), expect_identity) << "op " << i;
    State next;
    bool stepped = r.machine->step(s, i, next);
    if (static_cast<int>(i) == c.fails_at) {
      EXPECT_FALSE(stepped) << "op " << i << " from " << r.machine->describe(s);
      return;
    }
    ASSERT_TRUE(stepped) << "op " << i << " from " << r.machine->describe(s);
    EXPECT_TRUE(!expect_identity || next == s) << "op " << i << " is not an identity";
    s = std::move(next);
  }
  ASSERT_EQ(c.fails_at, -1) << "expected op " << c.fails_at << " to fail";
  EXPECT_EQ(r.machine->describe(s), Json::parse(c.final));
}

INSTANTIATE_TEST_SUITE_P(Models, ModelCase, testing::ValuesIn(kCases),
                         [](const testing::TestParamInfo<Case>& p) { return p.param.name; });

struct ErrorCase {
  ErrorCase(const char* model, std::vector<TOp> ops, const char* error, int at = 0,
            const char* init = "null")
      : model(model), ops(std::move(ops)), error(error), at(at), init(init) {}

  const char* model;
  std::vector<TOp> ops;
  const char* error;  // the whole message
  int at;             // index into Built::ops of the op named; -1: none
  const char* init;
};

const ErrorCase kErrors[] = {
    {"multi-register", {{"read"}},
     "the multi-register model has no operation 'read' (expected txn)"},
    {"multi-register", {{"txn", "null", "5"}}, "a txn needs a list of micro-ops, got 5", 1},
    {"multi-register", {{"txn", R"([["cas","x",1]])", "null", false}},
     R"(a txn micro-op must be ["read", k, v] or ["write", k, v], got ["cas","x",1])"},
    {"multi-register", {{"txn", "null", R"([["read",[1],1]])"}},
     "a register name must be a string or a number, got [1]", 1},
    {"multi-register", {}, "multi-register init must be an object, a scalar or null, got [1]", -1,
     "[1]"},
    {"mutex", {{"acquire"}, {"lock"}},
     "the mutex model has no operation 'lock' (expected acquire or release)", 2},
    {"mutex", {}, R"(mutex init must be true (held), false or null (free), got "x")", -1,
     R"("x")"},
    {"kv", {{"cas"}},
     "the kv model has no operation 'cas' (expected get, put or append; read and write are "
     "aliases of get and put)"},
    {"kv", {{"append"}}, "append needs an element to append, got null"},
    {"kv-string", {{"cas"}},
     "the kv-string model has no operation 'cas' (expected get, put or append; read and write "
     "are aliases of get and put)"},
    {"kv-string", {{"append", "1"}}, "the kv-string model needs the value of append to be a "
                                     "string, got 1"},
    {"kv-string", {{"get", "null", "[1]"}}, "the kv-string model needs a get's value to be a "
                                            "string, got [1]", 1},
    {"kv-string", {}, "the kv-string model needs the initial value to be a string, got 3", -1, "3"},
    {"set", {{"remove", "1"}}, "the set model has no operation 'remove' (expected add or read)"},
    {"set", {{"add"}}, "add needs an element to add, got null"},
    {"set", {{"read", "null", "3"}}, "a set read needs an array of elements, got 3", 1},
    {"set", {}, "set init must be an array of elements or null, got 3", -1, "3"},
    {"unordered-queue", {{"pop"}},
     "the unordered-queue model has no operation 'pop' (expected enqueue or dequeue)"},
    {"unordered-queue", {{"enqueue"}}, "enqueue needs an element, got null"},
    {"fifo-queue", {{"enqueue", "1"}, {"peek"}},
     "the fifo-queue model has no operation 'peek' (expected enqueue or dequeue)", 2},
    {"fifo-queue", {}, R"(fifo-queue init must be an array of elements or null, got {})", -1,
     "{}"},
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.model << ": " << c.error; }
class ModelError : public testing::TestWithParam<ErrorCase> {};

TEST_P(ModelError, NamesWhatWasExpected) {
  const ErrorCase& c = GetParam();
  Built b = build(c.ops);
  CompileResult r = compile(c.model, c.init, kAbsent, b);
  EXPECT_EQ(r.machine, nullptr);
  EXPECT_EQ(r.error, c.error);
  EXPECT_EQ(r.at, c.at < 0 ? nullptr : &b.ops[static_cast<size_t>(c.at)]);
}

INSTANTIATE_TEST_SUITE_P(Models, ModelError, testing::ValuesIn(kErrors));

// can_leave_out(): indeterminate updates whose effect no ok op observes (a kv put is never).
struct LeaveOutCase {
  const char* model;
  NilRead nil;
  std::vector<TOp> ops;
  std::vector<bool> leave_out;
};

TEST(Models, LeaveOutUnobservedIndeterminateUpdates) {
  const LeaveOutCase cases[] = {
      {"fifo-queue", kAbsent,
       {{"enqueue", "1", "null", false}, {"enqueue", "2", "null", false},
        {"dequeue", "null", "2"}, {"dequeue", "null", "null", false}},
       {true, false, false, false}},
      {"fifo-queue", kUnobserved, {{"enqueue", "1", "null", false}, {"dequeue"}}, {false, false}},
      {"unordered-queue", kAbsent,
       {{"enqueue", "1", "null", false}, {"enqueue", "2", "null", false},
        {"dequeue", "null", "2"}, {"dequeue", "null", "null", false}},
       {true, false, false, true}},
      {"set", kAbsent,
       {{"add", "1", "null", false}, {"add", "2", "null", false}, {"read", "null", "[2]"},
        {"add", "3"}},
       {true, false, false, false}},
      {"kv", kAbsent, {{"put", "1", "null", false}}, {false}},
  };
  for (const LeaveOutCase& c : cases) {
    Built b = build(c.ops);
    CompileResult r = compile(c.model, "null", c.nil, b);
    ASSERT_NE(r.machine, nullptr) << r.error;
    for (size_t i = 0; i < c.ops.size(); ++i) {
      EXPECT_EQ(r.machine->can_leave_out(i), c.leave_out[i]) << c.model << " op " << i;
    }
  }
}

TEST(Models, AllAreRegistered) {
  for (const char* name : {"register", "cas-register", "multi-register", "mutex", "kv", "set",
                           "unordered-queue", "fifo-queue"}) {
    std::unique_ptr<Model> m = make_model(name);
    ASSERT_NE(m, nullptr) << name;
    EXPECT_EQ(m->name(), name);
    std::vector<std::string> names = model_names();
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
}

}  // namespace
}  // namespace faultline
