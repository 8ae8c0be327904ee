// The wire forms of proofs and registry entries that the CLI prints and the
// API serves (docs/FORMAT.md, "Proofs"): one writer, so both say the same bytes.
#ifndef LEDGER_PROOF_JSON_H_
#define LEDGER_PROOF_JSON_H_

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "ledger/keys.h"
#include "ledger/store.h"

namespace ledger {

// {"index","tree_size","leaf_hash","hashes","checkpoint"} plus "leaf" when asked.
boost::json::object InclusionProofJson(const InclusionProof& p, bool with_leaf);
// c2sp.org/tlog-proof@v1, with the record bytes as the "extra" line so the
// bundle alone lets anyone re-hash the record it proves.
std::string InclusionProofTlog(const InclusionProof& p);
// {"old_size","new_size","hashes"}
boost::json::object ConsistencyProofJson(uint64_t old_size, uint64_t new_size,
                                         const std::vector<Hash>& hashes);
boost::json::object KeyEntryJson(const keys::KeyEntry& e);

}  // namespace ledger

#endif  // LEDGER_PROOF_JSON_H_
