// The proof wire formats, one writer and one reader each (docs/FORMAT.md 7):
// the JSON inclusion and consistency proofs (exactly the keys 7.1 lists) and
// the c2sp.org/tlog-proof@v1 text bundle (7.2), and the signer part both may
// carry (7.3). The store fills these structs; the API and the CLI write them;
// the verifier reads them.
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

// Who signed the proved record, from signed data only (FORMAT.md 7.3): the
// record that registered the signing key, with its inclusion proof in the
// same tree as the main proof; when that record is a key.rotate, the record
// that registered its old_key follows, and so on, until a key.register or
// the genesis record (which registers the root key).
struct SignerPart {
  struct Link {
    uint64_t index = 0;  // the registering record's seq
    Bytes leaf;          // its record bytes
    std::vector<Hash> hashes;
    bool operator==(const Link&) const = default;
  };
  uint64_t tree_size = 0;  // must be the main proof's
  std::vector<Link> chain;
  bool operator==(const SignerPart&) const = default;
};

struct InclusionProof {
  uint64_t index = 0;
  uint64_t tree_size = 0;
  Hash leaf_hash{};
  std::vector<Hash> hashes;
  std::string checkpoint;     // signed checkpoint for tree_size
  std::optional<Bytes> leaf;  // the record bytes (the store always sets them)
  std::optional<SignerPart> signer;  // set by producers (Ledger::ProveSigner)
};
// Exactly the keys of FORMAT.md 7.1 ("leaf" and "signer" optional);
// InvalidArgument otherwise.
Result<InclusionProof> ParseInclusionJson(std::string_view text);
// {"index","tree_size","leaf_hash","hashes","checkpoint"}, plus "leaf" when
// `with_leaf` and the proof carries it, and "signer" when it carries one.
boost::json::object InclusionToJson(const InclusionProof& p, bool with_leaf = true);
// {"tree_size": N, "chain": [{"index","leaf","hashes"}, ...]}
boost::json::object SignerPartToJson(const SignerPart& s);
Result<SignerPart> SignerPartFromJson(const boost::json::value& v);

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
  // Only with `extra`: then the extra data is the container of FORMAT.md 7.3
  // (kSignerExtraMagic, then the record and this part) instead of the record.
  std::optional<SignerPart> signer;
};
Result<TlogProof> ParseTlogProof(std::string_view text);
std::string TlogProofText(const TlogProof& p);
// The bundle for an inclusion proof, with the record bytes (and the signer
// part, when the proof has one) as the extra data, so the bundle alone lets
// anyone re-hash the record it proves.
TlogProof TlogProofOf(const InclusionProof& p);

// The first bytes of extra data that holds the record and a signer part; a
// record alone starts with 0x01 (FORMAT.md 2.1), so the two never collide.
inline constexpr std::string_view kSignerExtraMagic = "ledger-signer/v1";
// The extra data of a bundle: the record alone, or the container with `signer`.
Bytes EncodeTlogExtra(const Bytes& record, const std::optional<SignerPart>& signer);
struct TlogExtra {
  Bytes record;
  std::optional<SignerPart> signer;
};
// DataLoss for a container that does not decode exactly.
Result<TlogExtra> DecodeTlogExtra(ByteView extra);

}  // namespace ledger

#endif  // LEDGER_PROOF_FORMATS_H_
