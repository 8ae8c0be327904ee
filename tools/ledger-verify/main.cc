// ledger-verify: the standalone auditor's entry point. Everything else is in
// the ledger_verifier library (verifier/cli.h), so tests run the same code.
#include <unistd.h>

#include <iostream>

#include "verify_cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return ledger::verify::RunVerifyCli(args, {std::cout, std::cerr, ::isatty(STDERR_FILENO) == 1});
}
