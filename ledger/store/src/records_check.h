// The cheap shape check of the records database at open: its keys run
// 0..count-1 without a gap, and no stored checkpoint is for more records than
// there are. A ledger that fails it was damaged behind the store's back (a
// record deleted): opening it would serve wrong answers ("no checkpoint yet")
// or, for a writer, overwrite a record. Internal to the store.
#ifndef LEDGER_STORE_RECORDS_CHECK_H_
#define LEDGER_STORE_RECORDS_CHECK_H_

#include <cstdint>

#include "ledger/layout.h"
#include "ledger/lmdb.h"
#include "ledger/status.h"

namespace ledger::store {

// O(log n) when the shape holds; names the first missing seq (one key scan)
// when it does not. DataLoss, starting "the records database ...".
Status CheckRecordsShape(const lmdb::Txn& txn, const layout::Databases& dbs, uint64_t count,
                         uint64_t latest_checkpoint_size);

}  // namespace ledger::store

#endif  // LEDGER_STORE_RECORDS_CHECK_H_
