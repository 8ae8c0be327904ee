// Damaged and hostile data.mdb files: real bytes of a demo ledger edited
// through LMDB's own structures (ledger/lmdb_format.h, located by the file
// checker's map), then the real programs run on them. Each must name the
// damage and exit with its code, never die from a signal.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>

#include "hostile_util.h"
#include "ledger/file_check.h"
#include "ledger/layout.h"
#include "ledger/lmdb_format.h"

namespace ledger::hostile {
namespace {

namespace fs = std::filesystem;
using namespace lmdb::format;  // NOLINT: the structures edited

// One damage: edits `data` (the whole data.mdb) using the clean file's map;
// `expect` is a piece of the message every program must print.
struct Case {
  std::string name;
  std::function<void(std::string& data, const FileMap& map)> damage;
  std::string expect;
};
// The case's name in test output (not its bytes).
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

void Put16(std::string& d, uint64_t at, uint16_t v) { std::memcpy(&d[at], &v, 2); }
void Put64(std::string& d, uint64_t at, uint64_t v) { std::memcpy(&d[at], &v, 8); }
uint16_t Get16(const std::string& d, uint64_t at) { return Load16(reinterpret_cast<const uint8_t*>(&d[at])); }
uint64_t Get64(const std::string& d, uint64_t at) { return Load64(reinterpret_cast<const uint8_t*>(&d[at])); }

void RandomPage(std::string& d, uint64_t pgno, uint64_t psize) {
  std::mt19937_64 rng(pgno);
  for (uint64_t i = 0; i < psize; ++i) d[pgno * psize + i] = char(rng());
}

std::vector<Case> Cases() {
  return {
      {"TruncatedByOnePage",
       [](std::string& d, const FileMap& m) { d.resize(m.used_bytes - m.page_size); },
       "shorter than the"},
      {"TruncatedToHalf", [](std::string& d, const FileMap&) { d.resize(d.size() / 2); },
       "shorter than the"},
      {"Zeroed", [](std::string& d, const FileMap&) { d.assign(d.size(), '\0'); },
       "page 0 (meta): magic"},
      {"Empty", [](std::string& d, const FileMap&) { d.clear(); },
       "data.mdb is empty (0 bytes): not an LMDB file"},
      {"MetaMagic",
       [](std::string& d, const FileMap& m) { d[m.page_size + kPageHeader] ^= 0x5a; },
       "page 1 (meta): magic"},
      {"RecordsNodeSizePlus64KiB",
       [](std::string& d, const FileMap& m) {
         const uint64_t page = m.Db(layout::kRecordsDb).leaf.back() * m.page_size;
         const uint16_t off = Get16(d, page + kPageHeader);
         Put16(d, page + off + 2, Get16(d, page + off + 2) + 1);  // mn_hi: +64 KiB
       },
       "(records): node 0's data"},
      {"RecordsLeafRandom",
       [](std::string& d, const FileMap& m) {
         RandomPage(d, m.Db(layout::kRecordsDb).leaf[1], m.page_size);
       },
       "(records)"},
      {"MerkleRootRandom",
       [](std::string& d, const FileMap& m) {
         RandomPage(d, m.Db(layout::kMerkleDb).root, m.page_size);
       },
       "(merkle)"},
      {"ProjectionPageRandom",
       [](std::string& d, const FileMap& m) { RandomPage(d, m.FirstProjection().root, m.page_size); },
       "(proj."},
      {"RecordsEntriesInCatalogue",
       [](std::string& d, const FileMap& m) {
         const uint64_t at = m.Db(layout::kRecordsDb).catalogue_offset + kDbEntriesAt;
         Put64(d, at, Get64(d, at) + 1);
       },
       "database records: says entries"},
      {"RecordsRootOutOfFile",
       [](std::string& d, const FileMap& m) {
         Put64(d, m.Db(layout::kRecordsDb).catalogue_offset + kDbRootAt, uint64_t(1) << 40);
       },
       "(records): the catalogue's root points to a page outside"},
      {"RecordsDepthPlusOne",
       [](std::string& d, const FileMap& m) {
         const uint64_t at = m.Db(layout::kRecordsDb).catalogue_offset + kDbDepthAt;
         Put16(d, at, Get16(d, at) + 1);
       },
       "(records): flags"},
      {"RecordsBranchChildLoop",
       [](std::string& d, const FileMap& m) {
         // The branch's second child made the branch itself: a cycle.
         const auto& db = m.Db(layout::kRecordsDb);
         const uint64_t page = db.branch.front() * m.page_size;
         const uint16_t off = Get16(d, page + kPageHeader + 2);
         Put16(d, page + off, uint16_t(db.branch.front()));
         Put16(d, page + off + 2, uint16_t(db.branch.front() >> 16));
       },
       "already in use"},
      {"RecordsLeafLowerUpper",
       [](std::string& d, const FileMap& m) {
         const uint64_t page = m.Db(layout::kRecordsDb).leaf.front() * m.page_size;
         Put16(d, page + kPageUpperAt, uint16_t(m.page_size + 8));
       },
       "free-space bounds"},
      {"PageNumberMismatch",
       [](std::string& d, const FileMap& m) {
         Put64(d, m.Db(layout::kMerkleDb).leaf.back() * m.page_size, 1);
       },
       "(merkle): the page says it is page 1 "},
      {"OverflowRunPastEnd",
       [](std::string& d, const FileMap& m) {
         const uint64_t first = m.AnyOverflow();
         const uint32_t pages = 0xffffff;  // mp_pages: far past the file's end
         std::memcpy(&d[first * m.page_size + kPageLowerAt], &pages, 4);
       },
       "the overflow run claims"},
  };
}

class HostileFile : public ::testing::TestWithParam<Case> {};

TEST_P(HostileFile, EveryProgramNamesTheDamage) {
  const Case& c = GetParam();
  const Fixture& f = Fixture::Get();
  if (c.name == "OverflowRunPastEnd" && f.map.AnyOverflow() == 0) GTEST_SKIP() << "no overflow page";
  testing::TempDir tmp;
  const std::string dir = f.CopyTo(tmp.Sub("ledger"));
  const std::string file = layout::PathIn(dir, layout::kDataFile);
  std::string data = f.clean_data;
  c.damage(data, f.map);
  WriteWhole(file, data);

  // The auditor: one problem of kind damaged-file, exit 1, text and JSON.
  ProgramRun verify = RunProgram("ledger-verify", {"ledger", dir});
  EXPECT_TRUE(verify.Exited()) << verify.output;
  EXPECT_EQ(verify.code, 1) << verify.output;
  EXPECT_NE(verify.output.find("damaged-file"), std::string::npos) << verify.output;
  EXPECT_NE(verify.output.find(c.expect), std::string::npos) << verify.output;
  ProgramRun json = RunProgram("ledger-verify", {"ledger", dir, "--json"});
  EXPECT_EQ(json.code, 1) << json.output;
  EXPECT_NE(json.output.find("\"kind\":\"damaged-file\""), std::string::npos) << json.output;

  // Read commands: exit 3 (cannot open the ledger) with the same message.
  for (std::vector<std::string> args :
       {std::vector<std::string>{"show", "--dir", dir, "0"},
        {"query", "holders", "--dir", dir, "--org", "mn.cabinet-secretariat"},
        {"verify", "--dir", dir}}) {
    ProgramRun r = RunProgram("ledger", args);
    EXPECT_TRUE(r.Exited()) << args[0] << ": " << r.output;
    EXPECT_EQ(r.code, 3) << args[0] << ": " << r.output;
    EXPECT_NE(r.output.find("damaged-file"), std::string::npos) << args[0] << ": " << r.output;
  }
  // A read-only server refuses to start.
  ProgramRun serve = RunProgram("ledger", {"serve", "--dir", dir, "--read-only", "--listen",
                                    "127.0.0.1:0", "--quiet"});
  EXPECT_TRUE(serve.Exited()) << serve.output;
  EXPECT_EQ(serve.code, 3) << serve.output;
  EXPECT_NE(serve.output.find("damaged-file"), std::string::npos) << serve.output;
}

INSTANTIATE_TEST_SUITE_P(Damage, HostileFile, ::testing::ValuesIn(Cases()),
                         [](const auto& param_info) { return param_info.param.name; });

// Auditing and reading create and change nothing in the directory.
TEST(ReadOnly, AuditAndReadsLeaveTheDirectoryAsItWas) {
  const Fixture& f = Fixture::Get();
  testing::TempDir tmp;
  const std::string dir = f.CopyTo(tmp.Sub("ledger"));
  fs::remove(layout::PathIn(dir, layout::kLockFile));
  fs::remove(layout::PathIn(dir, layout::kWriterLockFile));
  const std::string before = Listing(dir);
  ProgramRun verify = RunProgram("ledger-verify", {"ledger", dir});
  EXPECT_EQ(verify.code, 0) << verify.output;
  EXPECT_EQ(RunProgram("ledger", {"show", "--dir", dir, "0"}).code, 0);
  EXPECT_EQ(RunProgram("ledger", {"verify", "--dir", dir}).code, 0);
  EXPECT_EQ(Listing(dir), before);
}

// The clean fixture passes the full walk, and its map found what the cases edit.
TEST(FileCheck, TheCleanFixturePasses) {
  const Fixture& f = Fixture::Get();
  auto stats = lmdb::CheckDataFile(f.dir, lmdb::FileCheckDepth::kFull);
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_GT(stats->pages_visited, 10u);
  EXPECT_GE(f.map.Db(layout::kRecordsDb).branch.size(), 1u);
  EXPECT_GE(f.map.Db(layout::kRecordsDb).leaf.size(), 2u);
}

}  // namespace
}  // namespace ledger::hostile
