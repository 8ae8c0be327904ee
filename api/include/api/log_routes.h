// The routes `ledger serve` adds beside the API (RouterOptions::extra_routes):
// the witnessed checkpoint at GET /v1/checkpoint (when witnesses are
// configured), and the tlog-tiles read API: GET /checkpoint,
// /tile/<L>/<N>[.p/<W>] and /tile/entries/<N>[.p/<W>].
#ifndef API_LOG_ROUTES_H_
#define API_LOG_ROUTES_H_

#include <functional>
#include <optional>

#include "api/router.h"
#include "api/witness_client.h"
#include "ledger/store.h"

namespace ledger::api {

// `ledger` and `witnesses` (may be null) must outlive the returned function.
std::function<std::optional<Response>(const Request&)> MakeLogRoutes(
    const Ledger& ledger, const WitnessCollector* witnesses);

}  // namespace ledger::api

#endif  // API_LOG_ROUTES_H_
