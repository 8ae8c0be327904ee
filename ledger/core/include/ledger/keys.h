// Key registry rules: who may sign what. Storage-free: the store checks
// submissions against its LMDB registry and the verifier replays the same
// rules over an in-memory registry, so both agree by construction.
// Rules: docs/FORMAT.md, section "Key registry".
#ifndef LEDGER_KEYS_H_
#define LEDGER_KEYS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ledger/crypto.h"
#include "ledger/events.h"
#include "ledger/record.h"
#include "ledger/status.h"

namespace ledger::keys {

enum class Role : uint8_t { kRoot = 0, kAdmin = 1, kAuthority = 2 };
std::string_view RoleName(Role r);

// Organisation ids are hierarchical ("mn.ub.khan-uul.khoroo-01"): whether
// `org` is `unit` itself or lies below it. Key scopes and views use this.
bool OrgIsWithin(std::string_view org, std::string_view unit);

struct KeyEntry {
  PublicKey key{};
  std::string name;
  Role role = Role::kAuthority;
  std::vector<std::string> organisations;  // "*" = every organisation
  uint64_t registered_seq = 0;
  bool revoked = false;
  uint64_t revoked_seq = 0;
  std::string revoke_reason;

  bool operator==(const KeyEntry&) const = default;
  // "hr-khan-uul (ed25519:3fa1c2...)"
  std::string Label() const;
};

Bytes EncodeKeyEntry(const KeyEntry& e);
Result<KeyEntry> DecodeKeyEntry(ByteView bytes);

// The registry as it stands just before the event being checked.
class KeyLookup {
 public:
  virtual ~KeyLookup() = default;
  virtual Result<std::optional<KeyEntry>> Find(const PublicKey& key) const = 0;
};

struct GenesisInfo {
  std::string origin;
  PublicKey log_key{};
  // The rule sets the log is kept under (genesis v2; AppendHook::RuleSet):
  // a writer must apply them and the auditor must find their projections.
  std::vector<std::string> rule_sets;
};
// What the genesis record declares, from its body upcast to the latest version.
GenesisInfo GenesisFromBody(const events::Body& body);
// The same from the stored record at seq 0; InvalidArgument if it is not a genesis.
Result<GenesisInfo> GenesisFromRecord(const Record& genesis);

// What an accepted event changes: registry entries to write (whole entries).
struct RegistryEffect {
  std::vector<KeyEntry> upserts;
  std::optional<GenesisInfo> genesis;
};

// Checks that a submission with a valid signature and decoded `body` may be
// appended at `seq`, and returns its effect on the registry. PermissionDenied
// names the key and the reason (unknown, revoked at seq N, out of scope, role
// too low); InvalidArgument for events that cannot be true (a second
// genesis, revoking an unknown key, registering a key twice).
Result<RegistryEffect> CheckSubmission(const Submission& s, const events::Body& body, uint64_t seq,
                                       const KeyLookup& registry);

// An in-memory registry for the verifier and tests.
class MemoryKeyRegistry : public KeyLookup {
 public:
  Result<std::optional<KeyEntry>> Find(const PublicKey& key) const override;
  void Apply(const RegistryEffect& effect);
  const std::map<PublicKey, KeyEntry>& entries() const { return entries_; }

 private:
  std::map<PublicKey, KeyEntry> entries_;
};

}  // namespace ledger::keys

#endif  // LEDGER_KEYS_H_
