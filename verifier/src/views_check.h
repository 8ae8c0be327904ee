// ViewsCheck: the audit of what the ledger derived from its records, by
// replaying them through the civil-state rules (projections/view_replay.h):
// each record's stored flags against the derived ones (flag-mismatch), and,
// in ledger mode, every projection database against the replay's, byte for
// byte (view-mismatch). Runs on the auditing thread as records are consumed
// in order. Internal.
#ifndef VERIFIER_VIEWS_CHECK_H_
#define VERIFIER_VIEWS_CHECK_H_

#include <memory>
#include <optional>
#include <string>

#include "audit_core.h"
#include "ledger/lmdb.h"
#include "mapped_pages.h"
#include "projections/view_replay.h"

namespace ledger::verify {

class ViewsCheck {
 public:
  // The scratch environment's map joins `pages` (the audited ledger's) or,
  // without them, a budget of its own; it is checked after every chunk the
  // replay commits and every few thousand entries compared.
  static Result<std::unique_ptr<ViewsCheck>> Start(AuditCore& core, MappedPages* pages = nullptr);
  ~ViewsCheck();
  ViewsCheck(const ViewsCheck&) = delete;
  ViewsCheck& operator=(const ViewsCheck&) = delete;

  // Ledger mode: Start, unless `audited` holds no projection database and
  // its genesis record (in `records`) declares no civil-service rule set (a
  // ledger written without those rules): then nullptr, and `summary` says
  // so. A genesis that declares them while the projections are gone is a
  // view-mismatch: the views were removed, not never there.
  static Result<std::unique_ptr<ViewsCheck>> ForLedger(AuditCore& core, const lmdb::Txn& audited,
                                                       MDB_dbi records, MappedPages& pages,
                                                       std::string& summary);

  // The next decoded record, in seq order (AuditCore::on_record). A record
  // out of order, or one the replay cannot fold, stops the replay: the views
  // are then not compared, and the summary says why.
  void Record(uint64_t seq, const WorkItem& w);

  // Ledger mode, after the last record: the applied cursor and every
  // projection database of `audited` against the replay of `records` records.
  Status CompareWith(const lmdb::Txn& audited, uint64_t records);
  // Export mode, after the last record: only the flags were compared.
  Status Finish();

  // One line for the report: what was re-derived, or why not.
  const std::string& summary() const { return summary_; }

 private:
  ViewsCheck(AuditCore& core, MappedPages* pages);
  void Stop(const std::string& why);
  void ReleasePages(MDB_env* scratch);

  AuditCore& core_;
  std::unique_ptr<projections::ViewReplay> replay_;
  MappedPages* pages_;                      // the audited ledger's, or own_pages_
  std::optional<MappedPages> own_pages_;    // export mode: the scratch map alone
  MDB_env* scratch_ = nullptr;  // tracked in pages_ until the replay closes it
  std::optional<std::string> stopped_;
  uint64_t flag_mismatches_ = 0;
  std::string summary_;
};

}  // namespace ledger::verify

#endif  // VERIFIER_VIEWS_CHECK_H_
