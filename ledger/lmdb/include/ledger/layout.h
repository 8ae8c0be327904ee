// The ledger's on-disk layout, declared once: the files of a ledger
// directory, its named LMDB databases and how their keys and values are
// encoded (docs/FORMAT.md, "Storage layout"). The store writes it; the
// verifier, the CLI, the benches and the tests read it through this header.
#ifndef LEDGER_LAYOUT_H_
#define LEDGER_LAYOUT_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ledger/crypto.h"
#include "ledger/encoding.h"
#include "ledger/lmdb.h"
#include "ledger/status.h"

namespace ledger::layout {

// ---- Files in a ledger directory ----
inline constexpr const char* kDataFile = "data.mdb";       // the LMDB environment
inline constexpr const char* kLockFile = "lock.mdb";       // LMDB's reader table (LMDB writes it)
inline constexpr const char* kLogKeyFile = "log-key.pem";  // the log's private key, mode 0600
inline constexpr const char* kLogVkeyFile = "log.vkey";    // its note verifier key and LF, 0644
// The one-writer lock: a writable open holds an flock on it for its life and
// writes its pid into it (the file stays; read-only opens never touch it).
inline constexpr const char* kWriterLockFile = "writer.lock";

// `dir`/`file`.
std::string PathIn(const std::string& dir, const char* file);
// NotFound("<dir> holds no ledger (no data.mdb)") unless `dir` holds a data file.
Status RequireLedgerDir(const std::string& dir);

// ---- Named databases of one environment ----
inline constexpr const char* kRecordsDb = "records";          // seq (u64 BE) -> record bytes
inline constexpr const char* kMerkleDb = "merkle";            // MerkleKey -> 32-byte hash
inline constexpr const char* kCheckpointsDb = "checkpoints";  // size (u64 BE) -> signed note
inline constexpr const char* kKeysDb = "keys";                // KeyRowKey -> key entry archive
inline constexpr const char* kDedupDb = "dedup";              // DedupKey -> DedupValue
inline constexpr const char* kMetaDb = "meta";                // kMeta* text key -> value
// The ledger's six plus the projections' (their names start with "proj.").
inline constexpr int kMaxDbs = 32;

// The ledger's own databases, open in one environment.
struct Databases {
  MDB_dbi records = 0, merkle = 0, checkpoints = 0, keys = 0, dedup = 0, meta = 0;
};
// Opens all six in `txn`. With `create` (a write transaction) missing ones
// are created; without it a missing one is FailedPrecondition ("not a ledger").
// The handles stay valid for the environment's life once `txn` commits (or,
// read-only, for as long as `txn` is open).
Result<Databases> OpenDatabases(lmdb::Txn& txn, bool create);

// ---- Keys and values ----
// Records and checkpoints are keyed by lmdb::BigEndian(seq or tree size).
// "merkle": level (u8) || index (u64 BE), the perfect subtree over leaves
// [index * 2^level, (index + 1) * 2^level).
std::array<uint8_t, 9> MerkleKey(uint8_t level, uint64_t index);

// "meta" keys, written with genesis.
inline constexpr std::string_view kMetaOrigin = "origin";     // the origin text
inline constexpr std::string_view kMetaLogVkey = "log_vkey";  // the verifier key, no LF
// Present in a replica (Ledger::CreateReplica): records come only by import.
inline constexpr std::string_view kMetaReplica = "replica";
// The storage layout's version (decimal text), written when the environment
// is created. Layout 1 (no such key) keyed "keys" by public key and "dedup"
// by SHA-256(signer || client_id); layout 2 keys both so that an append
// writes at the right edge (docs/FORMAT.md, "Storage layout").
inline constexpr std::string_view kMetaLayout = "layout";
inline constexpr int kLayoutVersion = 2;

// Writes kMetaLayout into a new ledger's "meta".
Status WriteLayoutVersion(lmdb::Txn& txn, const Databases& dbs);
// FailedPrecondition naming both versions and what to do unless the ledger in
// `dir` (opened in `txn`) is in kLayoutVersion. `empty`: it holds no record
// yet (a ledger being created, which has no layout version to check).
Status CheckLayoutVersion(const lmdb::Txn& txn, const Databases& dbs, const std::string& dir,
                          bool empty);

// "keys": the row of a key is keyed by the seq that registered it (u64 BE):
// registrations append at the right edge; a revocation rewrites its key's
// row in place. Lookups by public key go through ledger/key_index.h.
inline lmdb::U64Key KeyRowKey(uint64_t registered_seq) { return lmdb::BigEndian(registered_seq); }

// "dedup": signer (32 bytes) || client_id (1 to kMaxClientIdBytes) -> seq
// (u64 BE) || submission digest. One signer's client ids sort together, and
// mostly increase, so that its entries append near its own right edge.
Bytes DedupKey(const PublicKey& signer, std::string_view client_id);
struct DedupEntry {
  uint64_t seq = 0;
  Hash digest{};
};
inline constexpr size_t kDedupValueBytes = 40;
std::array<uint8_t, kDedupValueBytes> DedupValue(const DedupEntry& entry);
// nullopt when `value` is not kDedupValueBytes long.
std::optional<DedupEntry> ParseDedupValue(ByteView value);

}  // namespace ledger::layout

#endif  // LEDGER_LAYOUT_H_
