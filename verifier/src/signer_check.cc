// The signer part of a proof (FORMAT.md 7.3), checked from signed data only:
// every registering record must be a leaf of the same checkpoint's tree and
// the chain must lead from the signing key to the key.register (or genesis)
// that named it. What the carried data cannot settle (revocation since, the
// registrar's own standing) is said, not guessed.
#include "signer_check.h"

#include <boost/json.hpp>

#include "ledger/events.h"
#include "ledger/keys.h"
#include "ledger/merkle.h"

namespace ledger::verify {
namespace json = boost::json;

namespace {

std::string Fp(const PublicKey& key) { return "ed25519:" + KeyFingerprint(key); }

// "authority for mn.ub.khan-uul", "admin for all organisations", "root".
std::string RoleText(const std::string& role, const std::vector<std::string>& orgs) {
  if (role == "root") return "root";
  std::string out = role + " for ";
  if (orgs.size() == 1 && orgs[0] == "*") return out + "all organisations";
  for (size_t i = 0; i < orgs.size(); ++i) out += (i ? ", " : "") + orgs[i];
  return out;
}

struct Identity {
  std::string name, role;
  std::vector<std::string> organisations;
  PublicKey registrar{};  // who signed the key.register (the root key itself for genesis)
  uint64_t named_at = 0;  // the key.register or genesis seq
  bool genesis = false;
};

// Rule 7 of FORMAT.md 6, for what the carried data shows: an authority key
// may sign only events with a scope field, for organisations within its own.
std::optional<std::string> ScopeProblem(const Record& record, const Identity& id) {
  if (id.role != "authority") return std::nullopt;
  auto body = events::DecodeLatestBody(record.submission);
  if (!body.ok()) return "the record's body does not decode: " + body.status().message();
  const std::string_view field = body->schema().scope_field;
  if (field.empty()) {
    return "an authority key signed " + record.submission.event_type +
           ", which only root and admin keys may sign";
  }
  const std::string& org = body->Text(field);
  for (const std::string& unit : id.organisations) {
    if (unit == "*" || keys::OrgIsWithin(org, unit)) return std::nullopt;
  }
  return "the record is for " + org + ", outside the signer's organisations";
}

class SignerChecker {
 public:
  SignerChecker(Verdict& v, const note::Checkpoint& cp, const Record& record)
      : v_(v), cp_(cp), record_(record) {}

  void Run(const SignerPart& part) {
    if (part.tree_size != cp_.size) {
      return Problem("tree_size",
                     "the signer part is for tree size " + std::to_string(part.tree_size) +
                         " but the proof's checkpoint is for size " + std::to_string(cp_.size));
    }
    PublicKey want = record_.submission.signer;
    uint64_t below = record_.seq;
    json::array seqs, rotations;
    std::optional<Identity> id;
    for (size_t i = 0; i < part.chain.size(); ++i) {
      const SignerPart::Link& link = part.chain[i];
      const std::string what = "the signer part's record at seq " + std::to_string(link.index);
      if (id) return Problem("order", what + " follows the registration that ends the chain");
      if (!(link.index < below || (link.index == 0 && below == 0))) {
        return Problem("order", what + " is not before seq " + std::to_string(below) +
                                    ", where its key is already in use");
      }
      if (link.index >= cp_.size) {
        return Problem("inclusion",
                       what + " is not below the tree size " + std::to_string(cp_.size));
      }
      Status in = merkle::VerifyInclusion(link.index, cp_.size, merkle::HashLeaf(link.leaf),
                                          link.hashes, cp_.root);
      if (!in.ok()) {
        return Problem("inclusion", what + " is not in the checkpoint's tree: " + in.message());
      }
      auto rec = DecodeRecord(link.leaf);
      if (!rec.ok()) {
        return Problem("record", what + " is not a ledger record: " + rec.status().message());
      }
      if (rec->seq != link.index) {
        return Problem("record", what + " says seq " + std::to_string(rec->seq));
      }
      if (!SubmissionSignatureValid(rec->submission)) {
        return Problem("record", what + ": its submission signature does not verify");
      }
      auto body = events::DecodeLatestBody(rec->submission);
      if (!body.ok()) return Problem("record", what + ": " + body.status().message());
      seqs.emplace_back(link.index);
      const std::string& type = rec->submission.event_type;
      const std::string registered = type == "key.register"     ? "key"
                                     : type == "key.rotate"     ? "new_key"
                                     : type == "ledger.genesis" ? "root_key"
                                                                : "";
      if (registered.empty()) {
        return Problem("not_a_registration", what + " is a " + type + ", which registers no key");
      }
      if (body->Key(registered) != want) {
        return Problem(
            "wrong_key",
            what + " (" + type + ") registers " + Fp(body->Key(registered)) + ", not " + Fp(want) +
                (i == 0 ? ", the key that signed the record" : ", the key rotated away"));
      }
      below = link.index;
      if (type == "key.rotate") {
        json::object r;
        r["seq"] = link.index;
        r["old_key"] = Base64Encode(body->Key("old_key"));
        r["new_key"] = Base64Encode(want);
        r["signed_by"] = Base64Encode(rec->submission.signer);
        rotations.push_back(std::move(r));
        want = body->Key("old_key");
        continue;
      }
      id.emplace();
      id->named_at = link.index;
      id->registrar = rec->submission.signer;
      if (type == "ledger.genesis") {
        if (rec->submission.signer != want) {
          return Problem("record", what + " (genesis) is not signed by the root key it registers");
        }
        *id = Identity{body->Text("root_name"), "root", {"*"}, want, link.index, true};
      } else {
        if (rec->submission.signer == want) {
          return Problem("record", what + " is signed by the key it registers");
        }
        id->name = body->Text("name");
        id->role = body->Text("role");
        id->organisations = body->List("organisations");
      }
    }
    if (!id) {
      return Problem("incomplete", part.chain.empty()
                                       ? "the signer part holds no registering record"
                                       : "the signer part stops at the key.rotate at seq " +
                                             std::to_string(below) +
                                             ": the record that registered " + Fp(want) +
                                             " is missing");
    }
    if (auto scope = ScopeProblem(record_, *id)) return Problem("scope", *scope);
    Report(*id, part.chain.front().index, seqs, rotations);
  }

