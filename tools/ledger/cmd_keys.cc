// Key commands: keygen, key register|revoke|rotate|list, and sign.
#include <boost/json.hpp>
#include <filesystem>

#include "cli.h"
#include "cli_kit/input.h"
#include "ledger/event_types.h"
#include "ledger/events.h"
#include "ledger/keys.h"
#include "ledger/note.h"
#include "ledger/wire.h"

namespace ledger::cli {
namespace json = boost::json;

namespace {

int Keygen(const Args& a, Io& io) {
  auto out = a.Require("out");
  if (!out.ok()) return Fail(io, out.status());
  std::string name = a.GetOr("name", std::filesystem::path(*out).filename().string());
  SigningKey key = SigningKey::Generate();
  bool force = a.Has("force");
  auto vkey =
      note::VerifierKey::Parse(note::VerifierKey::ForKey(name, key.public_key()).ToString());
  if (!vkey.ok()) return Fail(io, vkey.status().WithContext("--name"));
  for (auto [path, data, mode] : {std::tuple{*out + ".pem", key.ToPem(), 0600u},
                                  {*out + ".pub", PublicKeyToPem(key.public_key()), 0644u}}) {
    if (Status s = WriteNewFile(path, data, mode, force); !s.ok()) return Fail(io, s);
  }
  json::object o;
  o["private_key_file"] = *out + ".pem";
  o["public_key_file"] = *out + ".pub";
  o["public_key"] = Base64Encode(key.public_key());
  o["verifier_key"] = vkey->ToString();
  PrintJsonLine(io, o);
  return kExitOk;
}

// Signs `body` as `type` with --signer and appends it; shared by the key commands.
int SignAndAppend(const Args& a, Io& io, std::string_view type, const json::object& body) {
  auto signer_path = a.Require("signer");
  if (!signer_path.ok()) return Fail(io, signer_path.status());
  auto signer = LoadSigningKey(*signer_path);
  if (!signer.ok()) return Fail(io, signer.status());
  const events::EventSchema* schema = events::LatestSchema(type);
  auto parsed = events::BodyFromJson(*schema, body);
  if (!parsed.ok()) return Fail(io, parsed.status());
  Submission s{std::string(type), schema->version, events::EncodeBody(*parsed),
               a.GetOr("client-id", RandomClientId())};
  SignSubmission(s, *signer);
  auto ledger = OpenLedger(a, false);
  if (!ledger.ok()) return Fail(io, ledger.status());
  AppendOutcome o = (*ledger)->AppendBatch(std::span(&s, 1))[0];
  if (!o.status.ok()) return Fail(io, o.status);
  json::object res;
  res["seq"] = o.seq;
  res["duplicate"] = o.duplicate;
  PrintJsonLine(io, res);
  return kExitOk;
}

Result<std::string> KeyArg(const Args& a, const std::string& flag) {
  LEDGER_ASSIGN_OR_RETURN(std::string v, a.Require(flag));
  auto pk = LoadPublicKey(v);
  if (!pk.ok()) return pk.status().WithContext("--" + flag);
  return Base64Encode(*pk);
}

int KeyRegister(const Args& a, Io& io) {
  auto key = KeyArg(a, "key");
  auto name = a.Require("name");
  if (!key.ok()) return Fail(io, key.status());
  if (!name.ok()) return Fail(io, name.status());
  json::object body;
  body["key"] = *key;
  body["name"] = *name;
  body["role"] = a.GetOr("role", "authority");
  json::array orgs;
  for (const auto& o : a.GetAll("org")) orgs.emplace_back(o);
  body["organisations"] = std::move(orgs);
  if (auto note = a.Get("note")) body["note"] = *note;
  return SignAndAppend(a, io, events::kKeyRegister, body);
}

int KeyRevoke(const Args& a, Io& io) {
  auto key = KeyArg(a, "key");
  auto reason = a.Require("reason");
  if (!key.ok()) return Fail(io, key.status());
  if (!reason.ok()) return Fail(io, reason.status());
  json::object body;
  body["key"] = *key;
  body["reason"] = *reason;
  return SignAndAppend(a, io, events::kKeyRevoke, body);
}

int KeyRotate(const Args& a, Io& io) {
  auto old_key = KeyArg(a, "old");
  auto new_key = KeyArg(a, "new");
  auto reason = a.Require("reason");
  for (const auto* r : {&old_key, &new_key, &reason}) {
    if (!r->ok()) return Fail(io, r->status());
  }
  json::object body;
  body["old_key"] = *old_key;
  body["new_key"] = *new_key;
  body["reason"] = *reason;
  return SignAndAppend(a, io, events::kKeyRotate, body);
}

int KeyList(const Args& a, Io& io) {
  auto ledger = OpenLedger(a, true);
  if (!ledger.ok()) return Fail(io, ledger.status());
  auto entries = (*ledger)->Keys();
  if (!entries.ok()) return Fail(io, entries.status());
  for (const auto& e : *entries) PrintJsonLine(io, KeyEntryJson(e));
  return kExitOk;
}

int Sign(const Args& a, Io& io) {
  auto key_path = a.Require("key");
  if (!key_path.ok()) return Fail(io, key_path.status());
  auto key = LoadSigningKey(*key_path);
  if (!key.ok()) return Fail(io, key.status());
  std::string input = a.positional().empty() ? "-" : a.positional()[0];
  auto text = cli_kit::ReadInput(input, io.in);
  if (!text.ok()) return Fail(io, text.status());
  auto parsed = events::ParseEventsEach(*text, /*require_signature=*/false);
  if (!parsed.ok()) return Fail(io, parsed.status());
  if (parsed->empty()) return Fail(io, Status::InvalidArgument("the input has no events"));
  // Every error of every event, before anything is signed: all or nothing.
  size_t errors = 0;
  for (size_t i = 0; i < parsed->size(); ++i) {
    for (const Status& e : (*parsed)[i].errors) {
      ++errors;
      io.err << "ledger: event " << i + 1 << ": " << e.message() << " [" << CodeName(e.code())
             << "]\n";
    }
  }
  if (errors) {
    io.err << "ledger: nothing was signed (" << errors << (errors == 1 ? " error" : " errors")
           << ")\n";
    return kExitUsage;
  }
  for (auto& e : *parsed) {
    Submission& s = *e.submission;
    if (s.client_id.empty()) s.client_id = RandomClientId();
    SignSubmission(s, *key);
  }
  for (const auto& e : *parsed) PrintJsonLine(io, events::SubmissionToJson(*e.submission));
  return kExitOk;
}

}  // namespace

std::vector<Command> KeyCommands() {
  FlagSpec signer{"signer", true, "PEM private key of the root or admin key that signs"};
  FlagSpec client{"client-id", true, "idempotency id (default: random)"};
  return {
      {"keygen",
       "create an Ed25519 key pair (PEM) and print its note verifier key",
       "",
       {{"out", true, "path prefix: writes PREFIX.pem (0600) and PREFIX.pub"},
        {"name", true, "key name for the verifier key (default: file name)"},
        {"force", false, "overwrite existing files"}},
       Keygen},
      {"key register",
       "register an HR department (authority) or admin key",
       "",
       {DirFlag(),
        signer,
        {"key", true, "public key: PEM file or base64"},
        {"name", true, "key name, e.g. hr-khan-uul-district"},
        {"role", true, "authority (default) or admin"},
        {"org", true, "organisation id the key may record for (repeatable; * = all)"},
        {"note", true, "free-text note"},
        client},
       KeyRegister},
      {"key revoke",
       "revoke a key; later events signed by it are rejected",
       "",
       {DirFlag(),
        signer,
        {"key", true, "public key: PEM file or base64"},
        {"reason", true, "why the key is revoked"},
        client},
       KeyRevoke},
      {"key rotate",
       "replace a key by a new one with the same name, role and scope",
       "",
       {DirFlag(),
        signer,
        {"old", true, "key being replaced"},
        {"new", true, "replacement key"},
        {"reason", true, "why"},
        client},
       KeyRotate},
      {"key list", "list the key registry as JSON lines", "", {DirFlag()}, KeyList},
      {"sign",
       "sign event JSON (object, array or JSON lines) with a key; prints signed events",
       "[FILE|-]",
       {{"key", true, "PEM private key of the signer"}},
       Sign},
  };
}

}  // namespace ledger::cli
