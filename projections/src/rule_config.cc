// Rule thresholds: defaults and rules.json parsing.
#include "projections/rule_config.h"

#include <boost/json.hpp>

#include "ledger/events.h"

namespace ledger::projections {
namespace json = boost::json;

RuleConfig RuleConfig::Defaults() {
  RuleConfig c;
  for (const char* d : {"2016-06-29", "2020-06-24", "2024-06-28"}) {
    c.election_days.push_back(events::ParseDate(d).value());
  }
  return c;
}

Result<RuleConfig> RuleConfig::FromJson(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return Status::InvalidArgument("rules: expected a JSON object");
  RuleConfig c = Defaults();
  for (const auto& kv : v.as_object()) {
    if (kv.key() == "backdate_days" || kv.key() == "post_election_days") {
      if (!kv.value().is_int64() || kv.value().as_int64() < 0 || kv.value().as_int64() > 36500) {
        return Status::InvalidArgument("rules." + std::string(kv.key()) +
                                       ": expected a number of days");
      }
      (kv.key() == "backdate_days" ? c.backdate_days : c.post_election_days) =
          int32_t(kv.value().as_int64());
    } else if (kv.key() == "elections") {
      if (!kv.value().is_array()) return Status::InvalidArgument("rules.elections: expected dates");
      c.election_days.clear();
      for (const auto& d : kv.value().as_array()) {
        if (!d.is_string()) return Status::InvalidArgument("rules.elections: expected dates");
        auto day = events::ParseDate(d.as_string());
        if (!day.ok()) return day.status().WithContext("rules.elections");
        c.election_days.push_back(*day);
      }
    } else {
      return Status::InvalidArgument("rules." + std::string(kv.key()) + ": unknown setting");
    }
  }
  return c;
}

}  // namespace ledger::projections
