// Thresholds and election calendar of the flagging rules. They come from the
// log: the version 1 defaults until a ledger's first rules.set record, then
// the latest such record's values (docs/EVENTS.md, "Rule configuration").
#ifndef PROJECTIONS_RULE_CONFIG_H_
#define PROJECTIONS_RULE_CONFIG_H_

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ledger/events.h"
#include "ledger/status.h"

namespace ledger::projections {

struct RuleConfig {
  // A threshold is at most this many days (100 years).
  static constexpr int32_t kMaxDays = 36500;

  int32_t backdate_days = 30;          // effective date this far before recording: back-dated
  int32_t post_election_days = 90;     // non-political appointment this soon after an election
  std::vector<int32_t> election_days;  // national election dates, days since 1970-01-01, increasing

  // The version 1 defaults: 30 and 90 days, the parliamentary elections of
  // 2016-06-29, 2020-06-24 and 2024-06-28.
  static RuleConfig Defaults();
  // A rules file, {"backdate_days": 30, "post_election_days": 90,
  // "elections": ["2024-06-28", ...]} (the input of `ledger rules set
  // --from-json`): absent keys keep their defaults, unknown keys and values
  // out of range are rejected, elections are sorted and each kept once.
  static Result<RuleConfig> FromJson(std::string_view text);
  // The rules a rules.set body sets. REQUIRES: `body` is a rules.set body.
  static Result<RuleConfig> FromBody(const events::Body& body);

  bool operator==(const RuleConfig&) const = default;
};

// {"backdate_days", "post_election_days", "elections": ["YYYY-MM-DD", ...]}:
// also the fields of a rules.set body other than its reason.
boost::json::object RuleConfigJson(const RuleConfig& rules);

// The rules in force at some point of the history, and where they came from.
struct RulesInForce {
  RuleConfig rules = RuleConfig::Defaults();
  std::optional<uint64_t> seq;  // the rules.set record that set them; none: the defaults
  // The version of the civil-service rule set the log's genesis declares
  // (civil_state.h): 2 adds the future-dated and duplicate-person rules.
  // rules.set records change the thresholds, never the version.
  uint32_t rule_set_version = 1;
  bool FutureDatedRule() const { return rule_set_version >= 2; }
  bool DuplicatePersonRule() const { return rule_set_version >= 2; }
};

}  // namespace ledger::projections

#endif  // PROJECTIONS_RULE_CONFIG_H_
