// Export mode and find-hash: an auditor with only an export file (or a
// ledger copy), the log key and the checkpoints they kept.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <functional>

#include "ledger/export_format.h"
#include "ledger/merkle.h"
#include "verifier/find_hash.h"
#include "verifier/offline.h"
#include "verifier_fixture.h"

namespace ledger::testing {
namespace {

std::vector<std::string> ExportLines(Ledger& l) {
  const uint64_t size = l.Size();
  std::vector<std::string> lines = {ExportHeaderLine(l.log_key(), size)};
  EXPECT_TRUE(l.ForEachRecord(0, size, [&](uint64_t seq, ByteView bytes) {
                 lines.push_back(ExportRecordLine(seq, bytes));
                 return Status::Ok();
               }).ok());
  lines.push_back(ExportCheckpointLine(size, *l.Checkpoint(size)));
  return lines;
}

std::string WriteLines(const TempDir& dir, const std::string& name,
                       const std::vector<std::string>& lines) {
  std::string path = dir.Sub(name);
  std::ofstream out(path, std::ios::binary);
  for (const auto& line : lines) out << line << "\n";
  return path;
}

verify::AuditOptions Opts(const AuditLedger& l) {
  verify::AuditOptions o;
  o.log_key = l.log_key();
  o.views = false;  // AuditLedger is written without the civil-service rules
  return o;
}

TEST(Export, CleanExportVerifies) {
  AuditLedger l;
  l.Build(16);
  auto path = WriteLines(l.t.dir, "ledger.jsonl", ExportLines(l.ledger()));
  auto r = verify::AuditExport({path}, Opts(l));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->ok()) << Kinds(*r);
  EXPECT_EQ(r->records, l.ledger().Size());
  EXPECT_EQ(r->checkpoints_checked, 1u);
  EXPECT_EQ(r->root, *l.ledger().RootAt(l.ledger().Size()));
}

TEST(Export, EditedLeafIsCaught) {
  AuditLedger l;
  auto seqs = l.Build(16);
  auto lines = ExportLines(l.ledger());
  const uint64_t k = seqs[5];
  Bytes leaf = *l.ledger().RecordBytes(k);
  std::string text(AsChars(leaf));
  size_t at = text.find("Office ");
  ASSERT_NE(at, std::string::npos);
  leaf[at + 5] = 'a';  // "Office" -> "Offica": a signed field
  lines[1 + k] = ExportRecordLine(k, leaf);
  auto path = WriteLines(l.t.dir, "edited.jsonl", lines);
  auto r = verify::AuditExport({path}, Opts(l));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_FALSE(r->ok());
  EXPECT_EQ(r->problems[0].seq, k) << Kinds(*r);
  EXPECT_EQ(r->problems[0].kind, "signature") << Kinds(*r);
  EXPECT_TRUE(HasProblem(*r, "prev-hash", k + 1)) << Kinds(*r);
  EXPECT_TRUE(HasProblem(*r, "checkpoint-root", verify::kNoSeq)) << Kinds(*r);
}

TEST(Export, DroppedTailIsCaughtByItsCheckpointLine) {
  AuditLedger l;
  l.Build(16);
  auto lines = ExportLines(l.ledger());
  const uint64_t n = l.ledger().Size();
  lines.erase(lines.end() - 4, lines.end() - 1);  // the last three records
  auto r = verify::AuditExport({WriteLines(l.t.dir, "cut.jsonl", lines)}, Opts(l));
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->ok());
  EXPECT_TRUE(HasProblem(*r, "truncated", n - 3)) << Kinds(*r);
}

TEST(Export, SplitAcrossFilesVerifies) {
  AuditLedger l;
  l.Build(16);
  auto lines = ExportLines(l.ledger());
  const uint64_t n = l.ledger().Size(), half = 10;
  std::vector<std::string> first = {ExportHeaderLine(l.log_key(), half)};
  first.insert(first.end(), lines.begin() + 1, lines.begin() + 1 + long(half));
  first.push_back(ExportCheckpointLine(half, *l.ledger().Checkpoint(half)));
  std::vector<std::string> second = {ExportHeaderLine(l.log_key(), n)};
  second.insert(second.end(), lines.begin() + 1 + long(half), lines.end());
  auto r = verify::AuditExport(
      {WriteLines(l.t.dir, "a.jsonl", first), WriteLines(l.t.dir, "b.jsonl", second)}, Opts(l));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->ok()) << Kinds(*r);
  EXPECT_EQ(r->checkpoints_checked, 2u);
}

