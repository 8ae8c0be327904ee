// The key registry's lookups by public key: the shared in-memory index of
// committed rows (ledger/key_index.h), caught up from the rows added since.
#include "ledger_impl.h"

namespace ledger {

Result<store::TxnRegistry> Ledger::Impl::BeginTxnRegistry(const lmdb::Txn& txn) const {
  std::lock_guard lock(key_index_mu);
  LEDGER_RETURN_IF_ERROR(key_index.CatchUp(txn, dbs.keys));
  return store::TxnRegistry{key_index_mu, key_index, {}};
}

Result<std::optional<keys::KeyEntry>> Ledger::Impl::FindKey(const lmdb::Txn& txn,
                                                            const PublicKey& key) const {
  std::lock_guard lock(key_index_mu);
  // Only a write transaction holds uncommitted rows, and the writer looks
  // keys up through its TxnRegistry: what `txn` sees here is committed.
  LEDGER_RETURN_IF_ERROR(key_index.CatchUp(txn, dbs.keys));
  return key_index.Find(txn, dbs.keys, key);
}

}  // namespace ledger
