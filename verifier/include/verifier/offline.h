// Offline checks that need no ledger: a signed checkpoint, an inclusion or
// consistency proof in the JSON formats of docs/FORMAT.md section 7.1, and a
// c2sp.org/tlog-proof@v1 bundle, each against the log's verifier key and,
// optionally, a checkpoint the user kept earlier.
#ifndef VERIFIER_OFFLINE_H_
#define VERIFIER_OFFLINE_H_

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/encoding.h"
#include "ledger/note.h"
#include "ledger/proof_formats.h"
#include "ledger/status.h"

namespace ledger::verify {

// Exit codes of ledger-verify, one per outcome.
enum class Outcome { kVerified = 0, kRejected = 1, kUnusable = 2 };

struct Verdict {
  Outcome outcome = Outcome::kVerified;
  std::string reason;              // why it was rejected or could not be checked
  std::vector<std::string> facts;  // what was established, in order, for people
  boost::json::object json;        // the same facts for programs (without "ok")

  bool ok() const { return outcome == Outcome::kVerified; }
  Verdict& Reject(std::string why);
  Verdict& Unusable(std::string why);
  // {"ok":..., "outcome":..., "reason":..., "facts":[...], ...json}
  boost::json::object ToJson() const;
  // Facts, one a line, then VERIFIED or REJECTED/UNUSABLE with the reason.
  std::string ToText() const;
};

// A checkpoint the user kept, to tie a proof's checkpoint to: equal sizes
// must have equal roots; otherwise `consistency` (JSON, FORMAT.md 7.1)
// must prove one tree a prefix of the other.
struct KeptCheckpoint {
  std::string text;
  std::string name;  // for messages, e.g. the file name
  std::optional<std::string> consistency;
};

Verdict CheckCheckpoint(std::string_view text, const note::VerifierKey& key);
Verdict CheckInclusion(const InclusionProof& proof, const note::VerifierKey& key,
                       const std::optional<KeptCheckpoint>& kept);
Verdict CheckTlogProof(const TlogProof& proof, const note::VerifierKey& key,
                       const std::optional<KeptCheckpoint>& kept);
// `checkpoints`: signed checkpoints for old_size (unless 0) and new_size, any order.
Verdict CheckConsistency(const ConsistencyProof& proof, const std::vector<std::string>& checkpoints,
                         const note::VerifierKey& key);

}  // namespace ledger::verify

#endif  // VERIFIER_OFFLINE_H_
