// find-hash: two streaming passes over the records, O(log n) memory per hash.
// The first finds each record hash; the second hashes every leaf once more
// and folds the leaves of each proof subtree into a compact range, so the
// proof comes from the records themselves, not from stored nodes.
#include "verifier/find_hash.h"

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <functional>
#include <map>

#include "ledger/compact_range.h"
#include "ledger/events.h"
#include "ledger/export_format.h"
#include "ledger/layout.h"
#include "ledger/lmdb.h"
#include "ledger/merkle.h"
#include "ledger/record.h"
#include "ledger/export_format.h"

namespace ledger::verify {
namespace json = boost::json;

Result<Hash> ParseRecordHash(std::string_view text) {
  if (text.size() == 64) {
    auto raw = HexDecode(text);
    if (raw.ok() && raw->size() == 32) {
      Hash h;
      std::copy(raw->begin(), raw->end(), h.begin());
      return h;
    }
  }
  auto h = Base64DecodeHash(text);
  if (h.ok()) return *h;
  return Status::InvalidArgument("\"" + std::string(text) +
                                 "\" is not a record hash (64 hex digits or base64 of 32 bytes)");
}

namespace {

// Calls visit(position, record bytes) for each record in log order until it returns false.
using Visit = std::function<bool(uint64_t, ByteView)>;
using LeafSource = std::function<Status(const Visit&)>;

struct ProofBuilder {
  size_t result;                      // index into results
  std::vector<merkle::Range> ranges;  // sorted by begin
  std::vector<size_t> order;          // ranges[i] is proof hash order[i]
  std::vector<merkle::CompactRange> parts;
  size_t next = 0;  // first range not yet finished
};

Result<FindReport> Find(const LeafSource& source, const std::vector<Hash>& hashes,
                        std::string cp_text, std::string cp_label, const FindOptions& opts) {
  FindReport report;
  if (opts.checkpoint) {
    cp_text = *opts.checkpoint;
    cp_label = "kept checkpoint " + opts.checkpoint_name;
  }
  if (cp_text.empty()) return Status::NotFound("there is no checkpoint to prove against");
  auto cp = note::OpenCheckpoint(cp_text, opts.log_key);
  if (!cp.ok()) return cp.status().WithContext(cp_label);
  report.checkpoint = *cp;
  report.checkpoint_label = cp_label;
  const uint64_t size = cp->size;

  std::map<Hash, std::vector<size_t>> wanted;
  for (size_t i = 0; i < hashes.size(); ++i) {
    report.results.push_back({hashes[i]});
    wanted[hashes[i]].push_back(i);
  }
  LEDGER_RETURN_IF_ERROR(source([&](uint64_t pos, ByteView bytes) {
    if (pos >= size) return false;
    report.records = pos + 1;
    auto it = wanted.find(RecordHash(bytes));
    if (it == wanted.end()) return true;
    for (size_t i : it->second) {
      FoundRecord& f = report.results[i];
      if (f.found) continue;
      f.found = true;
      f.proof.index = pos;
      f.proof.tree_size = size;
      f.proof.leaf = Bytes(bytes.begin(), bytes.end());
      f.proof.leaf_hash = merkle::HashLeaf(bytes);
      f.proof.checkpoint = cp_text;
    }
    return true;
  }));
  if (report.records < size) {
    return Status::DataLoss(cp_label + " is for size " + std::to_string(size) + " but only " +
                            std::to_string(report.records) +
                            " records are here: records are missing");
  }

  std::vector<ProofBuilder> builders;
  for (size_t i = 0; i < report.results.size(); ++i) {
    if (!report.results[i].found) continue;
    ProofBuilder b{i};
    std::vector<merkle::Range> in_order =
        merkle::InclusionProofRanges(report.results[i].proof.index, size);
    for (size_t k = 0; k < in_order.size(); ++k) b.order.push_back(k);
    std::sort(b.order.begin(), b.order.end(),
              [&](size_t x, size_t y) { return in_order[x].begin < in_order[y].begin; });
    for (size_t k : b.order) b.ranges.push_back(in_order[k]);
    b.parts.resize(b.ranges.size());
    builders.push_back(std::move(b));
  }
  if (!builders.empty()) {
    LEDGER_RETURN_IF_ERROR(source([&](uint64_t pos, ByteView bytes) {
      if (pos >= size) return false;
      const Hash leaf = merkle::HashLeaf(bytes);
      for (ProofBuilder& b : builders) {
        while (b.next < b.ranges.size() && b.ranges[b.next].end <= pos) ++b.next;
        if (b.next < b.ranges.size() && b.ranges[b.next].begin <= pos) b.parts[b.next].Append(leaf);
      }
      return true;
    }));
  }
  for (ProofBuilder& b : builders) {
    FoundRecord& f = report.results[b.result];
    f.proof.hashes.resize(b.ranges.size());
    for (size_t k = 0; k < b.ranges.size(); ++k) f.proof.hashes[b.order[k]] = b.parts[k].Root();
    f.proof_status =
        merkle::VerifyInclusion(f.proof.index, size, f.proof.leaf_hash, f.proof.hashes, cp->root);
  }
  return report;
}

}  // namespace

bool FindReport::ok() const {
  return std::all_of(results.begin(), results.end(),
                     [](const FoundRecord& f) { return f.found && f.proof_status.ok(); });
}

json::object FindReport::ToJson() const {
  json::object o;
  o["ok"] = ok();
  o["records"] = records;
  json::object cp;
  cp["label"] = checkpoint_label;
  cp["origin"] = checkpoint.origin;
  cp["size"] = checkpoint.size;
  cp["root"] = Base64Encode(checkpoint.root);
  o["checkpoint"] = std::move(cp);
  json::array list;
  for (const FoundRecord& f : results) {
    json::object r;
    r["record_hash"] = Base64Encode(f.record_hash);
    r["found"] = f.found;
    if (f.found) {
      r["seq"] = f.proof.index;
      r["proof_verified"] = f.proof_status.ok();
      if (!f.proof_status.ok()) r["reason"] = f.proof_status.message();
      r["proof"] = InclusionToJson(f.proof);
    }
    list.push_back(std::move(r));
  }
  o["results"] = std::move(list);
  return o;
}

std::string FindReport::ToText() const {
  std::string out = checkpoint_label + ": size " + std::to_string(checkpoint.size) + ", root " +
                    Base64Encode(checkpoint.root) + " (signature verified)\n";
  for (const FoundRecord& f : results) {
    const std::string h = Base64Encode(f.record_hash);
    if (!f.found) {
      out += "NOT FOUND " + h + ": not among the " + std::to_string(checkpoint.size) +
             " records this checkpoint covers\n";
      continue;
    }
    std::string what;
    if (auto rec = DecodeRecord(*f.proof.leaf); rec.ok()) {
      what =
          ", " + rec->submission.event_type + ", recorded " + FormatTimestamp(rec->recorded_at_us);
    }
    if (f.proof_status.ok()) {
      out += "FOUND " + h + " at seq " + std::to_string(f.proof.index) + what +
             "; inclusion proof verified against the checkpoint:\n";
    } else {
      out += "FOUND " + h + " at seq " + std::to_string(f.proof.index) + what +
             ", but the proof built from these records does not lead to the checkpoint's root (" +
             f.proof_status.message() + "): this copy is not what the log signed\n";
    }
    out += json::serialize(InclusionToJson(f.proof)) + "\n";
  }
  return out;
}

Result<FindReport> FindInLedger(const std::string& dir, const std::vector<Hash>& hashes,
                                const FindOptions& opts) {
  LEDGER_RETURN_IF_ERROR(layout::RequireLedgerDir(dir));
  LEDGER_ASSIGN_OR_RETURN(lmdb::Env env, lmdb::Env::Open(dir, /*read_only=*/true, 0));
  LEDGER_ASSIGN_OR_RETURN(lmdb::Txn txn, lmdb::Txn::Begin(env, /*read_only=*/true));
  LEDGER_ASSIGN_OR_RETURN(MDB_dbi records, txn.OpenDb(layout::kRecordsDb, false));
  LEDGER_ASSIGN_OR_RETURN(uint64_t n, txn.Count(records));
  std::string latest, label = "latest stored checkpoint";
  if (auto cps = txn.OpenDb(layout::kCheckpointsDb, false); cps.ok()) {
    LEDGER_ASSIGN_OR_RETURN(std::optional<ByteView> v, txn.Get(*cps, lmdb::BigEndian(n)));
    if (v) {
      latest = std::string(AsChars(*v));
    } else {
      // None for the last record (the log always signs one): use the largest
      // there is, so the proof still says how far the signed log went.
      LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, *cps));
      LEDGER_ASSIGN_OR_RETURN(bool more, cur.Seek({}));
      while (more) {
        if (cur.key().size() == 8) {
          latest = std::string(AsChars(cur.value()));
          label = "stored checkpoint for size " + std::to_string(lmdb::ReadBigEndian(cur.key()));
        }
        LEDGER_ASSIGN_OR_RETURN(more, cur.Next());
      }
    }
  }
  LeafSource source = [&](const Visit& visit) -> Status {
    LEDGER_ASSIGN_OR_RETURN(lmdb::Cursor cur, lmdb::Cursor::Open(txn, records));
    LEDGER_ASSIGN_OR_RETURN(bool more, cur.Seek({}));
    for (uint64_t pos = 0; more && visit(pos, cur.value()); ++pos) {
      LEDGER_ASSIGN_OR_RETURN(more, cur.Next());
    }
    return Status::Ok();
  };
  return Find(source, hashes, latest, label, opts);
}

Result<FindReport> FindInExport(const std::vector<std::string>& files,
                                const std::vector<Hash>& hashes, const FindOptions& opts) {
  std::string latest, label;
  uint64_t latest_size = 0;
  {
    ExportReader r(files);
    ExportLine line;
    for (;;) {
      LEDGER_ASSIGN_OR_RETURN(bool more, r.Next(line, /*skip_records=*/true));
      if (!more) break;
      if (line.type == ExportLine::Type::kCheckpoint && line.size >= latest_size) {
        latest_size = line.size;
        latest = line.note;
        label = "checkpoint line " + r.Where();
      }
    }
  }
  LeafSource source = [&](const Visit& visit) -> Status {
    ExportReader r(files);
    ExportLine line;
    uint64_t pos = 0;
    for (;;) {
      LEDGER_ASSIGN_OR_RETURN(bool more, r.Next(line));
      if (!more) return Status::Ok();
      if (line.type != ExportLine::Type::kRecord) continue;
      if (!line.leaf_status.ok()) return line.leaf_status.WithContext(r.Where());
      if (!visit(pos++, line.leaf)) return Status::Ok();
    }
  };
  return Find(source, hashes, latest, label, opts);
}

}  // namespace ledger::verify
