// Test helpers: temporary ledger directories, a fixed clock, signed events.
#ifndef LEDGER_TESTS_UTIL_TEST_LEDGER_H_
#define LEDGER_TESTS_UTIL_TEST_LEDGER_H_

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>

#include "ledger/events.h"
#include "ledger/layout.h"
#include "ledger/lmdb.h"
#include "ledger/store.h"

namespace ledger::testing {

// A fresh directory under the test temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

using Dbs = layout::Databases;
// Runs `fn` in one write transaction on the ledger's LMDB files and commits:
// an attacker with file access (the store must be closed).
Status WithWriteTxn(const std::string& dir, const std::function<Status(lmdb::Txn&, Dbs&)>& fn);

std::string ReadAll(const std::string& path);
void WriteAll(const std::string& path, const std::string& data);

// Builds and signs a submission from JSON text for `body`.
Submission MakeEvent(const std::string& type, const std::string& body_json, const SigningKey& key,
                     const std::string& client_id);
Submission RegisterKey(const SigningKey& signer, const PublicKey& key, const std::string& name,
                       const std::string& role, const std::string& orgs_json,
                       const std::string& client_id);
// Appends `n` authority-key registrations signed by `root` in one batch,
// named and client-id'd from `tag` (the same tag twice is a replay).
void AppendKeyRegistrations(Ledger& l, const SigningKey& root, int n, const std::string& tag);

// Every key and value of the named databases, hex, in order (for
// byte-for-byte comparisons of two states).
std::string DumpDatabases(const Ledger& ledger, std::initializer_list<const char*> names);

inline constexpr const char* kOrigin = "ledger.example.mn/test";

// A ledger in a temp dir with a root key and a deterministic clock.
struct TestLedger {
  TempDir dir;
  SigningKey root = SigningKey::Generate();
  std::unique_ptr<Ledger> ledger;
  int64_t clock_us;

  // `hooks` run inside every append (e.g. the civil-state projection).
  // `start_us`: the ledger clock at genesis (it never runs backwards).
  explicit TestLedger(std::vector<std::shared_ptr<AppendHook>> hooks = {},
                      int64_t start_us = 1'732'000'000'000'000);
  std::vector<std::shared_ptr<AppendHook>> hooks;
  std::string Dir() const { return dir.Sub("ledger"); }
  LedgerOptions Options();
  void Reopen();
  // Appends one event and asserts success; returns its seq.
  uint64_t MustAppend(const Submission& s);
};

}  // namespace ledger::testing

#endif  // LEDGER_TESTS_UTIL_TEST_LEDGER_H_
