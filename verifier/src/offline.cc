// Offline verdicts on checkpoints and proofs. A proof is only as good as the
// checkpoint it leads to, so every check starts by verifying that checkpoint
// against the log key, and ends, when the user kept an older or newer
// checkpoint, by tying the two together (same root, or a consistency proof).
#include "verifier/offline.h"

#include <boost/json.hpp>

#include "ledger/events.h"
#include "ledger/merkle.h"
#include "ledger/record.h"
#include "signer_check.h"

namespace ledger::verify {
namespace json = boost::json;

Verdict& Verdict::Reject(std::string why) {
  if (outcome == Outcome::kVerified) {
    outcome = Outcome::kRejected;
    reason = std::move(why);
  }
  return *this;
}

Verdict& Verdict::Unusable(std::string why) {
  if (outcome == Outcome::kVerified) {
    outcome = Outcome::kUnusable;
    reason = std::move(why);
  }
  return *this;
}

json::object Verdict::ToJson() const {
  json::object o;
  o["ok"] = ok();
  o["outcome"] = outcome == Outcome::kVerified   ? "verified"
                 : outcome == Outcome::kRejected ? "rejected"
                                                 : "unusable";
  if (!ok()) o["reason"] = reason;
  json::array f;
  for (const auto& s : facts) f.emplace_back(s);
  o["facts"] = std::move(f);
  for (const auto& kv : json) o[kv.key()] = kv.value();
  return o;
}

std::string Verdict::ToText() const {
  std::string out;
  for (const auto& f : facts) out += "  " + f + "\n";
  switch (outcome) {
    case Outcome::kVerified:
      return out + "VERIFIED\n";
    case Outcome::kRejected:
      return out + "REJECTED: " + reason + "\n";
    case Outcome::kUnusable:
      break;
  }
  return out + "CANNOT CHECK: " + reason + "\n";
}

namespace {

json::object CheckpointJson(const note::Checkpoint& cp) {
  json::object o;
  o["origin"] = cp.origin;
  o["size"] = cp.size;
  o["root"] = Base64Encode(cp.root);
  return o;
}

// Opens a checkpoint; a bad signature or another log's checkpoint rejects,
// text that is not a signed checkpoint at all makes the input unusable.
std::optional<note::Checkpoint> Open(Verdict& v, std::string_view text, const std::string& what,
                                     const note::VerifierKey& key, bool syntax_rejects) {
  auto cp = note::OpenCheckpoint(text, key);
  if (cp.ok()) {
    v.facts.push_back(what + " is signed by " + key.ToString() + ": size " +
                      std::to_string(cp->size) + ", root " + Base64Encode(cp->root));
    return *cp;
  }
  const std::string why = what + ": " + cp.status().message();
  if (cp.status().code() == Code::kInvalidArgument && !syntax_rejects) {
    v.Unusable(why);
  } else {
    v.Reject(why);
  }
  return std::nullopt;
}

// Ties the checkpoint a proof was checked against to one the user kept.
void LinkKept(Verdict& v, const note::Checkpoint& cp, const KeptCheckpoint& kept,
              const note::VerifierKey& key) {
  auto k = Open(v, kept.text, "your kept checkpoint " + kept.name, key, false);
  if (!k) return;
  v.json["kept_checkpoint"] = CheckpointJson(*k);
  if (k->size == cp.size) {
    if (k->root != cp.root) {
      v.Reject("the log signed two different trees of size " + std::to_string(cp.size) +
               " (yours has root " + Base64Encode(k->root) + ", the proof's " +
               Base64Encode(cp.root) + "): it shows different people different histories");
      return;
    }
    v.facts.push_back("your kept checkpoint is for the same tree");
    return;
  }
  const note::Checkpoint& older = k->size < cp.size ? *k : cp;
  const note::Checkpoint& newer = k->size < cp.size ? cp : *k;
  if (!kept.consistency) {
    v.Unusable("your kept checkpoint is for size " + std::to_string(k->size) +
               " and the proof's for size " + std::to_string(cp.size) +
               ": give a consistency proof between them (ledger prove consistency --old " +
               std::to_string(older.size) + " --new " + std::to_string(newer.size) + ")");
    return;
  }
  auto proof = ParseConsistencyJson(*kept.consistency);
  if (!proof.ok()) {
    v.Unusable("the consistency proof: " + proof.status().message());
    return;
  }
  if (proof->old_size != older.size || proof->new_size != newer.size) {
    v.Unusable("the consistency proof is from size " + std::to_string(proof->old_size) + " to " +
               std::to_string(proof->new_size) + ", not from " + std::to_string(older.size) +
               " to " + std::to_string(newer.size));
    return;
  }
  Status s =
      merkle::VerifyConsistency(older.size, newer.size, older.root, newer.root, proof->hashes);
  if (!s.ok()) {
    v.Reject("the tree of size " + std::to_string(newer.size) +
             " does not extend the tree of size " + std::to_string(older.size) + ": " +
             s.message());
    return;
  }
  v.facts.push_back("consistency proof verified: the first " + std::to_string(older.size) +
                    " records are unchanged in the tree of size " + std::to_string(newer.size) +
                    (k->size < cp.size ? " (nothing before your kept checkpoint changed)"
                                       : " (your kept checkpoint extends the proof's)"));
}

// The record bytes a proof carries: what they say, and that they are the leaf.
// The record, when the leaf is one.
std::optional<Record> DescribeLeaf(Verdict& v, ByteView leaf, uint64_t index) {
  auto rec = DecodeRecord(leaf);
  if (!rec.ok()) {
    // Still a leaf of the tree: the Merkle proof is checked all the same.
    v.facts.push_back("the leaf is not a ledger record (" + rec.status().message() +
                      "): only its place in the tree is checked");
    return std::nullopt;
  }
  json::object record = events::RecordToJson(*rec, leaf);
  const Submission& s = rec->submission;
  v.facts.push_back("record: seq " + std::to_string(rec->seq) + ", " + s.event_type + " v" +
                    std::to_string(s.schema_version) + ", recorded " +
                    FormatTimestamp(rec->recorded_at_us) + ", signed by ed25519:" +
                    KeyFingerprint(s.signer) + ", record hash " + Base64Encode(RecordHash(leaf)));
  // What was decided, as signed: the body and the rules the ledger found broken.
  if (const json::value* body = record.at("event").as_object().if_contains("body")) {
    v.facts.push_back("body: " + json::serialize(*body));
  }
  for (const std::string& flag : rec->flags) v.facts.push_back("flagged: " + flag);
  v.json["record"] = std::move(record);
  if (rec->seq != index) {
    v.Reject("the record says seq " + std::to_string(rec->seq) + " but the proof is for index " +
             std::to_string(index));
  } else if (!SubmissionSignatureValid(s)) {
    v.Reject("the record's submission signature does not verify");
  } else {
    v.facts.push_back("the submission signature verifies");
  }
  return std::move(rec).value();
}

Verdict CheckInclusionParts(uint64_t index, std::optional<uint64_t> tree_size,
                            std::optional<Hash> leaf_hash, const std::optional<Bytes>& leaf,
                            const std::vector<Hash>& hashes, const std::string& checkpoint,
                            const std::optional<SignerPart>& signer,
                            const note::VerifierKey& key,
                            const std::optional<KeptCheckpoint>& kept) {
  Verdict v;
  v.json["index"] = index;
  auto cp = Open(v, checkpoint, "the proof's checkpoint", key, true);
  if (!cp) return v;
  v.json["checkpoint"] = CheckpointJson(*cp);
  if (tree_size && *tree_size != cp->size) {
    return v.Reject("the proof is for tree size " + std::to_string(*tree_size) +
                    " but its checkpoint is for size " + std::to_string(cp->size));
  }
  std::optional<Record> record;
  if (leaf) {
    Hash computed = merkle::HashLeaf(*leaf);
    if (leaf_hash && *leaf_hash != computed) {
      return v.Reject("leaf_hash is not SHA-256(0x00 || leaf): expected " + Base64Encode(computed) +
                      ", found " + Base64Encode(*leaf_hash));
    }
    leaf_hash = computed;
    record = DescribeLeaf(v, *leaf, index);
    if (!v.ok()) return v;
  }
  if (!leaf_hash) return v.Unusable("the proof carries neither the record nor its leaf hash");
  v.json["leaf_hash"] = Base64Encode(*leaf_hash);
  if (index >= cp->size) {
    return v.Reject("index " + std::to_string(index) + " is not below the tree size " +
                    std::to_string(cp->size));
  }
  Status s = merkle::VerifyInclusion(index, cp->size, *leaf_hash, hashes, cp->root);
  if (!s.ok()) return v.Reject("the inclusion proof does not verify: " + s.message());
  v.facts.push_back("inclusion proof verified: leaf " + std::to_string(index) +
                    " is in the tree of size " + std::to_string(cp->size));
  if (record) {
    CheckSignerPart(v, *cp, *record, signer);
    if (!v.ok()) return v;
  } else if (signer) {
    v.facts.push_back("the signer part is not checked: without the record bytes the signing "
                      "key is unknown");
  }
  if (kept) LinkKept(v, *cp, *kept, key);
  return v;
}

}  // namespace

Verdict CheckCheckpoint(std::string_view text, const note::VerifierKey& key) {
  Verdict v;
  if (auto cp = Open(v, text, "the checkpoint", key, false)) {
    v.json["checkpoint"] = CheckpointJson(*cp);
    v.facts.push_back("origin " + cp->origin);
  }
  return v;
}

Verdict CheckInclusion(const InclusionProof& p, const note::VerifierKey& key,
                       const std::optional<KeptCheckpoint>& kept) {
  return CheckInclusionParts(p.index, p.tree_size, p.leaf_hash, p.leaf, p.hashes, p.checkpoint,
                             p.signer, key, kept);
}

Verdict CheckTlogProof(const TlogProof& p, const note::VerifierKey& key,
                       const std::optional<KeptCheckpoint>& kept) {
  return CheckInclusionParts(p.index, std::nullopt, std::nullopt, p.extra, p.hashes, p.checkpoint,
                             p.signer, key, kept);
}

Verdict CheckConsistency(const ConsistencyProof& p, const std::vector<std::string>& checkpoints,
                         const note::VerifierKey& key) {
  Verdict v;
  v.json["old_size"] = p.old_size;
  v.json["new_size"] = p.new_size;
  std::optional<note::Checkpoint> older, newer;
  if (p.old_size == 0) older = note::Checkpoint{key.name, 0, merkle::EmptyRoot()};
  for (size_t i = 0; i < checkpoints.size(); ++i) {
    auto cp = Open(v, checkpoints[i], "checkpoint " + std::to_string(i + 1), key, false);
    if (!cp) return v;
    if (cp->size == p.old_size) older = *cp;
    if (cp->size == p.new_size) newer = *cp;
  }
  if (p.old_size > p.new_size) {
    return v.Reject("old_size " + std::to_string(p.old_size) + " is larger than new_size " +
                    std::to_string(p.new_size));
  }
  if (!older || !newer) {
    return v.Unusable("give the signed checkpoints for size " + std::to_string(p.old_size) +
                      " and size " + std::to_string(p.new_size) + " (--checkpoint FILE, twice)");
  }
  Status s = merkle::VerifyConsistency(p.old_size, p.new_size, older->root, newer->root, p.hashes);
  if (!s.ok()) {
    return v.Reject("the tree of size " + std::to_string(p.new_size) +
                    " is not shown to extend the tree of size " + std::to_string(p.old_size) +
                    ": " + s.message());
  }
  v.facts.push_back("consistency proof verified: the tree of size " + std::to_string(p.new_size) +
                    " extends the tree of size " + std::to_string(p.old_size) + " (its first " +
                    std::to_string(p.old_size) + " records are unchanged)");
  return v;
}

}  // namespace ledger::verify
