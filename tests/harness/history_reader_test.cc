#include "harness/history/history_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "harness/history/op_json.h"

namespace faultline {
namespace {

const std::string kKnossos = std::string(FAULTLINE_TEST_DATA_DIR) + "/histories/knossos";

History read_ok(std::string_view text, HistoryFormat format, const std::string& name = "h") {
  Parsed<History> history = read_history_text(text, name, format);
  EXPECT_TRUE(history.ok()) << history.error().to_string();
  return history.ok() ? std::move(*history) : History{};
}

SourceError read_error(std::string_view text, HistoryFormat format, const std::string& name = "h") {
  Parsed<History> history = read_history_text(text, name, format);
  EXPECT_FALSE(history.ok()) << "read " << history->ops.size() << " ops";
  return history.ok() ? SourceError{} : history.error();
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// What `grep -c ':type' file` prints: each Jepsen op map has one :type.
size_t lines_with_type(const std::string& path) {
  std::ifstream in(path);
  size_t count = 0;
  for (std::string line; std::getline(in, line);) count += line.find(":type") != line.npos;
  return count;
}

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = testing::TempDir() + "/faultline_history_reader_" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// --- jsonl ---------------------------------------------------------------

TEST(HistoryJsonl, ReadsOneOpPerLineSkippingBlankLines) {
  const History h = read_ok(
      "{\"index\":0,\"process\":1,\"type\":\"invoke\",\"f\":\"cas\",\"key\":\"x\","
      "\"value\":[1,4],\"time\":100,\"node\":\"n2\",\"unknown\":{\"a\":[1]}}\n"
      "\n   \n"
      "{\"index\":1,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"start\","
      "\"value\":{\"cut\":[\"n1\",[\"n2\",\"n3\"]]}}\r\n"
      "{\"index\":2,\"process\":1,\"type\":\"fail\",\"f\":\"cas\",\"value\":[1,4],"
      "\"error\":[\"not-found\",\"gone\"]}\n",
      HistoryFormat::kJsonl);
  ASSERT_EQ(h.ops.size(), 3u);
  EXPECT_EQ(h.source, "h");
  EXPECT_EQ(h.ops[0].key, "x");
  EXPECT_EQ(h.ops[0].value, Json::parse("[1,4]"));
  EXPECT_EQ(h.ops[0].time_ns, 100);
  EXPECT_EQ(h.ops[0].node, "n2");
  EXPECT_EQ(h.ops[1].process, kNemesisProcess);
  EXPECT_EQ(h.ops[1].value, Json::parse(R"({"cut":["n1",["n2","n3"]]})"));
  EXPECT_EQ(h.ops[1].source_line, 4);
  EXPECT_EQ(h.ops[2].type, OpType::kFail);
  EXPECT_EQ(h.ops[2].error, Json::parse(R"(["not-found","gone"])"));
  EXPECT_EQ(h.ops[2].source_line, 5);
  EXPECT_TRUE(h.notes.empty());
}

TEST(HistoryJsonl, OpsWithoutIndexAreNumberedByPosition) {
  const History h = read_ok(
      "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\"}\n\n"
      "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":3}",  // no final newline
      HistoryFormat::kJsonl);
  ASSERT_EQ(h.ops.size(), 2u);
  EXPECT_EQ(h.ops[0].index, 0);
  EXPECT_EQ(h.ops[1].index, 1);
  EXPECT_EQ(h.ops[1].source_line, 3);
}

TEST(HistoryJsonl, WrittenOpsReadBackTheSame) {
  std::vector<Op> ops(3);
  ops[0].index = 0, ops[0].process = 4, ops[0].f = "write", ops[0].value = 7;
  ops[1].index = 1, ops[1].process = kNemesisProcess, ops[1].type = OpType::kInfo;
  ops[1].f = "kill", ops[1].node = "n3", ops[1].time_ns = 55;
  ops[2].index = 2, ops[2].process = 4, ops[2].type = OpType::kInfo, ops[2].f = "write";
  ops[2].value = 7, ops[2].error = "timeout", ops[2].key = "k";
  std::string text;
  for (const Op& op : ops) text += op_to_jsonl(op) + "\n";
  const History h = read_ok(text, HistoryFormat::kAuto, "run/history.jsonl");
  ASSERT_EQ(h.ops.size(), ops.size());
  for (size_t i = 0; i < ops.size(); ++i) {
    EXPECT_EQ(op_to_json(h.ops[i]), op_to_json(ops[i]));
    EXPECT_EQ(h.ops[i].source_line, static_cast<int64_t>(i + 1));
  }
}

struct ErrorCase {
  const char* name;
  std::string text;
  int64_t line;
  int64_t column;
  std::string message;
};

const std::string kGood1 = "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\"}\n";
const std::string kGood2 = "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":2}\n";

TEST(HistoryJsonl, CorruptLinesAreErrorsWithLineAndColumn) {
  const ErrorCase cases[] = {
      {"bad JSON on line 3", kGood1 + kGood2 + "{\"process\":2,\"type\":\"ok\",\"f\":\"read\" 7}\n",
       3, 37,
       "invalid JSON: syntax error while parsing object - unexpected number literal; "
       "expected '}'"},
      {"two values on a line", kGood1 + kGood1.substr(0, kGood1.size() - 1) + " {}\n", 2, 42,
       "invalid JSON: syntax error while parsing value - unexpected '{'; expected end of input"},
      {"columns count code points", "{\"f\":\"é\", \"process\": x}\n", 1, 22,
       "invalid JSON: syntax error while parsing value - invalid literal; last read: "
       "'\"process\": x'"},
      {"not an object", kGood1 + "[1,2]\n", 2, 1,
       "expected a JSON object (one op per line), found array"},
      {"a bare value", "42\n", 1, 1, "expected a JSON object (one op per line), found number"},
      {"bad type", kGood1 + "{\"process\":1,\"type\":\"done\",\"f\":\"read\"}\n", 2, 1,
       "field 'type' must be one of invoke, ok, fail, info, found \"done\""},
      {"missing f", kGood1 + kGood2 + "{\"process\":1,\"type\":\"ok\"}\n", 3, 1,
       "missing field 'f'"},
      {"deep nesting", "{\"value\":" + std::string(100000, '[') + "\n", 1, 521,
       "nesting deeper than 512 levels"},
  };
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.name);
    const SourceError error = read_error(c.text, HistoryFormat::kJsonl, "h.jsonl");
    EXPECT_EQ(error.where.file, "h.jsonl");
    EXPECT_EQ(error.where.line, c.line);
    EXPECT_EQ(error.where.column, c.column);
    EXPECT_EQ(error.message, c.message);
  }
}

