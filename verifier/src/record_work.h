// The per-record work that runs on the worker pool: decoding, hashing and the
// submission signature, plus the signature of a checkpoint that ends at the
// record. Everything order-dependent happens later in AuditCore. Internal.
#ifndef VERIFIER_RECORD_WORK_H_
#define VERIFIER_RECORD_WORK_H_

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ledger/events.h"
#include "ledger/note.h"
#include "ledger/record.h"
#include "readable_check.h"
#include "work_pool.h"

namespace ledger::verify {

struct WorkItem {
  // ---- input, set by the source before the batch starts ----
  uint64_t key = 0;                    // the seq the source files it under (db key, export "seq")
  ByteView bytes;                      // record bytes: a view into the map, or into `owned`
  Bytes owned;                         // export mode: the decoded leaf
  Status source_status;                // export mode: the leaf did not decode from base64
  std::string_view checkpoint_note;    // stored checkpoint for the size this record completes
  const Hash* dedup_secret = nullptr;  // ledger mode: the key of dedup_term
  // Export mode: the line's place and what it shows people, checked against the leaf.
  bool check_readable = false;
  uint64_t line_seq = 0;        // the line's "seq"
  boost::json::value readable;  // the line's "record" object (null when absent)
  uint32_t file_index = 0;      // which of the export files, and its line number
  uint64_t line_no = 0;
  // The source already reported where this record stands (export lines out of
  // order): AuditCore reports no seq gap for it and checks no prev_hash link
  // into it or out of it, since those breaks are that finding's consequences.
  bool place_reported = false;

  // ---- output, set by CheckRecord ----
  Hash record_hash{};  // SHA-256(bytes): the next record's prev_hash
  Hash leaf_hash{};    // SHA-256(0x00 || bytes)
  Status decode;       // DecodeRecord's verdict
  Record record;
  bool signature_ok = false;
  Hash digest{};      // SubmissionDigest
  Bytes dedup_key;    // signer || client_id (layout::DedupKey)
  Hash dedup_term{};  // SumTerm of the index entry this record implies
  Status body_status;
  std::optional<events::Body> body;  // upcast to the latest schema version
  std::optional<Result<note::Checkpoint>> checkpoint;
  std::optional<ReadableMismatch> readable_mismatch;  // when check_readable
};

// Fills the output half of `w`. Thread-safe; touches only `w`.
void CheckRecord(WorkItem& w, const note::VerifierKey& log_key);

// Streams records through the pool in windows of `window` items, three in
// flight: while the pool checks two, the calling thread consumes the oldest
// in order, then fills its slot again. Memory: 3 * window items.
//   fill(items) -> how many it set up (0 = no more records; an error stops);
//   consume(items, n) runs on the calling thread, in order.
using FillFn = std::function<Result<size_t>(std::vector<WorkItem>& items)>;
using ConsumeFn = std::function<void(std::vector<WorkItem>& items, size_t n)>;
Status CheckInWindows(WorkerPool& pool, const note::VerifierKey& log_key, size_t window,
                      const FillFn& fill, const ConsumeFn& consume);

}  // namespace ledger::verify

#endif  // VERIFIER_RECORD_WORK_H_
