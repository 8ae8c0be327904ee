// Canonical record and signing-input encoding in cereal's portable binary
// layout (ledger/binary_archive.h: little-endian, u64 length prefixes). See
// docs/FORMAT.md.
#include "ledger/record.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "ledger/binary_archive.h"

namespace ledger {
namespace {

// The signed part, in signing order. The signature itself is written after.
template <class Archive>
void SerializeSigned(Archive& ar, Submission& s) {
  ar(s.event_type, s.schema_version, s.body, s.client_id, s.signer);
}

template <class Archive>
void SerializeRecord(Archive& ar, Record& r) {
  ar(r.format_version, r.seq, r.prev_hash, r.recorded_at_us);
  SerializeSigned(ar, r.submission);
  ar(r.submission.signature, r.flags);
}

}  // namespace

Bytes SigningInput(const Submission& s) {
  return EncodeToBytes(
      [&](auto& ar) {
        SerializeSigned(ar, const_cast<Submission&>(s));  // it only reads
      },
      kSigningContext);
}

Hash SubmissionDigest(const Submission& s) { return Sha256(SigningInput(s)); }

void SignSubmission(Submission& s, const SigningKey& key) {
  s.signer = key.public_key();
  s.signature = key.Sign(SigningInput(s));
}

bool SubmissionSignatureValid(const Submission& s) {
  return VerifyEd25519(s.signer, SigningInput(s), s.signature);
}

Bytes EncodeRecord(const Record& r) {
  return EncodeToBytes([&](auto& ar) { SerializeRecord(ar, const_cast<Record&>(r)); });
}

Result<Record> DecodeRecord(ByteView bytes) {
  if (bytes.size() > kMaxRecordBytes) {
    return Status::DataLoss("record is " + std::to_string(bytes.size()) + " bytes, over the " +
                            std::to_string(kMaxRecordBytes) + "-byte limit");
  }
  // The reader checks every length against the bytes left before allocating.
  Record r;
  BinaryReader ar(bytes);
  SerializeRecord(ar, r);
  LEDGER_RETURN_IF_ERROR(ar.Finish().WithContext("record does not decode"));
  if (r.format_version != kRecordFormatVersion) {
    return Status::DataLoss("unknown record format version " + std::to_string(r.format_version));
  }
  // Into one buffer per thread: every record of a replay is checked here.
  thread_local std::string again;
  again.clear();
  BinaryWriter writer(again);
  SerializeRecord(writer, r);
  if (again.size() != bytes.size() ||
      !std::equal(bytes.begin(), bytes.end(), AsBytes(again).begin())) {
    return Status::DataLoss("record bytes are not in canonical form (re-encoding differs)");
  }
  return r;
}

std::string FormatUtcSeconds(int64_t unix_seconds) {
  // gmtime_r, not chrono: a hostile cosignature time may be near INT64_MAX.
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string FormatTimestamp(int64_t unix_us) {
  using namespace std::chrono;
  sys_time<microseconds> tp{microseconds{unix_us}};
  auto day = floor<days>(tp);
  year_month_day ymd{day};
  hh_mm_ss hms{tp - day};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%06ldZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                int(hms.minutes().count()), int(hms.seconds().count()),
                long(hms.subseconds().count()));
  return buf;
}

std::string KeyFingerprint(const PublicKey& key) {
  return HexEncode(ByteView(key.data(), 8));
}

}  // namespace ledger
