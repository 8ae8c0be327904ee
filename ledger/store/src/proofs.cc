// Ledger reads that build proofs, look up the registry and copy the store.
#include <filesystem>

#include "ledger/events.h"
#include "ledger/file_io.h"
#include "ledger/key_files.h"
#include "ledger/layout.h"
#include "ledger/store.h"
#include "ledger_impl.h"
#include "tree_nodes.h"

namespace ledger {
namespace fs = std::filesystem;

namespace {

Status CheckProofRange(uint64_t index, uint64_t tree_size, uint64_t size) {
  if (tree_size > size) {
    return Status::InvalidArgument("tree size " + std::to_string(tree_size) +
                                   " is beyond the log (" + std::to_string(size) + ")");
  }
  if (index >= tree_size) {
    return Status::InvalidArgument("index " + std::to_string(index) + " is not below tree size " +
                                   std::to_string(tree_size));
  }
  return Status::Ok();
}

// The record at `index` and its inclusion path in the tree of `tree_size`.
Status ReadInclusion(const lmdb::Txn& t, const layout::Databases& dbs, store::NodeCache& cache,
                     uint64_t index, uint64_t tree_size, Bytes& leaf_out,
                     std::vector<Hash>& hashes_out) {
  for (const merkle::Range& r : merkle::InclusionProofRanges(index, tree_size)) {
    LEDGER_ASSIGN_OR_RETURN(Hash h, store::RangeHash(t, dbs.merkle, r, &cache));
    hashes_out.push_back(h);
  }
  LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> leaf, t.Get(dbs.records, lmdb::BigEndian(index)));
  if (!leaf) return Status::DataLoss("record " + std::to_string(index) + " is missing");
  leaf_out.assign(leaf->begin(), leaf->end());
  return Status::Ok();
}

}  // namespace

Result<InclusionProof> Ledger::ProveInclusion(uint64_t index, uint64_t tree_size) const {
  LEDGER_RETURN_IF_ERROR(CheckProofRange(index, tree_size, Size()));
  InclusionProof p{index, tree_size};
  p.leaf.emplace();
  bool stored_checkpoint = false;
  LEDGER_RETURN_IF_ERROR(WithRead([&](const lmdb::Txn& t) -> Status {
    LEDGER_RETURN_IF_ERROR(
        ReadInclusion(t, impl_->dbs, impl_->node_cache, index, tree_size, *p.leaf, p.hashes));
    // The checkpoint in the same transaction, unless it is the latest (in memory).
    if (tree_size == Size()) return Status::Ok();
    LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> cp,
                            t.Get(impl_->dbs.checkpoints, lmdb::BigEndian(tree_size)));
    if (cp) p.checkpoint = std::string(AsChars(*cp));
    stored_checkpoint = cp.has_value();
    return Status::Ok();
  }));
  p.leaf_hash = merkle::HashLeaf(*p.leaf);
  if (!stored_checkpoint) {
    LEDGER_ASSIGN_OR_RETURN(p.checkpoint, Checkpoint(tree_size));
  }
  return p;
}

Result<SignerPart> Ledger::ProveSigner(uint64_t seq, uint64_t tree_size) const {
  LEDGER_RETURN_IF_ERROR(CheckProofRange(seq, tree_size, Size()));
  SignerPart part{tree_size, {}};
  LEDGER_RETURN_IF_ERROR(WithRead([&](const lmdb::Txn& t) -> Status {
    LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> bytes,
                            t.Get(impl_->dbs.records, lmdb::BigEndian(seq)));
    if (!bytes) return Status::DataLoss("record " + std::to_string(seq) + " is missing");
    LEDGER_ASSIGN_OR_RETURN(Record rec, DecodeRecord(*bytes));
    PublicKey key = rec.submission.signer;
    // Each link's seq is below the one before (a key is registered before it
    // signs or is rotated away), so the walk ends; genesis ends it at seq 0.
    for (uint64_t below = seq + 1;;) {
      LEDGER_ASSIGN_OR_RETURN(std::optional<keys::KeyEntry> found, impl_->FindKey(t, key));
      if (!found) {
        return Status::DataLoss("the key ed25519:" + KeyFingerprint(key) + " is not registered");
      }
      const keys::KeyEntry entry = std::move(*found);
      if (entry.registered_seq >= below) {
        return Status::DataLoss("the key registry says " + entry.Label() +
                                " was registered at seq " + std::to_string(entry.registered_seq) +
                                ", not before seq " + std::to_string(below));
      }
      SignerPart::Link link{entry.registered_seq, {}, {}};
      LEDGER_RETURN_IF_ERROR(
          ReadInclusion(t, impl_->dbs, impl_->node_cache, link.index, tree_size, link.leaf,
                        link.hashes));
      LEDGER_ASSIGN_OR_RETURN(Record reg, DecodeRecord(link.leaf));
      part.chain.push_back(std::move(link));
      below = entry.registered_seq;
      if (reg.submission.event_type != "key.rotate") return Status::Ok();
      LEDGER_ASSIGN_OR_RETURN(events::Body body, events::DecodeSubmissionBody(reg.submission));
      key = body.Key("old_key");
    }
  }));
  return part;
}

