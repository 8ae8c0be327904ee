// The civil-state fold's writes to its index database. Rows of the kinds
// (first key byte) that the fold only ever adds (record hashes, client ids,
// service and finding entries) are held in one buffer and written in key
// order at Flush: they arrive in random key order, and sorted they touch
// each B-tree page once instead of once per row. Every other row goes
// straight to the transaction; reading or deleting under a held kind writes
// the held rows first. So the database ends up holding exactly what writing
// each row in turn would have left, and every read sees it.
// Not thread-safe; must not outlive its transaction.
#ifndef PROJECTIONS_SRC_INDEX_ROWS_H_
#define PROJECTIONS_SRC_INDEX_ROWS_H_

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "state_codec.h"

namespace ledger::projections {

class IndexRows {
 public:
  // `held_kinds`: the key kinds whose rows wait for Flush.
  IndexRows(lmdb::Txn& txn, MDB_dbi dbi, std::string_view held_kinds = {})
      : txn_(txn), dbi_(dbi), held_kinds_(held_kinds) {}

  // Status, as lmdb::Txn's: the fold's writes read the same either way.
  Status Put(std::string_view key, std::string_view value) {
    if (!Held(key)) return txn_.Put(dbi_, IdKey(key), IdKey(value));
    if (bytes_.size() > kMaxHeldBytes) LEDGER_RETURN_IF_ERROR(Flush());
    const uint32_t at = uint32_t(bytes_.size());
    bytes_.append(key).append(value);
    rows_.push_back({Head(key), at, uint32_t(key.size()), uint32_t(value.size())});
    return Status::Ok();
  }
  // Like lmdb::Txn::Delete: deleting a missing row is no error.
  Status Delete(std::string_view key) {
    if (Held(key)) LEDGER_RETURN_IF_ERROR(Flush());
    return txn_.Delete(dbi_, IdKey(key));
  }
  Result<std::optional<ByteView>> Get(std::string_view key) {
    if (Held(key)) LEDGER_RETURN_IF_ERROR(Flush());
    return txn_.Get(dbi_, IdKey(key));
  }
  template <class T>
  Result<std::optional<T>> Load(std::string_view key) {
    LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> v, Get(key));
    if (!v) return std::optional<T>();
    LEDGER_ASSIGN_OR_RETURN(T t, DecodeRow<T>(*v, key));
    return std::optional<T>(std::move(t));
  }
  template <class T>
  Result<T> LoadExisting(std::string_view key) {
    LEDGER_ASSIGN_OR_RETURN(std::optional<T> t, Load<T>(key));
    if (!t) return MissingRow(key);
    return std::move(*t);
  }
  // Calls `fn(key, value)` for every row whose key starts with `prefix`, in
  // key order. `fn` must not change rows.
  Status ForPrefix(std::string_view prefix,
                   const std::function<Status(std::string_view, ByteView)>& fn) {
    if (prefix.empty() || Held(prefix)) LEDGER_RETURN_IF_ERROR(Flush());
    LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn_, dbi_));
    LEDGER_ASSIGN_OR_RETURN(bool more, cur.Seek(IdKey(prefix)));
    while (more && Chars(cur.key()).starts_with(prefix)) {
      LEDGER_RETURN_IF_ERROR(fn(Chars(cur.key()), cur.value()));
      LEDGER_ASSIGN_OR_RETURN(more, cur.Next());
    }
    return Status::Ok();
  }

  // Writes the held rows in key order (of one key put twice, the later).
  Status Flush() {
    if (rows_.empty()) return Status::Ok();
    // The first 8 key bytes beside each row settle most comparisons.
    std::stable_sort(rows_.begin(), rows_.end(), [&](const Row& a, const Row& b) {
      if (a.head != b.head) return a.head < b.head;
      return KeyOf(a) < KeyOf(b);
    });
    for (size_t i = 0; i < rows_.size(); ++i) {
      if (i + 1 < rows_.size() && KeyOf(rows_[i]) == KeyOf(rows_[i + 1])) continue;
      LEDGER_RETURN_IF_ERROR(txn_.Put(dbi_, IdKey(KeyOf(rows_[i])), IdKey(ValueOf(rows_[i]))));
    }
    rows_.clear();
    bytes_.clear();
    return Status::Ok();
  }

 private:
  // Bounds what a long replay chunk holds (and keeps offsets in 32 bits).
  static constexpr size_t kMaxHeldBytes = size_t{64} << 20;
  struct Row {
    uint64_t head;  // the key's first 8 bytes, big-endian, zero-padded: byte order
    uint32_t at, key_size, value_size;  // in bytes_: the key, then the value
  };
  bool Held(std::string_view key) const {
    return !key.empty() && held_kinds_.find(key[0]) != std::string_view::npos;
  }
  static uint64_t Head(std::string_view key) {
    uint64_t h = 0;
    for (size_t i = 0; i < 8; ++i) h = (h << 8) | (i < key.size() ? uint8_t(key[i]) : 0);
    return h;
  }
  std::string_view KeyOf(const Row& r) const {
    return std::string_view(bytes_).substr(r.at, r.key_size);
  }
  std::string_view ValueOf(const Row& r) const {
    return std::string_view(bytes_).substr(r.at + r.key_size, r.value_size);
  }

  lmdb::Txn& txn_;
  MDB_dbi dbi_;
  const std::string_view held_kinds_;
  std::string bytes_;      // the held rows' keys and values, back to back
  std::vector<Row> rows_;  // in the order they were put
};

}  // namespace ledger::projections

#endif  // PROJECTIONS_SRC_INDEX_ROWS_H_
