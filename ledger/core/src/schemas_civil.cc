// Civil-service event types (docs/EVENTS.md): organisations, posts, people,
// appointments, dismissals, transfers, breaches, sanctions, court rulings and
// corrections. Rules that need the ledger's state live in projections/.
#include "schemas_internal.h"

namespace ledger::events {
namespace {

using K = FieldKind;
namespace F = field;
namespace C = choice;

const std::vector<std::string_view> kLevels = {"central-government", "ministry", "agency", "aimag",
                                               "capital-city",       "district", "soum",   "khoroo",
                                               "department",         "division", "other"};
const std::vector<std::string_view> kCategories = {C::kCategoryPolitical, "administrative",
                                                   "special", "support"};

// Every decision cites its legal instrument: "Government Resolution", "No. 5", 2024-07-24.
void AddDecision(std::vector<FieldSpec>& f) {
  f.push_back({F::kDecisionInstrument, K::kText, false, {}, 256});
  f.push_back({F::kDecisionNumber, K::kText, false, {}, 64});
  f.push_back({F::kDecisionDate, K::kDate});
}

EventSchema Decision(std::string_view type, std::vector<FieldSpec> fields,
                     std::string_view scope = F::kOrg) {
  AddDecision(fields);
  return {type, 1, std::move(fields), scope};
}

// appointment.made v1 predates selection_basis: such appointments are read
// as "other" (which the merit rule then flags, as it would have at the time).
std::vector<Value> AppointmentV1ToV2(const Body& old) {
  std::vector<Value> v = old.values();
  v.push_back(std::string(C::kBasisOther));
  return v;
}

}  // namespace

void AddCivilServiceSchemas(std::vector<EventSchema>& s) {
  s.push_back(Decision(kOrganisationEstablished, {{F::kOrg, K::kId},
                                                  {F::kName, K::kText, false, {}, 512},
                                                  {F::kParent, K::kId, true},
                                                  {F::kLevel, K::kEnum, false, kLevels},
                                                  {F::kMaxHeadcount, K::kUInt},
                                                  {F::kEffectiveDate, K::kDate}}));
  s.push_back(Decision(
      kOrganisationRenamed,
      {{F::kOrg, K::kId}, {F::kName, K::kText, false, {}, 512}, {F::kEffectiveDate, K::kDate}}));
  s.push_back(Decision(kOrganisationRestructured, {{F::kOrg, K::kId},
                                                   {F::kParent, K::kId, true},
                                                   {F::kLevel, K::kEnum, true, kLevels},
                                                   {F::kMaxHeadcount, K::kUInt, true},
                                                   {F::kEffectiveDate, K::kDate}}));
  s.push_back(
      Decision(kOrganisationAbolished,
               {{F::kOrg, K::kId}, {F::kSuccessor, K::kId, true}, {F::kEffectiveDate, K::kDate}}));
  s.push_back(Decision(kPostEstablished, {{F::kPost, K::kId},
                                          {F::kOrg, K::kId},
                                          {F::kTitle, K::kText, false, {}, 512},
                                          {F::kCategory, K::kEnum, false, kCategories},
                                          {F::kGrade, K::kText, true, {}, 64},
                                          {F::kLeadership, K::kBool},
                                          {F::kPositions, K::kUInt},
                                          {F::kEffectiveDate, K::kDate}}));
  s.push_back(Decision(kPostRetitled, {{F::kPost, K::kId},
                                       {F::kOrg, K::kId},
                                       {F::kTitle, K::kText, false, {}, 512},
                                       {F::kEffectiveDate, K::kDate}}));
  s.push_back(Decision(kPostAbolished,
                       {{F::kPost, K::kId}, {F::kOrg, K::kId}, {F::kEffectiveDate, K::kDate}}));
  s.push_back({kPersonRegistered,
               1,
               {{F::kPerson, K::kId},
                {F::kOrg, K::kId},
                {F::kFullName, K::kText, false, {}, 256},
                {F::kGender, K::kEnum, false, {"female", "male", "unspecified"}},
                {F::kBirthYear, K::kUInt},
                // Salted SHA-256 of the civil register number; the clear value
                // and salt stay outside the log (ARCHITECTURE.md, personal data).
                {F::kRegisterCommitment, K::kHash, true}},
               F::kOrg});
  std::vector<FieldSpec> appointment = {
      {F::kPerson, K::kId},
      {F::kPost, K::kId},
      {F::kOrg, K::kId},
      {F::kEffectiveDate, K::kDate},
      {F::kTenure, K::kEnum, false, {C::kTenurePermanent, C::kTenureActing}},
      {F::kAppointingAuthority, K::kText, false, {}, 256}};
  AddDecision(appointment);
  EventSchema v1{kAppointmentMade, 1, appointment, F::kOrg, AppointmentV1ToV2};
  s.push_back(v1);
  appointment.push_back(
      {F::kSelectionBasis,
       K::kEnum,
       false,
       {C::kBasisCompetitiveExamination, C::kBasisReserveList, C::kBasisTransfer,
        C::kBasisPoliticalAppointment, C::kBasisCourtReinstatement, C::kBasisOther}});
  s.push_back({kAppointmentMade, 2, appointment, F::kOrg});
  s.push_back(
      Decision(kDismissalMade, {{F::kPerson, K::kId},
                                {F::kPost, K::kId},
                                {F::kOrg, K::kId},
                                {F::kEffectiveDate, K::kDate},
                                {F::kGround,
                                 K::kEnum,
                                 false,
                                 {"resignation", "retirement", "end-of-term", "restructuring",
                                  "disciplinary", "health", "death", "other"}},
                                // Absent or empty: no lawful ground stated (flagged).
                                {F::kLegalArticle, K::kText, true, {}, 256}}));
  s.push_back(Decision(kTransferMade,
                       {{F::kPerson, K::kId},
                        {F::kFromPost, K::kId},
                        {F::kToPost, K::kId},
                        {F::kOrg, K::kId},
                        {F::kEffectiveDate, K::kDate},
                        {F::kTenure, K::kEnum, false, {C::kTenurePermanent, C::kTenureActing}}}));
  s.push_back({kBreachRecorded,
               1,
               {{F::kBreach, K::kId},
                {F::kPerson, K::kId},
                {F::kOrg, K::kId},
                {F::kLaw, K::kText, false, {}, 256},
                {F::kArticle, K::kText, false, {}, 64},
                {F::kFinding, K::kText, false, {}, 16384},
                {F::kInvestigatingBody, K::kText, false, {}, 256},
                {F::kDateFound, K::kDate},
                {F::kStatus, K::kEnum, false, {"alleged", "confirmed", "dismissed"}}},
               F::kOrg});
  s.push_back({kBreachUpdated,
               1,
               {{F::kBreach, K::kId},
                {F::kOrg, K::kId},
                {F::kStatus, K::kEnum, false, {"alleged", "confirmed", "dismissed"}},
                {F::kFinding, K::kText, true, {}, 16384},
                {F::kDate, K::kDate}},
               F::kOrg});
  s.push_back(
      Decision(kSanctionImposed,
               {{F::kSanction, K::kId},
                {F::kBreach, K::kId},
                {F::kPerson, K::kId},
                {F::kOrg, K::kId},
                {F::kKind,
                 K::kEnum,
                 false,
                 {"warning", C::kSanctionSalaryReduction, "demotion", C::kSanctionDismissal}},
                {F::kSalaryReductionPercent, K::kUInt, true},
                {F::kSalaryReductionMonths, K::kUInt, true},
                // kind = dismissal: the seq of the matching dismissal record.
                {F::kDismissalSeq, K::kUInt, true},
                {F::kEffectiveDate, K::kDate}}));
  s.push_back({kCourtRuling,
               1,
               {{F::kSubjectSeq, K::kUInt},  // the dismissal or sanction ruled on
                {F::kOrg, K::kId},
                {F::kCourt, K::kText, false, {}, 256},
                {F::kCaseNumber, K::kText, false, {}, 64},
                {F::kRulingDate, K::kDate},
                {F::kOutcome,
                 K::kEnum,
                 false,
                 {C::kOutcomeUpheld, "annulled", C::kOutcomeReinstatementOrdered}},
                {F::kCompensationMnt, K::kUInt, true}},
               F::kOrg});
  s.push_back({kCorrectionMade,
               1,
               {{F::kTargetSeq, K::kUInt},
                {F::kOrg, K::kId},
                {F::kField, K::kId},
                {F::kValue, K::kText, false, {}, 16384},
                {F::kReason, K::kText, false, {}, 1024}},
               F::kOrg});
}

}  // namespace ledger::events
