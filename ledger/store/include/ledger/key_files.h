// The key files beside the LMDB data in a ledger directory: the log's
// private signing key (log-key.pem, mode 0600) and its note verifier key
// (log.vkey), which is what the ledger publishes for checkpoint checks.
#ifndef LEDGER_KEY_FILES_H_
#define LEDGER_KEY_FILES_H_

#include <optional>
#include <string>

#include "ledger/crypto.h"
#include "ledger/note.h"
#include "ledger/status.h"

namespace ledger {

struct KeyFiles {
  note::VerifierKey vkey;
  std::optional<SigningKey> signing_key;  // absent when not required and not present
};

Status WriteKeyFiles(const std::string& dir, const std::string& origin, const SigningKey& key);
// With `need_signing_key`, a missing or mismatching log-key.pem is an error.
Result<KeyFiles> ReadKeyFiles(const std::string& dir, bool need_signing_key);

}  // namespace ledger

#endif  // LEDGER_KEY_FILES_H_
