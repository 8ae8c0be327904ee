// JSON forms of key entries and append outcomes (ledger/wire.h).
#include "ledger/wire.h"

#include <boost/json.hpp>

namespace ledger {
namespace json = boost::json;

json::object KeyEntryJson(const keys::KeyEntry& e) {
  json::object o;
  o["name"] = e.name;
  o["key"] = Base64Encode(e.key);
  o["role"] = std::string(keys::RoleName(e.role));
  json::array orgs;
  for (const auto& org : e.organisations) orgs.emplace_back(org);
  o["organisations"] = std::move(orgs);
  o["registered_seq"] = e.registered_seq;
  if (e.revoked) {
    o["revoked_seq"] = e.revoked_seq;
    o["revoke_reason"] = e.revoke_reason;
  }
  return o;
}

json::array ErrorsJson(const std::vector<Status>& errors) {
  json::array out;
  for (const Status& e : errors) {
    out.push_back(json::object{{"code", CodeName(e.code())}, {"message", e.message()}});
  }
  return out;
}

json::object AppendOutcomeJson(size_t event, const AppendOutcome& o) {
  json::object line{{"event", event}};
  if (!o.status.ok()) {
    line["error"] = {{"code", CodeName(o.status.code())}, {"message", o.status.message()}};
    // An event that breaks several rules: every reason, the first as "error".
    if (!o.status.more().empty()) line["errors"] = ErrorsJson(o.status.Each());
    return line;
  }
  line["seq"] = o.seq;
  line["duplicate"] = o.duplicate;
  json::array flags;
  for (const auto& f : o.flags) flags.emplace_back(f);
  line["flags"] = std::move(flags);
  return line;
}

}  // namespace ledger
