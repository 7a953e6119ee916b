// A JSON-lines history read in parts (history_parts.h) is the history read
// whole: the same ops, indexes, line numbers, notes and errors, whatever the
// part size, even parts smaller than one line.
#include "harness/history/history_parts.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/history/history_reader.h"
#include "harness/history/op_json.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

class HistoryFile {
 public:
  explicit HistoryFile(const std::string& text)
      : path_(fs::temp_directory_path() /
              ("faultline-parts-" + std::to_string(getpid()) + "-" + std::to_string(count_++) +
               ".jsonl")) {
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~HistoryFile() { fs::remove(path_); }
  const std::string path() const { return path_.string(); }

 private:
  static inline int count_ = 0;
  fs::path path_;
};

struct Collected {
  History history;
  std::optional<SourceError> error;
  int parts = 0;
};

Collected read_in_parts(const std::string& path, size_t part_bytes) {
  Collected c;
  c.error = read_jsonl_history_in_parts(path, part_bytes, [&](History&& part) {
    ++c.parts;
    for (Op& op : part.ops) c.history.ops.push_back(std::move(op));
    for (HistoryNote& note : part.notes) c.history.notes.push_back(std::move(note));
    return std::optional<SourceError>();
  });
  return c;
}

// Unnumbered ops, a blank line, and a last line cut off mid-write.
const std::string kText =
    "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}\n"
    "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"value\":null}\n"
    "\n"
    "{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"value\":1}\n"
    "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":1}\n"
    "{\"process\":2,\"type\":\"invoke\",\"f\":\"wri";

TEST(HistoryParts, EveryPartSizeGivesTheOpsIndexesLinesAndNotesOfTheWholeFile) {
  HistoryFile file(kText);
  Parsed<History> whole = read_history_file(file.path(), HistoryFormat::kJsonl);
  ASSERT_TRUE(whole.ok()) << whole.error().to_string();
  ASSERT_EQ(whole->ops.size(), 4u);
  ASSERT_EQ(whole->notes.size(), 1u) << "the cut last line";
  for (size_t part_bytes : {size_t{1}, size_t{7}, size_t{60}, size_t{100}, size_t{1} << 20}) {
    Collected parts = read_in_parts(file.path(), part_bytes);
    ASSERT_FALSE(parts.error) << parts.error->to_string();
    ASSERT_EQ(parts.history.ops.size(), whole->ops.size()) << part_bytes;
    for (size_t i = 0; i < whole->ops.size(); ++i) {
      EXPECT_EQ(parts.history.ops[i].index, whole->ops[i].index) << part_bytes << " op " << i;
      EXPECT_EQ(parts.history.ops[i].source_line, whole->ops[i].source_line) << part_bytes;
      EXPECT_EQ(op_to_jsonl(parts.history.ops[i]), op_to_jsonl(whole->ops[i])) << part_bytes;
    }
    ASSERT_EQ(parts.history.notes.size(), 1u) << part_bytes;
    EXPECT_EQ(parts.history.notes[0].where.line, 6) << part_bytes;
    if (part_bytes == 7) {
      EXPECT_GT(parts.parts, 2) << "small parts make several";
    }
  }
}

TEST(HistoryParts, AnErrorInALaterPartNamesTheFilesLineAndColumn) {
  HistoryFile file(
      "{\"index\":0,\"process\":0,\"type\":\"invoke\",\"f\":\"read\"}\n"
      "{\"index\":1,\"process\":0,\"type\":\"ok\",\"f\":\"read\",\"value\":1}\n"
      "{\"index\":2,\"process\":0,\"type\":\"invoke\",\"f\":\"read\" oops}\n");
  Parsed<History> whole = read_history_file(file.path(), HistoryFormat::kJsonl);
  ASSERT_FALSE(whole.ok());
  Collected parts = read_in_parts(file.path(), 16);
  ASSERT_TRUE(parts.error);
  EXPECT_EQ(parts.error->where.line, 3);
  EXPECT_EQ(parts.error->where.column, whole.error().where.column);
  EXPECT_EQ(parts.error->to_string(), whole.error().to_string());
  EXPECT_EQ(parts.history.ops.size(), 2u) << "the parts before were handed over";
}

TEST(HistoryParts, ASinkErrorStopsTheReadingAndAMissingFileOrADirectoryIsNamed) {
  HistoryFile file(kText);
  int calls = 0;
  std::optional<SourceError> stop =
      read_jsonl_history_in_parts(file.path(), 1, [&](History&&) -> std::optional<SourceError> {
        ++calls;
        return SourceError{{file.path(), 1, 1}, "not a txn"};
      });
  ASSERT_TRUE(stop);
  EXPECT_EQ(stop->message, "not a txn");
  EXPECT_EQ(calls, 1);

  auto ignore = [](History&&) { return std::optional<SourceError>(); };
  std::optional<SourceError> missing =
      read_jsonl_history_in_parts("/nonexistent/history.jsonl", 1 << 20, ignore);
  ASSERT_TRUE(missing);
  EXPECT_NE(missing->to_string().find("/nonexistent/history.jsonl"), std::string::npos);
  EXPECT_NE(missing->to_string().find("No such file"), std::string::npos) << missing->to_string();
  std::optional<SourceError> directory =
      read_jsonl_history_in_parts(fs::temp_directory_path().string(), 1 << 20, ignore);
  ASSERT_TRUE(directory);
  EXPECT_NE(directory->to_string().find("is a directory"), std::string::npos);
}

// read_jsonl_history_file() gives what read_history_file() gives, never
// holding the whole text: the same ops, notes and errors for any part size.
TEST(HistoryParts, TheWholeHistoryReadInPartsIsTheHistoryReadWhole) {
  HistoryFile file(kText);
  Parsed<History> whole = read_history_file(file.path(), HistoryFormat::kJsonl);
  ASSERT_TRUE(whole.ok()) << whole.error().to_string();
  for (size_t part_bytes : {size_t{1}, size_t{60}, kHistoryPartBytes}) {
    Parsed<History> parts = read_jsonl_history_file(file.path(), part_bytes);
    ASSERT_TRUE(parts.ok()) << parts.error().to_string();
    EXPECT_EQ(parts->source, file.path());
    ASSERT_EQ(parts->ops.size(), whole->ops.size()) << part_bytes;
    for (size_t i = 0; i < whole->ops.size(); ++i) {
      EXPECT_EQ(op_to_jsonl(parts->ops[i]), op_to_jsonl(whole->ops[i])) << part_bytes;
      EXPECT_EQ(parts->ops[i].source_line, whole->ops[i].source_line) << part_bytes;
    }
    ASSERT_EQ(parts->notes.size(), 1u) << part_bytes;
    EXPECT_EQ(parts->notes[0].where.line, whole->notes[0].where.line);
    EXPECT_EQ(parts->notes[0].message, whole->notes[0].message);
  }

  HistoryFile bad(
      "{\"index\":0,\"process\":0,\"type\":\"invoke\",\"f\":\"read\"}\n{\"index\": oops}\n");
  Parsed<History> bad_whole = read_history_file(bad.path(), HistoryFormat::kJsonl);
  Parsed<History> bad_parts = read_jsonl_history_file(bad.path(), 8);
  ASSERT_FALSE(bad_whole.ok());
  ASSERT_FALSE(bad_parts.ok());
  EXPECT_EQ(bad_parts.error().to_string(), bad_whole.error().to_string());

  Parsed<History> missing = read_jsonl_history_file("/nonexistent/history.jsonl");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().to_string().find("/nonexistent/history.jsonl"), std::string::npos);
}

}  // namespace
}  // namespace faultline
