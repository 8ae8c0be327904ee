// The hostile-file tests' helpers: one demo ledger made once per build tree
// (and the map of its data.mdb), copies of it to damage, and running the
// real programs as child processes (their exit status, stdout and stderr).
#ifndef LEDGER_TESTS_HOSTILE_HOSTILE_UTIL_H_
#define LEDGER_TESTS_HOSTILE_HOSTILE_UTIL_H_

#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "ledger/file_check.h"
#include "ledger/layout.h"
#include "ledger/lmdb_format.h"
#include "util/test_ledger.h"

namespace ledger::hostile {

struct ProgramRun {
  int status = 0;      // as waitpid gives it
  int code = -1;       // the exit code, -1 when it died from a signal
  std::string output;  // stdout then stderr
  bool Exited() const { return WIFEXITED(status) && !WIFSIGNALED(status); }
};

// Runs build/bin/PROGRAM ARGS..., stdin empty, and waits for it.
inline ProgramRun RunProgram(const std::string& program, const std::vector<std::string>& args) {
  testing::TempDir tmp;
  const std::string out = tmp.Sub("out"), err = tmp.Sub("err");
  const std::string binary = std::string(LEDGER_BINARY_DIR) + "/bin/" + program;
  pid_t pid = ::fork();
  if (pid == 0) {
    FILE* in = std::fopen("/dev/null", "r");
    FILE* o = std::fopen(out.c_str(), "w");
    FILE* e = std::fopen(err.c_str(), "w");
    if (!in || !o || !e) ::_exit(126);
    ::dup2(::fileno(in), 0);
    ::dup2(::fileno(o), 1);
    ::dup2(::fileno(e), 2);
    std::vector<char*> argv{const_cast<char*>(binary.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  ProgramRun r;
  ::waitpid(pid, &r.status, 0);
  if (WIFEXITED(r.status)) r.code = WEXITSTATUS(r.status);
  r.output = testing::ReadAll(out) + testing::ReadAll(err);
  return r;
}

// The map of a clean data.mdb, as the file checker found it.
struct FileMap {
  uint64_t page_size = 0;
  uint64_t used_bytes = 0;  // the pages in use (the file may be longer)
  std::vector<lmdb::DatabasePages> dbs;
  const lmdb::DatabasePages& Db(const std::string& name) const {
    for (const auto& d : dbs) {
      if (d.name == name) return d;
    }
    ADD_FAILURE() << "no database " << name;
    return dbs.front();
  }
  const lmdb::DatabasePages& FirstProjection() const {
    for (const auto& d : dbs) {
      if (d.name.starts_with("proj.") && d.root != lmdb::format::kInvalidPage) return d;
    }
    ADD_FAILURE() << "no projection database";
    return dbs.front();
  }
  uint64_t AnyOverflow() const {  // the first page of an overflow run, 0 if none
    for (const auto& d : dbs) {
      if (d.name != "free" && !d.overflow.empty()) return d.overflow.front();
    }
    return 0;
  }
};

inline void WriteWhole(const std::string& path, const std::string& data) {
  testing::WriteAll(path, data);
}

// The directory's entries with their sizes and data.mdb's bytes.
inline std::string Listing(const std::string& dir) {
  std::vector<std::string> lines;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    lines.push_back(e.path().filename().string() + " " +
                    std::to_string(e.is_regular_file() ? e.file_size() : 0));
  }
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out + testing::ReadAll(layout::PathIn(dir, layout::kDataFile));
}

// A demo ledger, made once per build tree and kept there (ctest runs each
// test in its own process): build/hostile-fixture/, its making serialised
// by an flock and marked done by a "ready" file.
struct Fixture {
  std::string dir;         // the ledger directory
  std::string clean_data;  // its data.mdb
  FileMap map;

  static const Fixture& Get() {
    static Fixture* f = [] {
      auto* made = new Fixture;
      const std::string root = std::string(LEDGER_BINARY_DIR) + "/hostile-fixture";
      std::filesystem::create_directories(root);
      const int lock = ::open((root + "/lock").c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
      if (lock >= 0) ::flock(lock, LOCK_EX);
      // Made again whenever the ledger program is newer than it: a fixture
      // written by an older build may be in a layout this one refuses.
      std::error_code ec;
      const auto made_at = std::filesystem::last_write_time(root + "/ready", ec);
      const bool fresh =
          !ec && made_at >= std::filesystem::last_write_time(
                                 std::string(LEDGER_BINARY_DIR) + "/bin/ledger", ec) &&
          !ec;
      if (!fresh) {
        std::filesystem::remove_all(root + "/demo");
        ProgramRun demo = RunProgram("ledger", {"demo", "--dir", root + "/demo", "--people", "60"});
        EXPECT_EQ(demo.code, 0) << demo.output;
        if (demo.code == 0) testing::WriteAll(root + "/ready", "");
      }
      if (lock >= 0) ::close(lock);
      made->dir = root + "/demo/ledger";
      made->clean_data = testing::ReadAll(layout::PathIn(made->dir, layout::kDataFile));
      auto dbs = lmdb::MapDataFile(made->dir);
      EXPECT_TRUE(dbs.ok()) << dbs.status().ToString();
      if (dbs.ok()) made->map.dbs = std::move(*dbs);
      auto stats = lmdb::CheckDataFile(made->dir, lmdb::FileCheckDepth::kRoots);
      EXPECT_TRUE(stats.ok()) << stats.status().ToString();
      if (stats.ok()) {
        made->map.page_size = stats->page_size;
        made->map.used_bytes = (stats->last_page + 1) * stats->page_size;
      }
      return made;
    }();
    return *f;
  }

  // A copy of the ledger directory at `dest`; returns `dest`.
  std::string CopyTo(const std::string& dest) const {
    std::filesystem::copy(dir, dest, std::filesystem::copy_options::recursive);
    return dest;
  }
};

}  // namespace ledger::hostile

#endif  // LEDGER_TESTS_HOSTILE_HOSTILE_UTIL_H_
