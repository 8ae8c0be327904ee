// CheckRecordsShape (records_check.h).
#include "records_check.h"

#include <string>

namespace ledger::store {
namespace {

constexpr const char* kAdvice = ": the ledger is damaged; audit it with `ledger-verify ledger DIR`";

// The first seq with no record, by one scan of the keys: only on the error path.
Result<uint64_t> FirstMissingSeq(const lmdb::Txn& txn, MDB_dbi records) {
  LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, records));
  LEDGER_ASSIGN_OR_RETURN(bool more, cur.Seek(lmdb::BigEndian(0)));
  uint64_t expected = 0;
  while (more) {
    if (cur.key().size() != 8 || lmdb::ReadBigEndian(cur.key()) != expected) return expected;
    ++expected;
    LEDGER_ASSIGN_OR_RETURN(more, cur.Next());
  }
  return expected;
}

}  // namespace

Status CheckRecordsShape(const lmdb::Txn& txn, const layout::Databases& dbs, uint64_t count,
                         uint64_t latest_checkpoint_size) {
  if (count > 0) {
    LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, dbs.records));
    LEDGER_ASSIGN_OR_RETURN(bool any, cur.Last());
    const bool last_ok =
        any && cur.key().size() == 8 && lmdb::ReadBigEndian(cur.key()) == count - 1;
    if (!last_ok) {
      LEDGER_ASSIGN_OR_RETURN(uint64_t missing, FirstMissingSeq(txn, dbs.records));
      const std::string last =
          any && cur.key().size() == 8 ? std::to_string(lmdb::ReadBigEndian(cur.key())) : "?";
      return Status::DataLoss("the records database has a gap at seq " + std::to_string(missing) +
                              ": it holds " + std::to_string(count) +
                              " records but they run to seq " + last + kAdvice);
    }
  }
  if (latest_checkpoint_size > count) {
    return Status::DataLoss("the records database holds " + std::to_string(count) +
                            " records but the log signed a checkpoint for " +
                            std::to_string(latest_checkpoint_size) + ": records " +
                            std::to_string(count) + " to " +
                            std::to_string(latest_checkpoint_size - 1) + " are missing" + kAdvice);
  }
  return Status::Ok();
}

}  // namespace ledger::store
