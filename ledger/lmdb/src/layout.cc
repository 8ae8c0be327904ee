// The ledger's on-disk layout (ledger/layout.h).
#include "ledger/layout.h"

#include <algorithm>
#include <filesystem>

namespace ledger::layout {

std::string PathIn(const std::string& dir, const char* file) {
  return (std::filesystem::path(dir) / file).string();
}

Status RequireLedgerDir(const std::string& dir) {
  std::error_code ec;
  if (std::filesystem::exists(PathIn(dir, kDataFile), ec)) return Status::Ok();
  return Status::NotFound(dir + " holds no ledger (no " + kDataFile + ")");
}

Result<Databases> OpenDatabases(lmdb::Txn& txn, bool create) {
  Databases dbs;
  // In the order the store has always created them.
  for (auto [name, dbi] : {std::pair{kRecordsDb, &dbs.records},
                           {kMerkleDb, &dbs.merkle},
                           {kCheckpointsDb, &dbs.checkpoints},
                           {kKeysDb, &dbs.keys},
                           {kDedupDb, &dbs.dedup},
                           {kMetaDb, &dbs.meta}}) {
    LEDGER_ASSIGN_OR_RETURN(*dbi, txn.OpenDb(name, create));
  }
  return dbs;
}

std::array<uint8_t, 9> MerkleKey(uint8_t level, uint64_t index) {
  std::array<uint8_t, 9> k;
  k[0] = level;
  const lmdb::U64Key idx = lmdb::BigEndian(index);
  std::copy(idx.begin(), idx.end(), k.begin() + 1);
  return k;
}

Status WriteLayoutVersion(lmdb::Txn& txn, const Databases& dbs) {
  const std::string v = std::to_string(kLayoutVersion);
  return txn.Put(dbs.meta, AsBytes(kMetaLayout), AsBytes(v));
}

Status CheckLayoutVersion(const lmdb::Txn& txn, const Databases& dbs, const std::string& dir,
                          bool empty) {
  LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> stored, txn.Get(dbs.meta, AsBytes(kMetaLayout)));
  if (!stored && empty) return Status::Ok();
  const std::string found = stored ? std::string(AsChars(*stored)) : "1";
  if (found == std::to_string(kLayoutVersion)) return Status::Ok();
  return Status::FailedPrecondition(
      "old-layout: " + dir + " is stored in layout " + found + "; this build reads layout " +
      std::to_string(kLayoutVersion) +
      " only, and there is no in-place upgrade (docs/FORMAT.md, \"Storage layout\"): serve it "
      "with the build that wrote it and `ledger mirror` it into a new directory; for the demo, "
      "run `ledger demo --fresh`");
}

Bytes DedupKey(const PublicKey& signer, std::string_view client_id) {
  Bytes key(signer.begin(), signer.end());
  key.insert(key.end(), client_id.begin(), client_id.end());
  return key;
}

std::array<uint8_t, kDedupValueBytes> DedupValue(const DedupEntry& entry) {
  std::array<uint8_t, kDedupValueBytes> v{};
  const lmdb::U64Key seq = lmdb::BigEndian(entry.seq);
  std::copy(seq.begin(), seq.end(), v.begin());
  std::copy(entry.digest.begin(), entry.digest.end(), v.begin() + seq.size());
  return v;
}

std::optional<DedupEntry> ParseDedupValue(ByteView value) {
  if (value.size() != kDedupValueBytes) return std::nullopt;
  DedupEntry e;
  e.seq = lmdb::ReadBigEndian(value);
  std::copy(value.begin() + 8, value.end(), e.digest.begin());
  return e;
}

}  // namespace ledger::layout
