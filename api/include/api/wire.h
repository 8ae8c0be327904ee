// The JSON and text forms the API serves and the `ledger` CLI prints, so both
// say the same bytes. Proof forms are the verifier's own writers
// (verifier/offline.h), the ones its readers are tested against.
#ifndef API_WIRE_H_
#define API_WIRE_H_

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "ledger/keys.h"
#include "ledger/store.h"

namespace ledger::api {

// {"index","tree_size","leaf_hash","hashes","checkpoint"} plus "leaf" when asked.
boost::json::object InclusionProofJson(const InclusionProof& p, bool with_leaf);
// c2sp.org/tlog-proof@v1, with the record bytes as the "extra" line so the
// bundle alone lets anyone re-hash the record it proves.
std::string InclusionProofTlog(const InclusionProof& p);
// {"old_size","new_size","hashes"}
boost::json::object ConsistencyProofJson(uint64_t old_size, uint64_t new_size,
                                         std::vector<Hash> hashes);
boost::json::object KeyEntryJson(const keys::KeyEntry& e);
// One append's answer: {"event": N, "seq", "duplicate", "flags"} or {"event": N, "error": {...}}.
boost::json::object AppendOutcomeJson(size_t event, const AppendOutcome& o);

}  // namespace ledger::api

#endif  // API_WIRE_H_
