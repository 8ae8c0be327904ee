// The witness state machine. Order matters and follows the spec: origin
// (404), log signature (403), old size vs checkpoint size (400), old size vs
// recorded size (409 + size), same-size roots (409), consistency (422); then
// persist in the same LMDB write transaction that read the recorded state
// (so two requests cannot roll each other back), commit (synced), and sign.
#include "api/witness.h"

#include <cstring>
#include <ctime>
#include <iostream>

#include "ledger/merkle.h"

namespace ledger::api {
namespace {

constexpr const char* kStateDb = "witness_logs";  // origin -> size u64 BE || root || signed note
constexpr size_t kStateMapBytes = size_t{64} << 20;

struct Recorded {
  uint64_t size = 0;
  Hash root{};
};

WitnessAnswer Answer(unsigned status, std::string body) {
  return {status, "text/plain; charset=utf-8", std::move(body) + "\n"};
}

}  // namespace

Witness::Witness(lmdb::Env env, MDB_dbi dbi, SigningKey key, Options options)
    : env_(std::move(env)), dbi_(dbi), key_(std::move(key)), options_(std::move(options)) {
  if (!options_.clock) {
    options_.clock = [] { return static_cast<uint64_t>(std::time(nullptr)); };
  }
}

Witness::~Witness() = default;

Result<std::unique_ptr<Witness>> Witness::Open(const std::string& state_dir, SigningKey key,
                                               Options options) {
  LEDGER_RETURN_IF_ERROR(note::ValidateKeyName(options.name).WithContext("witness name"));
  if (options.logs.empty()) return Status::InvalidArgument("the witness trusts no log");
  LEDGER_ASSIGN_OR_RETURN(lmdb::Env env, lmdb::Env::Open(state_dir, false, kStateMapBytes));
  LEDGER_ASSIGN_OR_RETURN(lmdb::Txn txn, lmdb::Txn::Begin(env, false));
  LEDGER_ASSIGN_OR_RETURN(MDB_dbi dbi, txn.OpenDb(kStateDb, true));
  LEDGER_RETURN_IF_ERROR(txn.Commit());
  return std::unique_ptr<Witness>(new Witness(std::move(env), dbi, std::move(key),
                                              std::move(options)));
}

WitnessAnswer Witness::AddCheckpoint(std::string_view request_body) {
  auto req = ParseAddCheckpoint(request_body);
  if (!req.ok()) return Answer(400, req.status().message());
  auto parsed = note::Parse(req->checkpoint);
  if (!parsed.ok()) return Answer(400, "checkpoint: " + parsed.status().message());
  auto body = note::Checkpoint::ParseBody(parsed->text);
  if (!body.ok()) return Answer(400, "checkpoint: " + body.status().message());

  // 404 / 403: an unknown origin, or no trusted key's signature verifies.
  bool known = false;
  std::optional<note::Checkpoint> cp;
  for (const note::VerifierKey& k : options_.logs) {
    if (k.name != body->origin) continue;
    known = true;
    auto opened = note::OpenCheckpoint(req->checkpoint, k);
    if (opened.ok()) {
      cp = *opened;
      break;
    }
  }
  if (!known) return Answer(404, "unknown log origin \"" + body->origin + "\"");
  if (!cp) return Answer(403, "no signature by a trusted key of " + body->origin);
  if (req->old_size > cp->size) {
    return Answer(400, "old size " + std::to_string(req->old_size) +
                           " is larger than the checkpoint's " + std::to_string(cp->size));
  }

  // Check against the recorded state and persist in one write transaction.
  auto txn = lmdb::Txn::Begin(env_, false);
  if (!txn.ok()) return Answer(500, txn.status().message());
  auto stored = txn->Get(dbi_, AsBytes(cp->origin));
  if (!stored.ok()) return Answer(500, stored.status().message());
  Recorded rec;
  if (*stored) {
    ByteView v = **stored;
    if (v.size() < 8 + rec.root.size()) return Answer(500, "corrupt witness state");
    rec.size = lmdb::ReadBigEndian(v);
    std::memcpy(rec.root.data(), v.data() + 8, rec.root.size());
  }
  if (req->old_size != rec.size) {
    return {409, "text/x.tlog.size", std::to_string(rec.size) + "\n"};
  }
  if (rec.size == cp->size && *stored && rec.root != cp->root) {
    // The log signed two different trees of one size: a fork. Worth keeping.
    std::cerr << "witness: FORK: " << cp->origin << " signed size " << cp->size
              << " with root " << Base64Encode(cp->root) << ", but root "
              << Base64Encode(rec.root) << " was cosigned\n";
    return Answer(409, "a different root was cosigned for size " + std::to_string(cp->size));
  }
  if (req->old_size == 0 && !req->proof.empty()) {
    return Answer(422, "the consistency proof from size 0 must be empty");
  }
  if (req->old_size > 0) {
    Status s = merkle::VerifyConsistency(rec.size, cp->size, rec.root, cp->root, req->proof);
    if (!s.ok()) {
      std::cerr << "witness: " << cp->origin << ": consistency proof from " << rec.size
                << " to " << cp->size << " refused: " << s.message() << "\n";
      return Answer(422, "consistency proof: " + s.message());
    }
  }
  std::string value;
  const auto size_key = lmdb::BigEndian(cp->size);
  value.append(reinterpret_cast<const char*>(size_key.data()), size_key.size());
  value.append(reinterpret_cast<const char*>(cp->root.data()), cp->root.size());
  value.append(req->checkpoint);
  if (Status s = txn->Put(dbi_, AsBytes(cp->origin), AsBytes(value)); !s.ok()) {
    return Answer(500, s.message());
  }
  // Commit syncs: the new size is durable before any cosignature exists.
  if (Status s = txn->Commit(); !s.ok()) return Answer(500, s.message());
  auto line = cosig::SignatureLine(parsed->text, options_.clock(), options_.name, key_);
  if (!line.ok()) return Answer(500, line.status().message());
  return {200, "text/plain; charset=utf-8", *line};
}

Result<std::optional<std::string>> Witness::Latest(std::string_view origin) const {
  LEDGER_ASSIGN_OR_RETURN(lmdb::Txn txn, lmdb::Txn::Begin(env_, true));
  LEDGER_ASSIGN_OR_RETURN(auto v, txn.Get(dbi_, AsBytes(origin)));
  if (!v) return std::optional<std::string>();
  if (v->size() < 40) return Status::DataLoss("corrupt witness state");
  return std::optional<std::string>(std::string(AsChars(v->subspan(40))));
}

}  // namespace ledger::api
