// File or stdin input (cli_kit/input.h).
#include "cli_kit/input.h"

#include <sstream>

#include "ledger/file_io.h"

namespace ledger::cli_kit {

Result<std::string> ReadInput(const std::string& path_or_dash, std::istream& in) {
  if (path_or_dash != "-") return ReadFile(path_or_dash);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace ledger::cli_kit
