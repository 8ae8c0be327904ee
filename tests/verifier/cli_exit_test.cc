// ledger-verify's exit codes and --json for every mode: malformed or
// unreadable input is exit 2, and with --json every outcome (errors and
// internal failures too) is one parseable JSON object on stdout carrying
// "ok" and "exit" (docs/VERIFY.md, "Exit codes").
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <sstream>

#include "ledger/export_format.h"
#include "verifier_fixture.h"
#include "verify_cli.h"

namespace ledger::testing {
namespace {
namespace json = boost::json;

struct CliRun {
  int rc;
  std::string out, err;
};

CliRun Verify(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  int rc = verify::RunVerifyCli(args, {out, err});
  return {rc, out.str(), err.str()};
}

std::string Example(const std::string& name) {
  return std::string(LEDGER_TESTDATA) + "/format-examples/" + name;
}

// Exactly one JSON object on stdout, with "ok" and "exit" as the exit code says.
json::object OneObject(const CliRun& r) {
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  boost::system::error_code ec;
  json::value v = json::parse(r.out, ec);
  EXPECT_FALSE(ec) << "not JSON: " << r.out;
  if (ec || !v.is_object()) return {};
  const json::object& o = v.as_object();
  EXPECT_EQ(o.at("exit").to_number<int>(), r.rc) << r.out;
  EXPECT_EQ(o.at("ok").as_bool(), r.rc == 0) << r.out;
  return o;
}

void ExpectJsonError(const CliRun& r, int rc, const std::string& kind, const std::string& what) {
  EXPECT_EQ(r.rc, rc) << r.out << r.err;
  json::object o = OneObject(r);
  ASSERT_TRUE(o.contains("error")) << r.out;
  EXPECT_EQ(o.at("error").at("kind").as_string(), kind) << r.out;
  const std::string message(o.at("error").at("message").as_string());
  EXPECT_NE(message.find(what), std::string::npos) << message;
  EXPECT_NE(r.err.find(what), std::string::npos) << r.err;  // and for people, on stderr
}

class VerifyCliExit : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir.Sub(name);
    WriteAll(path, text);
    return path;
  }
  TempDir dir;
  const std::string key = Example("vkey.txt");
};

