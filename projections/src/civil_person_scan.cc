// A scan over every person row, for the API's search by name
// (api/src/search_handler.cc): the projection keeps no name index, and a
// scan of tens of thousands of rows is a few milliseconds.
#include "projections/civil_state.h"
#include "state_codec.h"

namespace ledger::projections {

Status CivilState::ForEachPerson(
    const lmdb::Txn& txn,
    const std::function<Status(std::string_view, const PersonState&)>& fn) const {
  LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, dbs_.persons));
  LEDGER_ASSIGN_OR_RETURN(bool more, cur.Seek({}));
  while (more) {
    std::string_view id(reinterpret_cast<const char*>(cur.key().data()), cur.key().size());
    LEDGER_ASSIGN_OR_RETURN(PersonState p, DecodeRow<PersonState>(cur.value(), id));
    LEDGER_RETURN_IF_ERROR(fn(id, p));
    LEDGER_ASSIGN_OR_RETURN(more, cur.Next());
  }
  return Status::Ok();
}

}  // namespace ledger::projections
