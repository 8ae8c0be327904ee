// Runs `ledger serve` as a child process for the CLI tests: start it on a
// free port, read its RSS, wait for its exit.
#ifndef LEDGER_TESTS_CLI_SERVE_PROCESS_H_
#define LEDGER_TESTS_CLI_SERVE_PROCESS_H_

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli.h"
#include "util/test_ledger.h"

namespace ledger::cli {

// `ledger ARGS...` run in this process, with `input` on stdin.
struct CliRun {
  int rc;
  std::string out, err;
};
inline CliRun Cli(std::vector<std::string> args, const std::string& input = "") {
  std::istringstream in(input);
  std::ostringstream out, err;
  int rc = RunCli(args, Io{in, out, err});
  return {rc, out.str(), err.str()};
}

// SIGTERM, then its exit code (-1 when it did not exit normally).
inline int Stop(pid_t pid) {
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

inline int RunQuiet(std::vector<std::string> args) {
  std::istringstream in;
  std::ostringstream out, err;
  return RunCli(args, Io{in, out, err});
}

// Runs `ledger ARGS...` with stderr to `err_path`, reads its stdout until a
// line matches `port_regex` and returns its pid and the port the regex's
// first group captured (pid -1 on failure).
inline std::pair<pid_t, uint16_t> StartLedger(const std::vector<std::string>& args,
                                              const std::string& err_path,
                                              const std::string& port_regex) {
  int out_pipe[2];
  if (::pipe(out_pipe) != 0) return {-1, 0};
  const std::string binary = std::string(LEDGER_BINARY_DIR) + "/bin/ledger";
  pid_t pid = ::fork();
  if (pid < 0) return {-1, 0};
  if (pid == 0) {
    ::dup2(out_pipe[1], 1);
    FILE* err = std::fopen(err_path.c_str(), "w");
    if (err) ::dup2(::fileno(err), 2);
    ::close(out_pipe[0]);
    std::vector<char*> argv{const_cast<char*>(binary.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  std::string line;
  std::smatch m;
  for (char ch; ::read(out_pipe[0], &ch, 1) == 1;) {
    if (ch != '\n') {
      line += ch;
      continue;
    }
    if (std::regex_search(line, m, std::regex(port_regex))) {
      ::close(out_pipe[0]);
      return {pid, static_cast<uint16_t>(std::stoi(m[1]))};
    }
    line.clear();
  }
  ::close(out_pipe[0]);
  ADD_FAILURE() << "no port printed by ledger " << (args.empty() ? "" : args[0]);
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return {-1, 0};
}

// Starts `ledger serve` on a free port; returns its pid and port (pid -1 on
// failure). Its stderr goes to `err_path`.
inline std::pair<pid_t, uint16_t> StartServe(const std::string& dir, const std::string& err_path,
                                             std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"serve", "--dir", dir, "--listen", "127.0.0.1:0"};
  args.insert(args.end(), extra.begin(), extra.end());
  return StartLedger(args, err_path, R"(http://127\.0\.0\.1:(\d+)/v1)");
}

// A fresh ledger in `dir` whose root key is tmp/root.pem.
inline void InitLedger(const testing::TempDir& tmp, const std::string& dir) {
  ASSERT_EQ(RunQuiet({"keygen", "--out", tmp.Sub("root"), "--name", "council"}), 0);
  ASSERT_EQ(RunQuiet({"init", "--dir", dir, "--origin", "ledger.example.mn/serve-test",
                      "--root-key", tmp.Sub("root.pem")}),
            0);
}

// Resident set size of `pid` in bytes (VmRSS in /proc), 0 if it is gone.
inline size_t RssBytes(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::stoull(line.substr(6)) * 1024;
  }
  return 0;
}

// The wait status once `pid` exits, or nullopt if it is still running after `limit`.
inline std::optional<int> WaitExit(pid_t pid, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return status;
    if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace ledger::cli

#endif  // LEDGER_TESTS_CLI_SERVE_PROCESS_H_