TEST_F(VerifyCliExit, MalformedInputIsExit2WithAJsonErrorInEveryMode) {
  const std::string empty = Write("empty.jsonl", "");
  const std::string junk = Write("junk.txt", "this is not a proof\n");
  struct Case {
    std::vector<std::string> args;
    std::string what;
  };
  const std::vector<Case> cases = {
      {{"ledger", dir.Sub("no-ledger"), "--log-key", key}, "no-ledger"},
      {{"export", empty, "--log-key", key}, "is empty"},
      {{"export", empty}, "is empty"},
      {{"export", junk, "--log-key", key}, "junk.txt:1"},
      {{"find-hash", "abc", "--export", empty, "--log-key", key}, "abc"},
      {{"find-hash", std::string(64, '0'), "--export", empty, "--log-key", key}, "is empty"},
      {{"checkpoint", junk, "--log-key", key}, ""},
      {{"inclusion", junk, "--log-key", key}, "junk.txt"},
      {{"consistency", junk, "--log-key", key}, "junk.txt"},
      {{"proof", junk, "--log-key", key}, "junk.txt"},
      {{"checkpoint", dir.Sub("absent.txt"), "--log-key", key}, "absent.txt"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = c.args;
    args.push_back("--json");
    SCOPED_TRACE(args[0] + " " + args[1]);
    CliRun r = Verify(args);
    EXPECT_EQ(r.rc, verify::kExitUsage) << r.out << r.err;
    json::object o = OneObject(r);
    if (o.contains("error")) {
      EXPECT_EQ(o.at("error").at("kind").as_string(), "input") << r.out;
      EXPECT_NE(std::string(o.at("error").at("message").as_string()).find(c.what),
                std::string::npos)
          << r.out;
    } else {
      // A verdict that could not be reached ("unusable") is its own object.
      EXPECT_EQ(o.at("outcome").as_string(), "unusable") << r.out;
    }
    // Without --json the same exit code and nothing on stdout but a verdict.
    CliRun text = Verify(c.args);
    EXPECT_EQ(text.rc, verify::kExitUsage) << text.err;
  }
}

TEST_F(VerifyCliExit, UsageErrorsAnswerInJsonToo) {
  ExpectJsonError(Verify({"checkpoint", "--bogus", "--json"}), 2, "usage", "--bogus");
  ExpectJsonError(Verify({"no-such-mode", "--json"}), 2, "usage", "no-such-mode");
  ExpectJsonError(Verify({"ledger", "--json"}), 2, "usage", "give one ledger directory");
  ExpectJsonError(Verify({"export", "x", "--threads", "many", "--json"}), 2, "usage", "--threads");
  ExpectJsonError(Verify({"find-hash", "--json"}), 2, "usage", "record hash");
}

TEST_F(VerifyCliExit, ADeletedRecordAndAZeroedFileAreNamedProblems) {
  AuditLedger l;
  l.Build(8);
  l.Close();
  const std::string vkey = Write("log.vkey", l.log_key().ToString() + "\n");
  ASSERT_TRUE(WithWriteTxn(l.Dir(), [](lmdb::Txn& txn, Dbs& d) {
                return txn.Delete(d.records, lmdb::BigEndian(3));
              }).ok());
  CliRun gap = Verify({"ledger", l.Dir(), "--log-key", vkey, "--json", "--quiet"});
  EXPECT_EQ(gap.rc, 1) << gap.out << gap.err;
  const json::object report = OneObject(gap);
  ASSERT_TRUE(report.contains("problems")) << gap.out;
  const json::object& first = report.at("problems").as_array().at(0).as_object();
  EXPECT_EQ(first.at("kind").as_string(), "missing-record") << gap.out;
  EXPECT_EQ(first.at("seq").to_number<uint64_t>(), 3u);

  const std::string data = layout::PathIn(l.Dir(), layout::kDataFile);
  WriteAll(data, std::string(ReadAll(data).size(), '\0'));
  CliRun zeroed = Verify({"ledger", l.Dir(), "--log-key", vkey, "--json", "--quiet"});
  // A damaged file is a finding about the evidence (docs/VERIFY.md, "Damaged files").
  EXPECT_EQ(zeroed.rc, 1) << zeroed.out << zeroed.err;
  const json::object damaged = OneObject(zeroed);
  ASSERT_TRUE(damaged.contains("problems")) << zeroed.out;
  EXPECT_EQ(damaged.at("problems").as_array().at(0).at("kind").as_string(), "damaged-file");
  EXPECT_EQ(damaged.at("exit").to_number<int>(), 1);
}

TEST_F(VerifyCliExit, VerdictsCarryTheirExitCode) {
  CliRun ok = Verify({"checkpoint", Example("checkpoint-07.txt"), "--log-key", key, "--json"});
  EXPECT_EQ(ok.rc, 0) << ok.out << ok.err;
  EXPECT_EQ(OneObject(ok).at("exit").to_number<int>(), 0);

  AuditLedger l;
  l.Build(8);
  std::vector<std::string> lines = {ExportHeaderLine(l.log_key(), l.ledger().Size())};
  ASSERT_TRUE(l.ledger()
                  .ForEachRecord(0, l.ledger().Size(),
                                 [&](uint64_t seq, ByteView bytes) {
                                   lines.push_back(ExportRecordLine(seq, bytes));
                                   return Status::Ok();
                                 })
                  .ok());
  lines.push_back(ExportCheckpointLine(l.ledger().Size(), *l.ledger().Checkpoint(std::nullopt)));
  std::swap(lines[3], lines[4]);  // seqs 2 and 3
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  const std::string path = Write("swapped.jsonl", text);
  const std::string vkey = Write("log.vkey", l.log_key().ToString() + "\n");
  CliRun bad = Verify({"export", path, "--log-key", vkey, "--json", "--quiet"});
  EXPECT_EQ(bad.rc, 1) << bad.out << bad.err;
  json::object o = OneObject(bad);
  const json::object& first = o.at("problems").as_array().at(0).as_object();
  EXPECT_EQ(first.at("kind").as_string(), "seq") << bad.out;
  EXPECT_EQ(first.at("seq").to_number<uint64_t>(), 2u) << bad.out;
}

}  // namespace
}  // namespace ledger::testing
