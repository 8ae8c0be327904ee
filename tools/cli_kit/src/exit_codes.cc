// Status to exit code (cli_kit/exit_codes.h).
#include "cli_kit/exit_codes.h"

namespace ledger::cli_kit {

int ExitCodeFor(const Status& s, int cannot_access) {
  switch (s.code()) {
    case Code::kOk:
      return kExitOk;
    case Code::kInvalidArgument:
    case Code::kAlreadyExists:
      return kExitUsage;
    case Code::kPermissionDenied:
    case Code::kDataLoss:
      return kExitRejected;
    default:
      return cannot_access;
  }
}

}  // namespace ledger::cli_kit
