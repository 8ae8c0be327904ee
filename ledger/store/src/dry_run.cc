// Ledger::DryRun: the append path of one submission, in a write transaction
// that is always aborted, so that a form can show the seq and flags a
// submission would get (or why it would be refused) before it is sent.
#include <thread>

#include "ledger_impl.h"

namespace ledger {

Result<AppendOutcome> Ledger::DryRun(const Submission& sub) const {
  if (impl_->options.read_only) {
    return Status::FailedPrecondition("a read-only ledger cannot try an append");
  }
  if (impl_->replica) {
    return Status::FailedPrecondition(impl_->dir + " is a replica of " + impl_->origin +
                                      ": try appends against the log itself");
  }
  if (!SubmissionSignatureValid(sub)) {
    return Status::InvalidArgument("signature: does not verify for signer ed25519:" +
                                   KeyFingerprint(sub.signer));
  }
  Result<AppendOutcome> out = Status::Internal("dry run not attempted");
  Status s = impl_->WithGrowingMap([&]() -> Status {
    std::shared_lock lock(impl_->map_gate);
    for (int attempt = 0;; ++attempt) {
      LEDGER_ASSIGN_OR_RETURN(lmdb::Txn txn, lmdb::Txn::Begin(impl_->env, false));
      LEDGER_ASSIGN_OR_RETURN(ChainTip tip, impl_->ReadChainTip(txn, impl_->Now()));
      // The tip's size is the writer's published one, stored just after its
      // commit: between the two, try again in a fresh transaction.
      LEDGER_ASSIGN_OR_RETURN(uint64_t records, txn.Count(impl_->dbs.records));
      if (records != tip.size) {
        if (attempt == 100) return Status::Unavailable("the ledger is busy appending; try again");
        txn.Abort();  // before waiting
        std::this_thread::yield();
        continue;
      }
      LEDGER_ASSIGN_OR_RETURN(store::TxnRegistry registry, impl_->BeginTxnRegistry(txn));
      Result<AppendOutcome> o = impl_->AppendSubmission(txn, registry, sub, tip);
      if (!o.ok()) return o.status();  // kMapFull (retried larger) or a failed transaction
      out = o->status.ok() ? std::move(o) : Result<AppendOutcome>(o->status);
      return Status::Ok();  // `txn` aborts as it goes out of scope: nothing is written
    }
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace ledger
