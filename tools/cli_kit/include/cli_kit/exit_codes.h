// The exit codes `ledger` and `ledger-verify` share (README, docs/VERIFY.md),
// the one mapping from a Status to them, and the --json form of an error.
#ifndef CLI_KIT_EXIT_CODES_H_
#define CLI_KIT_EXIT_CODES_H_

#include <boost/json/object.hpp>
#include <string_view>

#include "ledger/status.h"

namespace ledger::cli_kit {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRejected = 1;  // an event rejected, a check failed, tampering found
inline constexpr int kExitUsage = 2;     // bad flags or malformed input; nothing was changed
inline constexpr int kExitFailure = 3;   // `ledger` only: could not open, read or write

// InvalidArgument and AlreadyExists are usage errors (2); PermissionDenied
// and DataLoss mean the evidence says no (1); anything else means something
// could not be opened, read or written: `cannot_access`, which is 3 for
// `ledger` and 2 for `ledger-verify` (whose documented codes stop at 2).
int ExitCodeFor(const Status& s, int cannot_access);

// "The ledger could not be opened", whatever the cause: no ledger in the
// directory, a damaged file ("damaged-file: ..."), a gap in its records, an
// LMDB error, the writer's lock held. The cause's code would mislead
// ExitCodeFor (a damaged file is DataLoss, which elsewhere means the evidence
// says no: 1), so the result is FailedPrecondition: `cannot_access` (3 for
// `ledger`). InvalidArgument (a bad flag value) stays a usage error.
// Message: "cannot open the ledger in DIR: <cause>".
Status CannotOpenLedger(const Status& cause, std::string_view dir);

// The one JSON object --json prints for an error, so that every exit code
// has a JSON answer:
//   {"ok":false,"error":{"kind":KIND,"message":MESSAGE},"exit":EXIT}
// KIND is one of ErrorKindFor's tokens, or "internal" (an exception).
boost::json::object ErrorJson(std::string_view kind, std::string_view message, int exit_code);
// "rejected" (1), "input" (2: malformed or unreadable input), "cannot-open"
// (3); callers say "usage" themselves for bad flags and arguments.
std::string_view ErrorKindFor(int exit_code);

}  // namespace ledger::cli_kit

#endif  // CLI_KIT_EXIT_CODES_H_
