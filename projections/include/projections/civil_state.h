// The civil-service state projection: organisations, posts and who holds
// them, people, breaches and sanctions, as of the latest record. It is the
// AppendHook that enforces the domain rules (docs/EVENTS.md, "Rules"):
// events that cannot be true are rejected, rule breaches are flagged.
// Thread-safety: reads take a caller's read transaction; writes happen only
// inside the store's append transaction.
#ifndef PROJECTIONS_CIVIL_STATE_H_
#define PROJECTIONS_CIVIL_STATE_H_

#include <climits>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ledger/hooks.h"
#include "ledger/lmdb.h"
#include "projections/rule_config.h"

namespace ledger::projections {

struct CivilRows;

struct OrgState {
  std::string name, parent, level;
  uint64_t max_headcount = 0;
  uint64_t headcount = 0;  // current holders of posts in this organisation
  bool abolished = false;
  uint64_t seq = 0;  // the record that established it
  // The record that last set each field: a correction of an older record
  // must not overwrite what a later decision set.
  uint64_t name_seq = 0, parent_seq = 0, level_seq = 0, cap_seq = 0;
};

struct Holding {
  std::string person;
  int32_t since = 0;   // effective date, days since 1970-01-01
  std::string tenure;  // permanent | acting
  uint64_t seq = 0;    // the appointment, transfer or reinstatement record
};

// A post's title from `since` (the effective date of post.established or
// post.retitled at `seq`) until the next one's.
struct PostTitle {
  std::string title;
  int32_t since = 0;  // effective date, days since 1970-01-01
  uint64_t seq = 0;
};

struct PostState {
  std::string org, title, category, grade;  // title: the one in force last (titles.back())
  bool leadership = false;
  uint64_t positions = 1;  // how many may hold it at once
  bool abolished = false;
  std::vector<Holding> holders;
  uint64_t seq = 0;
  // Every title it has had, in order of effective date (then seq); the
  // first is the one it was established with.
  std::vector<PostTitle> titles;
};

// The title of `p` in force on `day`: the last one effective on or before
// it (the first, for a day before the post was established).
const std::string& TitleOn(const PostState& p, int32_t day);

struct PersonState {
  std::string full_name, gender;
  uint64_t birth_year = 0;
  std::vector<std::string> posts;  // posts held now
  uint64_t seq = 0;
};

struct BreachState {
  std::string person, org, law, article, status;
  uint64_t seq = 0;
  uint64_t status_seq = 0;  // the record that last set the status
};

// One person's time on one post (the post-holder history and tenure views).
struct TenureEntry {
  std::string person, tenure;
  int32_t start = 0;              // effective date, days since 1970-01-01
  int32_t end = INT32_MAX;        // INT32_MAX while held
  uint64_t start_seq = 0;         // appointment, transfer in, or reinstatement
  uint64_t end_seq = UINT64_MAX;  // dismissal or transfer out
  std::string how;                // how it began: appointment | transfer | reinstatement
  std::string ended_by;           // dismissal:<ground> | transfer
};

// A staffing movement of an organisation (the turnover view).
struct OrgEvent {
  char kind = 'A';  // A appointment, D dismissal, I transfer in, O transfer out, R reinstatement
  std::string person, post, category, detail;  // detail: ground or selection basis
  bool lawful_ground = true;                   // dismissals: a legal article was stated
  uint64_t seq = 0;
  int32_t day = 0;
};

// A change of an organisation's approved maximum headcount: its
// establishment or a restructuring that set max_headcount (staffing views).
struct CapChange {
  uint64_t cap = 0;
  int32_t day = 0;       // effective date
  uint64_t seq = 0;      // the record
  std::string decision;  // "<instrument> <number>, <date>"
};

// The record lookups kept by the projection (civil_lookup.cc).
enum class RecordKey : char {
  kRecordHash = 'K',  // SHA-256 of the record bytes (ParseHashText)
  kLeafHash = 'L',    // the Merkle leaf hash (ParseHashText)
  kClientId = 'C',    // the submitter's client_id
  kDecision = 'D',    // a decision's number, as written (case and spaces folded)
};

// A hash as people copy it: 64 hex digits (ledger-verify find-hash) or
// base64 (the API's record_hash); InvalidArgument otherwise.
Result<Hash> ParseHashText(std::string_view text);

// A name as lower-case Latin words (Mongolian Cyrillic by MNS 5217:2012):
// "Ганбаатар Өлзий" -> "ganbaatar ulzii"; Latin stays, folded to lower case;
// anything but letters and digits separates words. The name search's key.
std::string TransliterateName(std::string_view text);
std::vector<std::string> NameWords(std::string_view text);

// Whether a dismissal states a legal article (absent or blank: no lawful
// ground). The no-lawful-ground rule and the turnover view both ask.
bool StatesLawfulGround(const events::Body& dismissal);
// Whether a selection basis is a merit one (no-merit-selection flags the others).
bool IsMeritSelection(std::string_view basis);

// Rule ids used as record flags.
inline constexpr const char* kFlagOverHeadcount = "over-headcount";
inline constexpr const char* kFlagSecondHolder = "second-holder";
inline constexpr const char* kFlagNoLawfulGround = "no-lawful-ground";
inline constexpr const char* kFlagNoMeritSelection = "no-merit-selection";
inline constexpr const char* kFlagBackDated = "back-dated";
inline constexpr const char* kFlagPostElection = "post-election-appointment";
// Version 2 of the rule set (kCivilServiceRuleSet2) adds these two.
inline constexpr const char* kFlagFutureDated = "future-dated";
inline constexpr const char* kFlagDuplicatePerson = "duplicate-person";
// Every rule id above (the findings view refuses others).
const std::vector<std::string>& FlagRules();

// The rule set's name in a genesis record's rule_sets (AppendHook::RuleSet).
// "civil-service" is version 1: the rules of every log created before
// version 2, which "civil-service/2" names (version 1's rules plus
// future-dated and duplicate-person; docs/EVENTS.md, "Rule-set versions").
// A log keeps the version its genesis declares for its whole life.
inline constexpr std::string_view kCivilServiceRuleSet = "civil-service";
inline constexpr std::string_view kCivilServiceRuleSet2 = "civil-service/2";
// Either version's name.
bool IsCivilServiceRuleSet(std::string_view name);
// The version a genesis record's rule_sets declare: 2 when they name
// "civil-service/2", else 1.
uint32_t RuleSetVersion(const std::vector<std::string>& rule_sets);

class CivilState : public AppendHook {
 public:
  // The flagging rules' thresholds come from the log (rules.set records, kept
  // in the projection's meta database): the version 1 defaults until the
  // first one, each record checked with the rules in force before it.
  // `declared`: the rule set Ledger::Create names in a new log's genesis (the
  // latest version; tests create version 1 logs as older code wrote them).
  // Either version's logs are opened and checked by their own genesis.
  explicit CivilState(std::string_view declared = kCivilServiceRuleSet2) : declared_(declared) {}

