// The built ledger-verify binary: exit codes 0/1/2, --json output that
// parses, --help for the tool and each mode, and the default-key warning.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <boost/json.hpp>
#include <cstdio>

#include "verifier_fixture.h"

namespace ledger::testing {
namespace {

struct ToolRun {
  int code = -1;
  std::string out, err;
};

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

ToolRun Verify(const std::vector<std::string>& args, const TempDir& scratch) {
  std::string cmd = Quote(std::string(LEDGER_BINARY_DIR) + "/bin/ledger-verify");
  for (const auto& a : args) cmd += " " + Quote(a);
  const std::string err_path = scratch.Sub("stderr.txt");
  cmd += " 2>" + Quote(err_path);
  ToolRun r;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = ::pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = ReadAll(err_path);
  return r;
}

TEST(Binary, ExitCodesAndJson) {
  AuditLedger l;
  auto seqs = l.Build(8);
  const std::string key = l.log_key().ToString();
  l.Close();
  TempDir scratch;

  ToolRun clean = Verify({"ledger", l.Dir(), "--log-key", key}, scratch);
  EXPECT_EQ(clean.code, 0) << clean.out << clean.err;
  EXPECT_NE(clean.out.find("VERIFIED"), std::string::npos) << clean.out;
  EXPECT_EQ(clean.err.find("warning"), std::string::npos) << clean.err;

  ToolRun json = Verify({"ledger", l.Dir(), "--log-key", key, "--json"}, scratch);
  EXPECT_EQ(json.code, 0);
  auto doc = boost::json::parse(json.out);
  EXPECT_TRUE(doc.at("ok").as_bool());
  EXPECT_EQ(doc.at("records").to_number<uint64_t>(), seqs.back() + 1);

  // The key from the ledger directory itself works, with a warning.
  ToolRun self_key = Verify({"ledger", l.Dir()}, scratch);
  EXPECT_EQ(self_key.code, 0) << self_key.err;
  EXPECT_NE(self_key.err.find("warning: no --log-key"), std::string::npos) << self_key.err;

  ASSERT_TRUE(WithWriteTxn(l.Dir(), [&](lmdb::Txn& txn, Dbs& d) {
                return txn.Delete(d.records, lmdb::BigEndian(seqs[3]));
              }).ok());
  ToolRun bad = Verify({"ledger", l.Dir(), "--log-key", key, "--json"}, scratch);
  EXPECT_EQ(bad.code, 1) << bad.out << bad.err;
  auto bad_doc = boost::json::parse(bad.out);
  EXPECT_FALSE(bad_doc.at("ok").as_bool());
  const auto& first = bad_doc.at("problems").as_array().at(0);
  EXPECT_EQ(first.at("kind").as_string(), "missing-record");
  EXPECT_EQ(first.at("seq").to_number<uint64_t>(), seqs[3]);
  ToolRun bad_text = Verify({"ledger", l.Dir(), "--log-key", key}, scratch);
  EXPECT_EQ(bad_text.code, 1);
  EXPECT_NE(bad_text.out.find("record " + std::to_string(seqs[3]) + " [missing-record]"),
            std::string::npos)
      << bad_text.out;
}

TEST(Binary, UsageAndUnreadableInputExitTwo) {
  TempDir scratch;
  EXPECT_EQ(Verify({}, scratch).code, 2);
  EXPECT_EQ(Verify({"frobnicate"}, scratch).code, 2);
  EXPECT_EQ(Verify({"ledger", scratch.Sub("nowhere"), "--log-key", "x+1+2"}, scratch).code, 2);
  EXPECT_EQ(Verify({"ledger", scratch.path(), "--bogus-flag"}, scratch).code, 2);
  EXPECT_EQ(Verify({"checkpoint", scratch.Sub("none.txt")}, scratch).code, 2);  // no --log-key
  ToolRun help = Verify({"--help"}, scratch);
  EXPECT_EQ(help.code, 0);
  for (const char* mode :
       {"ledger", "export", "checkpoint", "inclusion", "consistency", "proof", "find-hash"}) {
    ToolRun r = Verify({mode, "--help"}, scratch);
    EXPECT_EQ(r.code, 0) << mode;
    EXPECT_NE(r.out.find(std::string("usage: ledger-verify ") + mode), std::string::npos) << r.out;
    EXPECT_NE(help.out.find(std::string("  ") + mode + " "), std::string::npos) << mode;
  }
}

TEST(Binary, CheckpointAndFindHashModes) {
  AuditLedger l;
  auto seqs = l.Build(8);
  const std::string key = l.log_key().ToString();
  auto cp = l.ledger().Checkpoint();
  const std::string hash = HexEncode(RecordHash(*l.ledger().RecordBytes(seqs[2])));
  l.Close();
  TempDir scratch;
  WriteAll(scratch.Sub("cp.txt"), *cp);
  WriteAll(scratch.Sub("key.vkey"), key + "\n");
  EXPECT_EQ(
      Verify({"checkpoint", scratch.Sub("cp.txt"), "--log-key", scratch.Sub("key.vkey")}, scratch)
          .code,
      0);
  std::string broken = *cp;
  broken[broken.size() - 10] = broken[broken.size() - 10] == 'A' ? 'B' : 'A';
  WriteAll(scratch.Sub("bad.txt"), broken);
  EXPECT_EQ(Verify({"checkpoint", scratch.Sub("bad.txt"), "--log-key", key}, scratch).code, 1);

  ToolRun found =
      Verify({"find-hash", hash, "--ledger", l.Dir(), "--log-key", key, "--json"}, scratch);
  EXPECT_EQ(found.code, 0) << found.out << found.err;
  auto doc = boost::json::parse(found.out);
  EXPECT_EQ(doc.at("results").as_array().at(0).at("seq").to_number<uint64_t>(), seqs[2]);
  ToolRun missing =
      Verify({"find-hash", std::string(64, 'a'), "--ledger", l.Dir(), "--log-key", key}, scratch);
  EXPECT_EQ(missing.code, 1) << missing.out << missing.err;
  EXPECT_NE(missing.out.find("NOT FOUND"), std::string::npos);
}

}  // namespace
}  // namespace ledger::testing