// A last line without its newline that does not parse was cut while being
// written: it is left out with a note, never read as an op, never an error.
TEST(HistoryJsonl, ACutLastLineIsLeftOutWithANote) {
  const std::pair<std::string, size_t> cases[] = {
      {kGood1 + kGood2 + "{\"process\":2,\"ty", 2},
      {kGood1 + "{\"process\":2,\"type\":\"ok\"", 1},
  };
  for (const auto& [text, ops] : cases) {
    Parsed<History> h = read_history_text(text, "h.jsonl", HistoryFormat::kJsonl);
    ASSERT_TRUE(h) << h.error().to_string();
    EXPECT_EQ(h->ops.size(), ops);
    ASSERT_EQ(h->notes.size(), 1u);
    EXPECT_EQ(h->notes[0].where.line, static_cast<int64_t>(ops + 1));
    EXPECT_NE(h->notes[0].message.find("no newline and is not a whole op"), std::string::npos);
  }
  // A whole op without its newline is read; a field missing there is an error.
  Parsed<History> whole = read_history_text(kGood1 + kGood2.substr(0, kGood2.size() - 1), "h.jsonl",
                                            HistoryFormat::kJsonl);
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->ops.size(), 2u);
  EXPECT_TRUE(whole->notes.empty());
  EXPECT_FALSE(read_history_text(kGood1 + "{\"process\":1,\"type\":\"ok\"}", "h.jsonl",
                                 HistoryFormat::kJsonl));
}

