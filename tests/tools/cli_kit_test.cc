// The command-line kit both programs share: flag parsing and typed numbers,
// help layout, exit codes, and the boundary that turns any exception into a
// named error and an exit code.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <new>
#include <sstream>
#include <stdexcept>

#include "cli_kit/exit_codes.h"
#include "cli_kit/flags.h"
#include "cli_kit/guard.h"
#include "cli_kit/help.h"

namespace ledger::cli_kit {
namespace {

const std::vector<FlagSpec> kSpecs = {
    {"dir", true, "a directory"}, {"seed", true, "a number"}, {"json", false, "a switch"}};

TEST(Flags, ValuesSwitchesRepeatsAndPositionals) {
  auto a = Args::Parse({"one", "--dir", "d1", "--dir=d2", "--json", "-", "--", "--seed"}, kSpecs);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->Get("dir"), "d2");  // the last one given
  EXPECT_EQ(a->GetAll("dir"), (std::vector<std::string>{"d1", "d2"}));
  EXPECT_TRUE(a->Has("json"));
  EXPECT_FALSE(a->Has("seed"));
  EXPECT_EQ(a->GetOr("seed", "7"), "7");
  EXPECT_EQ(a->positional(), (std::vector<std::string>{"one", "-", "--seed"}));
}

TEST(Flags, UnknownFlagMissingValueAndValuedSwitchAreUsageErrors) {
  auto unknown = Args::Parse({"--bogus"}, kSpecs);
  EXPECT_EQ(unknown.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(unknown.status().message(), "unknown flag --bogus");
  auto missing = Args::Parse({"--dir"}, kSpecs);
  EXPECT_EQ(missing.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(missing.status().message(), "--dir needs a value");
  auto valued = Args::Parse({"--json=yes"}, kSpecs);
  EXPECT_EQ(valued.status().message(), "--json takes no value");
  auto required = Args::Parse({"--dir="}, kSpecs)->Require("dir");
  EXPECT_EQ(required.status().message(), "--dir is required");
}

TEST(Flags, NumbersAreCheckedNeverIgnored) {
  auto absent = Args::Parse({}, kSpecs)->GetUInt("seed");
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent->has_value());
  EXPECT_EQ(**Args::Parse({"--seed", "42"}, kSpecs)->GetUInt("seed"), 42u);
  for (const char* bad : {"x", "", "-1", "1.5", "12abc", " 3", "18446744073709551616"}) {
    auto n = Args::Parse({"--seed", bad}, kSpecs)->GetUInt("seed");
    EXPECT_EQ(n.status().code(), Code::kInvalidArgument) << bad;
    EXPECT_EQ(n.status().message().rfind("--seed: ", 0), 0u) << n.status().message();
  }
  auto high = Args::Parse({"--seed=2000"}, kSpecs)->GetUInt("seed", 0, 1024);
  EXPECT_EQ(high.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(high.status().message(), "--seed: 2000 is out of range (0 to 1024)");
  auto low = Args::Parse({"--seed=0"}, kSpecs)->GetUInt("seed", 1, 9);
  EXPECT_EQ(low.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(**Args::Parse({"--seed=1024"}, kSpecs)->GetUInt("seed", 0, 1024), 1024u);
}

TEST(Help, RowsPadToTheColumnOrAlignPastTheWidest) {
  const std::vector<HelpRow> rows = FlagRows(kSpecs);
  EXPECT_EQ(HelpRows(rows, 16),
            "  --dir VALUE    a directory\n"
            "  --seed VALUE   a number\n"
            "  --json         a switch\n");
  EXPECT_EQ(AlignedColumn(rows), 2 + 12 + 1u);
  EXPECT_EQ(HelpRows({{"a-very-long-left-side", "x"}}, 8), "  a-very-long-left-side x\n");
}

TEST(ExitCodes, StatusCodesMapOntoTheDocumentedExits) {
  EXPECT_EQ(ExitCodeFor(Status::InvalidArgument("x"), kExitFailure), kExitUsage);
  EXPECT_EQ(ExitCodeFor(Status::AlreadyExists("x"), kExitFailure), kExitUsage);
  EXPECT_EQ(ExitCodeFor(Status::PermissionDenied("x"), kExitFailure), kExitRejected);
  EXPECT_EQ(ExitCodeFor(Status::DataLoss("x"), kExitUsage), kExitRejected);
  EXPECT_EQ(ExitCodeFor(Status::NotFound("x"), kExitFailure), kExitFailure);
  EXPECT_EQ(ExitCodeFor(Status::NotFound("x"), kExitUsage), kExitUsage);
}

TEST(ExitCodes, FailingToOpenTheLedgerIsExit3WhateverTheCause) {
  for (const Status& cause :
       {Status::DataLoss("damaged-file: page 3 is not a page"), Status::NotFound("no ledger"),
        Status::Unavailable("locked"), Status::PermissionDenied("EACCES")}) {
    const Status s = CannotOpenLedger(cause, "data/ledger");
    EXPECT_EQ(ExitCodeFor(s, kExitFailure), kExitFailure) << cause.ToString();
    EXPECT_EQ(s.message(), "cannot open the ledger in data/ledger: " + cause.message());
  }
  // A bad flag value stays a usage error.
  EXPECT_EQ(ExitCodeFor(CannotOpenLedger(Status::InvalidArgument("--dir"), "d"), kExitFailure),
            kExitUsage);
}

TEST(ExitCodes, ErrorsAsJson) {
  EXPECT_EQ(boost::json::serialize(ErrorJson("input", "x.jsonl is empty", kExitUsage)),
            R"({"ok":false,"error":{"kind":"input","message":"x.jsonl is empty"},"exit":2})");
  EXPECT_EQ(ErrorKindFor(kExitRejected), "rejected");
  EXPECT_EQ(ErrorKindFor(kExitUsage), "input");
  EXPECT_EQ(ErrorKindFor(kExitFailure), "cannot-open");
}

TEST(Guard, ReportsTheExceptionToTheSecondHandlerToo) {
  std::ostringstream err;
  std::string seen;
  int rc = RunGuarded(
      "prog", err, 3, []() -> int { throw std::out_of_range("index 9"); },
      [&](const std::string& what) { seen = what; });
  EXPECT_EQ(rc, 3);
  EXPECT_EQ(seen, "std::out_of_range: index 9");
  EXPECT_EQ(err.str(), "prog: internal error: std::out_of_range: index 9\n");
}

// Runs `command` at the boundary; returns the exit code and what it wrote.
template <typename Command>
std::pair<int, std::string> Guarded(Command command) {
  std::ostringstream err;
  int rc = RunGuarded("prog", err, 7, command);
  return {rc, err.str()};
}

TEST(Guard, EveryEscapingExceptionIsANamedErrorAndAnExitCode) {
  EXPECT_EQ(Guarded([] { return 0; }), std::pair(0, std::string()));
  EXPECT_EQ(Guarded([]() -> int { throw std::bad_alloc(); }),
            std::pair(7, std::string("prog: internal error: out of memory (std::bad_alloc)\n")));
  EXPECT_EQ(Guarded([]() -> int { throw std::out_of_range("index 9"); }),
            std::pair(7, std::string("prog: internal error: std::out_of_range: index 9\n")));
  auto not_a_string = Guarded([] {
    boost::json::value v = 5;
    return static_cast<int>(v.as_string().size());
  });
  EXPECT_EQ(
      not_a_string,
      std::pair(7, std::string("prog: internal error: std::invalid_argument: not a string\n")));
  auto parse = Guarded([] { return static_cast<int>(boost::json::parse("{").kind()); });
  EXPECT_EQ(parse.first, 7);
  EXPECT_EQ(parse.second.rfind("prog: internal error: boost.json error: ", 0), 0u) << parse.second;
  auto odd = Guarded([]() -> int { throw 42; });
  EXPECT_EQ(odd,
            std::pair(7, std::string("prog: internal error: unknown exception of type int\n")));
}

// A stream that fails on every write, with exceptions on: the boundary must
// still return the exit code rather than let the second exception escape.
class ThrowingBuf : public std::streambuf {
 protected:
  int_type overflow(int_type) override { throw std::runtime_error("disk gone"); }
};

TEST(Guard, SurvivesAnErrorStreamThatThrows) {
  ThrowingBuf buf;
  std::ostream err(&buf);
  err.exceptions(std::ios::badbit);
  EXPECT_EQ(RunGuarded("prog", err, 3, []() -> int { throw std::bad_alloc(); }), 3);
}

}  // namespace
}  // namespace ledger::cli_kit
