// `ledger mirror`: keeps a replica (Ledger::CreateReplica) of a remote log,
// following it through its C2SP tlog-tiles and trusting nothing it fetches.
// A round verifies the remote checkpoint (the log key, and a witness policy
// if given), proves from the remote's level-0 hash tiles that its tree
// extends the replica's (the replica's own Merkle nodes give the old tree),
// then imports the new entry bundles in batches through Ledger::ImportBatch,
// which checks every record as an append would. Memory stays bounded: one
// batch of records and one root per batch.
#ifndef API_MIRROR_H_
#define API_MIRROR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "ledger/cosignature.h"
#include "ledger/status.h"
#include "ledger/store.h"

namespace ledger::api {

struct MirrorOptions {
  // Records per import transaction (rounded up to whole tiles of 256). Each
  // batch but the last is sealed with the checkpoint the remote signs for
  // its size (GET <prefix>/v1/checkpoint?size=N, which `ledger serve`
  // answers); a remote that serves only tiles gets the round in one batch.
  uint64_t batch_records = 16384;
  // Witness policy: the remote checkpoint must carry valid cosignatures from
  // at least `witness_quorum` of `witnesses` (no policy when empty).
  std::vector<cosig::CosignerKey> witnesses;
  size_t witness_quorum = 0;
  // Where the evidence of an inconsistency goes (`ledger mirror`: D/evidence);
  // empty: none is written.
  std::string evidence_dir;
};

struct MirrorStats {
  uint64_t old_size = 0;  // what the replica held before
  uint64_t new_size = 0;
  uint64_t bundles_fetched = 0;
  uint64_t batches = 0;  // import transactions committed
};

// One round: brings `replica` (a read-write open) up to the remote's latest
// checkpoint. `base_url`: "http://host[:port][/prefix]" (the prefix
// /checkpoint and /tile/... hang off).
//
// DataLoss when the remote contradicts itself or the replica; the message
// starts with the problem: "rollback", "fork" (the remote's tree does not
// extend the replica's), "tampered" (entries or tiles that do not give the
// checkpoint's root), "checkpoint-signature", or the store's "<kind> at seq
// N" for a record that fails its checks. Both checkpoints (the replica's
// latest and the remote's) are then written to the evidence directory and
// named in the message; the batch that failed leaves no trace in the
// replica, and batches committed before it were sealed by checkpoints of the
// same tree. PermissionDenied "witness-policy" when too few witnesses
// cosigned; Unavailable when the remote cannot be reached.
Result<MirrorStats> MirrorOnce(const std::string& base_url, Ledger& replica,
                               const MirrorOptions& options = {});

}  // namespace ledger::api

#endif  // API_MIRROR_H_
