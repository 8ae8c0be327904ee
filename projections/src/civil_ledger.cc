// Ledger options with the civil-state hook and the ledger's rule thresholds.
#include "projections/civil_ledger.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace ledger::projections {

Result<CivilLedgerOptions> MakeCivilLedgerOptions(const std::string& dir, bool read_only) {
  RuleConfig rules = RuleConfig::Defaults();
  const std::filesystem::path path = std::filesystem::path(dir) / kRulesFile;
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) return Status::FailedPrecondition("cannot read " + path.string());
    auto parsed = RuleConfig::FromJson(text.str());
    if (!parsed.ok()) return parsed.status().WithContext(path.string());
    rules = std::move(parsed).value();
  }
  CivilLedgerOptions out;
  out.state = std::make_shared<CivilState>(std::move(rules));
  out.ledger.read_only = read_only;
  out.ledger.hooks.push_back(out.state);
  return out;
}

}  // namespace ledger::projections
