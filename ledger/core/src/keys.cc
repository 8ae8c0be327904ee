// Key registry rules: genesis, registration, revocation, rotation and the
// authority/scope check for every other event.
#include "ledger/keys.h"

#include <algorithm>

#include "ledger/binary_archive.h"
#include "ledger/event_types.h"

namespace ledger::keys {
namespace {

namespace F = events::field;

template <class Archive>
void SerializeEntry(Archive& ar, KeyEntry& e) {
  uint8_t role = static_cast<uint8_t>(e.role);
  uint8_t revoked = e.revoked ? 1 : 0;
  ar(e.key, e.name, role, e.organisations, e.registered_seq, revoked, e.revoked_seq,
     e.revoke_reason);
  if constexpr (Archive::is_loading::value) {
    if (role > 2 || revoked > 1) ar.Fail("bad key entry flags");
    e.role = static_cast<Role>(role);
    e.revoked = revoked == 1;
  }
}

Status Denied(const std::string& who, const std::string& why) {
  return Status::PermissionDenied("key " + who + " " + why);
}

// The signer must exist and not be revoked; returns its entry.
Result<KeyEntry> ActiveSigner(const Submission& s, const KeyLookup& registry) {
  LEDGER_ASSIGN_OR_RETURN(std::optional<KeyEntry> e, registry.Find(s.signer));
  if (!e) return Denied("ed25519:" + KeyFingerprint(s.signer), "is not registered in this ledger");
  if (e->revoked) {
    return Denied(e->Label(), "was revoked at seq " + std::to_string(e->revoked_seq) + " (" +
                                  e->revoke_reason + ")");
  }
  return *e;
}

Result<KeyEntry> ExistingKey(const KeyLookup& registry, const PublicKey& key,
                             std::string_view field) {
  LEDGER_ASSIGN_OR_RETURN(std::optional<KeyEntry> e, registry.Find(key));
  if (!e) {
    return Status::InvalidArgument("body." + std::string(field) +
                                   ": key ed25519:" + KeyFingerprint(key) + " is not registered");
  }
  if (e->revoked) {
    return Status::InvalidArgument("body." + std::string(field) + ": key " + e->Label() +
                                   " is already revoked");
  }
  return *e;
}

// Root may manage every key; an admin only authority keys.
Status MayManage(const KeyEntry& signer, Role target) {
  if (signer.role == Role::kRoot) return Status::Ok();
  if (signer.role == Role::kAdmin && target == Role::kAuthority) return Status::Ok();
  return Denied(signer.Label(), "(role " + std::string(RoleName(signer.role)) +
                                    ") may not manage " + std::string(RoleName(target)) + " keys");
}

// A key scoped to an organisation may record for it and every unit below it.
bool InScope(const std::vector<std::string>& scope, const std::string& org) {
  for (const auto& s : scope) {
    if (s == "*" || OrgIsWithin(org, s)) return true;
  }
  return false;
}

// Seq 0 is the genesis record and nothing else is: it registers the root key
// that signs it, the log's origin and the log's key.
Result<RegistryEffect> CheckGenesis(const Submission& s, const events::Body& body, uint64_t seq) {
  if (s.event_type != events::kLedgerGenesis) {
    return Status::FailedPrecondition(
        "the ledger has no genesis record yet; seq 0 must be "
        "ledger.genesis");
  }
  if (seq != 0) return Status::InvalidArgument("the ledger already has its genesis record");
  if (s.signer != body.Key(F::kRootKey)) {
    return Status::PermissionDenied("genesis must be signed by the root key it registers");
  }
  const std::string& origin = body.Text(F::kOrigin);
  if (origin.empty() || origin.find_first_of(" \t\n+") != std::string::npos) {
    return Status::InvalidArgument("body.origin: must be non-empty without spaces or '+'");
  }
  GenesisInfo info = GenesisFromBody(body);
  for (const std::string& name : info.rule_sets) {
    if (name == "*") return Status::InvalidArgument("body.rule_sets: name each rule set; \"*\" is not one");
  }
  RegistryEffect effect;
  effect.upserts.push_back({body.Key(F::kRootKey), body.Text(F::kRootName), Role::kRoot, {"*"}, 0});
  effect.genesis = std::move(info);
  return effect;
}

// A new key: the signer may manage its role, the key is new, and it is
// scoped to at least one organisation.
Result<RegistryEffect> CheckRegister(const KeyEntry& signer, const events::Body& body, uint64_t seq,
                                     const KeyLookup& registry) {
  Role role = body.Text(F::kRole) == events::choice::kRoleAdmin ? Role::kAdmin : Role::kAuthority;
  LEDGER_RETURN_IF_ERROR(MayManage(signer, role));
  LEDGER_ASSIGN_OR_RETURN(std::optional<KeyEntry> existing, registry.Find(body.Key(F::kKey)));
  if (existing) {
    return Status::InvalidArgument("body.key: key " + existing->Label() +
                                   " is already registered (seq " +
                                   std::to_string(existing->registered_seq) + ")");
  }
  if (body.List(F::kOrganisations).empty()) {
    return Status::InvalidArgument(
        "body.organisations: list at least one organisation id, "
        "or \"*\"");
  }
  RegistryEffect effect;
  effect.upserts.push_back(
      {body.Key(F::kKey), body.Text(F::kName), role, body.List(F::kOrganisations), seq});
  return effect;
}

// The root key is never revoked (it is rotated), so the log always has one.
Result<RegistryEffect> CheckRevoke(const KeyEntry& signer, const events::Body& body, uint64_t seq,
                                   const KeyLookup& registry) {
  LEDGER_ASSIGN_OR_RETURN(KeyEntry target, ExistingKey(registry, body.Key(F::kKey), F::kKey));
  if (target.role == Role::kRoot) {
    return Status::InvalidArgument("body.key: the root key cannot be revoked, only rotated");
  }
  LEDGER_RETURN_IF_ERROR(MayManage(signer, target.role));
  target.revoked = true;
  target.revoked_seq = seq;
  target.revoke_reason = body.Text(F::kReason);
  RegistryEffect effect;
  effect.upserts.push_back(std::move(target));
  return effect;
}

// Rotation revokes the old key and registers the new one with its name,
// role and scope, in one record.
Result<RegistryEffect> CheckRotate(const KeyEntry& signer, const events::Body& body, uint64_t seq,
                                   const KeyLookup& registry) {
  LEDGER_ASSIGN_OR_RETURN(KeyEntry old, ExistingKey(registry, body.Key(F::kOldKey), F::kOldKey));
  LEDGER_RETURN_IF_ERROR(MayManage(signer, old.role));
  LEDGER_ASSIGN_OR_RETURN(std::optional<KeyEntry> clash, registry.Find(body.Key(F::kNewKey)));
  if (clash) {
    return Status::InvalidArgument("body.new_key: key " + clash->Label() +
                                   " is already registered");
  }
  KeyEntry fresh{body.Key(F::kNewKey), old.name, old.role, old.organisations, seq};
  old.revoked = true;
  old.revoked_seq = seq;
  old.revoke_reason =
      "rotated to ed25519:" + KeyFingerprint(fresh.key) + ": " + body.Text(F::kReason);
  RegistryEffect effect;
  effect.upserts.push_back(std::move(old));
  effect.upserts.push_back(std::move(fresh));
  return effect;
}

// Every other event: an authority key records only for the organisations in
// its scope, and never the types without a scope field (root/admin only).
Status CheckMayRecord(const KeyEntry& signer, const std::string& type, const events::Body& body) {
  if (signer.role != Role::kAuthority) return Status::Ok();
  const std::string_view scope_field = body.schema().scope_field;
  if (scope_field.empty()) {
    return Denied(signer.Label(), "(role authority) may not record " + type + " events");
  }
  const std::string& org = body.Text(scope_field);
  if (!InScope(signer.organisations, org)) {
    return Denied(signer.Label(), "is not authorised to record for organisation \"" + org + "\"");
  }
  return Status::Ok();
}

}  // namespace

bool OrgIsWithin(std::string_view org, std::string_view unit) {
  return org == unit ||
         (org.size() > unit.size() && org.starts_with(unit) && org[unit.size()] == '.');
}

std::string_view RoleName(Role r) {
  switch (r) {
    case Role::kRoot:
      return "root";
    case Role::kAdmin:
      return "admin";
    case Role::kAuthority:
      return "authority";
  }
  return "unknown";
}

std::string KeyEntry::Label() const { return name + " (ed25519:" + KeyFingerprint(key) + ")"; }

Bytes EncodeKeyEntry(const KeyEntry& e) {
  return EncodeToBytes([&](auto& ar) { SerializeEntry(ar, const_cast<KeyEntry&>(e)); });
}

Result<KeyEntry> DecodeKeyEntry(ByteView bytes) {
  KeyEntry e;
  BinaryReader ar(bytes);
  SerializeEntry(ar, e);
  LEDGER_RETURN_IF_ERROR(ar.Finish().WithContext("key registry entry does not decode"));
  return e;
}

GenesisInfo GenesisFromBody(const events::Body& body) {
  GenesisInfo info{body.Text(F::kOrigin), body.Key(F::kLogKey), {}};
  if (body.Has(F::kRuleSets)) info.rule_sets = body.List(F::kRuleSets);
  return info;
}

Result<GenesisInfo> GenesisFromRecord(const Record& genesis) {
  if (genesis.seq != 0 || genesis.submission.event_type != events::kLedgerGenesis) {
    return Status::InvalidArgument("record " + std::to_string(genesis.seq) + " is a " +
                                   genesis.submission.event_type + ", not the genesis record");
  }
  LEDGER_ASSIGN_OR_RETURN(events::Body body, events::DecodeLatestBody(genesis.submission));
  return GenesisFromBody(body);
}

Result<RegistryEffect> CheckSubmission(const Submission& s, const events::Body& body, uint64_t seq,
                                       const KeyLookup& registry) {
  if (s.event_type == events::kLedgerGenesis || seq == 0) return CheckGenesis(s, body, seq);
  LEDGER_ASSIGN_OR_RETURN(KeyEntry signer, ActiveSigner(s, registry));
  if (s.event_type == events::kKeyRegister) return CheckRegister(signer, body, seq, registry);
  if (s.event_type == events::kKeyRevoke) return CheckRevoke(signer, body, seq, registry);
  if (s.event_type == events::kKeyRotate) return CheckRotate(signer, body, seq, registry);
  LEDGER_RETURN_IF_ERROR(CheckMayRecord(signer, s.event_type, body));
  return RegistryEffect{};
}

Result<std::optional<KeyEntry>> MemoryKeyRegistry::Find(const PublicKey& key) const {
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::optional<KeyEntry>();
  return std::optional<KeyEntry>(it->second);
}

void MemoryKeyRegistry::Apply(const RegistryEffect& effect) {
  for (const auto& e : effect.upserts) entries_[e.key] = e;
}

}  // namespace ledger::keys
