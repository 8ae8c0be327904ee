// Private: the schema tables are assembled from per-area files.
#ifndef LEDGER_SRC_CORE_SCHEMAS_INTERNAL_H_
#define LEDGER_SRC_CORE_SCHEMAS_INTERNAL_H_

#include <vector>

#include "ledger/event_types.h"
#include "ledger/events.h"

namespace ledger::events {
void AddCivilServiceSchemas(std::vector<EventSchema>& schemas);
}  // namespace ledger::events

#endif  // LEDGER_SRC_CORE_SCHEMAS_INTERNAL_H_
