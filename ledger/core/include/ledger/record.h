// The event record: the signed submission plus what the ledger assigns
// (seq, prev_hash, recorded_at, flags). Its canonical bytes are the Merkle
// leaf. Byte layout: docs/FORMAT.md, sections "Record" and "Signing input".
#ifndef LEDGER_RECORD_H_
#define LEDGER_RECORD_H_

#include <cstdint>
#include <string>
#include <vector>

#include "ledger/crypto.h"
#include "ledger/encoding.h"
#include "ledger/status.h"

namespace ledger {

inline constexpr uint16_t kRecordFormatVersion = 1;
// An encoded record (the whole leaf) may not exceed this.
inline constexpr size_t kMaxRecordBytes = 64 * 1024;
inline constexpr size_t kMaxClientIdBytes = 128;
// Prefix of the signing input: keeps ledger signatures from being valid for
// any other protocol that happens to sign the same bytes.
inline constexpr std::string_view kSigningContext = "civil-service-ledger/submission/v1\n";

// What an HR department signs and submits.
struct Submission {
  std::string event_type;       // e.g. "key.register", "appointment.made"
  uint32_t schema_version = 1;  // version of the body schema for event_type
  Bytes body;                   // canonical binary body (ledger/events.h)
  std::string client_id;        // chosen by the submitter; idempotency key
  PublicKey signer{};
  Signature signature{};

  bool operator==(const Submission&) const = default;
};

// kSigningContext || canonical encoding of (event_type, schema_version,
// body, client_id, signer). The signature covers exactly these bytes.
Bytes SigningInput(const Submission& s);
// SHA-256 of the signing input: identifies a submission for idempotency.
Hash SubmissionDigest(const Submission& s);
void SignSubmission(Submission& s, const SigningKey& key);  // sets signer and signature
bool SubmissionSignatureValid(const Submission& s);

struct Record {
  uint16_t format_version = kRecordFormatVersion;
  uint64_t seq = 0;          // = Merkle leaf index
  Hash prev_hash{};          // SHA-256 of the previous record's bytes; zeros for seq 0
  int64_t recorded_at_us = 0;  // ledger clock, microseconds since the Unix epoch, UTC
  Submission submission;
  // Rule ids the ledger found broken when it recorded this event (derived
  // data, not signed by the submitter, but covered by the chain and tree).
  std::vector<std::string> flags;

  bool operator==(const Record&) const = default;
};

Bytes EncodeRecord(const Record& r);
// Strict decoding: the bytes must be exactly what EncodeRecord produces for
// the decoded record (so every record has one encoding). DataLoss otherwise.
Result<Record> DecodeRecord(ByteView bytes);
// SHA-256 of the record bytes: the next record's prev_hash, and the "record
// hash" that people publish and look up.
inline Hash RecordHash(ByteView record_bytes) { return Sha256(record_bytes); }

// "2026-11-23T09:40:00.123456Z"
std::string FormatTimestamp(int64_t unix_us);
// "2026-11-23T09:40:00Z": whole seconds (cosignature times, log lines).
std::string FormatUtcSeconds(int64_t unix_seconds);
// Short printable form of a key for messages: first 8 bytes in hex.
std::string KeyFingerprint(const PublicKey& key);

}  // namespace ledger

#endif  // LEDGER_RECORD_H_
