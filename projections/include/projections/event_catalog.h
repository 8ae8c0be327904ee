// The civil-state projection's entry for each event type, summarised: which
// steps it registers (check, apply, index, re-derive after a correction; an
// explicit "nothing to do" step counts) and which fields a correction may
// change. A read-only view of projections/src/event_rules.h for tests and docs.
#ifndef PROJECTIONS_EVENT_CATALOG_H_
#define PROJECTIONS_EVENT_CATALOG_H_

#include <string_view>
#include <vector>

namespace ledger::projections {

struct EventTypeSupport {
  std::string_view type;
  bool has_check = false;      // rejects what cannot be true, flags broken rules
  bool has_apply = false;      // changes the state rows
  bool has_index = false;      // adds index entries for the views
  bool has_corrected = false;  // re-derives its effects after a correction
  // The fields a correction may change; empty when records of the type
  // cannot be corrected.
  std::vector<std::string_view> correctable;
};

// One row per registered entry, in the order of the schema list.
std::vector<EventTypeSupport> EventTypeCatalog();

}  // namespace ledger::projections

#endif  // PROJECTIONS_EVENT_CATALOG_H_
