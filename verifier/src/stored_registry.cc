// StoredRegistry: registry lookups as of a seq over the stored entries, the
// sums that prove those entries are what the records made them, and the
// naming pass for when they are not.
#include "stored_registry.h"

#include <cstring>

#include "ledger/event_types.h"
#include "ledger/events.h"
#include "ledger/layout.h"
#include "ledger/record.h"

namespace ledger::verify {
namespace {

using keys::KeyEntry;

constexpr size_t kMaxCached = 4096;
constexpr size_t kMaxCorrected = 4096;
constexpr uint64_t kFilterBitsPerKey = 10;  // with 5 probes: about 1% false positives
constexpr int kFilterProbes = 5;
constexpr uint64_t kNamingCheckMapEvery = 16;  // the naming pass reads random pages, ~100 KiB each
constexpr uint64_t kIndexCheckMapEvery = 4096;   // indexing reads the rows in order

KeyEntry Unrevoked(KeyEntry e) {
  e.revoked = false;
  e.revoked_seq = 0;
  e.revoke_reason.clear();
  return e;
}

// `stored` (a final state) as the registry held it just before record `seq`.
std::optional<KeyEntry> StateBefore(const KeyEntry& stored, uint64_t seq) {
  if (stored.registered_seq >= seq) return std::nullopt;
  if (stored.revoked && stored.revoked_seq >= seq) return Unrevoked(stored);
  return stored;
}

// "hr-b (ed25519:...), authority for mn.a, registered at seq 2, revoked at seq 4: left"
std::string Describe(const KeyEntry& e) {
  std::string orgs;
  for (const std::string& o : e.organisations) orgs += (orgs.empty() ? "" : ",") + o;
  std::string out = e.Label() + ", " + std::string(keys::RoleName(e.role)) + " for " + orgs +
                    ", registered at seq " + std::to_string(e.registered_seq);
  if (e.revoked) out += ", revoked at seq " + std::to_string(e.revoked_seq) + ": " + e.revoke_reason;
  return out;
}

// Filter probe i for a public key: its bytes are already uniform.
uint64_t Probe(const PublicKey& key, int i, size_t bits) {
  uint64_t h1 = 0, h2 = 0;
  std::memcpy(&h1, key.data(), 8);
  std::memcpy(&h2, key.data() + 8, 8);
  return (h1 + uint64_t(i) * (h2 | 1)) % bits;
}

}  // namespace

StoredRegistry::StoredRegistry(const lmdb::Txn& txn, MDB_dbi keys, MDB_dbi records,
                               uint64_t expected_keys, MappedPages& pages, AuditCore& core)
    : txn_(txn),
      keys_db_(keys),
      records_db_(records),
      pages_(pages),
      core_(core),
      created_filter_((expected_keys * kFilterBitsPerKey) / 64 + 16),
      secret_(NewSumSecret()) {}

Status StoredRegistry::IndexRows() {
  Status added = Status::Ok();
  LEDGER_RETURN_IF_ERROR(ScanReleasing(
      txn_, keys_db_, pages_, kIndexCheckMapEvery, [&](ByteView key, ByteView value) {
        // A row that does not decode, or is keyed wrongly, shows in the sums.
        auto entry = keys::DecodeKeyEntry(value);
        if (!entry.ok() || key.size() != 8 || !added.ok()) return;
        added = index_.Add(entry->key, lmdb::ReadBigEndian(key));
      }));
  return added;
}

bool StoredRegistry::MayHaveCreated(const PublicKey& key) const {
  const size_t bits = created_filter_.size() * 64;
  for (int i = 0; i < kFilterProbes; ++i) {
    const uint64_t b = Probe(key, i, bits);
    if (!(created_filter_[b / 64] >> (b % 64) & 1)) return false;
  }
  return true;
}

StoredRegistry::Cached& StoredRegistry::Stored(const PublicKey& key) const {
  if (auto it = cache_.find(key); it != cache_.end()) return it->second;
  if (cache_.size() >= kMaxCached) cache_.clear();
  Cached c{index_.Find(txn_, keys_db_, key)};
  return cache_.emplace(key, std::move(c)).first->second;
}

void StoredRegistry::Report(uint64_t seq, const PublicKey& key, const std::string& what,
                            const std::string& expected, const std::string& found) const {
  if (!reported_.insert(key).second) return;
  core_.Add({seq, "registry", what, expected, found});
}

bool StoredRegistry::Confirm(const KeyEntry& stored, bool revokes) const {
  const uint64_t at = revokes ? stored.revoked_seq : stored.registered_seq;
  bool confirmed = false;
  auto bytes = txn_.Get(records_db_, lmdb::BigEndian(at));
  if (bytes.ok() && *bytes) {
    auto record = DecodeRecord(**bytes);
    auto body = record.ok() ? events::DecodeLatestBody(record->submission)
                            : Result<events::Body>(record.status());
    if (body.ok()) {
      const std::string& type = record->submission.event_type;
      auto names = [&](std::string_view field) { return body->Key(field) == stored.key; };
      namespace F = events::field;
      confirmed = revokes ? (type == events::kKeyRevoke && names(F::kKey)) ||
                                (type == events::kKeyRotate && names(F::kOldKey))
                          : (type == events::kLedgerGenesis && names(F::kRootKey)) ||
                                (type == events::kKeyRegister && names(F::kKey)) ||
                                (type == events::kKeyRotate && names(F::kNewKey));
    }
  }
  if (confirmed) return true;
  const std::string claim =
      std::string(revokes ? "revoked" : "registered") + " at seq " + std::to_string(at);
  Report(at, stored.key,
         "the stored key registry says " + stored.Label() + " was " + claim + ", but record " +
             std::to_string(at) + " does not " + (revokes ? "revoke" : "register") + " it",
         "no key " + claim, Describe(stored));
  corrected_[stored.key] = revokes ? std::optional<KeyEntry>(Unrevoked(stored)) : std::nullopt;
  return false;
}

Result<std::optional<KeyEntry>> StoredRegistry::Find(const PublicKey& key) const {
  if (auto it = corrected_.find(key); it != corrected_.end()) return it->second;
  if (!naming_ && !MayHaveCreated(key)) return std::optional<KeyEntry>();
  Cached& c = Stored(key);
  // An entry that is missing or does not decode shows in the sums.
  if (!c.entry.ok() || !*c.entry) return std::optional<KeyEntry>();
  const KeyEntry& stored = **c.entry;
  if (stored.registered_seq >= seq_) return std::optional<KeyEntry>();
  if (!c.registration_confirmed) {
    if (!Confirm(stored, /*revokes=*/false)) return corrected_.at(key);
    c.registration_confirmed = true;
  }
  if (stored.revoked && stored.revoked_seq < seq_ && !c.revocation_confirmed) {
    if (!Confirm(stored, /*revokes=*/true)) return corrected_.at(key);
    c.revocation_confirmed = true;
  }
  return StateBefore(stored, seq_);
}

void StoredRegistry::Apply(uint64_t seq, const keys::RegistryEffect& effect) {
  for (const KeyEntry& e : effect.upserts) {
    // Genesis, key.register and key.rotate's new key create an entry;
    // key.revoke and key.rotate's old key revoke one.
    const bool creates = !e.revoked;
    if (auto it = corrected_.find(e.key); it != corrected_.end()) {
      it->second = e;  // already reported: not again for each later change
      continue;
    }
    if (!naming_) {
      if (creates) {
        ++created_;
        const size_t bits = created_filter_.size() * 64;
        for (int i = 0; i < kFilterProbes; ++i) {
          const uint64_t b = Probe(e.key, i, bits);
          created_filter_[b / 64] |= uint64_t(1) << (b % 64);
        }
      } else {
        replayed_.Remove(SumTerm(secret_, layout::KeyRowKey(e.registered_seq),
                                 keys::EncodeKeyEntry(Unrevoked(e))));
      }
      replayed_.Add(SumTerm(secret_, layout::KeyRowKey(e.registered_seq), keys::EncodeKeyEntry(e)));
      continue;
    }
    Cached& c = Stored(e.key);
    if (c.entry.ok() && *c.entry && StateBefore(**c.entry, seq + 1) == e) continue;
    const std::string found = !c.entry.ok() ? c.entry.status().message()
                              : !*c.entry   ? "no entry"
                                            : Describe(**c.entry);
    Report(seq, e.key,
           "the stored key registry entry for " + e.Label() + " is not what record " +
               std::to_string(seq) + (creates ? " registered" : " revoked"),
           Describe(e), found);
    if (corrected_.size() < kMaxCorrected) corrected_.emplace(e.key, e);
  }
}

Status StoredRegistry::Finish() {
  LEDGER_ASSIGN_OR_RETURN(uint64_t entries, SumEntries(txn_, keys_db_, pages_, secret_, stored_));
  if (stored_ == replayed_ && reported_.empty()) return Status::Ok();
  LEDGER_RETURN_IF_ERROR(NamingPass());
  if (reported_.empty()) {
    core_.Add({kNoSeq, "registry",
               "the stored key registry holds entries that no record accounts for (keys no "
               "record registered, or entries that do not decode)",
               std::to_string(created_) + " keys", std::to_string(entries) + " keys"});
  }
  return Status::Ok();
}

// Replays the registry again with every key looked up and every effect
// checked against its stored entry: slow (a random page per key), and run
// only when the sums differ. Reports only the registry's own problems; the
// records' were reported by the first pass.
Status StoredRegistry::NamingPass() {
  naming_ = true;
  corrected_.clear();
  return ScanReleasing(
      txn_, records_db_, pages_, kNamingCheckMapEvery, [&](ByteView key, ByteView value) {
        auto record = DecodeRecord(value);
        if (!record.ok() || key.size() != 8) return;
        auto body = events::DecodeLatestBody(record->submission);
        if (!body.ok()) return;
        const uint64_t seq = lmdb::ReadBigEndian(key);
        Seek(seq);
        auto effect = keys::CheckSubmission(record->submission, *body, seq, *this);
        if (effect.ok()) Apply(seq, *effect);
      });
}

}  // namespace ledger::verify
