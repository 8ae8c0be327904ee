// Proofs and key-registry entries as JSON and tlog-proof text.
#include "ledger/proof_json.h"

#include <boost/json.hpp>

namespace ledger {
namespace json = boost::json;

namespace {

json::array HashArray(const std::vector<Hash>& hashes) {
  json::array a;
  for (const auto& h : hashes) a.emplace_back(Base64Encode(h));
  return a;
}

}  // namespace

json::object InclusionProofJson(const InclusionProof& p, bool with_leaf) {
  json::object o;
  o["index"] = p.index;
  o["tree_size"] = p.tree_size;
  o["leaf_hash"] = Base64Encode(p.leaf_hash);
  o["hashes"] = HashArray(p.hashes);
  o["checkpoint"] = p.checkpoint;
  if (with_leaf) o["leaf"] = Base64Encode(p.leaf);
  return o;
}

std::string InclusionProofTlog(const InclusionProof& p) {
  std::string out = "c2sp.org/tlog-proof@v1\nextra " + Base64Encode(p.leaf) + "\nindex " +
                    std::to_string(p.index) + "\n";
  for (const auto& h : p.hashes) out += Base64Encode(h) + "\n";
  return out + "\n" + p.checkpoint;
}

json::object ConsistencyProofJson(uint64_t old_size, uint64_t new_size,
                                  const std::vector<Hash>& hashes) {
  json::object o;
  o["old_size"] = old_size;
  o["new_size"] = new_size;
  o["hashes"] = HashArray(hashes);
  return o;
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

}  // namespace ledger