 private:
  void Problem(const std::string& kind, const std::string& why) {
    json::object o;
    o["problem"] = kind;
    o["reason"] = why;
    v_.json["signer"] = std::move(o);
    v_.Reject(why);
  }

  void Report(const Identity& id, uint64_t registered_seq, json::array& seqs,
              json::array& rotations) {
    const std::string since = "needs the records since seq " + std::to_string(registered_seq) +
                              " or the key-registry view digest";
    std::string line = "signed by " + id.name + " (" + RoleText(id.role, id.organisations) +
                       "), registered at seq " + std::to_string(registered_seq);
    if (!rotations.empty()) {
      line += " by key.rotate (" + id.name + " was first registered at seq " +
              std::to_string(id.named_at) + ")";
    }
    v_.facts.push_back(line + "; revocation not checked: " + since);
    const bool one = seqs.size() == 1;
    v_.facts.push_back(
        std::string("checked: the registering record") + (one ? " (seq " : "s (seqs ") +
        SeqList(seqs) + (one ? ") is" : ") are") + " in the same tree of size " +
        std::to_string(cp_.size) +
        (one ? ", its signature verifies" : ", their signatures verify") +
        ", and the chain registers exactly the key that signed" +
        (id.role == "authority" ? "; the record is within the key's organisations" : ""));
    if (id.genesis) {
      v_.facts.push_back("the genesis record registers the root key and is signed by it");
    } else {
      v_.facts.push_back("not checked: that " + Fp(id.registrar) +
                         ", which signed the registration at seq " + std::to_string(id.named_at) +
                         ", was a root or admin key in good standing then (needs its own "
                         "registration and the records before: ledger-verify ledger or export)");
    }
    json::object o;
    o["key"] = Base64Encode(record_.submission.signer);
    o["name"] = id.name;
    o["role"] = id.role;
    json::array orgs;
    for (const auto& org : id.organisations) orgs.emplace_back(org);
    o["organisations"] = std::move(orgs);
    o["registered_seq"] = registered_seq;
    o["named_at_seq"] = id.named_at;
    o["registered_by"] = Base64Encode(id.registrar);
    o["rotations"] = std::move(rotations);
    o["chain"] = std::move(seqs);
    o["revocation_checked"] = false;
    o["revocation_needs"] = since.substr(6);
    o["registrar_checked"] = id.genesis;
    v_.json["signer"] = std::move(o);
  }

  static std::string SeqList(const json::array& seqs) {
    std::string out;
    for (const auto& s : seqs) out += (out.empty() ? "" : ", ") + json::serialize(s);
    return out;
  }

  Verdict& v_;
  const note::Checkpoint& cp_;
  const Record& record_;
};

}  // namespace

void CheckSignerPart(Verdict& v, const note::Checkpoint& cp, const Record& record,
                     const std::optional<SignerPart>& part) {
  if (!part) {
    v.facts.push_back("signer identity not carried: the record names only its key " +
                      Fp(record.submission.signer));
    v.json["signer"] = nullptr;
    return;
  }
  SignerChecker(v, cp, record).Run(*part);
}

}  // namespace ledger::verify
