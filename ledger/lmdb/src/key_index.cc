// The key registry's in-memory lookup by public key (ledger/key_index.h).
#include "ledger/key_index.h"

#include <bit>
#include <cstring>

#include "ledger/layout.h"

namespace ledger::layout {
namespace {

constexpr int kSeqBits = 36;
constexpr int kTagBits = 64 - kSeqBits;
constexpr uint64_t kSeqMask = (uint64_t{1} << kSeqBits) - 1;
constexpr size_t kFirstCapacity = 1024;
constexpr size_t kMaxCapacity = size_t{1} << kTagBits;

// Ed25519 public keys are uniform in their first bytes (the sign bit is the
// last byte's top bit), and registering one is an administrator's act: the
// first 8 bytes serve as the hash.
uint64_t TagOf(const PublicKey& key) {
  uint64_t h = 0;
  for (int i = 0; i < 8; ++i) h = h << 8 | key[i];
  return h >> kSeqBits;
}

}  // namespace

size_t KeyIndex::HomeOf(uint64_t slot_value) const {
  // The tag's top bits place the slot, so growing needs only the slots.
  const int index_bits = std::countr_zero(slots_.size());
  return static_cast<size_t>((slot_value >> kSeqBits) >> (kTagBits - index_bits));
}

Status KeyIndex::Add(const PublicKey& key, uint64_t registered_seq) {
  if (registered_seq >= kSeqMask) {
    return Status::ResourceExhausted("the key index holds seqs below 2^36 - 1, not " +
                                     std::to_string(registered_seq));
  }
  if ((used_ + 1) * 4 > slots_.size() * 3) {
    if (slots_.size() >= kMaxCapacity) {
      return Status::ResourceExhausted("the key index is full (" + std::to_string(used_) +
                                       " keys)");
    }
    Grow();
  }
  Insert(TagOf(key) << kSeqBits | (registered_seq + 1));
  ++used_;
  return Status::Ok();
}

void KeyIndex::Insert(uint64_t slot_value) {
  const size_t mask = slots_.size() - 1;
  for (size_t i = HomeOf(slot_value);; i = (i + 1) & mask) {
    if (slots_[i] == 0) {
      slots_[i] = slot_value;
      return;
    }
  }
}

void KeyIndex::Grow() {
  std::vector<uint64_t> old = std::move(slots_);
  slots_.assign(old.empty() ? kFirstCapacity : old.size() * 2, 0);
  for (uint64_t v : old) {
    if (v != 0) Insert(v);
  }
}

std::vector<uint64_t> KeyIndex::Candidates(const PublicKey& key) const {
  std::vector<uint64_t> out;
  if (slots_.empty()) return out;
  const uint64_t tag = TagOf(key);
  const size_t mask = slots_.size() - 1;
  for (size_t i = HomeOf(tag << kSeqBits);; i = (i + 1) & mask) {
    const uint64_t v = slots_[i];
    if (v == 0) return out;
    if ((v >> kSeqBits) == tag) out.push_back((v & kSeqMask) - 1);
  }
}

Status KeyIndex::CatchUp(const lmdb::Txn& txn, MDB_dbi keys) {
  LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, keys));
  LEDGER_ASSIGN_OR_RETURN(bool more, cur.Seek(lmdb::BigEndian(next_row_)));
  while (more) {
    if (cur.key().size() == 8) {
      const uint64_t seq = lmdb::ReadBigEndian(cur.key());
      auto entry = keys::DecodeKeyEntry(cur.value());
      if (entry.ok()) LEDGER_RETURN_IF_ERROR(Add(entry->key, seq));
      next_row_ = seq + 1;
    }
    LEDGER_ASSIGN_OR_RETURN(more, cur.Next());
  }
  return Status::Ok();
}

Result<std::optional<keys::KeyEntry>> KeyIndex::Find(const lmdb::Txn& txn, MDB_dbi keys,
                                                     const PublicKey& key) const {
  for (uint64_t seq : Candidates(key)) {
    LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> row, txn.Get(keys, KeyRowKey(seq)));
    if (!row) continue;  // a row beyond this snapshot
    auto entry = keys::DecodeKeyEntry(*row);
    if (entry.ok() && entry->key == key) return std::optional<keys::KeyEntry>(std::move(*entry));
  }
  return std::optional<keys::KeyEntry>();
}

}  // namespace ledger::layout
