// Both programs on the kit: unknown flags, missing values and malformed
// numbers are usage errors (exit 2) naming the flag, and a command that
// throws ends in a named internal error and its program's exit code.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "cli.h"
#include "util/test_ledger.h"
#include "verify_cli.h"

namespace ledger {
namespace {

struct Run {
  int rc;
  std::string out, err;
};

Run Ledger(const std::vector<std::string>& args, const std::string& stdin_text = "") {
  std::istringstream in(stdin_text);
  std::ostringstream out, err;
  int rc = cli::RunCli(args, cli::Io{in, out, err});
  return {rc, out.str(), err.str()};
}

Run Verify(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  int rc = verify::RunVerifyCli(args, {out, err});
  return {rc, out.str(), err.str()};
}

// The checkpoint and key of tests/testdata (FORMAT.md's examples).
std::string Example(const std::string& name) {
  return std::string(LEDGER_TESTDATA) + "/format-examples/" + name;
}

void ExpectUsageError(const Run& r, const std::string& what) {
  EXPECT_EQ(r.rc, 2) << r.out << r.err;
  EXPECT_NE(r.err.find(what), std::string::npos) << what << " not in: " << r.err;
}

TEST(LedgerFlags, UnknownFlagAndMissingValue) {
  testing::TempDir tmp;
  ExpectUsageError(Ledger({"show", "--dir", tmp.path(), "--bogus"}), "unknown flag --bogus");
  ExpectUsageError(Ledger({"show", "--dir"}), "--dir needs a value");
  ExpectUsageError(Ledger({"vkey", "--dir=" + tmp.path(), "--help=yes"}), "--help takes no value");
}

TEST(LedgerFlags, MalformedNumbersNameTheFlag) {
  testing::TempDir tmp;
  const std::string demo = tmp.Sub("demo");
  // Once silently ignored (the default seed was used): now nothing is built.
  ExpectUsageError(Ledger({"demo", "--dir", demo, "--seed", "x"}), "--seed");
  ExpectUsageError(Ledger({"demo", "--dir", demo, "--people", "12abc"}), "--people");
  EXPECT_FALSE(std::filesystem::exists(demo));
  ExpectUsageError(Ledger({"show", "--dir", tmp.path(), "--from", "-1"}), "--from");
  ExpectUsageError(Ledger({"checkpoint", "--dir", tmp.path(), "--size", "ten"}), "--size");
  ExpectUsageError(Ledger({"prove", "consistency", "--dir", tmp.path(), "--old", "1e3"}), "--old");
  ExpectUsageError(Ledger({"prove", "consistency", "--dir", tmp.path()}), "--old is required");
  ExpectUsageError(Ledger({"prove", "inclusion", "--dir", tmp.path(), "--seq", "0x10"}), "--seq");
  ExpectUsageError(Ledger({"export", "--dir", tmp.path(), "--to", "last"}), "--to");
  ExpectUsageError(Ledger({"serve", "--dir", tmp.path(), "--timeout", "99999999999"}),
                   "--timeout: 99999999999 is out of range");
  ExpectUsageError(Ledger({"serve", "--dir", tmp.path(), "--workers", "many"}), "--workers");
  ExpectUsageError(Ledger({"query", "holders", "--dir", tmp.path(), "--limit", "x"}), "--limit");
}

TEST(VerifyFlags, UnknownFlagAndMissingValue) {
  ExpectUsageError(Verify({"checkpoint", Example("checkpoint-03.txt"), "--bogus"}),
                   "unknown flag --bogus");
  ExpectUsageError(Verify({"checkpoint", Example("checkpoint-03.txt"), "--log-key"}),
                   "--log-key needs a value");
  ExpectUsageError(Verify({"checkpoint", Example("checkpoint-03.txt"), "--json=1"}),
                   "--json takes no value");
}

TEST(VerifyFlags, MalformedOrOutOfRangeThreadsNameTheFlag) {
  testing::TempDir tmp;
  const std::string key = Example("vkey.txt");
  ExpectUsageError(Verify({"ledger", tmp.path(), "--log-key", key, "--threads", "x"}),
                   "--threads: \"x\" is not a non-negative integer");
  ExpectUsageError(Verify({"ledger", tmp.path(), "--log-key", key, "--threads=2000"}),
                   "--threads: 2000 is out of range (0 to 1024)");
  // Named even when there is nothing to audit and no key: flags come first.
  ExpectUsageError(Verify({"export", tmp.Sub("x.jsonl"), "--threads", "-4"}), "--threads");
}

// Every write fails by throwing `E`: what a full pipe, a broken terminal or
// an allocation failure deep inside a command looks like from the outside.
template <typename E>
class ThrowingBuf : public std::streambuf {
 protected:
  int_type overflow(int_type) override { throw E(); }
  std::streamsize xsputn(const char*, std::streamsize) override { throw E(); }
};

struct ThrowingOut {
  ThrowingOut() { stream.exceptions(std::ios::badbit); }
  ThrowingBuf<std::bad_alloc> buf;
  std::ostream stream{&buf};
};

TEST(Boundary, ALedgerCommandThatThrowsIsANamedErrorAndExitThree) {
  testing::TempDir tmp;
  ASSERT_EQ(Ledger({"keygen", "--out", tmp.Sub("hr")}).rc, 0);
  const std::string event =
      R"({"type":"person.registered","client_id":"p-1","body":{"person":"person.1",)"
      R"("org":"mn.ub","full_name":"Бат","gender":"male","birth_year":1980}})";
  std::istringstream in(event);
  ThrowingOut out;
  std::ostringstream err;
  int rc = cli::RunCli({"sign", "--key", tmp.Sub("hr.pem")}, cli::Io{in, out.stream, err});
  EXPECT_EQ(rc, cli::kExitFailure);
  EXPECT_EQ(err.str(), "ledger: internal error: out of memory (std::bad_alloc)\n");
}

TEST(Boundary, AVerifyModeThatThrowsIsANamedErrorAndExitTwo) {
  ThrowingOut out;
  std::ostringstream err;
  int rc = verify::RunVerifyCli(
      {"checkpoint", Example("checkpoint-03.txt"), "--log-key", Example("vkey.txt")},
      {out.stream, err});
  EXPECT_EQ(rc, verify::kExitUsage);
  EXPECT_EQ(err.str(), "ledger-verify: internal error: out of memory (std::bad_alloc)\n");
}

}  // namespace
}  // namespace ledger
