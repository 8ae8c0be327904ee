// `ledger`: a thin main over ledger::cli::RunCli.
#include <iostream>

#include "cli.h"
#include "cli_kit/fault_guard.h"
#include "cli_kit/guard.h"

int main(int argc, char** argv) {
  using namespace ledger;
  // A fault in the data.mdb map: damage, reported like any that cannot be opened.
  cli_kit::InstallMapFaultHandler("ledger", cli::kExitFailure);
  // argv is copied inside the boundary too, so nothing at all escapes main.
  return cli_kit::RunGuarded("ledger", std::cerr, cli::kExitFailure, [&] {
    return cli::RunCli({argv + 1, argv + argc}, {std::cin, std::cout, std::cerr});
  });
}
