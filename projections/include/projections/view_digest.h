// Digests and comparisons of the projection databases (every LMDB database
// whose name starts with "proj."): what the views serve, reduced to one
// SHA-256 per database and one overall, so that a ledger, its copy and an
// independent replay can be compared. Encoding: docs/VERIFY.md, "View digests".
#ifndef PROJECTIONS_VIEW_DIGEST_H_
#define PROJECTIONS_VIEW_DIGEST_H_

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/crypto.h"
#include "ledger/lmdb.h"
#include "ledger/status.h"

namespace ledger::projections {

inline constexpr std::string_view kProjectionDbPrefix = "proj.";

struct ViewDigest {
  std::string db;  // e.g. "proj.civil.persons"
  Hash digest{};   // SHA-256 over the entries in key order (DigestDb)
  uint64_t entries = 0;
};

struct ViewsDigest {
  std::vector<ViewDigest> views;  // by name, bytewise
  Hash overall{};                 // OverallDigest(views)
  uint64_t size = 0;              // how many records the views reflect (the applied cursor)
  boost::json::object ToJson() const;
};

// The names of the projection databases in `txn`'s environment, sorted.
Result<std::vector<std::string>> ProjectionDbNames(const lmdb::Txn& txn);

// SHA-256 over every entry of `db` in key order, each entry as
//   u32 BE key length || key || u32 BE value length || value.
// `tick` (optional) runs every 256 entries (the verifier drops mapped pages there).
Result<ViewDigest> DigestDb(const lmdb::Txn& txn, const std::string& db,
                            const std::function<void()>& tick = {});
// SHA-256 over the views in name order, each as
//   u32 BE name length || name || 32-byte digest.
Hash OverallDigest(const std::vector<ViewDigest>& views);

// Every projection database's digest and the overall one, with the applied
// cursor of the civil-state projection. FailedPrecondition when `txn`'s
// environment holds no projection (a ledger written without them).
Result<ViewsDigest> DigestViews(const lmdb::Txn& txn, const std::function<void()>& tick = {});

// The civil-state projection's applied cursor: how many records it reflects
// (nullopt when it was built by another version, or is missing).
Result<std::optional<uint64_t>> AppliedCursor(const lmdb::Txn& txn);

// Where a projection database in the audited file and the derived one first differ.
struct ViewDifference {
  std::string db;
  std::string key;      // printable (PrintableKey); empty when the whole database is missing
  std::string stored;   // "sha256:<hex>" of the stored value, or "absent"
  std::string derived;  // the same for the derived value
  // The record that produced the derived row (or the stored one when only it
  // exists), where the row says: entity rows carry the record that
  // established them, index rows end with theirs, corrections and sanctions
  // name theirs.
  std::optional<uint64_t> seq;
  uint64_t differing_entries = 0;  // entries that differ in this database (keys on either side)
};

// Compares every projection database present in either transaction, entry
// by entry in key order; one ViewDifference per database that differs.
Result<std::vector<ViewDifference>> CompareViews(const lmdb::Txn& stored,
                                                 const lmdb::Txn& derived,
                                                 const std::function<void()>& tick = {});

// A key as text: printable ASCII as is, other bytes (and '\') as \xNN.
std::string PrintableKey(ByteView key);

}  // namespace ledger::projections

#endif  // PROJECTIONS_VIEW_DIGEST_H_