// Big texts are read by several threads; line numbers, indexes and the first
// error must come out as if read by one.
TEST(HistoryJsonl, BigHistoriesReadAsIfByOneThread) {
  std::string text;
  const int kLines = 200000;
  for (int i = 0; i < kLines; ++i) {
    if (i % 1000 == 7) text += "\n";
    text += "{\"process\":" + std::to_string(i % 10) +
            ",\"type\":\"invoke\",\"f\":\"write\",\"value\":" + std::to_string(i) +
            ",\"node\":\"some-rather-long-node-name\"}\n";
  }
  const History h = read_ok(text, HistoryFormat::kJsonl);
  ASSERT_EQ(h.ops.size(), static_cast<size_t>(kLines));
  int64_t blank_lines = 0;
  for (int i = 0; i < kLines; ++i) {
    if (i % 1000 == 7) ++blank_lines;
    ASSERT_EQ(h.ops[i].index, i);
    ASSERT_EQ(h.ops[i].value, i);
    ASSERT_EQ(h.ops[i].source_line, i + 1 + blank_lines);
  }
  const size_t late = text.size() * 9 / 10;
  text.replace(text.find("\"value\":", late), 8, "\"value\":,");
  const SourceError error = read_error(text, HistoryFormat::kJsonl);
  const int64_t bad_line = std::count(text.begin(), text.begin() + late, '\n') + 2;
  EXPECT_EQ(error.where.line, bad_line);
}

// --- edn -----------------------------------------------------------------

// Values become JSON strings, which must be UTF-8 to be compared or written
// out: a string that is not is an error at its byte (it was a crash).
TEST(HistoryEdn, TextThatIsNotUtf8IsAnErrorAtItsByte) {
  const std::string op = "{:process 0, :type :invoke, :f :write, :value ";
  for (const std::string& value : {std::string("\"a\xaf" "b\""), std::string(":k\xaf"),
                                   std::string("\"\xed\xa0\x80\""), std::string("\"\xc0\x80\"")}) {
    const SourceError error = read_error(op + value + "}\n", HistoryFormat::kEdn);
    EXPECT_EQ(error.where.line, 1) << value;
    EXPECT_NE(error.message.find("text must be UTF-8; byte 0x"), std::string::npos) << error.message;
  }
  const History fine = read_ok(op + "\"caf\xc3\xa9 \xf0\x9f\x90\x9b\"}\n", HistoryFormat::kEdn);
  EXPECT_EQ(fine.ops.at(0).value, "caf\u00e9 \U0001F41B");
}

TEST(HistoryReader, ErrorMessagesAreUtf8EvenWhenTheInputIsNot) {
  // nlohmann's message quotes what it read; the bad byte is shown, not copied.
  const SourceError error = read_error("{\"p\xafr\":1}\n", HistoryFormat::kJsonl);
  EXPECT_NE(error.message.find("\\xaf"), std::string::npos) << error.message;
  EXPECT_EQ(error.message.find('\xaf'), std::string::npos) << error.message;
}

