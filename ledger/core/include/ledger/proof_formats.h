// The proof wire formats, one writer and one reader each (docs/FORMAT.md 7):
// the JSON inclusion and consistency proofs (exactly the keys 7.1 lists) and
// the c2sp.org/tlog-proof@v1 text bundle (7.2). The store fills these
// structs; the API and the CLI write them; the verifier reads them.
#ifndef LEDGER_PROOF_FORMATS_H_
#define LEDGER_PROOF_FORMATS_H_

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/encoding.h"
#include "ledger/status.h"

namespace ledger {

struct InclusionProof {
  uint64_t index = 0;
  uint64_t tree_size = 0;
  Hash leaf_hash{};
  std::vector<Hash> hashes;
  std::string checkpoint;     // signed checkpoint for tree_size
  std::optional<Bytes> leaf;  // the record bytes (the store always sets them)
};
// Exactly the keys of FORMAT.md 7.1 ("leaf" optional); InvalidArgument otherwise.
Result<InclusionProof> ParseInclusionJson(std::string_view text);
// {"index","tree_size","leaf_hash","hashes","checkpoint"}, plus "leaf" when
// `with_leaf` and the proof carries it.
boost::json::object InclusionToJson(const InclusionProof& p, bool with_leaf = true);

struct ConsistencyProof {
  uint64_t old_size = 0;
  uint64_t new_size = 0;
  std::vector<Hash> hashes;
};
Result<ConsistencyProof> ParseConsistencyJson(std::string_view text);
// {"old_size","new_size","hashes"}
boost::json::object ConsistencyToJson(const ConsistencyProof& p);

struct TlogProof {
  std::optional<Bytes> extra;  // the record bytes, when the bundle carries them
  uint64_t index = 0;
  std::vector<Hash> hashes;
  std::string checkpoint;
};
Result<TlogProof> ParseTlogProof(std::string_view text);
std::string TlogProofText(const TlogProof& p);
// The bundle for an inclusion proof, with the record bytes as the "extra"
// line so the bundle alone lets anyone re-hash the record it proves.
TlogProof TlogProofOf(const InclusionProof& p);

}  // namespace ledger

#endif  // LEDGER_PROOF_FORMATS_H_
