// C2SP tlog-cosignature/v1 with Ed25519: key ids, witness verifier keys, the
// signed message and the timestamped signature lines, written from the spec
// (tests check them against an independent EVP implementation of it).
#include "ledger/cosignature.h"

#include <cstring>
#include <optional>

namespace ledger::cosig {
namespace {

constexpr std::string_view kSigPrefix = "\xE2\x80\x94 ";  // U+2014 EM DASH, space
constexpr size_t kTimestampBytes = 8;
constexpr uint64_t kMaxTimestamp = (uint64_t{1} << 63) - 1;

}  // namespace

note::KeyId KeyId(std::string_view name, const PublicKey& key) {
  Sha256Hasher h;
  h.Update(name);
  const uint8_t sep[2] = {'\n', static_cast<uint8_t>(Algorithm::kEd25519V1)};
  h.Update(ByteView(sep));
  h.Update(ByteView(key));
  Hash sum = h.Finish();
  note::KeyId id;
  std::memcpy(id.data(), sum.data(), id.size());
  return id;
}

std::string CosignerKey::ToString() const {
  Bytes typed;
  typed.push_back(static_cast<uint8_t>(algorithm));
  typed.insert(typed.end(), key.begin(), key.end());
  return name + "+" + HexEncode(id) + "+" + Base64Encode(typed);
}

CosignerKey CosignerKey::ForKey(std::string_view name, const PublicKey& key) {
  return CosignerKey{std::string(name), KeyId(name, key), key, Algorithm::kEd25519V1};
}

Result<CosignerKey> CosignerKey::Parse(std::string_view text) {
  LEDGER_ASSIGN_OR_RETURN(note::KeyText parsed, note::ParseKeyText(text, "witness key"));
  const std::string_view name = parsed.name, hex = parsed.id_hex;
  const Bytes& raw = parsed.material;
  if (raw[0] != static_cast<uint8_t>(Algorithm::kEd25519V1)) {
    return Status::InvalidArgument(
        "witness key type 0x" + HexEncode(ByteView(raw.data(), 1)) +
        " is not 0x04 (Ed25519 cosignature/v1)" +
        (raw[0] == 0x06 ? "; ML-DSA-44 (0x06) is not supported with OpenSSL 3.0" : ""));
  }
  if (raw.size() != 1 + sizeof(PublicKey)) {
    return Status::InvalidArgument("Ed25519 witness key has " + std::to_string(raw.size() - 1) +
                                   " bytes, want 32");
  }
  PublicKey key;
  std::memcpy(key.data(), raw.data() + 1, key.size());
  CosignerKey k = ForKey(name, key);
  if (HexEncode(k.id) != hex) {
    return Status::InvalidArgument("witness key id " + std::string(hex) +
                                   " does not match the key (want " + HexEncode(k.id) + ")");
  }
  return k;
}

std::string SignedMessage(std::string_view checkpoint_body, uint64_t timestamp) {
  std::string m = "cosignature/v1\ntime " + std::to_string(timestamp) + "\n";
  m.append(checkpoint_body);
  return m;
}

Result<std::string> SignatureLine(std::string_view checkpoint_body, uint64_t timestamp,
                                  std::string_view name, const SigningKey& key) {
  LEDGER_RETURN_IF_ERROR(note::ValidateKeyName(name).WithContext("witness"));
  if (checkpoint_body.empty() || checkpoint_body.back() != '\n') {
    return Status::InvalidArgument("checkpoint body does not end in a newline");
  }
  if (timestamp > kMaxTimestamp) return Status::InvalidArgument("timestamp exceeds 2^63 - 1");
  const note::KeyId id = KeyId(name, key.public_key());
  const Signature sig = key.Sign(SignedMessage(checkpoint_body, timestamp));
  Bytes blob(id.begin(), id.end());
  for (int shift = 56; shift >= 0; shift -= 8) {
    blob.push_back(static_cast<uint8_t>(timestamp >> shift));
  }
  blob.insert(blob.end(), sig.begin(), sig.end());
  std::string line(kSigPrefix);
  line.append(name).append(" ").append(Base64Encode(blob)).append("\n");
  return line;
}

Result<Verified> Verify(const note::SignedNote& note, const CosignerKey& key) {
  const std::string label = key.name + "+" + HexEncode(key.id);
  std::optional<Verified> found;
  // As for log signatures: every line claiming this key must verify, since a
  // bad one can only come from tampering; the newest good one is reported.
  for (const note::NoteSignature& s : note.signatures) {
    if (s.name != key.name || s.id != key.id) continue;
    if (s.signature.size() != kTimestampBytes + sizeof(Signature)) {
      return Status::DataLoss("cosignature by " + label + " has " +
                              std::to_string(s.signature.size()) + " bytes, want 72");
    }
    uint64_t ts = 0;
    for (size_t i = 0; i < kTimestampBytes; ++i) ts = (ts << 8) | s.signature[i];
    if (ts > kMaxTimestamp) return Status::DataLoss("cosignature by " + label + ": bad time");
    Signature sig;
    std::memcpy(sig.data(), s.signature.data() + kTimestampBytes, sig.size());
    if (!VerifyEd25519(key.key, AsBytes(SignedMessage(note.text, ts)), sig)) {
      return Status::DataLoss("cosignature by " + label + " does not verify");
    }
    if (!found || ts > found->timestamp) found = Verified{key.name, ts};
  }
  if (!found) return Status::NotFound("no cosignature by " + label);
  return *found;
}

Result<std::string> AddSignatureLines(std::string_view signed_note, std::string_view lines) {
  LEDGER_ASSIGN_OR_RETURN(note::SignedNote base, note::Parse(signed_note));
  std::string probe = base.text + "\n" + std::string(lines);
  LEDGER_RETURN_IF_ERROR(note::Parse(probe).status().WithContext("signature lines"));
  std::string out(signed_note);
  for (size_t start = 0; start < lines.size();) {
    size_t nl = lines.find('\n', start);  // found: Parse checked the final newline
    std::string_view line = lines.substr(start, nl + 1 - start);
    start = nl + 1;
    if (out.find(line) == std::string::npos) out.append(line);
  }
  return out;
}

}  // namespace ledger::cosig