TEST(HistoryEdn, ReadsAVectorOfMaps) {
  const History h = read_ok(
      "; a comment\n"
      "[{:process 0, :type :invoke, :f :txn, :value [[:read :x nil] [:write :y 2]],\n"
      "  :time 7686455705}\n"
      " {:process :nemesis, :type :info, :f :start, :value \"Cut off\", :node \"n1\"}\n"
      " {:process 1 :type :fail :f :cas :value [1 4] :error :timed-out :index 17\n"
      "  :key 5 :other-key {:ignored #{1}}}]\n",
      HistoryFormat::kEdn);
  ASSERT_EQ(h.ops.size(), 3u);
  EXPECT_EQ(h.ops[0].f, "txn");
  EXPECT_EQ(h.ops[0].value, Json::parse(R"([["read","x",null],["write","y",2]])"));
  EXPECT_EQ(h.ops[0].time_ns, 7686455705);
  EXPECT_EQ(h.ops[0].index, 0);
  EXPECT_EQ(h.ops[0].source_line, 2);
  EXPECT_EQ(h.ops[1].process, kNemesisProcess);
  EXPECT_EQ(h.ops[1].type, OpType::kInfo);
  EXPECT_EQ(h.ops[1].node, "n1");
  EXPECT_EQ(h.ops[1].source_line, 4);
  EXPECT_EQ(h.ops[2].value, Json::parse("[1,4]"));
  EXPECT_EQ(h.ops[2].error, "timed-out");
  EXPECT_EQ(h.ops[2].index, 17);
  EXPECT_EQ(h.ops[2].key, "5");
  EXPECT_EQ(h.ops[2].source_line, 5);
}

TEST(HistoryEdn, ReadsOneMapPerLineAndListsToo) {
  for (const char* text : {"{:process 0, :type :invoke, :f :read, :value nil}\n"
                           "{:process 0, :type :ok, :f :read, :value 3}\n",
                           "({:process 0, :type :invoke, :f :read, :value nil}\n"
                           " {:process 0, :type :ok, :f :read, :value 3})"}) {
    SCOPED_TRACE(text);
    const History h = read_ok(text, HistoryFormat::kEdn);
    ASSERT_EQ(h.ops.size(), 2u);
    EXPECT_EQ(h.ops[1].type, OpType::kOk);
    EXPECT_EQ(h.ops[1].value, 3);
    EXPECT_EQ(h.ops[1].index, 1);
    EXPECT_EQ(h.ops[1].source_line, 2);
  }
}

TEST(HistoryEdn, TaggedTopLevelVectorUsesItsOwnPosition) {
  const History h =
      read_ok("\n#history [{:process 0, :type :invoke, :f :read}]", HistoryFormat::kEdn);
  ASSERT_EQ(h.ops.size(), 1u);
  EXPECT_EQ(h.ops[0].source_line, 2);
}

TEST(HistoryEdn, CorruptInputIsAnErrorWithLineAndColumn) {
  const ErrorCase cases[] = {
      {"truncated vector",
       "[{:process 0, :type :invoke, :f :read}\n {:process 0, :type :ok, :f :read}\n", 3, 1,
       "expected ']' to close the vector opened at 1:1, found end of input"},
      {"truncated map", "[{:process 0, :type :invoke, :f :read}\n {:process 0, :type", 2, 20,
       "expected a value for key 'type' in the map opened at 2:2, found end of input"},
      {"bad keyword", "{:process 0, :type :invoke, :f :read}\n{:process 1, :type : ok, :f :r}\n", 2,
       20, "expected a keyword name after ':'"},
      {"unterminated string", "[{:process 0, :type :info, :f :start, :value \"cut off}]\n", 2, 1,
       "expected '\"' to close the string opened at 1:46, found end of input"},
      {"bad type", "[{:process 0, :type :invoke, :f :read}\n {:process 0, :type :done, :f :r}]", 2,
       2, "field :type must be one of :invoke, :ok, :fail, :info, found \"done\""},
      {"missing f", "[{:process 0, :type :invoke}]", 1, 2, "missing field :f"},
      {"process that is not a number or keyword", "{:process [1], :type :invoke, :f :r}", 1, 1,
       "field :process must be an integer or a keyword such as :nemesis, found [1]"},
      {"an element that is not a map", "[{:process 0, :type :invoke, :f :r} 5]", 1, 37,
       "expected an op map, found a number"},
      {"a top-level scalar", "\n  :oops", 2, 3,
       "expected a vector of op maps or an op map, found a keyword or string"},
      {"hostile nesting", std::string(100000, '['), 1, 513, "nesting deeper than 512 levels"},
  };
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.name);
    const SourceError error = read_error(c.text, HistoryFormat::kEdn, "h.edn");
    EXPECT_EQ(error.where.file, "h.edn");
    EXPECT_EQ(error.where.line, c.line);
    EXPECT_EQ(error.where.column, c.column);
    EXPECT_EQ(error.message, c.message);
  }
}

