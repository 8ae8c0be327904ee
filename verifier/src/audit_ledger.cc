// AuditLedgerDir: the full audit of a ledger directory, read-only, in one
// LMDB read transaction (one consistent snapshot, safe while the server
// writes). Records stream through the worker pool in windows; the derived
// databases (Merkle nodes, idempotency index, key registry, meta) are checked
// against what the records imply, without holding any of them in memory.
#include <algorithm>
#include <bit>
#include <chrono>
#include <cstring>
#include <filesystem>

#include "audit_core.h"
#include "dedup_check.h"
#include "ledger/layout.h"
#include "ledger/lmdb.h"
#include "mapped_pages.h"
#include "stored_registry.h"
#include "views_check.h"
#include "work_pool.h"

namespace ledger::verify {
namespace {

constexpr size_t kWindow = 1024;
// Records, Merkle nodes and checkpoints are read in key order (the registry
// and the idempotency index are checked by sums, not lookups), and the map is
// released whenever it holds its budget (mapped_pages.h), checked once a
// window: resident memory stays bounded however large the ledger.

class LedgerAudit {
 public:
  LedgerAudit(const AuditOptions& opts, const lmdb::Env& env, const lmdb::Txn& txn,
              layout::Databases dbs)
      : opts_(opts), txn_(txn), dbs_(dbs), core_(opts), pages_(env.get()) {}

  Result<AuditReport> Run();

 private:
  Status Stream(uint64_t total);
  Result<size_t> Fill(std::vector<WorkItem>& items);
  void CheckNode(uint8_t level, uint64_t index, const Hash& h, uint64_t seq);
  void CheckCounts();
  void CheckMeta();

  const AuditOptions& opts_;
  const lmdb::Txn& txn_;
  layout::Databases dbs_;
  AuditCore core_;
  MappedPages pages_;
  std::optional<DedupCheck> dedup_;
  std::optional<StoredRegistry> registry_;
  std::unique_ptr<ViewsCheck> views_;  // unless --no-views or the ledger holds no projections
  std::string views_summary_;
  std::optional<lmdb::Cursor> records_, checkpoints_;
  bool records_more_ = false, checkpoints_more_ = false;
  uint64_t filled_ = 0;                   // records handed to the pool so far
  uint64_t node_bad_since_ = UINT64_MAX;  // first leaf of the last mismatching node reported
};

Result<AuditReport> LedgerAudit::Run() {
  LEDGER_ASSIGN_OR_RETURN(uint64_t total, txn_.Count(dbs_.records));
  LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn_, dbs_.checkpoints));
  checkpoints_.emplace(std::move(cur));
  LEDGER_ASSIGN_OR_RETURN(checkpoints_more_, checkpoints_->Seek({}));
  // The store never signs size 0, but one stored there must still hold.
  if (checkpoints_more_ && checkpoints_->key().size() == 8 &&
      lmdb::ReadBigEndian(checkpoints_->key()) == 0) {
    core_.AddLogCheckpoint(0, note::OpenCheckpoint(AsChars(checkpoints_->value()), opts_.log_key),
                           "stored checkpoint for size 0");
    LEDGER_ASSIGN_OR_RETURN(checkpoints_more_, checkpoints_->Next());
  }
  core_.on_node = [this](uint8_t l, uint64_t i, const Hash& h, uint64_t s) {
    CheckNode(l, i, h, s);
  };
  LEDGER_ASSIGN_OR_RETURN(uint64_t stored_keys, txn_.Count(dbs_.keys));
  registry_.emplace(txn_, dbs_.keys, dbs_.records, std::min(stored_keys, total), pages_, core_);
  LEDGER_RETURN_IF_ERROR(registry_->IndexRows());
  core_.UseRegistry(*registry_);
  dedup_.emplace(txn_, dbs_.dedup, dbs_.records, pages_, core_);
  if (opts_.views) {
    LEDGER_ASSIGN_OR_RETURN(views_, ViewsCheck::ForLedger(core_, txn_, dbs_.records, pages_,
                                                                 views_summary_));
  }
  core_.on_record = [this](uint64_t seq, const WorkItem& w) {
    dedup_->Add(w.dedup_term);
    if (views_) views_->Record(seq, w);
  };
  LEDGER_RETURN_IF_ERROR(core_.Begin());
  LEDGER_RETURN_IF_ERROR(Stream(total));

