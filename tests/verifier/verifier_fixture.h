// Test ledgers for the verifier, and the attacker's tools: editing the LMDB
// file's raw bytes, writing records behind the store's back, and an insider
// who holds the log's signing key and rewrites history consistently.
#ifndef LEDGER_TESTS_VERIFIER_VERIFIER_FIXTURE_H_
#define LEDGER_TESTS_VERIFIER_VERIFIER_FIXTURE_H_

#include <functional>
#include <string>
#include <vector>

#include "ledger/layout.h"
#include "ledger/lmdb.h"
#include "util/test_ledger.h"
#include "verifier/audit.h"

namespace ledger::testing {

// Genesis, then keys A and B (authorities for mn.a) and C (mn.c, later
// revoked), then organisation renamings by A and B in batches of 4, each batch
// with its own stored checkpoint.
class AuditLedger {
 public:
  AuditLedger() = default;
  // Appends `events` renamings; returns the seqs they got.
  std::vector<uint64_t> Build(int events = 24);
  std::vector<uint64_t> AppendRenamings(int events);
  Submission Rename(const SigningKey& key, int n, const std::string& org = "mn.a");

  std::string Dir() const { return t.Dir(); }
  const note::VerifierKey& log_key() const { return log_key_; }
  Ledger& ledger() { return *t.ledger; }
  // Closes the store so an attacker (or the verifier) has the files alone.
  void Close() { t.ledger.reset(); }
  void Reopen() { t.Reopen(); }
  Result<verify::AuditReport> Audit(const std::vector<std::string>& kept = {}) const;

  TestLedger t;
  SigningKey a = SigningKey::Generate(), b = SigningKey::Generate(), c = SigningKey::Generate();
  int next_event = 0;

 private:
  note::VerifierKey log_key_;
};

// Flips byte `offset` of every copy of `needle` in the file (old page copies
// included); returns how many copies it changed.
int FlipByteInFile(const std::string& path, ByteView needle, size_t offset);


Bytes DedupKeyOf(const Submission& s);
// Appends a record with every derived database updated and a checkpoint
// signed with the log's key, exactly as the store would, but without the
// store's checks (so a revoked key's record gets in).
Status InsiderAppend(const std::string& dir, const Submission& s, int64_t recorded_at);
// Replaces record `seq`'s submission, re-chains every later record, rebuilds
// the Merkle nodes and idempotency entry, and re-signs every stored checkpoint.
Status InsiderRewrite(const std::string& dir, uint64_t seq, const Submission& replacement);
// The same for any change to record `seq` that `edit` makes (its flags, say).
Status InsiderEdit(const std::string& dir, uint64_t seq, const std::function<void(Record&)>& edit);

// Whether the report lists a problem of `kind` about `seq`.
bool HasProblem(const verify::AuditReport& r, const std::string& kind, uint64_t seq);
std::string Kinds(const verify::AuditReport& r);

}  // namespace ledger::testing

#endif  // LEDGER_TESTS_VERIFIER_VERIFIER_FIXTURE_H_
