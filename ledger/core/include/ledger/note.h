// C2SP signed-note (c2sp.org/signed-note) with Ed25519 keys, note verifier
// key strings, and C2SP tlog-checkpoint bodies (c2sp.org/tlog-checkpoint).
// Storage-free; the verifier links it alone. Format: docs/FORMAT.md, "Checkpoints".
#ifndef LEDGER_NOTE_H_
#define LEDGER_NOTE_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/crypto.h"
#include "ledger/encoding.h"
#include "ledger/status.h"

namespace ledger::note {

using KeyId = std::array<uint8_t, 4>;

// Key id = first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key).
KeyId Ed25519KeyId(std::string_view name, const PublicKey& key);

// A note verifier key: "<name>+<8 hex key id>+<base64(0x01 || public key)>".
struct VerifierKey {
  std::string name;
  KeyId id{};
  PublicKey key{};

  std::string ToString() const;
  // Rejects bad names (empty, containing '+' or whitespace or non-UTF-8),
  // unknown key types, wrong lengths, and a key id that does not match.
  static Result<VerifierKey> Parse(std::string_view text);
  static VerifierKey ForKey(std::string_view name, const PublicKey& key);
};

// Non-empty UTF-8 without '+', white space or control characters: what a key
// name must be to fit a signature line and a verifier key.
Status ValidateKeyName(std::string_view name);

// The common text form of a key, "<name>+<id>+<base64 material>", shared by
// verifier keys and witness (cosigner) keys: the name validated, the id 8
// lower-case hex digits, the material decoded and non-empty (its first byte
// is the key type, which the caller checks). `what` names the key in errors
// ("verifier key", "witness key").
struct KeyText {
  std::string_view name;
  std::string_view id_hex;
  Bytes material;
};
Result<KeyText> ParseKeyText(std::string_view text, std::string_view what);

// One "— <name> <base64(keyid || sig)>" line of a note.
struct NoteSignature {
  std::string name;
  KeyId id{};
  Bytes signature;  // 64 bytes for Ed25519; other algorithms are kept opaque
};

struct SignedNote {
  std::string text;  // the note body, ending in "\n"
  std::vector<NoteSignature> signatures;
};

// Signs `text` (must be non-empty UTF-8 ending in '\n', without control
// characters other than '\n') as a note with one signature line.
Result<std::string> Sign(std::string_view text, std::string_view name, const SigningKey& key);

// Splits a signed note into text and signature lines (syntax only).
Result<SignedNote> Parse(std::string_view note);

// Parses and verifies that `note` carries a valid signature by `verifier`.
// Signature lines from other keys are ignored (as the spec requires);
// PermissionDenied when no line is from `verifier`, DataLoss when its line
// does not verify. Returns the note text.
Result<std::string> Open(std::string_view note, const VerifierKey& verifier);

// A C2SP tlog-checkpoint body: origin, decimal tree size, base64 root hash.
struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Hash root{};

  // "<origin>\n<size>\n<base64 root>\n" with no extension lines.
  std::string Body() const;
  // Parses a body (extension lines after the root are accepted and ignored).
  static Result<Checkpoint> ParseBody(std::string_view body);
};

// Signs a checkpoint as a note whose key name is the origin.
Result<std::string> SignCheckpoint(const Checkpoint& cp, const SigningKey& key);
// Verifies a signed checkpoint against the log's verifier key and checks that
// the checkpoint's origin equals the key name.
Result<Checkpoint> OpenCheckpoint(std::string_view signed_note, const VerifierKey& log_key);

}  // namespace ledger::note

#endif  // LEDGER_NOTE_H_
