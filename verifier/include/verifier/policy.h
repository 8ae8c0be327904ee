// C2SP tlog-policy (c2sp.org/tlog-policy): which logs and witnesses a
// verifier trusts and the quorum of cosignatures a checkpoint needs, and the
// check of a signed checkpoint against such a policy. Storage-free.
// File format: docs/WITNESS.md, "Policy files".
#ifndef VERIFIER_POLICY_H_
#define VERIFIER_POLICY_H_

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/cosignature.h"
#include "ledger/note.h"
#include "ledger/status.h"

namespace ledger::verify {

struct Policy {
  struct Log {
    note::VerifierKey key;  // key name = the log's origin
    std::string url;        // optional
  };
  struct Witness {
    std::string name;  // the policy's name for it (not the key name)
    cosig::CosignerKey key;
    std::string url;  // optional: its submission prefix
  };
  struct Group {
    std::string name;
    size_t threshold = 1;              // at least this many members must have witnessed
    std::vector<std::string> members;  // witnesses or earlier groups
  };

  std::vector<Log> logs;
  std::vector<Witness> witnesses;
  std::vector<Group> groups;
  std::string quorum;  // "none", a witness or a group

  // Lines "log <vkey> [url]", "witness <name> <vkey> [url]",
  // "group <name> all|any|<k> <name>...", exactly one "quorum <name>";
  // '#' comments and blank lines. Names must be defined before use.
  static Result<Policy> Parse(std::string_view text);

  // Whether the witnesses named (policy names) satisfy the quorum.
  bool QuorumMet(const std::set<std::string>& witnessed) const;
};

struct PolicyCheck {
  int64_t now = 0;                     // POSIX seconds
  std::optional<uint64_t> max_age;     // seconds; older cosignatures do not count
  uint64_t future_skew = 10 * 60;      // cosignatures further ahead do not count
};

// What checking a signed checkpoint against a policy established.
struct WitnessedCheckpoint {
  note::Checkpoint checkpoint;
  std::string log_key;  // the policy's log key that signed it
  struct Cosigner {
    std::string name;  // the policy's witness name
    uint64_t timestamp = 0;
    bool counted = false;  // within max age and not in the future
  };
  std::vector<Cosigner> cosigners;  // policy witnesses whose cosignature verified
  size_t witnesses = 0;             // witnesses in the policy
  bool quorum_met = false;
  std::optional<uint64_t> newest;  // newest counted cosignature
  // "witnessed by 2 of 3, newest 2026-11-30T12:00:00Z"
  std::string Summary() const;
};

// Verifies the log signature (any policy log whose name is the origin) and
// every policy witness's cosignature. PermissionDenied: no policy log signed
// it; DataLoss: a trusted signature line does not verify. Quorum and age are
// reported, not enforced: see `quorum_met`.
Result<WitnessedCheckpoint> CheckWithPolicy(const Policy& policy, std::string_view signed_note,
                                            const PolicyCheck& check);

// "90s", "15m", "36h", "7d", or a sum such as "1h30m", in seconds.
Result<uint64_t> ParseDuration(std::string_view text);
// "2026-11-30T12:00:00Z"
std::string FormatTime(uint64_t posix_seconds);

}  // namespace ledger::verify

#endif  // VERIFIER_POLICY_H_