  Status Open(lmdb::Txn& txn, bool create) override;
  Result<std::vector<std::string>> Check(const lmdb::Txn& txn, const Record& draft,
                                         const events::Body& body) override;
  Status Apply(lmdb::Txn& txn, const Record& record, const events::Body& body) override;
  // A rebuild or catch-up folds each chunk of records in memory and writes
  // every changed row once, in key order, when the chunk finishes.
  std::unique_ptr<ReplayBatch> BeginReplay(lmdb::Txn& txn) override;
  // Declared in the genesis of logs created with these rules.
  std::string_view RuleSet() const override { return declared_; }
  bool AppliesRuleSet(std::string_view name) const override { return IsCivilServiceRuleSet(name); }

  Result<std::optional<OrgState>> Org(const lmdb::Txn& txn, std::string_view id) const;
  Result<std::optional<PostState>> Post(const lmdb::Txn& txn, std::string_view id) const;
  Result<std::optional<PersonState>> Person(const lmdb::Txn& txn, std::string_view id) const;
  Result<std::optional<BreachState>> Breach(const lmdb::Txn& txn, std::string_view id) const;
  // Every post whose id starts with `prefix` ("" = all), in id order. Post
  // ids begin with their organisation's id, so an organisation's posts (and
  // its units') are one range.
  Status ForEachPost(const lmdb::Txn& txn, std::string_view prefix,
                     const std::function<Status(std::string_view, const PostState&)>& fn) const;
  // The record at `seq`, decoded and upcast (for references between records),
  // with every correction recorded against it applied to its body.
  // With `corrections_before`, only the corrections recorded before that seq.
  Result<std::pair<Record, events::Body>> RecordAt(const lmdb::Txn& txn, uint64_t seq,
                                                   uint64_t corrections_before = UINT64_MAX) const;

