// The exit codes `ledger` and `ledger-verify` share (README, docs/VERIFY.md),
// and the one mapping from a Status to them.
#ifndef CLI_KIT_EXIT_CODES_H_
#define CLI_KIT_EXIT_CODES_H_

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

}  // namespace ledger::cli_kit

#endif  // CLI_KIT_EXIT_CODES_H_
