// Wire forms over the verifier's proof writers and the key registry.
#include "api/wire.h"

#include <boost/json.hpp>

#include "verifier/offline.h"

namespace ledger::api {
namespace json = boost::json;

json::object InclusionProofJson(const InclusionProof& p, bool with_leaf) {
  verify::InclusionProofJson wire{p.index,  p.tree_size,  p.leaf_hash,
                                  p.hashes, p.checkpoint, std::nullopt};
  if (with_leaf) wire.leaf = p.leaf;
  return verify::InclusionToJson(wire);
}

std::string InclusionProofTlog(const InclusionProof& p) {
  return verify::TlogProofText(verify::TlogProof{p.leaf, p.index, p.hashes, p.checkpoint});
}

json::object ConsistencyProofJson(uint64_t old_size, uint64_t new_size, std::vector<Hash> hashes) {
  return verify::ConsistencyToJson(
      verify::ConsistencyProofJson{old_size, new_size, std::move(hashes)});
}

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

json::object AppendOutcomeJson(size_t event, const AppendOutcome& o) {
  json::object line{{"event", event}};
  if (!o.status.ok()) {
    line["error"] = {{"code", CodeName(o.status.code())}, {"message", o.status.message()}};
    return line;
  }
  line["seq"] = o.seq;
  line["duplicate"] = o.duplicate;
  json::array flags;
  for (const auto& f : o.flags) flags.emplace_back(f);
  line["flags"] = std::move(flags);
  return line;
}

}  // namespace ledger::api
