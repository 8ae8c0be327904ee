// A write-back cache of one projection table (rows of type T under string
// ids, e.g. the people) over a write transaction: the fold reads and changes
// rows in memory, and Flush writes the changed ones in key order. An append
// keeps one for a single record; a replay keeps one for a whole chunk of
// records, so a row that many records change is decoded once and written
// once, and rows going into an empty table are bulk-appended (MDB_APPEND).
// Not thread-safe; the cache must not outlive its transaction.
#ifndef PROJECTIONS_SRC_ROW_CACHE_H_
#define PROJECTIONS_SRC_ROW_CACHE_H_

#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "state_codec.h"

namespace ledger::projections {

template <class T>
class RowCache {
 public:
  RowCache(const lmdb::Txn& txn, MDB_dbi dbi) : txn_(txn), dbi_(dbi) {}

  // For rows the rules have already established must exist (a missing one
  // means the projection and the log disagree): to read, or to change in
  // place, in which case the row is written at Flush. Pointers stay valid
  // until Flush.
  Result<const T*> FindExisting(std::string_view id) {
    LEDGER_ASSIGN_OR_RETURN(Slot * slot, Load(id));
    if (!slot->row) return MissingRow(id);
    return &*slot->row;
  }
  Result<T*> EditExisting(std::string_view id) {
    LEDGER_ASSIGN_OR_RETURN(Slot * slot, Load(id));
    if (!slot->row) return MissingRow(id);
    slot->dirty = true;
    return &*slot->row;
  }
  void Put(std::string_view id, T row) {
    Slot& slot = slots_[std::string(id)];
    slot.row = std::move(row);
    slot.dirty = true;
  }

  // Writes the changed rows to `txn` (the one the cache reads) in key order,
  // then empties the cache. Into an empty table the rows are appended, which
  // skips the B-tree search per row and fills every page.
  Status Flush(lmdb::Txn& txn) {
    std::vector<std::pair<std::string_view, const T*>> changed;
    for (const auto& [id, slot] : slots_) {
      if (slot.dirty) changed.emplace_back(id, &*slot.row);
    }
    if (!changed.empty()) {
      std::sort(changed.begin(), changed.end());
      LEDGER_ASSIGN_OR_RETURN(uint64_t stored, txn.Count(dbi_));
      const unsigned flags = stored == 0 ? MDB_APPEND : 0;
      for (const auto& [id, row] : changed) {
        EncodeRowTo(*row, buffer_);
        LEDGER_RETURN_IF_ERROR(txn.Put(dbi_, IdKey(id), IdKey(buffer_), flags));
      }
    }
    slots_.clear();
    return Status::Ok();
  }

 private:
  struct Slot {
    std::optional<T> row;  // nullopt: no such row (yet)
    bool dirty = false;    // dirty rows always hold a row: nothing deletes one
  };
  // Looks ids up by string_view without building a string.
  struct Hash : std::hash<std::string_view> {
    using is_transparent = void;
  };

  Result<Slot*> Load(std::string_view id) {
    auto it = slots_.find(id);
    if (it != slots_.end()) return &it->second;
    LEDGER_ASSIGN_OR_RETURN(std::optional<T> row, LoadState<T>(txn_, dbi_, id));
    return &slots_.emplace(std::string(id), Slot{std::move(row), false}).first->second;
  }

  const lmdb::Txn& txn_;
  MDB_dbi dbi_;
  std::unordered_map<std::string, Slot, Hash, std::equal_to<>> slots_;
  std::string buffer_;  // one encoding buffer for every row written
};

}  // namespace ledger::projections

#endif  // PROJECTIONS_SRC_ROW_CACHE_H_
