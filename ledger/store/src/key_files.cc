// Key files of a ledger directory (ledger/key_files.h).
#include "ledger/key_files.h"

#include "ledger/file_io.h"
#include "ledger/layout.h"

namespace ledger {

Status WriteKeyFiles(const std::string& dir, const std::string& origin, const SigningKey& key) {
  LEDGER_RETURN_IF_ERROR(
      WriteFileDurably(layout::PathIn(dir, layout::kLogKeyFile), key.ToPem(), 0600));
  std::string vkey = note::VerifierKey::ForKey(origin, key.public_key()).ToString() + "\n";
  return WriteFileDurably(layout::PathIn(dir, layout::kLogVkeyFile), vkey, 0644);
}

Result<KeyFiles> ReadKeyFiles(const std::string& dir, bool need_signing_key) {
  KeyFiles out;
  const std::string vkey_path = layout::PathIn(dir, layout::kLogVkeyFile);
  LEDGER_ASSIGN_OR_RETURN(std::string vkey_text, ReadFile(vkey_path));
  while (!vkey_text.empty() && (vkey_text.back() == '\n' || vkey_text.back() == '\r')) {
    vkey_text.pop_back();
  }
  auto vkey = note::VerifierKey::Parse(vkey_text);
  if (!vkey.ok()) return vkey.status().WithContext(vkey_path);
  out.vkey = *vkey;
  const std::string key_path = layout::PathIn(dir, layout::kLogKeyFile);
  auto pem = ReadFile(key_path);
  if (!pem.ok()) {
    if (need_signing_key) {
      return Status::FailedPrecondition(key_path +
                                        " is missing: appending needs the log's signing key");
    }
    return out;
  }
  auto key = SigningKey::FromPem(*pem);
  if (!key.ok()) return key.status().WithContext(key_path);
  if (key->public_key() != out.vkey.key) {
    return Status::FailedPrecondition(key_path + " does not match " + vkey_path);
  }
  out.signing_key = std::move(key).value();
  return out;
}

}  // namespace ledger
