// The full audit of a ledger directory or an export: re-derives every record,
// signature, key-registry decision, Merkle node and checkpoint from the bytes,
// and names the first record or checkpoint that differs. Read-only.
// Thread-safety: each call is independent; it runs its own worker pool.
#ifndef VERIFIER_AUDIT_H_
#define VERIFIER_AUDIT_H_

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ledger/encoding.h"
#include "ledger/note.h"
#include "ledger/status.h"

namespace ledger::verify {

inline constexpr uint64_t kNoSeq = UINT64_MAX;

// One thing that does not hold. `kind` is a stable token:
//   record-decode, seq, missing-record, prev-hash, timestamp, signature,
//   unauthorised-signer, genesis, invalid-event, merkle-node, dedup, registry,
//   meta, checkpoint-root, checkpoint-signature, checkpoint-inconsistent,
//   checkpoint-missing, truncated, rollback, export-header, readable-mismatch,
//   damaged-file, flag-mismatch, view-mismatch; and from ledger-verify's
//   --policy, witness-policy.
// docs/VERIFY.md explains each.
struct Problem {
  uint64_t seq = kNoSeq;  // the record it is about; kNoSeq when about no record
  std::string kind;
  std::string what;      // one sentence for people
  std::string expected;  // evidence, when there is a value to compare
  std::string found;
  std::string checkpoint;  // the checkpoint it contradicts, if any
};

struct AuditOptions {
  note::VerifierKey log_key;                       // the log's published verifier key
  std::vector<std::string> kept_checkpoints;       // signed checkpoint notes the user kept
  std::vector<std::string> kept_checkpoint_names;  // optional: where each came from (file names)
  unsigned threads = 0;                            // signature workers; 0 = all cores
  size_t max_problems_listed = 100;
  // Replays the records through the civil-service rules to re-derive each
  // record's flags (flag-mismatch) and, for a ledger directory, every
  // projection database (view-mismatch). false: `--no-views`, the quick check.
  bool views = true;
  // Called from the auditing thread after every window of records.
  std::function<void(uint64_t done, uint64_t total)> progress;
};

struct AuditReport {
  uint64_t records = 0;
  uint64_t signers = 0;              // distinct keys that signed records
  uint64_t checkpoints_checked = 0;  // stored or exported, and kept
  uint64_t kept_checkpoints_checked = 0;
  uint64_t checkpoints_failed = 0;  // bad signature, or a root the records do not give
  uint64_t problem_count = 0;
  std::vector<Problem> problems;  // the first max_problems_listed, in seq order
  Hash root{};                    // recomputed root over all records
  std::string origin;             // the log's name, from its genesis record
  double seconds = 0;
  // What the replay of flags and views proved, or why it did not run.
  std::string views = "not checked (--no-views)";

  bool ok() const { return problem_count == 0; }
  boost::json::object ToJson() const;
  // Summary, then (on failure) the first problems with their evidence.
  std::string ToText() const;
};

// Audits the ledger in `dir` (opened with MDB_RDONLY; never written; safe
// while the server runs: one read transaction is one consistent snapshot).
// An error Status means the input could not be read or the options are
// unusable (exit 2); problems found are in the report (exit 1).
Result<AuditReport> AuditLedgerDir(const std::string& dir, const AuditOptions& opts);

// Audits export files (docs/VERIFY.md, "Export format"), concatenated in
// order; they must start at seq 0. The leaf bytes and checkpoints are the
// evidence; each line's readable part must agree with its leaf. An empty
// file or a line that is not an export object is an InvalidArgument error.
Result<AuditReport> AuditExport(const std::vector<std::string>& files, const AuditOptions& opts);

}  // namespace ledger::verify

#endif  // VERIFIER_AUDIT_H_
