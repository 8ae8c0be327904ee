// ledger-verify's --policy and --max-age: loads a tlog-policy file and adds
// its judgement of a checkpoint (log signature, witness quorum, freshness) to
// an offline Verdict. Kept apart from the flag parser, which takes strings.
#ifndef VERIFIER_POLICY_VERDICT_H_
#define VERIFIER_POLICY_VERDICT_H_

#include <optional>
#include <string>
#include <string_view>

#include "verifier/offline.h"
#include "verifier/policy.h"

namespace ledger::verify {

struct PolicyOption {
  std::string name;  // the file, for messages
  Policy policy;
  PolicyCheck check;
};

// Nothing without a policy path (a --max-age alone is a usage error).
// `now` defaults to the system clock.
Result<std::optional<PolicyOption>> LoadPolicyOption(const std::optional<std::string>& path,
                                                     const std::optional<std::string>& max_age,
                                                     std::optional<int64_t> now = std::nullopt);

// The policy log whose name is the checkpoint's origin (for modes that would
// otherwise need --log-key).
Result<note::VerifierKey> PolicyLogKey(const PolicyOption& p, std::string_view signed_checkpoint);

// Checks `signed_checkpoint` against the policy and adds the facts
// ("witnessed by 2 of 3, newest ...") to `v`; rejects `v` when no policy log
// signed it, a trusted line is forged, or the quorum is not met by cosignatures
// within the maximum age. Does nothing without a policy.
void ApplyPolicy(Verdict& v, std::string_view signed_checkpoint,
                 const std::optional<PolicyOption>& p);

}  // namespace ledger::verify

#endif  // VERIFIER_POLICY_VERDICT_H_
