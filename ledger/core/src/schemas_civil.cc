// Civil-service event types (docs/EVENTS.md): organisations, posts, people,
// appointments, dismissals, transfers, breaches, sanctions, court rulings and
// corrections. Rules that need the ledger's state live in projections/.
#include "schemas_internal.h"

namespace ledger::events {
namespace {

using K = FieldKind;

const std::vector<std::string_view> kLevels = {
    "central-government", "ministry", "agency", "aimag", "capital-city", "district",
    "soum", "khoroo", "department", "division", "other"};
const std::vector<std::string_view> kCategories = {"political", "administrative", "special",
                                                   "support"};

// Every decision cites its legal instrument: "Government Resolution", "No. 5", 2024-07-24.
void AddDecision(std::vector<FieldSpec>& f) {
  f.push_back({"decision_instrument", K::kText, false, {}, 256});
  f.push_back({"decision_number", K::kText, false, {}, 64});
  f.push_back({"decision_date", K::kDate});
}

EventSchema Decision(std::string_view type, std::vector<FieldSpec> fields,
                     std::string_view scope = "org") {
  AddDecision(fields);
  return {type, 1, std::move(fields), scope};
}

// appointment.made v1 predates selection_basis: such appointments are read
// as "other" (which the merit rule then flags, as it would have at the time).
std::vector<Value> AppointmentV1ToV2(const Body& old) {
  std::vector<Value> v = old.values();
  v.push_back(std::string("other"));
  return v;
}

}  // namespace

void AddCivilServiceSchemas(std::vector<EventSchema>& s) {
  s.push_back(Decision("organisation.established",
                       {{"org", K::kId},
                        {"name", K::kText, false, {}, 512},
                        {"parent", K::kId, true},
                        {"level", K::kEnum, false, kLevels},
                        {"max_headcount", K::kUInt},
                        {"effective_date", K::kDate}}));
  s.push_back(Decision("organisation.renamed",
                       {{"org", K::kId}, {"name", K::kText, false, {}, 512},
                        {"effective_date", K::kDate}}));
  s.push_back(Decision("organisation.restructured",
                       {{"org", K::kId},
                        {"parent", K::kId, true},
                        {"level", K::kEnum, true, kLevels},
                        {"max_headcount", K::kUInt, true},
                        {"effective_date", K::kDate}}));
  s.push_back(Decision("organisation.abolished",
                       {{"org", K::kId}, {"successor", K::kId, true}, {"effective_date", K::kDate}}));
  s.push_back(Decision("post.established",
                       {{"post", K::kId},
                        {"org", K::kId},
                        {"title", K::kText, false, {}, 512},
                        {"category", K::kEnum, false, kCategories},
                        {"grade", K::kText, true, {}, 64},
                        {"leadership", K::kBool},
                        {"positions", K::kUInt},
                        {"effective_date", K::kDate}}));
  s.push_back(Decision("post.abolished",
                       {{"post", K::kId}, {"org", K::kId}, {"effective_date", K::kDate}}));
  s.push_back({"person.registered", 1,
               {{"person", K::kId},
                {"org", K::kId},
                {"full_name", K::kText, false, {}, 256},
                {"gender", K::kEnum, false, {"female", "male", "unspecified"}},
                {"birth_year", K::kUInt},
                // Salted SHA-256 of the civil register number; the clear value
                // and salt stay outside the log (ARCHITECTURE.md, personal data).
                {"register_commitment", K::kHash, true}},
               "org"});
  std::vector<FieldSpec> appointment = {
      {"person", K::kId},
      {"post", K::kId},
      {"org", K::kId},
      {"effective_date", K::kDate},
      {"tenure", K::kEnum, false, {"permanent", "acting"}},
      {"appointing_authority", K::kText, false, {}, 256}};
  AddDecision(appointment);
  EventSchema v1{"appointment.made", 1, appointment, "org", AppointmentV1ToV2};
  s.push_back(v1);
  appointment.push_back({"selection_basis", K::kEnum, false,
                         {"competitive-examination", "reserve-list", "transfer",
                          "political-appointment", "court-reinstatement", "other"}});
  s.push_back({"appointment.made", 2, appointment, "org"});
  s.push_back(Decision("dismissal.made",
                       {{"person", K::kId},
                        {"post", K::kId},
                        {"org", K::kId},
                        {"effective_date", K::kDate},
                        {"ground", K::kEnum, false,
                         {"resignation", "retirement", "end-of-term", "restructuring",
                          "disciplinary", "health", "death", "other"}},
                        // Absent or empty: no lawful ground stated (flagged).
                        {"legal_article", K::kText, true, {}, 256}}));
  s.push_back(Decision("transfer.made",
                       {{"person", K::kId},
                        {"from_post", K::kId},
                        {"to_post", K::kId},
                        {"org", K::kId},
                        {"effective_date", K::kDate},
                        {"tenure", K::kEnum, false, {"permanent", "acting"}}}));
  s.push_back({"breach.recorded", 1,
               {{"breach", K::kId},
                {"person", K::kId},
                {"org", K::kId},
                {"law", K::kText, false, {}, 256},
                {"article", K::kText, false, {}, 64},
                {"finding", K::kText, false, {}, 16384},
                {"investigating_body", K::kText, false, {}, 256},
                {"date_found", K::kDate},
                {"status", K::kEnum, false, {"alleged", "confirmed", "dismissed"}}},
               "org"});
  s.push_back({"breach.updated", 1,
               {{"breach", K::kId},
                {"org", K::kId},
                {"status", K::kEnum, false, {"alleged", "confirmed", "dismissed"}},
                {"finding", K::kText, true, {}, 16384},
                {"date", K::kDate}},
               "org"});
  s.push_back(Decision("sanction.imposed",
                       {{"sanction", K::kId},
                        {"breach", K::kId},
                        {"person", K::kId},
                        {"org", K::kId},
                        {"kind", K::kEnum, false,
                         {"warning", "salary-reduction", "demotion", "dismissal"}},
                        {"salary_reduction_percent", K::kUInt, true},
                        {"salary_reduction_months", K::kUInt, true},
                        // kind = dismissal: the seq of the matching dismissal record.
                        {"dismissal_seq", K::kUInt, true},
                        {"effective_date", K::kDate}}));
  s.push_back({"court.ruling", 1,
               {{"subject_seq", K::kUInt},  // the dismissal or sanction ruled on
                {"org", K::kId},
                {"court", K::kText, false, {}, 256},
                {"case_number", K::kText, false, {}, 64},
                {"ruling_date", K::kDate},
                {"outcome", K::kEnum, false, {"upheld", "annulled", "reinstatement-ordered"}},
                {"compensation_mnt", K::kUInt, true}},
               "org"});
  s.push_back({"correction.made", 1,
               {{"target_seq", K::kUInt},
                {"org", K::kId},
                {"field", K::kId},
                {"value", K::kText, false, {}, 16384},
                {"reason", K::kText, false, {}, 1024}},
               "org"});
}

}  // namespace ledger::events