// --- jepsen-log ----------------------------------------------------------

TEST(HistoryJepsenLog, ReadsOpLinesWithOrWithoutTheLoggerPrefix) {
  const History h = read_ok(
      "2024-05-01 12:00:00,001 INFO  jepsen.core - Running test\n"
      "INFO  jepsen.util - 3\t:invoke\t:cas\t[1 4]\n"
      "INFO  jepsen.util - 3\t:fail\t:cas\t[1 4]\t:timed-out\r\n"
      "  at some.java.Frame(Frame.java:12)\n"
      "INFO  jepsen.core - 4\t:invoke\t:read\tnil\n"
      "1\t:invoke\t:read\tnil\n"
      ":nemesis\t:info\t:start\tnil\n"
      "1\t:ok\t:read\t:timed-out\n"
      "[jepsen worker 2] jepsen.util: 2\t:info\t:write\t3\tindeterminate: conn reset\n",
      HistoryFormat::kJepsenLog);
  ASSERT_EQ(h.ops.size(), 6u);
  EXPECT_EQ(h.ops[0].process, 3);
  EXPECT_EQ(h.ops[0].type, OpType::kInvoke);
  EXPECT_EQ(h.ops[0].f, "cas");
  EXPECT_EQ(h.ops[0].value, Json::parse("[1,4]"));
  EXPECT_EQ(h.ops[0].source_line, 2);
  EXPECT_EQ(h.ops[1].error, "timed-out");
  EXPECT_EQ(h.ops[2].process, 1);
  EXPECT_TRUE(h.ops[2].value.is_null());
  EXPECT_EQ(h.ops[2].source_line, 6);
  EXPECT_EQ(h.ops[3].process, kNemesisProcess);
  EXPECT_EQ(h.ops[3].f, "start");
  EXPECT_EQ(h.ops[4].value, "timed-out");
  EXPECT_EQ(h.ops[5].error, "indeterminate: conn reset");
  for (size_t i = 0; i < h.ops.size(); ++i) EXPECT_EQ(h.ops[i].index, static_cast<int64_t>(i));
}

TEST(HistoryJepsenLog, OpLineWithABadValueIsAnError) {
  const ErrorCase cases[] = {
      {"unclosed vector", "INFO  jepsen.util - 3\t:invoke\t:cas\t[1 4\n", 1, 40,
       "expected ']' to close the vector opened at 1:36, found end of input"},
      {"bad keyword", "log start\n3\t:invoke\t:read\tnil\n3\t:ok\t:read\t: 3\n", 3, 13,
       "expected a keyword name after ':'"},
      {"unterminated string", "3\t:info\t:start\t\"cut\n", 1, 20,
       "expected '\"' to close the string opened at 1:16, found end of input"},
      {"missing f", "3\t:invoke\n", 1, 10, "expected the op's :f after its type"},
      {"f not a keyword", "3\t:invoke\t[1]\tnil\n", 1, 11, "the op's :f must be a keyword"},
  };
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.name);
    const SourceError error = read_error(c.text, HistoryFormat::kJepsenLog, "jepsen.log");
    EXPECT_EQ(error.where.file, "jepsen.log");
    EXPECT_EQ(error.where.line, c.line);
    EXPECT_EQ(error.where.column, c.column);
    EXPECT_EQ(error.message, c.message);
  }
}

