// Who signed a proved record, from the signer part a proof carries
// (FORMAT.md 7.3): each registering record is checked to be in the same
// signed tree, and the chain to register exactly the key that signed.
#ifndef VERIFIER_SIGNER_CHECK_H_
#define VERIFIER_SIGNER_CHECK_H_

#include <optional>

#include "ledger/note.h"
#include "ledger/proof_formats.h"
#include "ledger/record.h"
#include "verifier/offline.h"

namespace ledger::verify {

// Adds the signer's identity to `v` ("signed by hr-khan-uul (authority for
// mn.ub.khan-uul), registered at seq 12; ..."), or "signer identity not
// carried" without a part. A part that does not hold rejects `v`, with the
// problem's name in json "signer"."problem": tree_size, inclusion, record,
// wrong_key, not_a_registration, order, incomplete, scope.
// REQUIRES: `cp` verified, `record` is the proof's leaf and in `cp`'s tree.
void CheckSignerPart(Verdict& v, const note::Checkpoint& cp, const Record& record,
                     const std::optional<SignerPart>& part);

}  // namespace ledger::verify

#endif  // VERIFIER_SIGNER_CHECK_H_
