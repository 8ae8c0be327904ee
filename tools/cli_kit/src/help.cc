// The help-text layout of cli_kit/help.h.
#include "cli_kit/help.h"

#include <algorithm>

namespace ledger::cli_kit {

std::string HelpRows(const std::vector<HelpRow>& rows, size_t column) {
  std::string out;
  for (const HelpRow& row : rows) {
    std::string line = "  " + row.left;
    if (line.size() < column) line.resize(column, ' ');
    out += line + " " + row.right + "\n";
  }
  return out;
}

size_t AlignedColumn(const std::vector<HelpRow>& rows) {
  size_t widest = 0;
  for (const HelpRow& row : rows) widest = std::max(widest, row.left.size());
  return 2 + widest + 1;
}

std::vector<HelpRow> FlagRows(const std::vector<FlagSpec>& flags) {
  std::vector<HelpRow> rows;
  for (const FlagSpec& f : flags) {
    rows.push_back({"--" + f.name + (f.takes_value ? " VALUE" : ""), f.help});
  }
  return rows;
}

}  // namespace ledger::cli_kit
