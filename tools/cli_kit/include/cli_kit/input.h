// Reading a command's input: a file (through the core's ReadFile), or
// standard input when the path is "-".
#ifndef CLI_KIT_INPUT_H_
#define CLI_KIT_INPUT_H_

#include <istream>
#include <string>

#include "ledger/status.h"

namespace ledger::cli_kit {

// The whole of `path_or_dash`, or of `in` for "-"; NotFound names the path.
Result<std::string> ReadInput(const std::string& path_or_dash, std::istream& in);

}  // namespace ledger::cli_kit

#endif  // CLI_KIT_INPUT_H_