  // Stored checkpoints beyond the last record: the largest says how far the log went.
  if (checkpoints_more_) {
    std::string last_note;
    uint64_t last_size = 0;
    while (checkpoints_more_) {
      if (checkpoints_->key().size() == 8) {
        last_size = lmdb::ReadBigEndian(checkpoints_->key());
        last_note = std::string(AsChars(checkpoints_->value()));
      }
      LEDGER_ASSIGN_OR_RETURN(checkpoints_more_, checkpoints_->Next());
    }
    if (!last_note.empty()) {
      core_.AddLogCheckpoint(last_size, note::OpenCheckpoint(last_note, opts_.log_key),
                             "stored checkpoint for size " + std::to_string(last_size));
    }
  }
  core_.Finish(/*log_checkpoint_required=*/true);
  if (dedup_) LEDGER_RETURN_IF_ERROR(dedup_->Finish());
  if (registry_) LEDGER_RETURN_IF_ERROR(registry_->Finish());
  CheckCounts();
  CheckMeta();
  if (views_) LEDGER_RETURN_IF_ERROR(views_->CompareWith(txn_, core_.size()));
  AuditReport report = core_.TakeReport();
  if (opts_.views) report.views = views_ ? views_->summary() : views_summary_;
  return report;
}

Status LedgerAudit::Stream(uint64_t total) {
  LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn_, dbs_.records));
  records_.emplace(std::move(cur));
  LEDGER_ASSIGN_OR_RETURN(records_more_, records_->Seek({}));
  WorkerPool pool(opts_.threads);
  return CheckInWindows(
      pool, opts_.log_key, kWindow, [this](std::vector<WorkItem>& items) { return Fill(items); },
      [&](std::vector<WorkItem>& items, size_t n) {
        for (size_t i = 0; i < n; ++i) {
          core_.Consume(items[i]);
          if (dedup_ && !items[i].decode.ok()) dedup_->Undecodable();
        }
        pages_.ReleaseIfOver();
        if (opts_.progress) opts_.progress(core_.size(), total);
      });
}

Result<size_t> LedgerAudit::Fill(std::vector<WorkItem>& items) {
  size_t n = 0;
  while (n < items.size() && records_more_) {
    ByteView key = records_->key();
    if (key.size() != 8) {
      core_.Add({kNoSeq, "seq", "a record is stored under a malformed key (not 8 bytes)",
                 "8-byte big-endian seq", HexEncode(key)});
    } else {
      WorkItem& w = items[n++];
      w.key = lmdb::ReadBigEndian(key);
      w.bytes = records_->value();
      w.source_status = Status::Ok();
      w.checkpoint_note = {};
      w.dedup_secret = dedup_ ? &dedup_->secret() : nullptr;
      // The stored checkpoint (if any) for the size this record completes.
      const uint64_t size_after = ++filled_;
      while (checkpoints_more_ && (checkpoints_->key().size() != 8 ||
                                   lmdb::ReadBigEndian(checkpoints_->key()) <= size_after)) {
        if (checkpoints_->key().size() == 8 &&
            lmdb::ReadBigEndian(checkpoints_->key()) == size_after) {
          w.checkpoint_note = AsChars(checkpoints_->value());
        }
        LEDGER_ASSIGN_OR_RETURN(checkpoints_more_, checkpoints_->Next());
      }
    }
    LEDGER_ASSIGN_OR_RETURN(records_more_, records_->Next());
  }
  return n;
}

