// One entry per event type for the civil-state projection: how a record of
// the type is checked, folded into state, indexed for the views and
// re-derived after a correction, and which of its fields a correction may
// change. Each family's entries are registered beside their code
// (civil_organisations.cc, civil_posts.cc, civil_postings.cc,
// civil_breaches.cc, civil_rulings.cc; key registry in event_rules.cc),
// keyed by the type constants of ledger/event_types.h.
#ifndef PROJECTIONS_SRC_EVENT_RULES_H_
#define PROJECTIONS_SRC_EVENT_RULES_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "civil_rows.h"
#include "ledger/event_types.h"
#include "projections/civil_state.h"

namespace ledger::projections {

namespace F = events::field;
namespace C = events::choice;

// A check runs before the record exists: the state is as of the record before.
struct CheckStep {
  const CivilState& state;
  const lmdb::Txn& txn;
  const Record& draft;
  const events::Body& body;
  const RuleConfig& rules;  // the flagging rules in force before the record
  const RulesInForce& in_force;  // the same, with the rule-set version
};

// Every reason to reject one event, in the order its checks find them: a
// check goes on past a reason when the next checks do not depend on what
// failed, so that the submitter learns them all at once (docs/EVENTS.md,
// "Rejected"). The first is the one a check that stopped there would give.
class RuleErrors {
 public:
  // Keeps a rule's verdict (OK: nothing). A failure that is no verdict on
  // the event (storage, a bug) is returned, to stop the check there.
  Status Add(Status s);
  // A check's value, nullopt after keeping its verdict, or the failure.
  template <class T>
  Result<std::optional<T>> Keep(Result<T> r) {
    if (r.ok()) return std::optional<T>(std::move(*r));
    LEDGER_RETURN_IF_ERROR(Add(r.status()));
    return std::optional<T>();
  }
  // OK when none was kept; else the first, carrying the others (Status::more).
  Status Combined() const;