Result<std::vector<Hash>> Ledger::ProveConsistency(uint64_t old_size, uint64_t new_size) const {
  if (new_size > Size() || old_size > new_size) {
    return Status::InvalidArgument("need old size <= new size <= " + std::to_string(Size()) +
                                   ", got " + std::to_string(old_size) + " and " +
                                   std::to_string(new_size));
  }
  std::vector<Hash> out;
  LEDGER_RETURN_IF_ERROR(WithRead([&](const lmdb::Txn& t) -> Status {
    for (const merkle::Range& r : merkle::ConsistencyProofRanges(old_size, new_size)) {
      LEDGER_ASSIGN_OR_RETURN(Hash h, store::RangeHash(t, impl_->dbs.merkle, r, &impl_->node_cache));
      out.push_back(h);
    }
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<Hash>> Ledger::StoredSubtreeHashes(uint8_t level, uint64_t first,
                                                      uint64_t count) const {
  std::vector<Hash> out;
  out.reserve(count);
  LEDGER_RETURN_IF_ERROR(WithRead([&](const lmdb::Txn& t) -> Status {
    for (uint64_t i = first; i < first + count; ++i) {
      LEDGER_ASSIGN_OR_RETURN(auto v, t.Get(impl_->dbs.merkle, layout::MerkleKey(level, i)));
      if (!v || v->size() != Hash{}.size()) {
        return Status::DataLoss("no stored hash for level " + std::to_string(level) +
                                " subtree " + std::to_string(i));
      }
      Hash h;
      std::copy(v->begin(), v->end(), h.begin());
      out.push_back(h);
    }
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<keys::KeyEntry>> Ledger::Keys() const {
  std::vector<keys::KeyEntry> out;
  LEDGER_RETURN_IF_ERROR(WithRead([&](const lmdb::Txn& t) -> Status {
    LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(t, impl_->dbs.keys));
    LEDGER_ASSIGN_OR_RETURN(bool more, cur.Seek({}));
    while (more) {
      LEDGER_ASSIGN_OR_RETURN(keys::KeyEntry e, keys::DecodeKeyEntry(cur.value()));
      out.push_back(std::move(e));
      LEDGER_ASSIGN_OR_RETURN(more, cur.Next());
    }
    return Status::Ok();
  }));
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.registered_seq < b.registered_seq; });
  return out;
}

Status Ledger::Backup(const std::string& dest_dir) const {
  std::error_code ec;
  if (fs::exists(layout::PathIn(dest_dir, layout::kDataFile), ec)) {
    return Status::AlreadyExists(dest_dir + " already holds a ledger");
  }
  fs::create_directories(dest_dir, ec);
  if (ec) return Status::FailedPrecondition("cannot create " + dest_dir + ": " + ec.message());
  {
    // mdb_env_copy2 runs its own read transaction: a consistent snapshot
    // while the writer keeps appending.
    std::shared_lock lock(impl_->map_gate);
    LEDGER_RETURN_IF_ERROR(impl_->env.CopyTo(dest_dir, /*compact=*/true));
  }
  for (const char* name : {layout::kLogVkeyFile, layout::kLogKeyFile}) {
    fs::path from = fs::path(impl_->dir) / name;
    if (!fs::exists(from, ec)) continue;
    LEDGER_ASSIGN_OR_RETURN(std::string data, ReadFile(from.string()));
    LEDGER_RETURN_IF_ERROR(WriteFileDurably((fs::path(dest_dir) / name).string(), data,
                                            name == layout::kLogKeyFile ? 0600 : 0644));
  }
  return Status::Ok();
}

}  // namespace ledger
