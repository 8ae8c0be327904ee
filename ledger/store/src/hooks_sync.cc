// Bringing append hooks (projections) up to date with the log: catch-up on
// open and full rebuilds, replaying records in chunked write transactions.
#include <algorithm>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "ledger_impl.h"

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
  if (impl_->options.read_only) {
    return Status::FailedPrecondition("a rebuild needs a read-write ledger");
  }
  return impl_->CatchUpHooks(/*reset=*/true);
}

Status Ledger::Impl::CatchUpHooks(bool reset) {
  if (options.hooks.empty()) return Status::Ok();
  const uint64_t total = size.load();
  uint64_t from = 0;
  LEDGER_RETURN_IF_ERROR(WithGrowingMap([&]() -> Status {
    LEDGER_ASSIGN_OR_RETURN(from, PrepareHooks(reset));
    return Status::Ok();
  }));
  const uint64_t chunk = std::max<uint64_t>(options.replay_chunk, 1);
  for (uint64_t start = from; start < total;) {
    const uint64_t end = std::min(total, start + chunk);
    Status s = WithGrowingMap([&] { return ReplayChunk(start, end); });
    if (!s.ok()) return s.WithContext("replaying records into projections");
    start = end;
    if (options.progress) options.progress(end, total);
  }
  return Status::Ok();
}

// Resets every hook that `reset` asks for or that another version built,
// and returns the first record some hook still lacks.
// REQUIRES: no other write transaction is open (the ledger is opening, or
// the caller is the writer).
Result<uint64_t> Ledger::Impl::PrepareHooks(bool reset) {
  const uint64_t total = size.load();
  uint64_t from = total;
  LEDGER_ASSIGN_OR_RETURN(lmdb::Txn txn, lmdb::Txn::Begin(env, options.read_only));
  for (const auto& hook : options.hooks) {
    LEDGER_ASSIGN_OR_RETURN(std::optional<uint64_t> applied, hook->Applied(txn));
    if (reset || !applied) {
      if (options.read_only) {
        return Status::FailedPrecondition(
            "a projection was built by another version; open the ledger read-write or run "
            "`ledger rebuild`");
      }
      LEDGER_RETURN_IF_ERROR(hook->Reset(txn));
      applied = 0;
    }
    from = std::min(from, *applied);
  }
  if (options.read_only) {
    if (from < total) {
      return Status::FailedPrecondition("projections reflect " + std::to_string(from) + " of " +
                                        std::to_string(total) +
                                        " records; open the ledger read-write to catch up");
    }
    return from;
  }
  LEDGER_RETURN_IF_ERROR(txn.Commit());
  return from;
}

// Replays records [start, end) into every hook behind them, in one write
// transaction committed with the hooks' cursors.
// REQUIRES: records [start, end) exist; no other write transaction is open.
Status Ledger::Impl::ReplayChunk(uint64_t start, uint64_t end) {
  std::shared_lock lock(map_gate);
  LEDGER_ASSIGN_OR_RETURN(lmdb::Txn txn, lmdb::Txn::Begin(env, false));
  {
    // Each hook resumes from its own cursor; every record is decoded once.
    std::vector<std::pair<uint64_t, std::unique_ptr<ReplayBatch>>> batches;
    for (const auto& hook : options.hooks) {
      LEDGER_ASSIGN_OR_RETURN(std::optional<uint64_t> applied, hook->Applied(txn));
      batches.emplace_back(applied.value_or(0), hook->BeginReplay(txn));
    }
    // Closed before the commit, like every cursor of a write transaction.
    LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor records, lmdb::Cursor::Open(txn, dbs.records));
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
}

}  // namespace ledger
