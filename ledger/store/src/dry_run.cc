// Ledger::DryRun and DryRunBatch: the append path of submissions, in a write
// transaction that is always aborted, so that a form or `ledger append
// --dry-run` can show the seq and flags a submission would get (or every
// reason it would be refused) before it is sent.
#include <thread>

#include "ledger_impl.h"

namespace ledger {
namespace {

Status SignatureError(const Submission& sub) {
  return Status::InvalidArgument("signature: does not verify for signer ed25519:" +
                                 KeyFingerprint(sub.signer));
}

// A refusal and the further reasons it carries (every rule an event breaks).
void AddEach(std::vector<Status>& errors, const Status& refusal) {
  for (Status& s : refusal.Each()) errors.push_back(std::move(s));
}

}  // namespace

Result<AppendOutcome> Ledger::DryRun(const Submission& sub) const {
  LEDGER_ASSIGN_OR_RETURN(std::vector<DryRunOutcome> tried, DryRunBatch(std::span(&sub, 1)));
  const DryRunOutcome& o = tried.front();
  if (!o.outcome.status.ok()) return o.outcome.status;
  return o.outcome;
}

Result<std::vector<Ledger::DryRunOutcome>> Ledger::DryRunBatch(
    std::span<const Submission> batch) const {
  if (impl_->options.read_only) {
    return Status::FailedPrecondition("a read-only ledger cannot try an append");
  }
  if (impl_->replica) {
    return Status::FailedPrecondition(impl_->dir + " is a replica of " + impl_->origin +
                                      ": try appends against the log itself");
  }
  std::vector<bool> signed_ok(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) signed_ok[i] = SubmissionSignatureValid(batch[i]);
  std::vector<DryRunOutcome> out;
  Status s = impl_->WithGrowingMap([&]() -> Status {
    out.clear();
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
      for (size_t i = 0; i < batch.size(); ++i) {
        DryRunOutcome o;
        if (!signed_ok[i]) {
          // A real append stops at the signature; the rest of the checks still
          // tell the signer what else to fix. They run in a transaction of
          // their own (with a registry of their own), aborted, so the record
          // never counts for the ones after.
          o.outcome.status = SignatureError(batch[i]);
          o.errors.push_back(o.outcome.status);
          LEDGER_ASSIGN_OR_RETURN(lmdb::Txn aside, lmdb::Txn::Begin(impl_->env, false, txn.get()));
          store::TxnRegistry registry_aside = registry;
          ChainTip tip_aside = tip;
          LEDGER_ASSIGN_OR_RETURN(
              AppendOutcome rest,
              impl_->AppendSubmission(aside, registry_aside, batch[i], tip_aside));
          if (!rest.status.ok()) AddEach(o.errors, rest.status);
        } else {
          // kMapFull (retried larger) or a failed transaction fails the dry run.
          LEDGER_ASSIGN_OR_RETURN(o.outcome,
                                  impl_->AppendSubmission(txn, registry, batch[i], tip));
          if (!o.outcome.status.ok()) AddEach(o.errors, o.outcome.status);
        }
        out.push_back(std::move(o));
      }
      return Status::Ok();  // `txn` aborts as it goes out of scope: nothing is written
    }
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace ledger