TEST(Export, MalformedLineIsAnInputError) {
  AuditLedger l;
  l.Build(4);
  auto lines = ExportLines(l.ledger());
  lines[2] = "{not json";
  auto r = verify::AuditExport({WriteLines(l.t.dir, "bad.jsonl", lines)}, Opts(l));
  EXPECT_FALSE(r.ok());
}

// An attacker with the file edits what people read and leaves "leaf" alone.
std::string EditReadable(const std::string& line,
                         const std::function<void(boost::json::object&)>& edit) {
  boost::json::value v = boost::json::parse(line);
  edit(v.as_object());
  return boost::json::serialize(v);
}

TEST(Export, EditedReadableRecordIsCaughtAtItsSeqAndField) {
  AuditLedger l;
  auto seqs = l.Build(16);
  const auto lines = ExportLines(l.ledger());
  const uint64_t k = seqs[5];
  struct Edit {
    std::string field;
    std::function<void(boost::json::object&)> edit;
  };
  const std::vector<Edit> edits = {
      {"record.event.body.name",
       [](auto& o) {
         o["record"].as_object()["event"].as_object()["body"].as_object()["name"] =
             "Office of Lies";
       }},
      {"record.event.body.decision_number",
       [](auto& o) {
         o["record"].as_object()["event"].as_object()["body"].as_object()["decision_number"] =
             "No. 1";
       }},
      {"record.flags[0]",
       [](auto& o) { o["record"].as_object()["flags"].as_array().emplace_back("late-decision"); }},
      {"record.recorded_at",
       [](auto& o) { o["record"].as_object()["recorded_at"] = "2020-01-01T00:00:00Z"; }},
      {"record.event.signer",
       [&](auto& o) {
         o["record"].as_object()["event"].as_object()["signer"] = Base64Encode(l.c.public_key());
       }},
      {"record.seq", [&](auto& o) { o["record"].as_object()["seq"] = k + 1; }},
      {"record.note",
       [](auto& o) { o["record"].as_object()["note"] = "approved by the minister"; }},
      {"record.event.body.org",
       [](auto& o) {
         o["record"].as_object()["event"].as_object()["body"].as_object().erase("org");
       }},
      {"record", [](auto& o) { o.erase("record"); }},
      {"seq", [&](auto& o) { o["seq"] = k + 100; }},
  };
  for (const Edit& e : edits) {
    SCOPED_TRACE(e.field);
    auto edited = lines;
    edited[1 + k] = EditReadable(lines[1 + k], e.edit);
    ASSERT_NE(edited[1 + k], lines[1 + k]);
    auto r = verify::AuditExport({WriteLines(l.t.dir, "readable.jsonl", edited)}, Opts(l));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_FALSE(r->ok());
    // Only what people read changed: one problem, at that record, naming the field.
    EXPECT_EQ(r->problem_count, 1u) << Kinds(*r);
    EXPECT_EQ(r->problems[0].kind, "readable-mismatch");
    EXPECT_EQ(r->problems[0].seq, k);
    EXPECT_NE(r->problems[0].what.find(" " + e.field + " "), std::string::npos)
        << r->problems[0].what;
    EXPECT_NE(r->problems[0].expected, r->problems[0].found);
  }
  // The readable values are shown as the leaf has them and as the line has them.
  auto edited = lines;
  edited[1 + k] = EditReadable(lines[1 + k], edits[0].edit);
  auto r = verify::AuditExport({WriteLines(l.t.dir, "readable.jsonl", edited)}, Opts(l));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->problems[0].found, "\"Office of Lies\"");
  EXPECT_EQ(r->problems[0].expected, "\"Office " + std::to_string(5) + "\"");
}

