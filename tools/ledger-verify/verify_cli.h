// ledger-verify's command line as a library function, so that tests run the
// whole tool without a process and main.cc only forwards argv and streams.
// Exit codes: 0 verified, 1 tampering or inconsistency found (or a proof
// rejected), 2 usage error or unreadable input.
#ifndef LEDGER_VERIFY_CLI_H_
#define LEDGER_VERIFY_CLI_H_

#include <iosfwd>
#include <string>
#include <vector>

namespace ledger::verify {

inline constexpr int kExitVerified = 0;
inline constexpr int kExitProblems = 1;
inline constexpr int kExitUsage = 2;

struct CliIo {
  std::ostream& out;      // reports
  std::ostream& err;      // warnings, errors and the progress bar
  bool progress = false;  // draw a progress bar on `err` (a terminal)
};

// `args` excludes the program name.
int RunVerifyCli(const std::vector<std::string>& args, CliIo io);

}  // namespace ledger::verify

#endif  // LEDGER_VERIFY_CLI_H_
