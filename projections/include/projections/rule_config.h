// Thresholds of the flagging rules. Defaults follow the issue tracker's
// agreed values; a ledger may override them with a rules.json file.
#ifndef PROJECTIONS_RULE_CONFIG_H_
#define PROJECTIONS_RULE_CONFIG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "ledger/status.h"

namespace ledger::projections {

struct RuleConfig {
  int32_t backdate_days = 30;          // effective date this far before recording: back-dated
  int32_t post_election_days = 90;     // non-political appointment this soon after an election
  std::vector<int32_t> election_days;  // national election dates, days since 1970-01-01

  // Parliamentary elections of 2016-06-29, 2020-06-24 and 2024-06-28.
  static RuleConfig Defaults();
  // {"backdate_days": 30, "post_election_days": 90, "elections": ["2024-06-28", ...]};
  // absent keys keep their defaults; unknown keys are rejected.
  static Result<RuleConfig> FromJson(std::string_view text);
};

}  // namespace ledger::projections

#endif  // PROJECTIONS_RULE_CONFIG_H_