TEST(Export, SwappedLinesAreNamedOnceAtTheFirstSeqOutOfPlace) {
  AuditLedger l;
  auto seqs = l.Build(16);
  auto lines = ExportLines(l.ledger());
  const uint64_t k = seqs[6];
  std::swap(lines[1 + k], lines[2 + k]);
  auto r = verify::AuditExport({WriteLines(l.t.dir, "swapped.jsonl", lines)}, Opts(l));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_FALSE(r->ok());
  const verify::Problem& p = r->problems[0];
  EXPECT_EQ(p.seq, k) << Kinds(*r);
  EXPECT_EQ(p.kind, "seq");
  EXPECT_NE(p.what.find(":" + std::to_string(2 + k) + " holds seq " + std::to_string(k + 1) +
                        " where seq " + std::to_string(k) + " was expected: lines out of order"),
            std::string::npos)
      << p.what;
  EXPECT_EQ(p.expected, "seq " + std::to_string(k));
  EXPECT_EQ(p.found, "seq " + std::to_string(k + 1));
  // No "missing" record and no broken links: the order, and the root over it.
  EXPECT_FALSE(HasProblem(*r, "missing-record", k)) << Kinds(*r);
  EXPECT_FALSE(HasProblem(*r, "prev-hash", k + 1)) << Kinds(*r);
  EXPECT_TRUE(HasProblem(*r, "checkpoint-root", verify::kNoSeq)) << Kinds(*r);
  EXPECT_EQ(r->problem_count, 2u) << Kinds(*r);
}

TEST(Export, AMovedBlockOfLinesIsOneFinding) {
  AuditLedger l;
  auto seqs = l.Build(24);
  auto lines = ExportLines(l.ledger());
  const uint64_t k = seqs[3];
  // Lines for k..k+4 moved after k+10.
  std::vector<std::string> block(lines.begin() + long(1 + k), lines.begin() + long(6 + k));
  lines.erase(lines.begin() + long(1 + k), lines.begin() + long(6 + k));
  lines.insert(lines.begin() + long(1 + k + 6), block.begin(), block.end());
  auto r = verify::AuditExport({WriteLines(l.t.dir, "moved.jsonl", lines)}, Opts(l));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->problems[0].seq, k) << Kinds(*r);
  EXPECT_EQ(r->problems[0].kind, "seq");
  EXPECT_EQ(r->problem_count, 2u) << Kinds(*r);  // and the checkpoint root
}

TEST(Export, ADuplicatedLineIsNamedAndLeftOut) {
  AuditLedger l;
  auto seqs = l.Build(16);
  auto lines = ExportLines(l.ledger());
  const uint64_t k = seqs[4];
  lines.insert(lines.begin() + long(2 + k), lines[1 + k]);
  auto r = verify::AuditExport({WriteLines(l.t.dir, "dup.jsonl", lines)}, Opts(l));
  ASSERT_TRUE(r.ok());
  ASSERT_FALSE(r->ok());
  EXPECT_EQ(r->problems[0].seq, k) << Kinds(*r);
  EXPECT_EQ(r->problems[0].kind, "seq");
  EXPECT_NE(r->problems[0].what.find("a line was duplicated"), std::string::npos);
  EXPECT_EQ(r->problem_count, 1u) << Kinds(*r);
  EXPECT_EQ(r->records, l.ledger().Size());
}

TEST(Export, ADroppedLineIsMissingAndADroppedLastLineIsARollback) {
  AuditLedger l;
  auto seqs = l.Build(16);
  const uint64_t n = l.ledger().Size();
  auto kept = *l.ledger().Checkpoint(n);
  auto lines = ExportLines(l.ledger());
  {
    auto cut = lines;
    const uint64_t k = seqs[2];
    cut.erase(cut.begin() + long(1 + k));
    auto r = verify::AuditExport({WriteLines(l.t.dir, "gap.jsonl", cut)}, Opts(l));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->problems[0].seq, k) << Kinds(*r);
    EXPECT_EQ(r->problems[0].kind, "missing-record");
  }
  // The last record line and the checkpoint line go; the header is fixed up.
  lines.erase(lines.end() - 2, lines.end());
  lines[0] = ExportHeaderLine(l.log_key(), n - 1);
  lines.push_back(ExportCheckpointLine(n - 1, *l.ledger().Checkpoint(n - 1)));
  auto path = WriteLines(l.t.dir, "short.jsonl", lines);
  auto alone = verify::AuditExport({path}, Opts(l));
  ASSERT_TRUE(alone.ok());
  EXPECT_TRUE(alone->ok()) << Kinds(*alone);  // consistent with itself
  auto o = Opts(l);
  o.kept_checkpoints = {kept};
  auto r = verify::AuditExport({path}, o);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(HasProblem(*r, "rollback", n - 1)) << Kinds(*r);
}

