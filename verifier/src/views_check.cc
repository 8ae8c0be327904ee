// ViewsCheck: flags and views re-derived by replay and compared with what
// the ledger stored (docs/VERIFY.md, "Flags and views").
#include "views_check.h"

#include <algorithm>
#include <set>

#include "ledger/keys.h"
#include "projections/civil_state.h"
#include "projections/view_digest.h"

namespace ledger::verify {
namespace {

std::string RuleId(const std::string& flag) { return flag.substr(0, flag.find(':')); }

std::string Joined(const std::vector<std::string>& flags) {
  if (flags.empty()) return "no flags";
  std::string out;
  for (const std::string& f : flags) out += (out.empty() ? "" : "; ") + f;
  return out;
}

// The rules whose flags differ: missing on one side, or worded otherwise.
std::string DifferingRules(const std::vector<std::string>& stored,
                           const std::vector<std::string>& derived) {
  std::multiset<std::string> a(stored.begin(), stored.end()), b(derived.begin(), derived.end());
  std::set<std::string> rules;
  for (const std::string& f : a) {
    if (!b.count(f)) rules.insert(RuleId(f));
  }
  for (const std::string& f : b) {
    if (!a.count(f)) rules.insert(RuleId(f));
  }
  if (rules.empty()) return "their order";
  std::string out;
  for (const std::string& r : rules) out += (out.empty() ? "" : ", ") + r;
  return out;
}

// Whether the genesis record says the log is kept under the civil-service
// rules. A genesis that cannot be read says nothing here: the record checks
// report it.
bool DeclaresCivilRules(const lmdb::Txn& audited, MDB_dbi records) {
  auto bytes = audited.Get(records, lmdb::BigEndian(0));
  if (!bytes.ok() || !*bytes) return false;
  Result<Record> genesis = DecodeRecord(**bytes);
  if (!genesis.ok()) return false;
  Result<keys::GenesisInfo> info = keys::GenesisFromRecord(*genesis);
  if (!info.ok()) return false;
  return std::any_of(info->rule_sets.begin(), info->rule_sets.end(),
                     projections::IsCivilServiceRuleSet);
}

}  // namespace

ViewsCheck::ViewsCheck(AuditCore& core, MappedPages* pages) : core_(core), pages_(pages) {
  if (!pages_) pages_ = &own_pages_.emplace(nullptr);
}

// Before replay_ (a later member) closes the scratch environment and unmaps it.
ViewsCheck::~ViewsCheck() {
  if (scratch_) pages_->Untrack(scratch_);
}

Result<std::unique_ptr<ViewsCheck>> ViewsCheck::Start(AuditCore& core, MappedPages* pages) {
  std::unique_ptr<ViewsCheck> check(new ViewsCheck(core, pages));
  projections::ReplayOptions options;
  ViewsCheck* self = check.get();  // the replay dies with the check
  options.after_chunk = [self](MDB_env* scratch) { self->ReleasePages(scratch); };
  auto replay = projections::ViewReplay::Start(std::move(options));
  if (!replay.ok()) return replay.status().WithContext("starting the replay of the views");
  check->replay_ = std::move(*replay);
  return check;
}

Result<std::unique_ptr<ViewsCheck>> ViewsCheck::ForLedger(AuditCore& core,
                                                         const lmdb::Txn& audited,
                                                         MDB_dbi records, MappedPages& pages,
                                                         std::string& summary) {
  LEDGER_ASSIGN_OR_RETURN(std::vector<std::string> dbs, projections::ProjectionDbNames(audited));
  if (!dbs.empty()) return Start(core, &pages);
  if (DeclaresCivilRules(audited, records)) {
    summary = "not compared: the projection databases are missing";
    core.Add({kNoSeq, "view-mismatch",
              "the genesis record declares the civil-service rule set, but the ledger holds "
              "no projection databases: its views and flags were removed",
              "the proj.* databases of the civil-service rules", "none"});
    return std::unique_ptr<ViewsCheck>();
  }
  summary = "not checked: the ledger holds no projection databases and its genesis declares no "
            "civil-service rule set (it was written without those rules, and serves no views)";
  return std::unique_ptr<ViewsCheck>();
}

void ViewsCheck::ReleasePages(MDB_env* scratch) {
  if (!scratch_ && scratch) {
    pages_->Track(scratch);
    scratch_ = scratch;
  }
  pages_->ReleaseIfOver();
}

void ViewsCheck::Stop(const std::string& why) {
  if (!stopped_) stopped_ = why;
}

void ViewsCheck::Record(uint64_t seq, const WorkItem& w) {
  if (stopped_) return;
  if (seq != replay_->size()) {
    Stop("record " + std::to_string(replay_->size()) + " is missing or out of order");
    return;
  }
  Result<projections::ReplayedRecord> r = replay_->Add(w.record);
  if (!r.ok()) {
    Stop(r.status().message());
    return;
  }
  if (!r->rejected.ok()) {
    core_.Add({seq, "invalid-event",
               "the civil-service rules reject record " + std::to_string(seq) +
                   ": the store could not have recorded it",
               "an event the rules accept", r->rejected.message()});
    return;
  }
  if (r->flags != w.record.flags) {
    ++flag_mismatches_;
    core_.Add({seq, "flag-mismatch",
               "record " + std::to_string(seq) +
                   "'s stored flags are not what the rules derive (rules: " +
                   DifferingRules(w.record.flags, r->flags) + ")",
               Joined(r->flags), Joined(w.record.flags)});
  }
}

Status ViewsCheck::Finish() {
  if (stopped_) {
    summary_ = "flags re-derived up to record " + std::to_string(replay_->size()) +
               " only: " + *stopped_;
    return Status::Ok();
  }
  LEDGER_RETURN_IF_ERROR(replay_->Finish());
  summary_ = "flags of " + std::to_string(replay_->size()) +
             " records re-derived by the civil-service rules (thresholds and calendar from the log's rules.set records, the defaults before the first)";
  return Status::Ok();
}

Status ViewsCheck::CompareWith(const lmdb::Txn& audited, uint64_t records) {
  LEDGER_RETURN_IF_ERROR(Finish());
  if (stopped_) {
    summary_ += "; views not compared";
    return Status::Ok();
  }
  if (replay_->size() != records) {
    summary_ += "; views not compared (the replay saw " + std::to_string(replay_->size()) +
                " of " + std::to_string(records) + " records)";
    return Status::Ok();
  }
  LEDGER_ASSIGN_OR_RETURN(std::vector<std::string> stored_dbs,
                          projections::ProjectionDbNames(audited));
  auto applied = projections::AppliedCursor(audited);
  if (!applied.ok() || !*applied) {
    core_.Add({kNoSeq, "view-mismatch",
               "the civil-state projection cannot be read (" +
                   (applied.ok() ? std::string("built by another version")
                                 : applied.status().message()) +
                   ")",
               "a projection reflecting " + std::to_string(records) + " records",
               std::to_string(stored_dbs.size()) + " projection databases"});
  } else if (**applied != records) {
    core_.Add({kNoSeq, "view-mismatch",
               "the projections are stale: they reflect " + std::to_string(**applied) + " of " +
                   std::to_string(records) + " records",
               "applied cursor " + std::to_string(records),
               "applied cursor " + std::to_string(**applied)});
  }
  LEDGER_ASSIGN_OR_RETURN(lmdb::Txn derived, replay_->Read());
  LEDGER_ASSIGN_OR_RETURN(
      std::vector<projections::ViewDifference> diffs,
      projections::CompareViews(audited, derived, [this] { ReleasePages(nullptr); }));
  for (const projections::ViewDifference& d : diffs) {
    std::string what;
    if (d.key.empty()) {
      what = "projection database " + d.db + " is " + d.stored + " in the ledger but " +
             d.derived + " in the replay";
    } else {
      what = "projection database " + d.db + " differs from the replay at key \"" + d.key + "\"";
      if (d.differing_entries > 1) {
        what += " (" + std::to_string(d.differing_entries) + " entries differ)";
      }
      if (d.seq) what += "; the row comes from record " + std::to_string(*d.seq);
    }
    core_.Add({d.seq.value_or(kNoSeq), "view-mismatch", what, d.derived, d.stored});
  }
  summary_ += "; " + std::to_string(stored_dbs.size()) +
              " projection databases compared with the replay" +
              (diffs.empty() ? ", equal byte for byte" : "");
  return Status::Ok();
}

}  // namespace ledger::verify
