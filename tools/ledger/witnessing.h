// What `ledger serve` needs from cmd_witness.cc to ask witnesses for
// cosignatures and to serve the witnessed checkpoint and the tiles.
#ifndef LEDGER_CLI_WITNESSING_H_
#define LEDGER_CLI_WITNESSING_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/router.h"
#include "api/witness_client.h"
#include "cli.h"

namespace ledger::cli {

struct LogWitnessing {
  std::unique_ptr<api::WitnessCollector> collector;  // null without --witness
  std::function<std::optional<api::Response>(const api::Request&)> routes;
  std::string policy;  // the tlog-policy text for GET /v1/policy; empty without --witness
};

// --witness NAME+ID+KEY@URL (repeatable), --witness-quorum N, --witness-timeout S.
std::vector<FlagSpec> WitnessServeFlags();
// Starts asking the witnesses (if any) in the background; the routes serve
// the cosigned checkpoint and the tiles. `ledger` must outlive the result.
Result<LogWitnessing> StartLogWitnessing(const Args& a, const Ledger& ledger,
                                         const std::string& dir, Io& io);

}  // namespace ledger::cli

#endif  // LEDGER_CLI_WITNESSING_H_
