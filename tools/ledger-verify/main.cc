// ledger-verify: the standalone auditor's entry point. Everything else is in
// the ledger_verify_cli library (verify_cli.h), so tests run the same code.
#include <unistd.h>

#include <iostream>

#include "cli_kit/fault_guard.h"
#include "cli_kit/guard.h"
#include "verify_cli.h"

int main(int argc, char** argv) {
  using namespace ledger;
  // A fault in the data.mdb map: damage found, like any other problem (exit 1).
  cli_kit::InstallMapFaultHandler("ledger-verify", verify::kExitProblems);
  // argv is copied inside the boundary too, so nothing at all escapes main.
  return cli_kit::RunGuarded("ledger-verify", std::cerr, verify::kExitUsage, [&] {
    return verify::RunVerifyCli({argv + 1, argv + argc},
                                {std::cout, std::cerr, ::isatty(STDERR_FILENO) == 1});
  });
}