 private:
  std::vector<Status> errors_;
};

// Applying and indexing an accepted record.
struct FoldStep {
  const CivilState& state;
  CivilRows& rows;
  const Record& record;
  const events::Body& body;
};

// A correction of the record at `target`: its body before and after.
struct CorrectedStep {
  const CivilState& state;
  CivilRows& rows;
  uint64_t target;
  const events::Body& before;
  const events::Body& after;
  std::string_view field;
};

struct EventRules {
  std::string_view type;
  // Rejects what cannot be true (naming the field); appends a flag for each
  // rule the record breaks.
  Status (*check)(const CheckStep& step, std::vector<std::string>& flags);
  // Changes the state rows the record sets.
  Status (*apply)(const FoldStep& step);
  // Adds the record's index entries for the views (service record,
  // turnover, rulings, sanctions); the findings are indexed for every type.
  Status (*index)(const FoldStep& step);
  // Re-derives what a record of this type set, after a correction changed it.
  Status (*corrected)(const CorrectedStep& step);
  // The fields a correction may change. Empty: records of this type cannot
  // be corrected. The others say what the record is about; correcting them
  // would make it a different decision, which must be recorded as one.
  std::vector<std::string_view> correctable;
};

// Every entry, in the order of the schema list.
std::span<const EventRules> AllEventRules();
// The entry of `type`, or nullptr.
const EventRules* FindEventRules(std::string_view type);
// FindEventRules, as an Internal error for a type without one.
Result<const EventRules*> RulesFor(std::string_view type);

// Each family adds its entries.
void AddOrganisationRules(std::vector<EventRules>& rules);
void AddPostAndPersonRules(std::vector<EventRules>& rules);
void AddPostingRules(std::vector<EventRules>& rules);
void AddBreachRules(std::vector<EventRules>& rules);
void AddRulingRules(std::vector<EventRules>& rules);
void AddRuleConfigRules(std::vector<EventRules>& rules);  // rules.set (civil_rules.cc)
// The genesis record: keeps the rule-set version it declares (civil_rules.cc).
Status ApplyGenesis(const FoldStep& step);

// ---- parts shared by several entries ----
Status NothingToCheck(const CheckStep&, std::vector<std::string>&);
Status NothingToApply(const FoldStep&);
Status NothingToIndex(const FoldStep&);
Status NothingToReapply(const CorrectedStep&);
// Indexes the record under each rule it was flagged for (the F index); every
// type's records are, before the type's own index step.
Status IndexFindings(const FoldStep& step);
// The record lookups (civil_lookup.cc): by record and leaf hash, client_id
// and decision number, a person by name, an organisation's cap changes.
Status IndexLookups(const FoldStep& step);
// A correction changed the record at `target`: its body-derived lookups follow.
Status ReindexLookups(const CorrectedStep& step);
// Files the record in the service record of `person` (the S index).
Status IndexServiceRecord(const FoldStep& step, const std::string& person);
// Files it in the service record of the person the body names.
Status IndexPersonField(const FoldStep& step);

// The fields of a decision's legal instrument, which a correction may change.
std::vector<std::string_view> WithDecision(std::vector<std::string_view> fields);

// Holdings and the tenure entries behind them (civil_holdings.cc).
Status AddHolding(CivilRows& rows, const std::string& post_id, Holding h, const std::string& how);
Status RemoveHolding(CivilRows& rows, const std::string& post_id, const std::string& person_id,
                     int32_t day, uint64_t seq, const std::string& ended_by);
// A staffing movement for the turnover view, filed under the post's organisation.
struct Movement {
  char kind;  // OrgEvent::kind
  std::string person, post, detail;
  int32_t day = 0;
  bool lawful_ground = true;  // dismissals: a legal article was stated
};
Status IndexMovement(const FoldStep& step, const Movement& m);
// A corrected effective date moves the record's turnover and tenure entries.
Status ReindexDate(const CorrectedStep& step);

// Messages quote ids: "person.1".
inline std::string Q(std::string_view s) { return "\"" + std::string(s) + "\""; }
// The messages for an id that does not exist yet say which event creates it:
// "body.person: person "person.7" is not registered: record person.registered first".
inline std::string NotRegistered(std::string_view person) {
  return "body.person: person " + Q(person) + " is not registered: record " +
         std::string(events::kPersonRegistered) + " first";
}
inline std::string NoPost(std::string_view field, std::string_view post) {
  return "body." + std::string(field) + ": post " + Q(post) + " is not established: record " +
         std::string(events::kPostEstablished) + " first";
}
inline std::string NoOrganisation(std::string_view field, std::string_view org) {
  return "body." + std::string(field) + ": organisation " + Q(org) +
         " is not established: record " + std::string(events::kOrganisationEstablished) +
         " first";
}
inline std::string SeqNote(uint64_t seq) { return " (seq " + std::to_string(seq) + ")"; }
// The organisation named by `field` exists and is not abolished.
Result<OrgState> CheckLiveOrg(const CheckStep& step, std::string_view field);
// `loaded` (a looked-up row) is absent: the id named by `field` is new.
template <class Row>
Status CheckNewId(const CheckStep& step, const Result<std::optional<Row>>& loaded,
                  std::string_view field, std::string_view what) {
  LEDGER_RETURN_IF_ERROR(loaded.status());
  if (*loaded) {
    return Status::AlreadyExists("body." + std::string(field) + ": " + std::string(what) + " " +
                                 Q(step.body.Text(field)) + " already exists" +
                                 SeqNote((*loaded)->seq));
  }
  return Status::Ok();
}
// The record named by the seq in `field` is earlier than this one and is
// recorded for the same organisation; returns it (corrections applied).
Result<std::pair<Record, events::Body>> CheckEarlierRecord(const CheckStep& step,
                                                           std::string_view field);

}  // namespace ledger::projections

#endif  // PROJECTIONS_SRC_EVENT_RULES_H_
