// The top-level boundary of `ledger` and `ledger-verify`: whatever escapes a
// command (std::bad_alloc, a boost::json error, any exception at all) becomes
// a named error message and an exit code, never a crash.
#ifndef CLI_KIT_GUARD_H_
#define CLI_KIT_GUARD_H_

#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace ledger::cli_kit {

// What the exception in flight is: "out of memory (std::bad_alloc)",
// "boost.json error: ...", "std::out_of_range: ...". Call only in a catch block.
std::string DescribeCurrentException();

// Writes "<program>: internal error: <description>" to `err` (if even that
// fails, nothing) and returns `exit_code`. Call only in a catch block.
int ReportCurrentException(std::string_view program, std::ostream& err, int exit_code) noexcept;

// Runs `command` (returning an exit code) so that no exception leaves it:
// noexcept, with a catch-all, so a crash is impossible by construction.
template <typename Command>
int RunGuarded(std::string_view program, std::ostream& err, int exit_code,
               Command&& command) noexcept {
  try {
    return std::forward<Command>(command)();
  } catch (...) {
    return ReportCurrentException(program, err, exit_code);
  }
}

// The same, and `also(description)` after the report (a --json error object
// on stdout, say); whatever `also` throws is swallowed.
template <typename Command, typename Also>
int RunGuarded(std::string_view program, std::ostream& err, int exit_code, Command&& command,
               Also&& also) noexcept {
  try {
    return std::forward<Command>(command)();
  } catch (...) {
    const int code = ReportCurrentException(program, err, exit_code);
    try {
      also(DescribeCurrentException());
    } catch (...) {
    }
    return code;
  }
}

}  // namespace ledger::cli_kit

#endif  // CLI_KIT_GUARD_H_
