// AuditCore: chain, registry replay, Merkle range and checkpoint checks, in
// leaf order. Consequences of one change are folded into the first finding
// so that the problem count stays meaningful (one altered record is not
// reported once per later checkpoint).
#include "audit_core.h"

#include <algorithm>

namespace ledger::verify {

std::string B64(const Hash& h) { return Base64Encode(h); }

std::string Describe(const std::string& label, const Hash& root) {
  return label + " (root " + B64(root) + ")";
}

// ---- ProblemList ----

void ProblemList::Add(Problem p) {
  ++count_;
  list_.push_back(std::move(p));
  if (list_.size() >= 2 * limit_) Trim();
}

void ProblemList::Trim() {
  std::stable_sort(list_.begin(), list_.end(),
                   [](const Problem& a, const Problem& b) { return a.seq < b.seq; });
  if (list_.size() > limit_) list_.resize(limit_);
}

std::vector<Problem> ProblemList::Take() {
  Trim();
  return std::move(list_);
}

void ProblemList::Blame(uint64_t size, const std::string& checkpoint) {
  for (Problem& p : list_) {
    if (p.seq < size && p.checkpoint.empty()) p.checkpoint = checkpoint;
  }
}

// ---- AuditCore ----

AuditCore::AuditCore(const AuditOptions& opts) : opts_(opts), problems_(opts.max_problems_listed) {}

void AuditCore::AddLogCheckpoint(uint64_t size, Result<note::Checkpoint> cp, std::string label) {
  pending_.push_back({size, std::move(cp), std::move(label), false});
}

Status AuditCore::Begin() {
  for (size_t i = 0; i < opts_.kept_checkpoints.size(); ++i) {
    std::string label = i < opts_.kept_checkpoint_names.size()
                            ? "kept checkpoint " + opts_.kept_checkpoint_names[i]
                            : "kept checkpoint #" + std::to_string(i + 1);
    auto cp = note::OpenCheckpoint(opts_.kept_checkpoints[i], opts_.log_key);
    if (!cp.ok() && cp.status().code() != Code::kDataLoss) {
      return cp.status().WithContext(label + " is not a checkpoint signed by " +
                                     opts_.log_key.ToString());
    }
    if (cp.ok()) label += " for size " + std::to_string(cp->size);
    uint64_t size = cp.ok() ? cp->size : 0;
    pending_.push_back({size, std::move(cp), std::move(label), true});
  }
  // A kept checkpoint with a bad signature proves nothing: report it now.
  std::vector<Pending> usable;
  for (Pending& p : pending_) {
    if (p.kept && !p.cp.ok()) {
      ++checkpoints_checked_;
      ++kept_checked_;
      ++checkpoints_failed_;
      Add({kNoSeq, "checkpoint-signature",
           p.label + ": its signature does not verify (" + p.cp.status().message() + ")",
           "a valid signature by " + opts_.log_key.ToString(), "an invalid one", p.label});
    } else {
      usable.push_back(std::move(p));
    }
  }
  pending_ = std::move(usable);
  // Log checkpoints first at equal sizes, so a kept one is compared after them.
  std::stable_sort(pending_.begin(), pending_.end(), [](const Pending& a, const Pending& b) {
    return a.size != b.size ? a.size < b.size : (!a.kept && b.kept);
  });
  begun_ = true;
  CheckpointsAtCurrentSize(nullptr);
  return Status::Ok();
}

void AuditCore::Consume(const WorkItem& w) {
  const uint64_t key = w.key;
  // A prev_hash link can be checked only against the record just before it:
  // not after a gap, nor after a record out of order.
  const bool after_gap = key != 0 && !(any_consumed_ && last_key_ + 1 == key);
  any_consumed_ = true;
  last_key_ = key;
  if (w.place_reported) {
    aligned_ = false;
  } else if (key != next_key_) {
    if (key > next_key_) {
      Add({next_key_, "missing-record",
           key == next_key_ + 1 ? "record " + std::to_string(next_key_) + " is missing"
                                : "records " + std::to_string(next_key_) + " to " +
                                      std::to_string(key - 1) + " are missing",
           "seq " + std::to_string(next_key_), "seq " + std::to_string(key)});
    } else {
      Add({key, "seq",
           "record " + std::to_string(key) + " comes after record " +
               std::to_string(next_key_ - 1) + " (out of order or repeated)",
           "seq " + std::to_string(next_key_), "seq " + std::to_string(key)});
    }
    aligned_ = false;
  }
  next_key_ = w.place_reported ? std::max(next_key_, key + 1) : key + 1;

  if (!w.decode.ok()) {
    Add({key, "record-decode", "record " + std::to_string(key) + " does not decode",
         "canonical record bytes", w.decode.message()});
  } else {
    CheckRecordFields(key, w, after_gap);
    CheckRegistry(key, w);
    if (on_record) on_record(key, w);
  }
  range_.Append(w.leaf_hash, [&](uint8_t level, uint64_t index, const Hash& h) {
    if (!on_node) return;
    if (level == 0) {
      on_node(0, key, h, key);
    } else if (aligned_) {
      on_node(level, index, h, key);
    }
  });
  root_cache_.reset();
  prev_hash_ = w.record_hash;
  CheckpointsAtCurrentSize(&w);
}

void AuditCore::CheckRecordFields(uint64_t key, const WorkItem& w, bool after_gap) {
  const Record& r = w.record;
  const Submission& s = r.submission;
  // Built only for a problem: this runs for every record.
  auto at = [key] { return "record " + std::to_string(key); };
  if (r.seq != key) {
    Add({key, "seq", at() + " carries seq " + std::to_string(r.seq) + ": it is out of place",
         std::to_string(key), std::to_string(r.seq)});
  }
  // After a gap the expected link is the missing record's hash, which is unknown.
  const Hash expected = key == 0 ? Hash{} : prev_hash_;
  if (!after_gap && r.prev_hash != expected) {
    Add({key, "prev-hash",
         key == 0 ? at() + " (genesis) has a prev_hash other than 32 zero bytes"
                  : at() + "'s prev_hash is not the hash of the record before it: one of the two "
                         "was altered, removed or inserted",
         B64(expected), B64(r.prev_hash)});
  }
  // A record whose place was reported is not compared in time with its neighbours.
  if (!w.place_reported) {
    if (r.recorded_at_us < last_time_us_) {
      Add({key, "timestamp", at() + " was recorded before the record preceding it",
           "at or after " + FormatTimestamp(last_time_us_), FormatTimestamp(r.recorded_at_us)});
    }
    last_time_us_ = std::max(last_time_us_, r.recorded_at_us);
  }
  if (!w.signature_ok) {
    Add({key, "signature",
         "the signature by ed25519:" + KeyFingerprint(s.signer) +
             " does not verify over the signed fields (type, schema, body, client_id, signer)",
         "a valid Ed25519 signature", Base64Encode(s.signature)});
  }
  if (s.client_id.empty() || s.client_id.size() > kMaxClientIdBytes) {
    Add({key, "invalid-event", "client_id must be 1 to 128 bytes", "1..128 bytes",
         std::to_string(s.client_id.size()) + " bytes"});
  }
  signers_.insert(s.signer);
}

void AuditCore::CheckRegistry(uint64_t key, const WorkItem& w) {
  const Submission& s = w.record.submission;
  auto at = [&s] { return s.event_type + " v" + std::to_string(s.schema_version); };
  const bool genesis_slot = key == 0 || s.event_type == "ledger.genesis";
  if (!w.body) {
    Add({key, genesis_slot ? "genesis" : "invalid-event", at() + ": the body does not decode",
         "a valid " + at() + " body", w.body_status.message()});
    return;
  }
  registry_->Seek(key);
  auto effect = keys::CheckSubmission(s, *w.body, key, *registry_);
  if (!effect.ok()) {
    const char* kind = genesis_slot                                        ? "genesis"
                       : effect.status().code() == Code::kPermissionDenied ? "unauthorised-signer"
                                                                           : "invalid-event";
    Add({key, kind, at() + ": " + effect.status().message(),
         "a submission the key registry allows at seq " + std::to_string(key),
         "signer ed25519:" + KeyFingerprint(s.signer)});
    return;  // the store would not have applied it; neither does the replay
  }
  if (effect->genesis) {
    const keys::GenesisInfo& g = *effect->genesis;
    if (g.log_key != opts_.log_key.key) {
      Add({key, "genesis", "the genesis record names another log key than the one given",
           Base64Encode(opts_.log_key.key), Base64Encode(g.log_key)});
    }
    if (g.origin != opts_.log_key.name) {
      Add({key, "genesis", "the genesis record names another origin than the log key's name",
           opts_.log_key.name, g.origin});
    }
    genesis_ = g;
  }
  registry_->Apply(key, *effect);
}

void AuditCore::CheckpointsAtCurrentSize(const WorkItem* w) {
  if (w && w->checkpoint) {
    CheckCheckpoint(*w->checkpoint, "stored checkpoint for size " + std::to_string(size()), false);
  }
  while (next_pending_ < pending_.size() && pending_[next_pending_].size <= size()) {
    const Pending& p = pending_[next_pending_++];
    CheckCheckpoint(p.cp, p.label, p.kept);
  }
}

void AuditCore::CheckCheckpoint(const Result<note::Checkpoint>& cp, const std::string& label,
                                bool kept) {
  ++checkpoints_checked_;
  if (kept) ++kept_checked_;
  if (!cp.ok()) {
    ++checkpoints_failed_;
    Add({kNoSeq, "checkpoint-signature",
         label + " is not a valid checkpoint signed by the log: " + cp.status().message(),
         "a valid signature by " + opts_.log_key.ToString(), cp.status().message(), label});
    return;
  }
  if (cp->size != size()) {
    ++checkpoints_failed_;
    Add({kNoSeq, "checkpoint-root", label + " is stored under another size than it states",
         "size " + std::to_string(size()), "size " + std::to_string(cp->size), label});
    return;
  }
  if (!root_cache_) root_cache_ = range_.Root();
  if (cp->root == *root_cache_) {
    if (!kept) {
      last_log_checkpoint_ = size();
      last_matching_log_ = size();
      if (first_bad_log_ && !inconsistency_reported_) {
        inconsistency_reported_ = true;
        Add({kNoSeq, "checkpoint-inconsistent",
             "the log signed " + first_bad_log_->label + " and later " + label +
                 ", which cannot both be true: the records match the later one, so the earlier "
                 "tree was rewritten",
             B64(first_bad_log_->signed_root), B64(first_bad_log_->computed_root),
             Describe(first_bad_log_->label, first_bad_log_->signed_root)});
      }
    }
    return;
  }
  ++checkpoints_failed_;
  Contradiction c{size(), cp->root, *root_cache_, label};
  if (kept) {
    bad_kept_.push_back(std::move(c));  // classified in Finish, once later checkpoints are known
    return;
  }
  last_log_checkpoint_ = size();
  if (first_bad_log_) return;  // a consequence of the first contradiction: counted, not listed
  ReportContradiction(c, false);
  first_bad_log_ = std::move(c);
}

void AuditCore::ReportContradiction(const Contradiction& c, bool kept) {
  std::string who = Describe(c.label, c.signed_root);
  Add({kNoSeq, "checkpoint-root",
       "the records 0.." + std::to_string(c.size - 1) + " do not have the root that " + c.label +
           " commits to" + (kept ? ": what the log showed you then is not this history" : ""),
       B64(c.signed_root), B64(c.computed_root), who});
  problems_.Blame(c.size, who);
}

void AuditCore::Finish(bool log_checkpoint_required) {
  const uint64_t n = size();
  if (n == 0) {
    Add({0, "missing-record", "there are no records, not even the genesis record", "seq 0",
         "nothing"});
  }
  // Checkpoints for sizes the records do not reach.
  std::stable_sort(pending_.begin() + static_cast<std::ptrdiff_t>(next_pending_), pending_.end(),
                   [](const Pending& a, const Pending& b) { return a.size < b.size; });
  bool truncation_reported = false;
  for (size_t i = next_pending_; i < pending_.size(); ++i) {
    const Pending& p = pending_[i];
    if (!p.cp.ok()) {
      CheckCheckpoint(p.cp, p.label, p.kept);  // reports the bad signature
      continue;
    }
    ++checkpoints_checked_;
    if (p.kept) ++kept_checked_;
    ++checkpoints_failed_;
    std::string who = Describe(p.label, p.cp->root);
    if (p.kept) {
      Add({n, "rollback",
           "the log had at least " + std::to_string(p.size) + " records when it signed " + p.label +
               ", but this copy has only " + std::to_string(n) +
               ": records were removed or the ledger was rolled back to an older copy",
           std::to_string(p.size) + " records or more", std::to_string(n) + " records", who});
    } else if (!truncation_reported) {
      truncation_reported = true;
      Add({n, "truncated",
           "the log signed " + p.label + ", but only " + std::to_string(n) +
               " records are here: the tail was cut off",
           std::to_string(p.size) + " records", std::to_string(n) + " records", who});
    }
  }
  next_pending_ = pending_.size();
  for (const Contradiction& c : bad_kept_) {
    if (last_matching_log_ && *last_matching_log_ >= c.size) {
      Add({kNoSeq, "checkpoint-inconsistent",
           "the log signed " + c.label + ", but it has since signed a checkpoint for size " +
               std::to_string(*last_matching_log_) +
               " over records that give another root at size " + std::to_string(c.size) +
               ": history before it was rewritten and re-signed",
           B64(c.signed_root), B64(c.computed_root), Describe(c.label, c.signed_root)});
      problems_.Blame(c.size, Describe(c.label, c.signed_root));
    } else {
      ReportContradiction(c, true);
    }
  }
  if (log_checkpoint_required && n > 0 && last_log_checkpoint_ != n) {
    Add({kNoSeq, "checkpoint-missing",
         "the log signed no checkpoint for its final size " + std::to_string(n) +
             " (it signs one after every batch): records were added or removed behind its back",
         "a checkpoint for size " + std::to_string(n),
         last_log_checkpoint_ ? "the last is for size " + std::to_string(*last_log_checkpoint_)
                              : "none"});
  }
}

AuditReport AuditCore::TakeReport() {
  AuditReport r;
  r.records = size();
  r.signers = signers_.size();
  r.checkpoints_checked = checkpoints_checked_;
  r.kept_checkpoints_checked = kept_checked_;
  r.checkpoints_failed = checkpoints_failed_;
  r.problem_count = problems_.count();
  r.problems = problems_.Take();
  r.root = range_.Root();
  if (genesis_) r.origin = genesis_->origin;
  return r;
}

}  // namespace ledger::verify
