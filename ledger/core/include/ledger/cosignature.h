// C2SP tlog-cosignature (c2sp.org/tlog-cosignature): witness cosignatures on
// checkpoints, and the witness verifier-key form. Storage-free.
// Format: docs/WITNESS.md, "Cosignatures".
#ifndef LEDGER_COSIGNATURE_H_
#define LEDGER_COSIGNATURE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/crypto.h"
#include "ledger/note.h"
#include "ledger/status.h"

namespace ledger::cosig {

// The signature type byte of a cosigner key, which also selects the signed
// message. Only Ed25519 cosignature/v1 is implemented: the spec's ML-DSA-44
// type (0x06, "subtree/v1") needs OpenSSL 3.5, and Debian 12 ships 3.0.
enum class Algorithm : uint8_t {
  kEd25519V1 = 0x04,  // "cosignature/v1\ntime <t>\n" || checkpoint body
};

// Key id = first 4 bytes of SHA-256(name || 0x0A || 0x04 || public key).
note::KeyId KeyId(std::string_view name, const PublicKey& key);

// A witness (cosigner) verifier key: "<name>+<8 hex id>+<base64(0x04 || key)>".
struct CosignerKey {
  std::string name;
  note::KeyId id{};
  PublicKey key{};
  Algorithm algorithm = Algorithm::kEd25519V1;

  std::string ToString() const;
  // Rejects bad names, other key types (a log's 0x01 key included), wrong
  // lengths and a key id that does not match.
  static Result<CosignerKey> Parse(std::string_view text);
  static CosignerKey ForKey(std::string_view name, const PublicKey& key);
};

// The exact bytes a cosignature/v1 signs: "cosignature/v1\ntime <t>\n" || body.
std::string SignedMessage(std::string_view checkpoint_body, uint64_t timestamp);

// One note signature line, "— <name> base64(id || u64be timestamp || sig)\n",
// cosigning `checkpoint_body` (the note text, ending in "\n") at `timestamp`
// (POSIX seconds, at most 2^63 - 1).
Result<std::string> SignatureLine(std::string_view checkpoint_body, uint64_t timestamp,
                                  std::string_view name, const SigningKey& key);

// A cosignature found in a note and verified.
struct Verified {
  std::string name;
  uint64_t timestamp = 0;
};

// Looks in `note` for signature lines carrying `key`'s name and id. NotFound
// when there is none; DataLoss when one does not verify (only tampering makes
// one); otherwise the cosignature's timestamp. Lines of other keys are ignored.
Result<Verified> Verify(const note::SignedNote& note, const CosignerKey& key);

// Appends signature lines (each "— ...\n") to a signed note, dropping any line
// identical to one already present. The lines are checked for syntax only.
Result<std::string> AddSignatureLines(std::string_view signed_note, std::string_view lines);

}  // namespace ledger::cosig

#endif  // LEDGER_COSIGNATURE_H_
