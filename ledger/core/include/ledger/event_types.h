// The names of event types, body fields and the enum words code compares
// against, as constants: the schemas (schemas*.cc), the key-registry rules
// and the projections all spell them through these, so a typo is a compile
// error rather than a field lookup that throws at run time.
#ifndef LEDGER_EVENT_TYPES_H_
#define LEDGER_EVENT_TYPES_H_

#include <string_view>

namespace ledger::events {

// ---- Event types (docs/EVENTS.md; key registry: docs/FORMAT.md, section 4) ----
inline constexpr std::string_view kLedgerGenesis = "ledger.genesis";
inline constexpr std::string_view kKeyRegister = "key.register";
inline constexpr std::string_view kKeyRevoke = "key.revoke";
inline constexpr std::string_view kKeyRotate = "key.rotate";
inline constexpr std::string_view kOrganisationEstablished = "organisation.established";
inline constexpr std::string_view kOrganisationRenamed = "organisation.renamed";
inline constexpr std::string_view kOrganisationRestructured = "organisation.restructured";
inline constexpr std::string_view kOrganisationAbolished = "organisation.abolished";
inline constexpr std::string_view kPostEstablished = "post.established";
inline constexpr std::string_view kPostRetitled = "post.retitled";
inline constexpr std::string_view kPostAbolished = "post.abolished";
inline constexpr std::string_view kPersonRegistered = "person.registered";
inline constexpr std::string_view kAppointmentMade = "appointment.made";
inline constexpr std::string_view kDismissalMade = "dismissal.made";
inline constexpr std::string_view kTransferMade = "transfer.made";
inline constexpr std::string_view kBreachRecorded = "breach.recorded";
inline constexpr std::string_view kBreachUpdated = "breach.updated";
inline constexpr std::string_view kSanctionImposed = "sanction.imposed";
inline constexpr std::string_view kCourtRuling = "court.ruling";
inline constexpr std::string_view kCorrectionMade = "correction.made";
// The flagging rules' thresholds and election calendar (root/admin only).
inline constexpr std::string_view kRulesSet = "rules.set";

// ---- Body field names ----
namespace field {
// Genesis and key registry.
inline constexpr std::string_view kOrigin = "origin";
inline constexpr std::string_view kLogKey = "log_key";
inline constexpr std::string_view kRootKey = "root_key";
inline constexpr std::string_view kRootName = "root_name";
// Genesis v2: the rule sets (AppendHook::RuleSet) the log is kept under.
inline constexpr std::string_view kRuleSets = "rule_sets";
inline constexpr std::string_view kKey = "key";
inline constexpr std::string_view kName = "name";  // also an organisation's name
inline constexpr std::string_view kRole = "role";
inline constexpr std::string_view kOrganisations = "organisations";
inline constexpr std::string_view kNote = "note";
inline constexpr std::string_view kReason = "reason";  // also a correction's reason
inline constexpr std::string_view kOldKey = "old_key";
inline constexpr std::string_view kNewKey = "new_key";
// What a civil-service record is about.
inline constexpr std::string_view kOrg = "org";
inline constexpr std::string_view kPost = "post";
inline constexpr std::string_view kPerson = "person";
inline constexpr std::string_view kBreach = "breach";
inline constexpr std::string_view kSanction = "sanction";
inline constexpr std::string_view kFromPost = "from_post";
inline constexpr std::string_view kToPost = "to_post";
inline constexpr std::string_view kSubjectSeq = "subject_seq";
inline constexpr std::string_view kDismissalSeq = "dismissal_seq";
inline constexpr std::string_view kTargetSeq = "target_seq";
// Decisions.
inline constexpr std::string_view kEffectiveDate = "effective_date";
inline constexpr std::string_view kDecisionInstrument = "decision_instrument";
inline constexpr std::string_view kDecisionNumber = "decision_number";
inline constexpr std::string_view kDecisionDate = "decision_date";
// Organisations.
inline constexpr std::string_view kParent = "parent";
inline constexpr std::string_view kLevel = "level";
inline constexpr std::string_view kMaxHeadcount = "max_headcount";
inline constexpr std::string_view kSuccessor = "successor";
// Posts.
inline constexpr std::string_view kTitle = "title";
inline constexpr std::string_view kCategory = "category";
inline constexpr std::string_view kGrade = "grade";
inline constexpr std::string_view kLeadership = "leadership";
inline constexpr std::string_view kPositions = "positions";
// People.
inline constexpr std::string_view kFullName = "full_name";
inline constexpr std::string_view kGender = "gender";
inline constexpr std::string_view kBirthYear = "birth_year";
inline constexpr std::string_view kRegisterCommitment = "register_commitment";
// Appointments, dismissals, transfers.
inline constexpr std::string_view kTenure = "tenure";
inline constexpr std::string_view kAppointingAuthority = "appointing_authority";
inline constexpr std::string_view kSelectionBasis = "selection_basis";
inline constexpr std::string_view kGround = "ground";
inline constexpr std::string_view kLegalArticle = "legal_article";
// Breaches and sanctions.
inline constexpr std::string_view kLaw = "law";
inline constexpr std::string_view kArticle = "article";
inline constexpr std::string_view kFinding = "finding";
inline constexpr std::string_view kInvestigatingBody = "investigating_body";
inline constexpr std::string_view kDateFound = "date_found";
inline constexpr std::string_view kStatus = "status";
inline constexpr std::string_view kDate = "date";
inline constexpr std::string_view kKind = "kind";
inline constexpr std::string_view kSalaryReductionPercent = "salary_reduction_percent";
inline constexpr std::string_view kSalaryReductionMonths = "salary_reduction_months";
// Court rulings.
inline constexpr std::string_view kCourt = "court";
inline constexpr std::string_view kCaseNumber = "case_number";
inline constexpr std::string_view kRulingDate = "ruling_date";
inline constexpr std::string_view kOutcome = "outcome";
inline constexpr std::string_view kCompensationMnt = "compensation_mnt";
// Corrections.
inline constexpr std::string_view kField = "field";
inline constexpr std::string_view kValue = "value";
// Rule configuration.
inline constexpr std::string_view kBackdateDays = "backdate_days";
inline constexpr std::string_view kPostElectionDays = "post_election_days";
inline constexpr std::string_view kElections = "elections";
}  // namespace field

// ---- Enum words the rules and the fold compare against ----
namespace choice {
inline constexpr std::string_view kRoleAdmin = "admin";
inline constexpr std::string_view kRoleAuthority = "authority";
inline constexpr std::string_view kCategoryPolitical = "political";
inline constexpr std::string_view kTenurePermanent = "permanent";
inline constexpr std::string_view kTenureActing = "acting";
inline constexpr std::string_view kBasisCompetitiveExamination = "competitive-examination";
inline constexpr std::string_view kBasisReserveList = "reserve-list";
inline constexpr std::string_view kBasisTransfer = "transfer";
inline constexpr std::string_view kBasisPoliticalAppointment = "political-appointment";
inline constexpr std::string_view kBasisCourtReinstatement = "court-reinstatement";
inline constexpr std::string_view kBasisOther = "other";
inline constexpr std::string_view kSanctionSalaryReduction = "salary-reduction";
inline constexpr std::string_view kSanctionDismissal = "dismissal";
inline constexpr std::string_view kOutcomeUpheld = "upheld";
inline constexpr std::string_view kOutcomeReinstatementOrdered = "reinstatement-ordered";
}  // namespace choice

}  // namespace ledger::events

#endif  // LEDGER_EVENT_TYPES_H_
