// ledger-verify's command line as a library function, so that tests run the
// whole tool without a process and main.cc only forwards argv and streams.
// Exit codes: 0 verified, 1 tampering or inconsistency found (or a proof
// rejected), 2 usage error or unreadable input.
#ifndef LEDGER_VERIFY_CLI_H_
#define LEDGER_VERIFY_CLI_H_

#include <iosfwd>
#include <string>
#include <vector>

#include "cli_kit/exit_codes.h"

namespace ledger::verify {

// The kit's codes under the names an auditor reads; there is no 3: input
// that cannot be read is a 2, as docs/VERIFY.md says.
inline constexpr int kExitVerified = cli_kit::kExitOk;
inline constexpr int kExitProblems = cli_kit::kExitRejected;
inline constexpr int kExitUsage = cli_kit::kExitUsage;

struct CliIo {
  std::ostream& out;      // reports
  std::ostream& err;      // warnings, errors and the progress bar
  bool progress = false;  // draw a progress bar on `err` (a terminal)
  // --json was given: every outcome, errors included, is one JSON object on
  // `out` (RunVerifyCli sets it from the arguments).
  bool json = false;
};

// `args` excludes the program name. Never throws: an exception escaping a
// mode is reported as an internal error (exit 2) at the kit's boundary.
int RunVerifyCli(const std::vector<std::string>& args, CliIo io);

}  // namespace ledger::verify

#endif  // LEDGER_VERIFY_CLI_H_
