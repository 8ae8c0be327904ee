// Bringing append hooks (projections) up to date with the log: catch-up on
// open and full rebuilds, replaying records in chunked write transactions.
#include <algorithm>

#include "ledger/store.h"

namespace ledger {
namespace {
constexpr uint64_t kReplayChunk = 20'000;
}

Status Ledger::RebuildHooks() {
  if (options_.read_only) return Status::FailedPrecondition("a rebuild needs a read-write ledger");
  return CatchUpHooks(/*reset=*/true);
}

Status Ledger::CatchUpHooks(bool reset) {
  if (options_.hooks.empty()) return Status::Ok();
  const uint64_t size = Size();
  // Where every hook stands; a stale one (other version) starts from 0.
  uint64_t from = size;
  {
    LEDGER_ASSIGN_OR_RETURN(lmdb::Txn txn, lmdb::Txn::Begin(env_, options_.read_only));
    for (const auto& hook : options_.hooks) {
      LEDGER_ASSIGN_OR_RETURN(std::optional<uint64_t> applied, hook->Applied(txn));
      if (reset || !applied) {
        if (options_.read_only) {
          return Status::FailedPrecondition(
              "a projection was built by another version; open the ledger read-write or run "
              "`ledger rebuild`");
        }
        LEDGER_RETURN_IF_ERROR(hook->Reset(txn));
        applied = 0;
      }
      from = std::min(from, *applied);
    }
    if (from < size && options_.read_only) {
      return Status::FailedPrecondition("projections reflect " + std::to_string(from) + " of " +
                                        std::to_string(size) +
                                        " records; open the ledger read-write to catch up");
    }
    LEDGER_RETURN_IF_ERROR(options_.read_only ? Status::Ok() : txn.Commit());
  }
  for (uint64_t start = from; start < size;) {
    const uint64_t end = std::min(size, start + kReplayChunk);
    Status s = [&]() -> Status {
      std::shared_lock lock(map_gate_);
      LEDGER_ASSIGN_OR_RETURN(lmdb::Txn txn, lmdb::Txn::Begin(env_, false));
      for (const auto& hook : options_.hooks) {
        LEDGER_ASSIGN_OR_RETURN(std::optional<uint64_t> applied, hook->Applied(txn));
        for (uint64_t seq = std::max(start, applied.value_or(0)); seq < end; ++seq) {
          LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> bytes,
                                  txn.Get(dbs_.records, lmdb::BigEndian(seq)));
          if (!bytes) return Status::DataLoss("record " + std::to_string(seq) + " is missing");
          LEDGER_ASSIGN_OR_RETURN(Record rec, DecodeRecord(*bytes));
          LEDGER_ASSIGN_OR_RETURN(events::Body body, events::DecodeLatestBody(rec.submission));
          LEDGER_RETURN_IF_ERROR(hook->Apply(txn, rec, body));
        }
      }
      return txn.Commit();
    }();
    if (lmdb::IsMapFull(s)) {
      LEDGER_RETURN_IF_ERROR(GrowMap());
      continue;  // the chunk was rolled back: redo it in the larger map
    }
    if (!s.ok()) return s.WithContext("replaying records into projections");
    start = end;
    if (options_.progress) options_.progress(end, size);
  }
  return Status::Ok();
}

}  // namespace ledger
