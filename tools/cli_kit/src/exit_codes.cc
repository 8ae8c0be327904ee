// Status to exit code, and errors as JSON (cli_kit/exit_codes.h).
#include "cli_kit/exit_codes.h"

#include <boost/json/value.hpp>
#include <string>

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

Status CannotOpenLedger(const Status& cause, std::string_view dir) {
  if (cause.ok() || cause.code() == Code::kInvalidArgument) return cause;
  return Status::FailedPrecondition("cannot open the ledger in " + std::string(dir) + ": " +
                                    cause.message());
}

boost::json::object ErrorJson(std::string_view kind, std::string_view message, int exit_code) {
  boost::json::object error;
  error["kind"] = kind;
  error["message"] = message;
  boost::json::object o;
  o["ok"] = false;
  o["error"] = std::move(error);
  o["exit"] = exit_code;
  return o;
}

std::string_view ErrorKindFor(int exit_code) {
  switch (exit_code) {
    case kExitRejected:
      return "rejected";
    case kExitUsage:
      return "input";
    default:
      return "cannot-open";
  }
}

}  // namespace ledger::cli_kit
