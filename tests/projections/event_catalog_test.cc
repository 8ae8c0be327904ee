// The per-type entries of the civil-state rules (projections/event_catalog.h)
// against the schema list: a new event type cannot be half-registered.
#include "projections/event_catalog.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

#include "ledger/event_types.h"
#include "ledger/events.h"

namespace ledger::projections {
namespace {

TEST(EventCatalog, EverySchemaTypeHasAnEntryWithEveryPartFilled) {
  for (const events::EventSchema& schema : events::AllSchemas()) {
    SCOPED_TRACE(std::string(schema.type));
    const std::vector<EventTypeSupport> catalog = EventTypeCatalog();
    auto found = std::find_if(catalog.begin(), catalog.end(),
                              [&](const EventTypeSupport& e) { return e.type == schema.type; });
    ASSERT_NE(found, catalog.end()) << "no entry in the civil-state rules";
    const EventTypeSupport* rules = &*found;
    EXPECT_TRUE(rules->has_check);
    EXPECT_TRUE(rules->has_apply);
    EXPECT_TRUE(rules->has_index);
    EXPECT_TRUE(rules->has_corrected);
    // What a correction may change names fields of the shape rules see.
    const events::EventSchema* latest = events::LatestSchema(schema.type);
    ASSERT_NE(latest, nullptr);
    for (std::string_view field : rules->correctable) {
      EXPECT_NE(events::FindField(*latest, field), nullptr)
          << "correctable field " << field << " is not a field of the type";
    }
    // Civil-service records can be corrected; key-registry records and
    // corrections cannot.
    const bool correctable =
        !latest->scope_field.empty() && latest->type != events::kCorrectionMade;
    EXPECT_EQ(!rules->correctable.empty(), correctable);
  }
}

TEST(EventCatalog, EveryEntryIsForAKnownTypeAndRegisteredOnce) {
  std::map<std::string_view, int> seen;
  for (const EventTypeSupport& rules : EventTypeCatalog()) {
    EXPECT_NE(events::LatestSchema(rules.type), nullptr) << rules.type << " has no schema";
    EXPECT_EQ(++seen[rules.type], 1) << rules.type << " is registered twice";
  }
}

// Correcting a field that says what a record is about would make it another
// decision, which must be recorded as one (docs/EVENTS.md, correction.made);
// every other field of a correctable type may be corrected, so a field added
// to a schema must be placed on one side or the other.
TEST(EventCatalog, CorrectionsChangeEveryFieldButWhatARecordIsAbout) {
  namespace F = events::field;
  const std::vector<std::string_view> identifying = {
      F::kOrg,      F::kPost,   F::kPerson,     F::kBreach,       F::kSanction,
      F::kFromPost, F::kToPost, F::kSubjectSeq, F::kDismissalSeq, F::kTargetSeq};
  for (const EventTypeSupport& rules : EventTypeCatalog()) {
    if (rules.correctable.empty()) continue;
    SCOPED_TRACE(std::string(rules.type));
    const events::EventSchema* latest = events::LatestSchema(rules.type);
    ASSERT_NE(latest, nullptr);
    for (const events::FieldSpec& field : latest->fields) {
      const bool about = std::count(identifying.begin(), identifying.end(), field.name) > 0 ||
                         (rules.type == events::kCourtRuling && field.name == F::kOutcome);
      const bool listed =
          std::count(rules.correctable.begin(), rules.correctable.end(), field.name) > 0;
      EXPECT_NE(about, listed) << field.name;
    }
  }
}

}  // namespace
}  // namespace ledger::projections