// A last line without its newline that does not parse either (cut inside a
// value) is left out with a note, as one that parses is: never an error.
TEST(HistoryJepsenLog, ACutLastLineThatDoesNotParseIsLeftOutWithANote) {
  const std::string text =
      "INFO  jepsen.util - 1\t:invoke\t:read\tnil\n"
      "INFO  jepsen.util - 1\t:ok\t:read\t[1 2";
  Parsed<History> h = read_history_text(text, "cut.log", HistoryFormat::kJepsenLog);
  ASSERT_TRUE(h) << h.error().to_string();
  EXPECT_EQ(h->ops.size(), 1u);
  ASSERT_EQ(h->notes.size(), 1u);
  EXPECT_EQ(h->notes[0].where.line, 2);
  EXPECT_NE(h->notes[0].message.find("no newline and may be cut short"), std::string::npos)
      << h->notes[0].message;
}

// --- formats and files ---------------------------------------------------

TEST(HistoryFormatNames, ParseAndPrintAgree) {
  for (HistoryFormat format : {HistoryFormat::kAuto, HistoryFormat::kJsonl, HistoryFormat::kEdn,
                               HistoryFormat::kJepsenLog}) {
    EXPECT_EQ(parse_history_format(to_string(format)), format);
  }
  EXPECT_EQ(to_string(HistoryFormat::kJepsenLog), "jepsen-log");
  EXPECT_FALSE(parse_history_format("yaml").has_value());
}

struct DetectCase {
  const char* text;
  const char* file_name;
  HistoryFormat expected;
};

TEST(HistoryFormatDetection, UsesTheExtensionThenTheText) {
  const DetectCase cases[] = {
      {"[", "run/history.jsonl", HistoryFormat::kJsonl},
      {"", "history.JSON", HistoryFormat::kJsonl},
      {"{\"a\":1}", "history.edn", HistoryFormat::kEdn},
      {"{\"a\":1}", "jepsen.log", HistoryFormat::kJepsenLog},
      {"", "ops.txt", HistoryFormat::kJepsenLog},
      {"{\"process\":1}", "history", HistoryFormat::kJsonl},
      {"\n  { \"process\":1}", "", HistoryFormat::kJsonl},
      {"[{:process 1}]", "history", HistoryFormat::kEdn},
      {"; comment\n;; another\n  [{:process 1}]", "", HistoryFormat::kEdn},
      {"({:process 1})", "", HistoryFormat::kEdn},
      {"{:process 1}\n", "hist.out", HistoryFormat::kEdn},
      {"INFO  jepsen.util - 3\t:invoke\t:read\tnil\n", "", HistoryFormat::kJepsenLog},
      {"3\t:invoke\t:read\tnil\n", "", HistoryFormat::kJepsenLog},
      {"", "", HistoryFormat::kJsonl},
      {"dir.edn/history", "dir.edn/history", HistoryFormat::kJepsenLog},
  };
  for (const DetectCase& c : cases) {
    SCOPED_TRACE(std::string(c.file_name) + " | " + c.text);
    EXPECT_EQ(detect_history_format(c.text, c.file_name), c.expected);
  }
}

TEST(HistoryFile, MissingFileIsAnErrorNamingIt) {
  const std::string path = testing::TempDir() + "/faultline_no_such_history.jsonl";
  Parsed<History> h = read_history_file(path, HistoryFormat::kAuto);
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.error().where.file, path);
  EXPECT_EQ(h.error().to_string(), path + ": cannot read history file: No such file or directory");
  Parsed<History> dir = read_history_file(testing::TempDir(), HistoryFormat::kJsonl);
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.error().where.file, testing::TempDir());
}

