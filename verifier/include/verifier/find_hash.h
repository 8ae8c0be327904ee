// find-hash: is a record (named by its record hash, SHA-256 of its bytes) in
// the log, at which seq, and an inclusion proof for it built from the records
// themselves and verified against the latest (or a kept) signed checkpoint.
#ifndef VERIFIER_FIND_HASH_H_
#define VERIFIER_FIND_HASH_H_

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/encoding.h"
#include "ledger/note.h"
#include "ledger/status.h"
#include "verifier/offline.h"

namespace ledger::verify {

// 64 hex digits or base64 of 32 bytes.
Result<Hash> ParseRecordHash(std::string_view text);

struct FindOptions {
  note::VerifierKey log_key;
  std::optional<std::string> checkpoint;  // a kept checkpoint to prove against
  std::string checkpoint_name;
};

struct FoundRecord {
  Hash record_hash{};
  bool found = false;
  InclusionProof proof;  // with "leaf"; valid when found
  Status proof_status;   // VerifyInclusion's verdict against the checkpoint
};

struct FindReport {
  uint64_t records = 0;  // records scanned (those the checkpoint covers)
  std::string checkpoint_label;
  note::Checkpoint checkpoint;
  std::vector<FoundRecord> results;  // one per hash asked, in order

  // Every hash found with a proof that verifies.
  bool ok() const;
  boost::json::object ToJson() const;
  std::string ToText() const;
};

// An error Status: unreadable input (exit 2). A checkpoint that does not
// verify, or one beyond the records, is InvalidArgument/DataLoss with the reason.
Result<FindReport> FindInLedger(const std::string& dir, const std::vector<Hash>& hashes,
                                const FindOptions& opts);
Result<FindReport> FindInExport(const std::vector<std::string>& files,
                                const std::vector<Hash>& hashes, const FindOptions& opts);

}  // namespace ledger::verify

#endif  // VERIFIER_FIND_HASH_H_
