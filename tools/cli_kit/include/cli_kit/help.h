// Help text for `ledger` and `ledger-verify`: two-column rows of commands or
// flags with their descriptions.
#ifndef CLI_KIT_HELP_H_
#define CLI_KIT_HELP_H_

#include <string>
#include <vector>

#include "cli_kit/flags.h"

namespace ledger::cli_kit {

struct HelpRow {
  std::string left;   // "--seq VALUE", "prove inclusion", ...
  std::string right;  // what it does
};

// One line per row: two spaces, LEFT, spaces up to `column` characters from
// the line's start (none when LEFT is longer), one space, RIGHT.
std::string HelpRows(const std::vector<HelpRow>& rows, size_t column);

// The column that starts every RIGHT two spaces past the widest LEFT.
size_t AlignedColumn(const std::vector<HelpRow>& rows);

// "--name VALUE" (a switch: "--name") and its help, one row per flag.
std::vector<HelpRow> FlagRows(const std::vector<FlagSpec>& flags);

}  // namespace ledger::cli_kit

#endif  // CLI_KIT_HELP_H_