TEST(HistoryFile, ReadsTheFileAndRemembersItsPath) {
  const std::string path = write_temp("auto.log", "1\t:invoke\t:read\tnil\n1\t:ok\t:read\t5\n");
  Parsed<History> h = read_history_file(path, HistoryFormat::kAuto);
  ASSERT_TRUE(h.ok()) << h.error().to_string();
  EXPECT_EQ(h->source, path);
  ASSERT_EQ(h->ops.size(), 2u);
  EXPECT_EQ(h->ops[1].value, 5);
  Parsed<History> bad =
      read_history_file(write_temp("bad.jsonl", kGood1 + "{\n"), HistoryFormat::kAuto);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().where.file, testing::TempDir() + "/faultline_history_reader_bad.jsonl");
  EXPECT_EQ(bad.error().where.line, 2);
}

// --- Knossos's own histories ---------------------------------------------

TEST(KnossosHistories, EveryFileReadsWithOneOpPerMap) {
  size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kKnossos)) {
    if (entry.path().extension() != ".edn") continue;
    ++files;
    const std::string path = entry.path().string();
    SCOPED_TRACE(path);
    Parsed<History> h = read_history_file(path, HistoryFormat::kAuto);
    ASSERT_TRUE(h.ok()) << h.error().to_string();
    EXPECT_EQ(h->ops.size(), lines_with_type(path));
    // Sniffing agrees with the extension.
    EXPECT_EQ(detect_history_format(slurp(path), ""), HistoryFormat::kEdn);
  }
  EXPECT_EQ(files, 122u);
}

struct CountCase {
  const char* file;
  size_t ops;  // grep -c ':type' file
};

TEST(KnossosHistories, OpCountsMatchGrep) {
  const CountCase cases[] = {
      {"/multi-register/good/multi-register.edn", 250},
      {"/mutex/bad/etcd.edn", 1135},
      {"/cas-register/good/memstress3-0.edn", 634},
      {"/cas-register/bad/rethink-fail.edn", 500},
      {"/cas-register/bad/mongodb-v0-ack-rollback-6.edn", 1492},
  };
  for (const CountCase& c : cases) {
    SCOPED_TRACE(c.file);
    Parsed<History> h = read_history_file(kKnossos + c.file, HistoryFormat::kEdn);
    ASSERT_TRUE(h.ok()) << h.error().to_string();
    EXPECT_EQ(h->ops.size(), c.ops);
  }
}

TEST(KnossosHistories, MultiRegisterKeepsTxnValuesAndNemesisOps) {
  Parsed<History> h =
      read_history_file(kKnossos + "/multi-register/good/multi-register.edn", HistoryFormat::kAuto);
  ASSERT_TRUE(h.ok()) << h.error().to_string();
  const Op& first = h->ops.front();  // after the file's leading ';' comment
  EXPECT_EQ(first.source_line, 2);
  EXPECT_EQ(first.process, 3);
  EXPECT_EQ(first.f, "txn");
  EXPECT_EQ(first.value, Json::parse(R"([["read","x",null]])"));
  EXPECT_EQ(first.time_ns, 7686455705);
  EXPECT_EQ(h->ops[1].value, Json::parse(R"([["read","x",null],["read","y",null]])"));
  const Op& last = h->ops.back();
  EXPECT_EQ(last.process, kNemesisProcess);
  EXPECT_EQ(last.f, "stop");
  EXPECT_EQ(last.value, "fully connected");
  EXPECT_EQ(last.source_line, 1244);
}

TEST(KnossosHistories, MutexKeepsErrorKeywords) {
  Parsed<History> h = read_history_file(kKnossos + "/mutex/bad/etcd.edn", HistoryFormat::kAuto);
  ASSERT_TRUE(h.ok()) << h.error().to_string();
  EXPECT_EQ(h->ops[1].type, OpType::kFail);
  EXPECT_EQ(h->ops[1].f, "release");
  EXPECT_EQ(h->ops[1].error, "not-held");
  EXPECT_EQ(h->ops[1].index, 1);
  EXPECT_EQ(h->ops[1].source_line, 2);
  EXPECT_EQ(h->ops.back().error,
            Json::parse(R"(["not-found","etcdserver: requested lease not found"])"));
  EXPECT_EQ(h->ops.back().index, 1134);
}

}  // namespace
}  // namespace faultline
