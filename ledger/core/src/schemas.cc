// The table of event types and schema versions the ledger accepts. Documented
// in docs/EVENTS.md; a schema version, once released, never changes.
#include "schemas_internal.h"

namespace ledger::events {
namespace {

using K = FieldKind;
namespace F = field;

// A v1 genesis declared no rule sets: v2 with the field absent.
std::vector<Value> GenesisV1ToV2(const Body& old) {
  std::vector<Value> values = old.values();
  values.emplace_back(std::monostate{});
  return values;
}

std::vector<EventSchema> BuildSchemas() {
  std::vector<EventSchema> s;
  // --- Log identity and key registry (docs/FORMAT.md, "Key registry") ---
  // v2 adds the rule sets the log is kept under, so that an auditor knows
  // from signed data whether the log must carry their projections.
  s.push_back({kLedgerGenesis,
               1,
               {{F::kOrigin, K::kText, false, {}, 255},
                {F::kLogKey, K::kPublicKey},
                {F::kRootKey, K::kPublicKey},
                {F::kRootName, K::kId}},
               "",
               &GenesisV1ToV2});
  s.push_back({kLedgerGenesis,
               2,
               {{F::kOrigin, K::kText, false, {}, 255},
                {F::kLogKey, K::kPublicKey},
                {F::kRootKey, K::kPublicKey},
                {F::kRootName, K::kId},
                {F::kRuleSets, K::kIdList, true}},
               ""});
  s.push_back({kKeyRegister,
               1,
               {{F::kKey, K::kPublicKey},
                {F::kName, K::kId},
                {F::kRole, K::kEnum, false, {choice::kRoleAdmin, choice::kRoleAuthority}},
                {F::kOrganisations, K::kIdList},
                {F::kNote, K::kText, true, {}, 65536}},
               ""});
  s.push_back({kKeyRevoke, 1, {{F::kKey, K::kPublicKey}, {F::kReason, K::kText}}, ""});
  s.push_back({kKeyRotate,
               1,
               {{F::kOldKey, K::kPublicKey}, {F::kNewKey, K::kPublicKey}, {F::kReason, K::kText}},
               ""});
  AddCivilServiceSchemas(s);
  // --- The flagging rules' configuration (docs/EVENTS.md, "Rule configuration") ---
  // No scope field: only the root key and admin keys may sign it.
  s.push_back({kRulesSet,
               1,
               {{F::kBackdateDays, K::kUInt},
                {F::kPostElectionDays, K::kUInt},
                {F::kElections, K::kDateList},
                {F::kReason, K::kText, false, {}, 1024}},
               ""});
  return s;
}

}  // namespace

std::span<const EventSchema> AllSchemas() {
  static const std::vector<EventSchema> kSchemas = BuildSchemas();
  return kSchemas;
}

}  // namespace ledger::events
