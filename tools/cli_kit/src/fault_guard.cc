// SIGBUS/SIGSEGV in the data.mdb map to a message and an exit code
// (cli_kit/fault_guard.h). Only async-signal-safe calls run in the handler.
#include "cli_kit/fault_guard.h"

#include <signal.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>

#include "ledger/mapped_files.h"

namespace ledger::cli_kit {
namespace {

const char* g_program = "ledger";
int g_exit_code = 3;
alignas(16) char g_alt_stack[64 * 1024];

void WriteAll(const char* s, size_t n) {
  while (n > 0) {
    ssize_t w = ::write(STDERR_FILENO, s, n);
    if (w <= 0) return;
    s += w;
    n -= size_t(w);
  }
}
void WriteText(const char* s) { WriteAll(s, std::strlen(s)); }

void OnFault(int sig, siginfo_t* info, void*) {
  uint64_t offset = 0;
  if (!info || !lmdb::FindInMaps(info->si_addr, &offset)) {
    // Not the map: a bug. Let the default action (a core dump) happen.
    ::signal(sig, SIG_DFL);
    ::raise(sig);
    return;
  }
  char digits[24];
  int n = 0;
  do {
    digits[n++] = char('0' + offset % 10);
    offset /= 10;
  } while (offset > 0);
  char number[24];
  for (int i = 0; i < n; ++i) number[i] = digits[n - 1 - i];
  WriteText(g_program);
  WriteText(": damaged-file: data.mdb: reading the mapped file faulted at offset ");
  WriteAll(number, size_t(n));
  WriteText(" (the file is shorter than LMDB says, or a page is corrupt); run ledger-verify on "
            "the ledger and restore it from a backup\n");
  ::_exit(g_exit_code);
}

}  // namespace

void InstallMapFaultHandler(const char* program, int exit_code) {
  g_program = program;
  g_exit_code = exit_code;
  stack_t ss{};
  ss.ss_sp = g_alt_stack;
  ss.ss_size = sizeof g_alt_stack;
  ::sigaltstack(&ss, nullptr);
  struct sigaction sa{};
  sa.sa_sigaction = OnFault;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGBUS, &sa, nullptr);
  ::sigaction(SIGSEGV, &sa, nullptr);
}

void RemoveMapFaultHandler() {
  ::signal(SIGBUS, SIG_DFL);
  ::signal(SIGSEGV, SIG_DFL);
}

}  // namespace ledger::cli_kit
