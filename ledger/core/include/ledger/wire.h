// The JSON forms of key-registry entries and append outcomes, written once
// for the API and the `ledger` CLI so both say the same bytes
// (docs/API.md, "Appending"; docs/FORMAT.md, "Key registry").
#ifndef LEDGER_WIRE_H_
#define LEDGER_WIRE_H_

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "ledger/keys.h"
#include "ledger/status.h"

namespace ledger {

// What the store answers for one submission of a batch.
struct AppendOutcome {
  Status status;           // OK: appended (or already present, see duplicate)
  uint64_t seq = 0;        // valid when status is OK
  bool duplicate = false;  // the same signed submission was appended before, at seq
  std::vector<std::string> flags;
};

boost::json::object KeyEntryJson(const keys::KeyEntry& e);
// One append's answer: {"event": N, "seq", "duplicate", "flags"} or {"event": N, "error": {...}}.
boost::json::object AppendOutcomeJson(size_t event, const AppendOutcome& o);
// [{"code", "message"}, ...]: every error of one event (dry runs, `ledger sign`).
boost::json::array ErrorsJson(const std::vector<Status>& errors);

}  // namespace ledger

#endif  // LEDGER_WIRE_H_
