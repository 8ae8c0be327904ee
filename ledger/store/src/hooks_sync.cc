// Bringing append hooks (projections) up to date with the log: catch-up on
// open and full rebuilds, replaying records in chunked write transactions.
#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include "ledger/store.h"

namespace ledger {
namespace {

// The default replay of a hook: each record applied as it comes.
class ApplyEach : public ReplayBatch {
 public:
  ApplyEach(AppendHook& hook, lmdb::Txn& txn) : hook_(hook), txn_(txn) {}
  Status Apply(const Record& record, const events::Body& body) override {
    return hook_.Apply(txn_, record, body);
  }
  Status Finish() override { return Status::Ok(); }

 private:
  AppendHook& hook_;
  lmdb::Txn& txn_;
};

}  // namespace

std::unique_ptr<ReplayBatch> AppendHook::BeginReplay(lmdb::Txn& txn) {
  return std::make_unique<ApplyEach>(*this, txn);
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
  const uint64_t chunk = std::max<uint64_t>(options_.replay_chunk, 1);
  for (uint64_t start = from; start < size;) {
    const uint64_t end = std::min(size, start + chunk);
    Status s = [&]() -> Status {
      std::shared_lock lock(map_gate_);
      LEDGER_ASSIGN_OR_RETURN(lmdb::Txn txn, lmdb::Txn::Begin(env_, false));
      {
        // Each hook resumes from its own cursor; every record is decoded once.
        std::vector<std::pair<uint64_t, std::unique_ptr<ReplayBatch>>> batches;
        for (const auto& hook : options_.hooks) {
          LEDGER_ASSIGN_OR_RETURN(std::optional<uint64_t> applied, hook->Applied(txn));
          batches.emplace_back(applied.value_or(0), hook->BeginReplay(txn));
        }
        // Closed before the commit, like every cursor of a write transaction.
        LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor records, lmdb::Cursor::Open(txn, dbs_.records));
        LEDGER_ASSIGN_OR_RETURN(bool more, records.Seek(lmdb::BigEndian(start)));
        for (uint64_t seq = start; seq < end; ++seq) {
          if (!more || lmdb::ReadBigEndian(records.key()) != seq) {
            return Status::DataLoss("record " + std::to_string(seq) + " is missing");
          }
          LEDGER_ASSIGN_OR_RETURN(Record rec, DecodeRecord(records.value()));
          LEDGER_ASSIGN_OR_RETURN(events::Body body, events::DecodeLatestBody(rec.submission));
          for (auto& [applied, batch] : batches) {
            if (seq >= applied) LEDGER_RETURN_IF_ERROR(batch->Apply(rec, body));
          }
          LEDGER_ASSIGN_OR_RETURN(more, records.Next());
        }
        for (auto& [applied, batch] : batches) LEDGER_RETURN_IF_ERROR(batch->Finish());
      }
      return txn.Commit();
    }();
    if (s.code() == Code::kMapFull) {
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
