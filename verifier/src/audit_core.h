// AuditCore: the order-dependent half of an audit, shared by the ledger and
// export drivers. It consumes checked records in leaf order and keeps only
// O(log n) state: the previous record hash, the compact Merkle range and the
// checkpoints still ahead, plus the key registry it replays (in memory for an
// export, O(keys); the ledger audit reads the stored one). Internal.
#ifndef VERIFIER_AUDIT_CORE_H_
#define VERIFIER_AUDIT_CORE_H_

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ledger/compact_range.h"
#include "ledger/keys.h"
#include "record_work.h"
#include "verifier/audit.h"

namespace ledger::verify {

// The key registry the replay checks each record against (docs/FORMAT.md 6):
// Find answers as the registry stood just before the record given to Seek,
// and Apply takes each accepted record's effect.
class ReplayRegistry : public keys::KeyLookup {
 public:
  virtual void Seek(uint64_t seq) = 0;
  virtual void Apply(uint64_t seq, const keys::RegistryEffect& effect) = 0;
};

// The registry rebuilt in memory from the records (the export audit).
class MemoryReplay final : public ReplayRegistry {
 public:
  void Seek(uint64_t) override {}
  Result<std::optional<keys::KeyEntry>> Find(const PublicKey& key) const override {
    return registry_.Find(key);
  }
  void Apply(uint64_t, const keys::RegistryEffect& effect) override { registry_.Apply(effect); }

 private:
  keys::MemoryKeyRegistry registry_;
};

// Keeps the problems with the lowest seqs (at most `limit`) and counts all.
class ProblemList {
 public:
  explicit ProblemList(size_t limit) : limit_(limit == 0 ? 1 : limit) {}
  void Add(Problem p);
  uint64_t count() const { return count_; }
  // Sorted by seq (stable; problems about no record last), at most `limit`.
  std::vector<Problem> Take();
  // Sets `checkpoint` on listed record problems below `size` that name none.
  void Blame(uint64_t size, const std::string& checkpoint);

 private:
  void Trim();
  size_t limit_;
  uint64_t count_ = 0;
  std::vector<Problem> list_;
};

class AuditCore {
 public:
  explicit AuditCore(const AuditOptions& opts);

  // A checkpoint the log signed (an export line, a stored one for size 0, or a
  // stored one beyond the last record). `cp` is OpenCheckpoint's verdict.
  // Before Begin for sizes still ahead; any time for sizes beyond the end.
  void AddLogCheckpoint(uint64_t size, Result<note::Checkpoint> cp, std::string label);

  // Opens the kept checkpoints (a bad signature is a problem; text that is not
  // a checkpoint signed by the log key at all is an InvalidArgument error) and
  // checks everything for size 0.
  Status Begin();

  // Ledger-mode hooks: every Merkle node as it completes (level 0 = the leaf
  // at the record's own seq; higher levels only while seqs equal positions),
  // and every record after its own checks.
  std::function<void(uint8_t level, uint64_t index, const Hash& h, uint64_t seq)> on_node;
  std::function<void(uint64_t seq, const WorkItem& w)> on_record;
  // Replays the key registry over `r` (which must outlive the audit) instead
  // of in memory. Before Begin.
  void UseRegistry(ReplayRegistry& r) { registry_ = &r; }

  // Consumes the next record (leaf index size()). A stored checkpoint that
  // `w` carries is for size size() + 1.
  void Consume(const WorkItem& w);

  // After the last record. `log_checkpoint_required`: the log must hold a
  // checkpoint for its final size (the store signs one per committed batch,
  // an export ends with one).
  void Finish(bool log_checkpoint_required);

  void Add(Problem p) { problems_.Add(std::move(p)); }
  uint64_t size() const { return range_.size(); }
  const std::optional<keys::GenesisInfo>& genesis() const { return genesis_; }
  // Moves the results out; call once, after Finish.
  AuditReport TakeReport();

 private:
  struct Pending {
    uint64_t size;
    Result<note::Checkpoint> cp;
    std::string label;
    bool kept;
  };
  // A validly signed checkpoint whose root is not the records' root.
  struct Contradiction {
    uint64_t size;
    Hash signed_root, computed_root;
    std::string label;
  };
  void CheckRecordFields(uint64_t key, const WorkItem& w, bool after_gap);
  void CheckRegistry(uint64_t key, const WorkItem& w);
  void CheckpointsAtCurrentSize(const WorkItem* w);
  void CheckCheckpoint(const Result<note::Checkpoint>& cp, const std::string& label, bool kept);
  void ReportContradiction(const Contradiction& c, bool kept);

  const AuditOptions& opts_;
  ProblemList problems_;
  merkle::CompactRange range_;
  std::optional<Hash> root_cache_;  // range_.Root() for the current size
  Hash prev_hash_{};
  uint64_t next_key_ = 0;
  bool aligned_ = true;  // every seq so far equalled its position
  uint64_t last_key_ = 0;  // the key of the record consumed last, if any
  bool any_consumed_ = false;
  int64_t last_time_us_ = 0;
  MemoryReplay memory_registry_;                  // export mode
  ReplayRegistry* registry_ = &memory_registry_;  // or the ledger's stored one
  std::optional<keys::GenesisInfo> genesis_;
  std::set<PublicKey> signers_;
  std::vector<Pending> pending_;  // sorted by size once Begin ran; consumed from next_pending_
  size_t next_pending_ = 0;
  uint64_t checkpoints_checked_ = 0, checkpoints_failed_ = 0, kept_checked_ = 0;
  std::optional<uint64_t> last_log_checkpoint_;  // largest size with a valid log checkpoint
  std::optional<Contradiction> first_bad_log_;   // the first log checkpoint that contradicted
  std::optional<uint64_t> last_matching_log_;    // largest log checkpoint that matched
  bool inconsistency_reported_ = false;
  std::vector<Contradiction> bad_kept_;  // classified at Finish
  bool begun_ = false;
};

std::string B64(const Hash& h);
// "stored checkpoint for size 8 (root <b64>)"
std::string Describe(const std::string& label, const Hash& root);

}  // namespace ledger::verify

#endif  // VERIFIER_AUDIT_CORE_H_
