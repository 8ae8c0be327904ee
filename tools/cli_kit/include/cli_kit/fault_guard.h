// The last line of defence of `ledger` and `ledger-verify` against a damaged
// data.mdb the checks before LMDB (ledger/file_check.h) did not catch: a
// SIGBUS or SIGSEGV inside LMDB's map of the file becomes a named error and
// the program's damaged-file exit code instead of a signal death.
#ifndef CLI_KIT_FAULT_GUARD_H_
#define CLI_KIT_FAULT_GUARD_H_

namespace ledger::cli_kit {

// Installs the SIGBUS and SIGSEGV handlers (on their own stack). A fault
// whose address lies in a data.mdb map (ledger/mapped_files.h) writes
//   PROGRAM: damaged-file: data.mdb: reading the mapped file faulted at offset N (...)
// to stderr with write(2) and _exits with `exit_code`; any other fault is a
// bug, and the default action (a core dump) runs as if no handler were there.
// `program` must outlive the process (a string literal).
void InstallMapFaultHandler(const char* program, int exit_code);
// Back to the default actions (`ledger serve`: a server answers damage with
// 503 and is never ended from a signal handler).
void RemoveMapFaultHandler();

}  // namespace ledger::cli_kit

#endif  // CLI_KIT_FAULT_GUARD_H_