void LedgerAudit::CheckNode(uint8_t level, uint64_t index, const Hash& h, uint64_t seq) {
  auto stored = txn_.Get(dbs_.merkle, layout::MerkleKey(level, index));
  const uint64_t first_leaf = index << level, end_leaf = (index + 1) << level;
  if (stored.ok() && *stored && stored.value()->size() == 32 &&
      std::equal(h.begin(), h.end(), stored.value()->begin())) {
    return;
  }
  // A node above one already reported differs as a consequence: not listed again.
  if (node_bad_since_ >= first_leaf && node_bad_since_ < end_leaf) return;
  node_bad_since_ = first_leaf;
  const std::string where = "the stored Merkle node at level " + std::to_string(level) +
                            ", index " + std::to_string(index) + " (leaves " +
                            std::to_string(first_leaf) + ".." + std::to_string(end_leaf - 1) + ")";
  std::string found = !stored.ok() ? stored.status().message()
                      : !*stored   ? "no node"
                                   : Base64Encode(**stored);
  core_.Add({seq, "merkle-node",
             where + (stored.ok() && *stored ? " is not the hash of the records under it"
                                             : " is missing"),
             B64(h), found});
}

void LedgerAudit::CheckCounts() {
  const uint64_t n = core_.size();
  auto count = txn_.Count(dbs_.merkle);
  const uint64_t expected = 2 * n - static_cast<uint64_t>(std::popcount(n));
  if (count.ok() && *count > expected) {
    core_.Add({kNoSeq, "merkle-node",
               "the merkle database holds more nodes than " + std::to_string(n) +
                   " records make (nodes for removed records?)",
               std::to_string(expected) + " nodes", std::to_string(*count) + " nodes"});
  }
}

void LedgerAudit::CheckMeta() {
  const std::string expected_origin =
      core_.genesis() ? core_.genesis()->origin : opts_.log_key.name;
  for (auto [key, expected] :
       {std::pair<std::string, std::string>{layout::kMetaOrigin, expected_origin},
        {std::string(layout::kMetaLogVkey), opts_.log_key.ToString()}}) {
    auto v = txn_.Get(dbs_.meta, AsBytes(key));
    std::string found = !v.ok() ? v.status().message()
                        : !*v   ? "nothing"
                                : std::string(AsChars(**v));
    if (found != expected) {
      core_.Add({kNoSeq, "meta", "the ledger's metadata \"" + key + "\" is not what the log says",
                 expected, found});
    }
  }
}

// A data.mdb that breaks LMDB's file format is a finding, not an error: one
// problem of kind damaged-file naming the page and the database.
AuditReport DamagedFileReport(const Status& damage) {
  AuditReport report;
  report.problem_count = 1;
  report.problems.push_back({kNoSeq, "damaged-file", damage.message(), "", "", ""});
  return report;
}

Result<AuditReport> AuditOpenLedger(const std::string& dir, const AuditOptions& opts) {
  // Map size 0: LMDB uses the size recorded in the file, however large it
  // grew. kFull: every page is checked (read with pread) before LMDB reads
  // any, and each catalogue entry against its tree (ledger/file_check.h).
  LEDGER_ASSIGN_OR_RETURN(lmdb::Env env,
                          lmdb::Env::Open(dir, /*read_only=*/true, 0, lmdb::FileCheckDepth::kFull));
  LEDGER_ASSIGN_OR_RETURN(lmdb::Txn txn, lmdb::Txn::Begin(env, /*read_only=*/true));
  // A ledger missing one of its databases cannot be audited: an error, not a finding.
  auto dbs = layout::OpenDatabases(txn, /*create=*/false);
  if (!dbs.ok()) return dbs.status().WithContext(dir);
  LEDGER_ASSIGN_OR_RETURN(uint64_t records, txn.Count(dbs->records));
  LEDGER_RETURN_IF_ERROR(layout::CheckLayoutVersion(txn, *dbs, dir, records == 0));
  LedgerAudit audit(opts, env, txn, *dbs);
  return audit.Run();
}

}  // namespace

Result<AuditReport> AuditLedgerDir(const std::string& dir, const AuditOptions& opts) {
  const auto start = std::chrono::steady_clock::now();
  LEDGER_RETURN_IF_ERROR(layout::RequireLedgerDir(dir));
  auto report = AuditOpenLedger(dir, opts);
  if (!report.ok() && report.status().code() == Code::kDamagedFile) {
    report = DamagedFileReport(report.status());
  }
  if (report.ok()) {
    report->seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  return report;
}

}  // namespace ledger::verify
