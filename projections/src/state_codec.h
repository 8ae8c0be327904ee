// How the civil-state projection stores its rows: each state struct, laid
// out by projections/row_layout.h and encoded by ledger/binary_archive.h,
// under its id, plus the index keys. Internal to projections/.
#ifndef PROJECTIONS_SRC_STATE_CODEC_H_
#define PROJECTIONS_SRC_STATE_CODEC_H_

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "ledger/binary_archive.h"
#include "ledger/encoding.h"
#include "ledger/lmdb.h"
#include "projections/civil_state.h"
#include "projections/row_layout.h"

namespace ledger::projections {

inline ByteView IdKey(std::string_view id) {
  return {reinterpret_cast<const uint8_t*>(id.data()), id.size()};
}

// Index keys: a one-letter kind, an id, NUL, then big-endian numbers, so a
// cursor walks one id's entries in numeric order.
inline std::string IndexKey(char kind, std::string_view id, std::initializer_list<uint64_t> nums) {
  std::string k(1, kind);
  k += id;
  k += '\0';
  for (uint64_t n : nums) {
    auto be = lmdb::BigEndian(n);
    k.append(reinterpret_cast<const char*>(be.data()), be.size());
  }
  return k;
}
// Dates before 1970 are negative: bias them so byte order is date order.
inline uint64_t DayKey(int32_t day) { return uint64_t(int64_t(day) + (int64_t(1) << 31)); }

// Correction rows: target seq then correction seq, both big-endian, so a
// cursor walks one record's corrections in the order they were recorded.
inline Bytes CorrectionKey(uint64_t target, uint64_t seq) {
  Bytes k(16);
  auto a = lmdb::BigEndian(target), b = lmdb::BigEndian(seq);
  std::copy(a.begin(), a.end(), k.begin());
  std::copy(b.begin(), b.end(), k.begin() + 8);
  return k;
}

inline std::string_view Chars(ByteView b) { return AsChars(b); }

// Walks the entries whose key starts with `prefix`.
inline Status ForPrefix(const lmdb::Txn& txn, MDB_dbi dbi, std::string_view prefix,
                        const std::function<Status(ByteView key, ByteView value)>& fn) {
  LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, dbi));
  LEDGER_ASSIGN_OR_RETURN(bool more, cur.Seek(IdKey(prefix)));
  while (more && Chars(cur.key()).starts_with(prefix)) {
    LEDGER_RETURN_IF_ERROR(fn(cur.key(), cur.value()));
    LEDGER_ASSIGN_OR_RETURN(more, cur.Next());
  }
  return Status::Ok();
}

template <class T>
Result<T> DecodeRow(ByteView v, std::string_view id) {
  Result<T> row = DecodeArchive<T>(v);
  if (!row.ok()) {
    return Status::DataLoss("projection row \"" + std::string(id) + "\" is corrupt (" +
                            row.status().message() + "); run `ledger rebuild`");
  }
  return row;
}

// Into `out`, so that a caller encoding many rows reuses one buffer.
template <class T>
void EncodeRowTo(const T& t, std::string& out) {
  EncodeArchiveTo(t, out);
}

template <class T>
std::string EncodeRow(const T& t) {
  return EncodeArchive(t);
}

template <class T>
Result<std::optional<T>> LoadState(const lmdb::Txn& txn, MDB_dbi dbi, std::string_view id) {
  LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> v, txn.Get(dbi, IdKey(id)));
  if (!v) return std::optional<T>();
  LEDGER_ASSIGN_OR_RETURN(T t, DecodeRow<T>(*v, id));
  return std::optional<T>(std::move(t));
}

// A row the rules have already established must exist is missing: the
// projection and the log disagree.
inline Status MissingRow(std::string_view id) {
  return Status::DataLoss("projection row \"" + std::string(id) +
                          "\" is missing; run `ledger rebuild`");
}

template <class T>
Result<T> LoadExisting(const lmdb::Txn& txn, MDB_dbi dbi, std::string_view id) {
  LEDGER_ASSIGN_OR_RETURN(std::optional<T> t, LoadState<T>(txn, dbi, id));
  if (!t) return MissingRow(id);
  return std::move(*t);
}

}  // namespace ledger::projections

#endif  // PROJECTIONS_SRC_STATE_CODEC_H_