  // ---- indexes behind the views (civil_index.cc) ----
  Result<std::optional<uint64_t>> Applied(const lmdb::Txn& txn) const override;
  Status Reset(lmdb::Txn& txn) override;
  Status ForEachTenure(const lmdb::Txn& txn, std::string_view post,
                       const std::function<Status(const TenureEntry&)>& fn) const;
  // Seqs of the records about a person, in order.
  Result<std::vector<uint64_t>> ServiceSeqs(const lmdb::Txn& txn, std::string_view person) const;
  // Staffing movements of `org` with effective dates in [from, to].
  Status ForEachOrgEvent(const lmdb::Txn& txn, std::string_view org, int32_t from, int32_t to,
                         const std::function<Status(const OrgEvent&)>& fn) const;
  // Flagged records: (seq, org) for `rule`, or every rule when empty.
  Status ForEachFinding(const lmdb::Txn& txn, std::string_view rule,
                        const std::function<Status(std::string_view rule, uint64_t seq,
                                                   std::string_view org)>& fn) const;
  // Court rulings on a record: (ruling seq, outcome).
  Result<std::vector<std::pair<uint64_t, std::string>>> RulingsOn(const lmdb::Txn& txn,
                                                                  uint64_t subject) const;
  Result<std::vector<uint64_t>> SanctionsFor(const lmdb::Txn& txn, std::string_view breach) const;
  Status ForEachOrg(const lmdb::Txn& txn,
                    const std::function<Status(std::string_view, const OrgState&)>& fn) const;
  Status ForEachBreach(const lmdb::Txn& txn,
                       const std::function<Status(std::string_view, const BreachState&)>& fn) const;
  // Every person, in id order (the API's search by name).
  Status ForEachPerson(const lmdb::Txn& txn,
                       const std::function<Status(std::string_view, const PersonState&)>& fn) const;
  // Changes of `org`'s approved headcount, by effective date then seq.
  Status ForEachCapChange(const lmdb::Txn& txn, std::string_view org,
                          const std::function<Status(const CapChange&)>& fn) const;
  // The seqs of the corrections recorded against the record at `seq`, in order.
  Result<std::vector<uint64_t>> CorrectionsOf(const lmdb::Txn& txn, uint64_t seq) const;
  // The seqs of the records with this key, in order.
  Result<std::vector<uint64_t>> FindRecords(const lmdb::Txn& txn, RecordKey kind,
                                            std::string_view value) const;
  // Persons whose name has, for every word of `query` (Cyrillic or Latin, any
  // case), a word starting with it (or equal to it when `whole_words`), by
  // the Latin transliteration of both; in id order, at most `limit`.
  Result<std::vector<std::string>> FindPersonsByName(const lmdb::Txn& txn, std::string_view query,
                                                     bool whole_words, size_t limit) const;
  // The persons registered with this register_commitment (as corrected), in
  // order of registration. Kept only under rule-set version 2 (duplicate-person).
  Result<std::vector<std::string>> PersonsWithCommitment(const lmdb::Txn& txn,
                                                         std::string_view commitment) const;
  // The sanction with this id exists.
  Result<bool> HasSanction(const lmdb::Txn& txn, std::string_view id) const;

  // The rules in force after the records folded so far (the ones the next
  // record is checked with), and the rules.set record that set them.
  Result<RulesInForce> Rules(const lmdb::Txn& txn) const;
  // Every set of rules the log has had in force, in order: {the first seq it
  // applies to, the rules}, the defaults from seq 0, then each rules.set at
  // seq N from N + 1 (what the post-election rule used for each record).
  // The earlier rules.set records are found in the log, read once per
  // latest rules.set and kept (the log before it never changes).
  Result<std::vector<std::pair<uint64_t, RuleConfig>>> RulesHistory(const lmdb::Txn& txn) const;

 private:
  class Replay;
  struct Dbs {
    MDB_dbi records = 0, orgs = 0, posts = 0, persons = 0, breaches = 0, sanctions = 0,
            corrections = 0, index = 0, meta = 0;
  };
  // The fold changes entity rows through a write-back cache (civil_rows.h)
  // that its caller flushes; each type's entry (event_rules.h) says what.
  CivilRows Rows(lmdb::Txn& txn) const;
  Status Fold(CivilRows& rows, const Record& record, const events::Body& body);
  // Advances the applied cursor: the state reflects records [0, next).
  Status SetApplied(lmdb::Txn& txn, uint64_t next);

  Dbs dbs_;
  // RulesHistory's answer while `latest` is the latest rules.set's seq.
  struct RulesHistoryCache {
    std::mutex mu;
    std::optional<uint64_t> latest;
    std::vector<std::pair<uint64_t, RuleConfig>> history;
  };
  std::unique_ptr<RulesHistoryCache> rules_history_ = std::make_unique<RulesHistoryCache>();
  std::string_view declared_;
};

}  // namespace ledger::projections

#endif  // PROJECTIONS_CIVIL_STATE_H_
