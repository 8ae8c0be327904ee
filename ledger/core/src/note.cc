// C2SP signed notes (c2sp.org/signed-note) with Ed25519 verifier keys, and
// tlog-checkpoint bodies (c2sp.org/tlog-checkpoint). Mirrors golang.org/x/mod/sumdb/note.
#include "ledger/note.h"

#include <algorithm>
#include <cstring>

namespace ledger::note {
namespace {

constexpr uint8_t kAlgEd25519 = 0x01;
// Bounds so a hostile note cannot make us parse or verify forever; the Go
// package uses the same signature-line limit.
constexpr size_t kMaxNoteSize = size_t{1} << 20;
constexpr size_t kMaxSignatures = 100;
constexpr std::string_view kSigPrefix = "\xE2\x80\x94 ";  // U+2014 EM DASH, space

// Go's unicode.IsSpace: the White_Space property.
bool IsUnicodeSpace(char32_t r) {
  return (r >= 0x09 && r <= 0x0D) || r == 0x20 || r == 0x85 || r == 0xA0 || r == 0x1680 ||
         (r >= 0x2000 && r <= 0x200A) || r == 0x2028 || r == 0x2029 || r == 0x202F || r == 0x205F ||
         r == 0x3000;
}

// A key name must fit in a signature line and in "<name>+<id>+<key>", so it
// may not contain '+' or any space. Control characters could never appear in
// a valid note either, so they are rejected here rather than at Open time.
Status ValidateName(std::string_view name) {
  if (name.empty()) return Status::InvalidArgument("key name is empty");
  if (!IsValidUtf8(name)) return Status::InvalidArgument("key name is not valid UTF-8");
  for (size_t i = 0; i < name.size();) {
    char32_t r = DecodeUtf8(name, i);
    if (r == '+') return Status::InvalidArgument("key name contains '+'");
    if (IsUnicodeSpace(r) || r < 0x20) {
      return Status::InvalidArgument("key name contains a space or control character");
    }
  }
  return Status::Ok();
}

// Go rejects every ASCII control character except newline (tabs and CR too),
// over the whole signed note; we apply the same rule to the text we sign.
Status ValidateChars(std::string_view s, std::string_view what) {
  if (!IsValidUtf8(s)) return Status::InvalidArgument(std::string(what) + " is not valid UTF-8");
  for (char c : s) {
    if (static_cast<uint8_t>(c) < 0x20 && c != '\n') {
      return Status::InvalidArgument(std::string(what) + " contains a control character");
    }
  }
  return Status::Ok();
}

Status ValidateText(std::string_view text) {
  if (text.empty()) return Status::InvalidArgument("note text is empty");
  if (text.back() != '\n') return Status::InvalidArgument("note text does not end in a newline");
  return ValidateChars(text, "note text");
}

std::string KeyLabel(std::string_view name, const KeyId& id) {
  return std::string(name) + "+" + HexEncode(id);
}

bool IsLowerHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

Status ValidateKeyName(std::string_view name) { return ValidateName(name); }

Result<KeyText> ParseKeyText(std::string_view text, std::string_view what) {
  const std::string w(what);
  // The name cannot contain '+', but base64 can, so split at the first two.
  size_t p1 = text.find('+');
  size_t p2 = p1 == std::string_view::npos ? p1 : text.find('+', p1 + 1);
  if (p2 == std::string_view::npos) {
    return Status::InvalidArgument(w + " is not <name>+<id>+<key>");
  }
  KeyText k;
  k.name = text.substr(0, p1);
  k.id_hex = text.substr(p1 + 1, p2 - p1 - 1);
  LEDGER_RETURN_IF_ERROR(ValidateName(k.name).WithContext(w));
  // Lower case only, so every key has one text form and ToString round-trips.
  if (k.id_hex.size() != 8 || !IsLowerHex(k.id_hex)) {
    return Status::InvalidArgument(w + " id is not 8 lower-case hex digits");
  }
  auto raw = Base64Decode(text.substr(p2 + 1));
  if (!raw.ok()) return raw.status().WithContext(w + " material");
  if (raw->empty()) return Status::InvalidArgument(w + " material is empty");
  k.material = std::move(*raw);
  return k;
}

KeyId Ed25519KeyId(std::string_view name, const PublicKey& key) {
  Sha256Hasher h;
  h.Update(name);
  const uint8_t sep[2] = {'\n', kAlgEd25519};
  h.Update(ByteView(sep));
  h.Update(ByteView(key));
  Hash sum = h.Finish();
  KeyId id;
  std::memcpy(id.data(), sum.data(), id.size());
  return id;
}

std::string VerifierKey::ToString() const {
  Bytes typed;
  typed.reserve(1 + key.size());
  typed.push_back(kAlgEd25519);
  typed.insert(typed.end(), key.begin(), key.end());
  return KeyLabel(name, id) + "+" + Base64Encode(typed);
}

VerifierKey VerifierKey::ForKey(std::string_view name, const PublicKey& key) {
  return VerifierKey{std::string(name), Ed25519KeyId(name, key), key};
}

Result<VerifierKey> VerifierKey::Parse(std::string_view text) {
  LEDGER_ASSIGN_OR_RETURN(KeyText parsed, ParseKeyText(text, "verifier key"));
  const std::string_view name = parsed.name, hex = parsed.id_hex;
  const Bytes& raw = parsed.material;
  if (raw[0] != kAlgEd25519) {
    return Status::InvalidArgument("unsupported key type 0x" + HexEncode(ByteView(raw.data(), 1)));
  }
  if (raw.size() != 1 + sizeof(PublicKey)) {
    return Status::InvalidArgument("Ed25519 verifier key has " + std::to_string(raw.size() - 1) +
                                   " bytes, want 32");
  }
  VerifierKey v;
  v.name = std::string(name);
  std::memcpy(v.key.data(), raw.data() + 1, v.key.size());
  v.id = Ed25519KeyId(name, v.key);
  if (HexEncode(v.id) != hex) {
    return Status::InvalidArgument("verifier key id " + std::string(hex) +
                                   " does not match the key (want " + HexEncode(v.id) + ")");
  }
  return v;
}

Result<std::string> Sign(std::string_view text, std::string_view name, const SigningKey& key) {
  LEDGER_RETURN_IF_ERROR(ValidateText(text));
  LEDGER_RETURN_IF_ERROR(ValidateName(name).WithContext("signer"));
  const KeyId id = Ed25519KeyId(name, key.public_key());
  const Signature sig = key.Sign(text);
  Bytes blob(id.begin(), id.end());
  blob.insert(blob.end(), sig.begin(), sig.end());
  std::string out;
  out.reserve(text.size() + name.size() + 100);
  out.append(text).append("\n").append(kSigPrefix).append(name).append(" ");
  out.append(Base64Encode(blob)).append("\n");
  // Never emit what Parse would refuse.
  if (out.size() > kMaxNoteSize) return Status::InvalidArgument("signed note exceeds 1 MiB");
  return out;
}

Result<SignedNote> Parse(std::string_view note) {
  if (note.size() > kMaxNoteSize) return Status::InvalidArgument("signed note exceeds 1 MiB");
  LEDGER_RETURN_IF_ERROR(ValidateChars(note, "signed note"));
  // The text may itself contain blank lines; signature lines cannot, so the
  // last blank line is the separator. The text keeps its final newline.
  size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) {
    return Status::InvalidArgument("signed note has no blank line before the signatures");
  }
  SignedNote out;
  out.text = std::string(note.substr(0, split + 1));
  std::string_view sigs = note.substr(split + 2);
  if (sigs.empty()) return Status::InvalidArgument("signed note has no signature lines");
  if (sigs.back() != '\n') {
    return Status::InvalidArgument("signed note does not end in a newline");
  }
  while (!sigs.empty()) {
    size_t nl = sigs.find('\n');  // found: sigs ends in '\n'
    std::string_view line = sigs.substr(0, nl);
    sigs.remove_prefix(nl + 1);
    const std::string where = "signature line " + std::to_string(out.signatures.size() + 1);
    if (out.signatures.size() == kMaxSignatures) {
      return Status::InvalidArgument("signed note has more than 100 signature lines");
    }
    if (line.substr(0, kSigPrefix.size()) != kSigPrefix) {
      return Status::InvalidArgument(where + " does not start with an em dash and a space");
    }
    line.remove_prefix(kSigPrefix.size());
    size_t sp = line.find(' ');
    if (sp == std::string_view::npos) {
      return Status::InvalidArgument(where + " has no space between name and signature");
    }
    LEDGER_RETURN_IF_ERROR(ValidateName(line.substr(0, sp)).WithContext(where));
    auto blob = Base64Decode(line.substr(sp + 1));
    if (!blob.ok()) return blob.status().WithContext(where);
    if (blob->size() <= 4) {
      return Status::InvalidArgument(where + " has no signature after the key id");
    }
    NoteSignature sig;
    sig.name = std::string(line.substr(0, sp));
    std::memcpy(sig.id.data(), blob->data(), sig.id.size());
    sig.signature.assign(blob->begin() + 4, blob->end());
    out.signatures.push_back(std::move(sig));
  }
  return out;
}

Result<std::string> Open(std::string_view note, const VerifierKey& verifier) {
  LEDGER_ASSIGN_OR_RETURN(SignedNote parsed, Parse(note));
  const std::string label = KeyLabel(verifier.name, verifier.id);
  bool found = false;
  // Go verifies only the first line per key and skips repeats; we require
  // every line claiming to be from this key to verify, since a bad one can
  // only come from tampering.
  for (const NoteSignature& s : parsed.signatures) {
    if (s.name != verifier.name || s.id != verifier.id) continue;
    found = true;
    Signature sig{};
    if (s.signature.size() != sig.size()) {
      return Status::DataLoss("signature by " + label + " has " +
                              std::to_string(s.signature.size()) + " bytes, want 64");
    }
    std::memcpy(sig.data(), s.signature.data(), sig.size());
    if (!VerifyEd25519(verifier.key, AsBytes(parsed.text), sig)) {
      return Status::DataLoss("signature by " + label + " does not verify");
    }
  }
  if (!found) return Status::PermissionDenied("no signature by " + label);
  return std::move(parsed.text);
}

std::string Checkpoint::Body() const {
  return origin + "\n" + std::to_string(size) + "\n" + Base64Encode(root) + "\n";
}

Result<Checkpoint> Checkpoint::ParseBody(std::string_view body) {
  LEDGER_RETURN_IF_ERROR(ValidateText(body).WithContext("checkpoint"));
  std::vector<std::string_view> lines;
  for (size_t start = 0; start < body.size();) {
    size_t nl = body.find('\n', start);  // found: body ends in '\n'
    lines.push_back(body.substr(start, nl - start));
    start = nl + 1;
  }
  if (lines.size() < 3) {
    return Status::InvalidArgument("checkpoint has " + std::to_string(lines.size()) +
                                   " lines, want at least origin, size and root");
  }
  Checkpoint cp;
  if (lines[0].empty()) return Status::InvalidArgument("checkpoint origin line is empty");
  cp.origin = std::string(lines[0]);

  // Canonical decimal only, so one size has one text form.
  std::string_view size = lines[1];
  if (size.empty() || size.size() > 20 ||
      !std::all_of(size.begin(), size.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Status::InvalidArgument("checkpoint size line is not a decimal number");
  }
  if (size.size() > 1 && size[0] == '0') {
    return Status::InvalidArgument("checkpoint size line has a leading zero");
  }
  for (char c : size) {
    const auto digit = static_cast<uint64_t>(c - '0');
    if (cp.size > (UINT64_MAX - digit) / 10) {
      return Status::InvalidArgument("checkpoint size line overflows 64 bits");
    }
    cp.size = cp.size * 10 + digit;
  }

  auto root = Base64DecodeHash(lines[2]);
  if (!root.ok()) return root.status().WithContext("checkpoint root hash line");
  cp.root = *root;

  for (size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty()) {
      return Status::InvalidArgument("checkpoint extension line " + std::to_string(i + 1) +
                                     " is empty");
    }
  }
  return cp;
}

Result<std::string> SignCheckpoint(const Checkpoint& cp, const SigningKey& key) {
  return Sign(cp.Body(), cp.origin, key);
}

Result<Checkpoint> OpenCheckpoint(std::string_view signed_note, const VerifierKey& log_key) {
  LEDGER_ASSIGN_OR_RETURN(std::string text, Open(signed_note, log_key));
  LEDGER_ASSIGN_OR_RETURN(Checkpoint cp, Checkpoint::ParseBody(text));
  // The log's key names the log; a validly signed body naming another origin
  // is a checkpoint for some other log and must not be accepted as this one.
  if (cp.origin != log_key.name) {
    return Status::PermissionDenied("checkpoint origin \"" + cp.origin +
                                    "\" does not match log key name \"" + log_key.name + "\"");
  }
  return cp;
}

}  // namespace ledger::note
