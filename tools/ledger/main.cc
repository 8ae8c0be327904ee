// `ledger`: a thin main over ledger::cli::RunCli.
#include <iostream>

#include "cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return ledger::cli::RunCli(args, {std::cin, std::cout, std::cerr});
}
