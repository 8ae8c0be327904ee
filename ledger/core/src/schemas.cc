// The table of event types and schema versions the ledger accepts. Documented
// in docs/EVENTS.md; a schema version, once released, never changes.
#include "schemas_internal.h"

namespace ledger::events {
namespace {

using K = FieldKind;

std::vector<EventSchema> BuildSchemas() {
  std::vector<EventSchema> s;
  // --- Log identity and key registry (docs/FORMAT.md, "Key registry") ---
  s.push_back({"ledger.genesis", 1,
               {{"origin", K::kText, false, {}, 255},
                {"log_key", K::kPublicKey},
                {"root_key", K::kPublicKey},
                {"root_name", K::kId}},
               ""});
  s.push_back({"key.register", 1,
               {{"key", K::kPublicKey},
                {"name", K::kId},
                {"role", K::kEnum, false, {"admin", "authority"}},
                {"organisations", K::kIdList},
                {"note", K::kText, true, {}, 65536}},
               ""});
  s.push_back({"key.revoke", 1, {{"key", K::kPublicKey}, {"reason", K::kText}}, ""});
  s.push_back({"key.rotate", 1,
               {{"old_key", K::kPublicKey}, {"new_key", K::kPublicKey}, {"reason", K::kText}},
               ""});
  AddCivilServiceSchemas(s);
  return s;
}

}  // namespace

std::span<const EventSchema> AllSchemas() {
  static const std::vector<EventSchema> kSchemas = BuildSchemas();
  return kSchemas;
}

}  // namespace ledger::events