TEST(Export, AnEmptyFileIsMalformedInput) {
  TempDir dir;
  AuditLedger l;
  l.Build(4);
  auto r = verify::AuditExport({WriteLines(dir, "empty.jsonl", {})}, Opts(l));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_NE(r.status().message().find("is empty"), std::string::npos) << r.status().message();
}

TEST(FindHash, FindsARecordAndProvesItAgainstTheLatestCheckpoint) {
  AuditLedger l;
  auto seqs = l.Build(16);
  const uint64_t k = seqs[7];
  const Hash wanted = RecordHash(*l.ledger().RecordBytes(k));
  const Hash absent = Sha256(std::string_view("no such record"));
  auto path = WriteLines(l.t.dir, "ledger.jsonl", ExportLines(l.ledger()));
  l.Close();
  verify::FindOptions opts{l.log_key()};
  for (bool in_export : {false, true}) {
    auto r = in_export ? verify::FindInExport({path}, {wanted, absent}, opts)
                       : verify::FindInLedger(l.Dir(), {wanted, absent}, opts);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->results.size(), 2u);
    const auto& found = r->results[0];
    ASSERT_TRUE(found.found);
    EXPECT_EQ(found.proof.index, k);
    EXPECT_TRUE(found.proof_status.ok()) << found.proof_status.ToString();
    EXPECT_FALSE(r->results[1].found);
    EXPECT_FALSE(r->ok());
    // The printed proof is the FORMAT.md 7.1 JSON and verifies on its own.
    auto parsed = ParseInclusionJson(boost::json::serialize(InclusionToJson(found.proof)));
    ASSERT_TRUE(parsed.ok());
    auto v = verify::CheckInclusion(*parsed, l.log_key(), std::nullopt);
    EXPECT_TRUE(v.ok()) << v.ToText();
  }
}

TEST(FindHash, ProvesAgainstAKeptCheckpoint) {
  AuditLedger l;
  auto seqs = l.Build(16);
  auto kept = l.ledger().Checkpoint(12);
  const Hash wanted = RecordHash(*l.ledger().RecordBytes(seqs[2]));
  l.Close();
  verify::FindOptions opts{l.log_key(), *kept, "kept.txt"};
  auto r = verify::FindInLedger(l.Dir(), {wanted}, opts);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->ok()) << r->ToText();
  EXPECT_EQ(r->checkpoint.size, 12u);
  EXPECT_EQ(r->results[0].proof.tree_size, 12u);
}

TEST(FindHash, RecordsMissingBelowTheLatestCheckpointAreReported) {
  AuditLedger l;
  auto seqs = l.Build(8);
  const uint64_t n = l.ledger().Size();
  const Hash wanted = RecordHash(*l.ledger().RecordBytes(seqs[0]));
  l.Close();
  ASSERT_TRUE(WithWriteTxn(l.Dir(), [&](lmdb::Txn& txn, Dbs& d) {
                return txn.Delete(d.records, lmdb::BigEndian(n - 1));
              }).ok());
  auto r = verify::FindInLedger(l.Dir(), {wanted}, verify::FindOptions{l.log_key()});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kDataLoss) << r.status().ToString();
}

TEST(FindHash, ParsesHexAndBase64) {
  Hash h = Sha256(std::string_view("x"));
  EXPECT_EQ(*verify::ParseRecordHash(HexEncode(h)), h);
  EXPECT_EQ(*verify::ParseRecordHash(Base64Encode(h)), h);
  EXPECT_FALSE(verify::ParseRecordHash("abc").ok());
}

}  // namespace
}  // namespace ledger::testing
