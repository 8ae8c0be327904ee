// Rule thresholds: the version 1 defaults, rules files and rules.set bodies.
#include "projections/rule_config.h"

#include <algorithm>
#include <boost/json.hpp>

#include "ledger/event_types.h"

namespace ledger::projections {
namespace json = boost::json;
namespace F = events::field;

namespace {

Result<int32_t> Days(std::string_view name, uint64_t n) {
  if (n > uint64_t(RuleConfig::kMaxDays)) {
    return Status::InvalidArgument(std::string(name) + ": " + std::to_string(n) +
                                   " is more than " + std::to_string(RuleConfig::kMaxDays) +
                                   " days");
  }
  return int32_t(n);
}

}  // namespace

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
    const std::string path = "rules." + std::string(kv.key());
    if (kv.key() == F::kBackdateDays || kv.key() == F::kPostElectionDays) {
      if (!kv.value().is_int64() || kv.value().as_int64() < 0) {
        return Status::InvalidArgument(path + ": expected a number of days");
      }
      LEDGER_ASSIGN_OR_RETURN(int32_t days, Days(path, uint64_t(kv.value().as_int64())));
      (kv.key() == F::kBackdateDays ? c.backdate_days : c.post_election_days) = days;
    } else if (kv.key() == F::kElections) {
      if (!kv.value().is_array()) return Status::InvalidArgument(path + ": expected dates");
      c.election_days.clear();
      for (const auto& d : kv.value().as_array()) {
        if (!d.is_string()) return Status::InvalidArgument(path + ": expected dates");
        auto day = events::ParseDate(d.as_string());
        if (!day.ok()) return day.status().WithContext(path);
        c.election_days.push_back(*day);
      }
      std::sort(c.election_days.begin(), c.election_days.end());
      c.election_days.erase(std::unique(c.election_days.begin(), c.election_days.end()),
                            c.election_days.end());
    } else {
      return Status::InvalidArgument(path + ": unknown setting");
    }
  }
  return c;
}

Result<RuleConfig> RuleConfig::FromBody(const events::Body& body) {
  RuleConfig c;
  LEDGER_ASSIGN_OR_RETURN(c.backdate_days,
                          Days("body.backdate_days", body.UInt(F::kBackdateDays)));
  LEDGER_ASSIGN_OR_RETURN(c.post_election_days,
                          Days("body.post_election_days", body.UInt(F::kPostElectionDays)));
  c.election_days = body.Dates(F::kElections);  // the codec has checked the order
  return c;
}

json::object RuleConfigJson(const RuleConfig& rules) {
  json::array elections;
  for (int32_t d : rules.election_days) elections.emplace_back(events::FormatDate(d));
  return {{F::kBackdateDays, rules.backdate_days},
          {F::kPostElectionDays, rules.post_election_days},
          {F::kElections, std::move(elections)}};
}

}  // namespace ledger::projections
