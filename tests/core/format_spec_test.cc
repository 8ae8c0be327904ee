// An independent decoder for the record, signing-input and event-body
// layouts, written from docs/FORMAT.md alone: a plain byte reader and writer,
// no cereal. It parses what EncodeRecord produces field by field, rebuilds the
// signing input by hand and verifies the signature, and checks the record and
// leaf hashes. A frozen known-answer vector pins the exact bytes, so any
// accidental change to the format fails here.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ledger/crypto.h"
#include "ledger/encoding.h"
#include "ledger/events.h"
#include "ledger/merkle.h"
#include "ledger/record.h"

namespace ledger {
namespace {

// ---- FORMAT.md section 1: the primitive encodings -------------------------

// Reads little-endian integers, "bytes" (u64 LE length + raw bytes) and raw
// fixed arrays. The first problem sticks: later reads return zeros.
class SpecReader {
 public:
  explicit SpecReader(ByteView in) : in_(in) {}

  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  size_t offset() const { return pos_; }
  size_t remaining() const { return in_.size() - pos_; }

  void Fail(const std::string& why) {
    if (error_.empty()) error_ = why + " (at byte offset " + std::to_string(pos_) + ")";
  }

  uint64_t LittleEndian(size_t width) {
    if (failed()) return 0;
    if (remaining() < width) {
      Fail("truncated: want " + std::to_string(width) + " bytes");
      return 0;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < width; ++i) v |= uint64_t{in_[pos_ + i]} << (8 * i);
    pos_ += width;
    return v;
  }
  uint8_t U8() { return static_cast<uint8_t>(LittleEndian(1)); }
  uint16_t U16() { return static_cast<uint16_t>(LittleEndian(2)); }
  uint32_t U32() { return static_cast<uint32_t>(LittleEndian(4)); }
  uint64_t U64() { return LittleEndian(8); }
  int32_t I32() { return static_cast<int32_t>(U32()); }  // two's complement
  int64_t I64() { return static_cast<int64_t>(U64()); }

  // A cereal archive starts with one byte: 0x01 = little-endian. The ledger
  // only ever writes 0x01; anything else is rejected.
  void ArchiveStart() {
    const uint8_t flag = U8();
    if (!failed() && flag != 0x01) Fail("endianness flag is not 0x01");
  }

  template <size_t N>
  std::array<uint8_t, N> Raw() {
    std::array<uint8_t, N> out{};
    if (failed()) return out;
    if (remaining() < N) {
      Fail("truncated: want " + std::to_string(N) + " raw bytes");
      return out;
    }
    std::copy_n(in_.begin() + static_cast<std::ptrdiff_t>(pos_), N, out.begin());
    pos_ += N;
    return out;
  }

  // u64 length, then that many bytes. The length is checked against what is
  // left before anything is allocated, so a hostile prefix costs nothing.
  std::string Sized() {
    const uint64_t n = U64();
    if (failed()) return {};
    if (n > remaining()) {
      Fail("length prefix " + std::to_string(n) + " exceeds the " + std::to_string(remaining()) +
           " bytes left");
      return {};
    }
    std::string out(reinterpret_cast<const char*>(in_.data()) + pos_, static_cast<size_t>(n));
    pos_ += static_cast<size_t>(n);
    return out;
  }

  // u64 count, then each element as "bytes". Every element takes at least
  // its 8-byte length, which bounds the count before allocating.
  std::vector<std::string> SizedList() {
    const uint64_t n = U64();
    if (failed()) return {};
    if (n > remaining() / 8) {
      Fail("list count " + std::to_string(n) + " cannot fit in the bytes left");
      return {};
    }
    std::vector<std::string> out;
    for (uint64_t i = 0; i < n && !failed(); ++i) out.push_back(Sized());
    return out;
  }

  // Flags and presence bytes: exactly 0 or 1.
  bool Bool01(const char* what) {
    const uint8_t b = U8();
    if (!failed() && b > 1) Fail(std::string(what) + " byte is neither 0 nor 1");
    return b == 1;
  }

  void ExpectEnd() {
    if (!failed() && remaining() != 0) Fail(std::to_string(remaining()) + " trailing bytes");
  }

 private:
  ByteView in_;
  size_t pos_ = 0;
  std::string error_;
};

class SpecWriter {
 public:
  void LittleEndian(uint64_t v, size_t width) {
    for (size_t i = 0; i < width; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  void Raw(ByteView b) { out_.insert(out_.end(), b.begin(), b.end()); }
  void Raw(std::string_view s) { Raw(AsBytes(s)); }
  void Sized(ByteView b) {
    LittleEndian(b.size(), 8);
    Raw(b);
  }
  void Sized(std::string_view s) { Sized(AsBytes(s)); }
  const Bytes& bytes() const { return out_; }

 private:
  Bytes out_;
};

// ---- FORMAT.md section 2: the record ---------------------------------------

struct SpecRecord {
  uint16_t format_version = 0;
  uint64_t seq = 0;
  Hash prev_hash{};
  int64_t recorded_at_us = 0;
  std::string event_type;
  uint32_t schema_version = 0;
  std::string body;
  std::string client_id;
  std::array<uint8_t, 32> signer{};
  std::array<uint8_t, 64> signature{};
  std::vector<std::string> flags;
};

// Returns the record, or nullopt with the reason in `error`.
std::optional<SpecRecord> SpecDecodeRecord(ByteView bytes, std::string* error) {
  if (bytes.size() > 65536) {
    *error = "record is over 65536 bytes";
    return std::nullopt;
  }
  SpecReader in(bytes);
  SpecRecord r;
  in.ArchiveStart();
  r.format_version = in.U16();
  if (!in.failed() && r.format_version != 1) in.Fail("format_version is not 1");
  r.seq = in.U64();
  r.prev_hash = in.Raw<32>();
  r.recorded_at_us = in.I64();
  r.event_type = in.Sized();
  r.schema_version = in.U32();
  r.body = in.Sized();
  r.client_id = in.Sized();
  r.signer = in.Raw<32>();
  r.signature = in.Raw<64>();
  r.flags = in.SizedList();
  in.ExpectEnd();
  if (in.failed()) {
    *error = in.error();
    return std::nullopt;
  }
  return r;
}

// ---- FORMAT.md section 3: the signing input --------------------------------

Bytes SpecSigningInput(const SpecRecord& r) {
  SpecWriter w;
  w.Raw(std::string_view("civil-service-ledger/submission/v1\n"));
  w.LittleEndian(0x01, 1);  // the archive's own endianness byte
  w.Sized(r.event_type);
  w.LittleEndian(r.schema_version, 4);
  w.Sized(r.body);
  w.Sized(r.client_id);
  w.Raw(ByteView(r.signer));
  return w.bytes();
}

// ---- FORMAT.md section 4: the key.register v1 body -------------------------

struct SpecKeyRegister {
  std::array<uint8_t, 32> key{};
  std::string name;
  std::string role;
  std::vector<std::string> organisations;
  std::optional<std::string> note;
};

std::optional<SpecKeyRegister> SpecDecodeKeyRegister(ByteView bytes, std::string* error) {
  SpecReader in(bytes);
  SpecKeyRegister b;
  in.ArchiveStart();
  b.key = in.Raw<32>();                // key: public key
  b.name = in.Sized();                 // name: id
  b.role = in.Sized();                 // role: enum, stored as its text
  b.organisations = in.SizedList();    // organisations: id list
  if (in.Bool01("presence")) {         // note: optional text
    b.note = in.Sized();
  }
  in.ExpectEnd();
  if (in.failed()) {
    *error = in.error();
    return std::nullopt;
  }
  return b;
}

// ---- Fixtures ---------------------------------------------------------------

// Seed bytes first, first+1, ..., first+31.
SigningKey SeedKey(uint8_t first) {
  std::array<uint8_t, 32> seed;
  for (size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<uint8_t>(first + i);
  return SigningKey::FromSeed(seed).value();
}

Bytes KeyRegisterBody(const PublicKey& key, const std::string& note_text) {
  boost::json::object j;
  j["key"] = Base64Encode(key);
  j["name"] = "hr-khan-uul";
  j["role"] = "authority";
  j["organisations"] = boost::json::array{"org.khan-uul", "org.khan-uul/school-12"};
  if (!note_text.empty()) j["note"] = note_text;
  const events::EventSchema* schema = events::FindSchema("key.register", 1);
  EXPECT_NE(schema, nullptr);
  auto body = events::BodyFromJson(*schema, j);
  EXPECT_TRUE(body.ok()) << body.status().message();
  return events::EncodeBody(*body);
}

// The record of the known-answer vector (FORMAT.md, "Worked example").
Record KnownAnswerRecord() {
  SigningKey signer = SeedKey(0x01);
  SigningKey registered = SeedKey(0x21);
  Submission s;
  s.event_type = "key.register";
  s.schema_version = 1;
  s.body = KeyRegisterBody(registered.public_key(), "Хан-Уул");
  s.client_id = "hr-2026-0001";
  SignSubmission(s, signer);
  Record r;
  r.seq = 7;
  for (size_t i = 0; i < r.prev_hash.size(); ++i) r.prev_hash[i] = static_cast<uint8_t>(0xa0 + i);
  r.recorded_at_us = 1'764'000'000'123'456;  // 2025-11-24T16:00:00.123456Z
  r.submission = std::move(s);
  r.flags = {"appointment.backdated"};
  return r;
}

// FORMAT.md, "Worked example": every field on its own line.
const char kKnownSigningInputHex[] =
    "636976696c2d736572766963652d6c65646765722f7375626d697373696f6e2f76310a"  // context
    "01"                                                                // endianness
    "0c00000000000000" "6b65792e7265676973746572"                       // "key.register"
    "01000000"                                                          // schema_version 1
    "9500000000000000"                                                  // body: 149 bytes
    // body (a cereal archive of its own), key.register v1:
    "01"                                                                // endianness
    "e7f162a10bec559afea195e4dce84b69568d5d2cb0963eb446c0685e2b17f2f0"  // key
    "0b00000000000000" "68722d6b68616e2d75756c"                         // name "hr-khan-uul"
    "0900000000000000" "617574686f72697479"                             // role "authority"
    "0200000000000000"                                                  // organisations: 2
    "0c00000000000000" "6f72672e6b68616e2d75756c"                       // "org.khan-uul"
    "1600000000000000" "6f72672e6b68616e2d75756c2f7363686f6f6c2d3132"   // "org.khan-uul/school-12"
    "01"                                                                // note present
    "0d00000000000000" "d0a5d0b0d0bd2dd0a3d183d0bb"                     // "Хан-Уул" (13 bytes)
    "0c00000000000000" "68722d323032362d30303031"                       // client_id
    "79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664"  ;  // signer
const char kKnownRecordHex[] =
    "01"                                                                // endianness
    "0100"                                                              // format_version 1
    "0700000000000000"                                                  // seq 7
    "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"  // prev_hash
    "4022644159440600"                                                  // recorded_at
    "0c00000000000000" "6b65792e7265676973746572"                       // "key.register"
    "01000000"                                                          // schema_version 1
    "9500000000000000"                                                  // body: 149 bytes
    // body (a cereal archive of its own), key.register v1:
    "01"                                                                // endianness
    "e7f162a10bec559afea195e4dce84b69568d5d2cb0963eb446c0685e2b17f2f0"  // key
    "0b00000000000000" "68722d6b68616e2d75756c"                         // name "hr-khan-uul"
    "0900000000000000" "617574686f72697479"                             // role "authority"
    "0200000000000000"                                                  // organisations: 2
    "0c00000000000000" "6f72672e6b68616e2d75756c"                       // "org.khan-uul"
    "1600000000000000" "6f72672e6b68616e2d75756c2f7363686f6f6c2d3132"   // "org.khan-uul/school-12"
    "01"                                                                // note present
    "0d00000000000000" "d0a5d0b0d0bd2dd0a3d183d0bb"                     // "Хан-Уул" (13 bytes)
    "0c00000000000000" "68722d323032362d30303031"                       // client_id
    "79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664"  // signer
    "9ca208945072d5b09ed742db0839bae0a17fe32912d3ed18f82aa51bfc557f77"  // signature
    "589ab3c25659425bc97d6f264397280b7c40b958a6734aa86ca388ef998dd103"  //
    "0100000000000000"                                                  // flags: 1
    "1500000000000000" "6170706f696e746d656e742e6261636b6461746564";    // "appointment.backdated"
const char kKnownRecordHashHex[] =
    "7a2e21ef256cf3fbf07d37b1eca214d548d8f652f00a0ac1e8e35e0e4b6144de";
const char kKnownSubmissionDigestHex[] =
    "a1c97303b69d4416de1fb269fb65543b4431856038cdfe558f15cc739dc04d2e";

// ---- Tests ------------------------------------------------------------------

TEST(FormatSpec, IndependentDecoderReadsEveryRecordField) {
  SigningKey signer = SeedKey(0x41);
  SigningKey registered = SeedKey(0x61);
  const std::string note_text = "Засгийн газрын Хэрэг эрхлэх газар: Балдан Бадарч\tӨҮ";
  Record r;
  r.seq = 12345;
  r.prev_hash = Sha256(std::string_view("the record before"));
  r.recorded_at_us = -86'400'000'001;  // before the epoch: the field is signed
  r.submission.event_type = "key.register";
  r.submission.schema_version = 1;
  r.submission.body = KeyRegisterBody(registered.public_key(), note_text);
  r.submission.client_id = "ХУД/2026-0042";
  SignSubmission(r.submission, signer);
  r.flags = {"appointment.over_headcount", "", "decision.backdated"};
  const Bytes bytes = EncodeRecord(r);

  std::string error;
  std::optional<SpecRecord> d = SpecDecodeRecord(bytes, &error);
  ASSERT_TRUE(d.has_value()) << error;
  EXPECT_EQ(bytes[0], 0x01);
  EXPECT_EQ(d->format_version, 1);
  EXPECT_EQ(d->seq, r.seq);
  EXPECT_EQ(d->prev_hash, r.prev_hash);
  EXPECT_EQ(d->recorded_at_us, r.recorded_at_us);
  EXPECT_EQ(d->event_type, r.submission.event_type);
  EXPECT_EQ(d->schema_version, r.submission.schema_version);
  EXPECT_EQ(Bytes(d->body.begin(), d->body.end()), r.submission.body);
  EXPECT_EQ(d->client_id, r.submission.client_id);
  EXPECT_EQ(d->signer, r.submission.signer);
  EXPECT_EQ(d->signer, signer.public_key());
  EXPECT_EQ(d->signature, r.submission.signature);
  EXPECT_EQ(d->flags, r.flags);

  // Section 3: the signing input, rebuilt by hand, is what was signed.
  const Bytes input = SpecSigningInput(*d);
  EXPECT_EQ(input, SigningInput(r.submission));
  EXPECT_TRUE(VerifyEd25519(d->signer, input, d->signature));
  EXPECT_EQ(Sha256(input), SubmissionDigest(r.submission));
  Bytes tampered = input;
  tampered.back() ^= 0x01;
  EXPECT_FALSE(VerifyEd25519(d->signer, tampered, d->signature));

  // Section 4: the body is its own archive, with its own 0x01 byte.
  const Bytes body(d->body.begin(), d->body.end());
  ASSERT_FALSE(body.empty());
  EXPECT_EQ(body[0], 0x01);
  std::optional<SpecKeyRegister> b = SpecDecodeKeyRegister(body, &error);
  ASSERT_TRUE(b.has_value()) << error;
  EXPECT_EQ(b->key, registered.public_key());
  EXPECT_EQ(b->name, "hr-khan-uul");
  EXPECT_EQ(b->role, "authority");
  EXPECT_EQ(b->organisations,
            (std::vector<std::string>{"org.khan-uul", "org.khan-uul/school-12"}));
  ASSERT_TRUE(b->note.has_value());
  EXPECT_EQ(*b->note, note_text);  // UTF-8 bytes as given, no normalisation

  // Section 2: record hash and (section 7) leaf hash.
  EXPECT_EQ(Sha256(bytes), RecordHash(bytes));
  Bytes prefixed{0x00};
  prefixed.insert(prefixed.end(), bytes.begin(), bytes.end());
  EXPECT_EQ(Sha256(prefixed), merkle::HashLeaf(bytes));

  // And the library agrees with itself.
  auto lib = DecodeRecord(bytes);
  ASSERT_TRUE(lib.ok()) << lib.status().message();
  EXPECT_EQ(*lib, r);
}

TEST(FormatSpec, OptionalFieldAbsentIsOneZeroByte) {
  const Bytes with = KeyRegisterBody(SeedKey(0x61).public_key(), "x");
  const Bytes without = KeyRegisterBody(SeedKey(0x61).public_key(), "");
  // "x" present: 0x01, u64 length 1, 'x'. Absent: a single 0x00.
  ASSERT_EQ(with.size(), without.size() + 9);
  EXPECT_EQ(without.back(), 0x00);
  EXPECT_EQ(HexEncode(ByteView(with).last(10)), "01010000000000000078");
  std::string error;
  auto b = SpecDecodeKeyRegister(without, &error);
  ASSERT_TRUE(b.has_value()) << error;
  EXPECT_FALSE(b->note.has_value());
}

TEST(FormatSpec, KnownAnswerVector) {
  const Record r = KnownAnswerRecord();
  const Bytes input = SigningInput(r.submission);
  const Bytes bytes = EncodeRecord(r);
  EXPECT_EQ(HexEncode(input), kKnownSigningInputHex);
  EXPECT_EQ(HexEncode(bytes), kKnownRecordHex);
  EXPECT_EQ(HexEncode(RecordHash(bytes)), kKnownRecordHashHex);
  EXPECT_EQ(HexEncode(SubmissionDigest(r.submission)), kKnownSubmissionDigestHex);

  // The frozen bytes decode, independently and with the library, and verify.
  const Bytes frozen = HexDecode(kKnownRecordHex).value();
  std::string error;
  std::optional<SpecRecord> d = SpecDecodeRecord(frozen, &error);
  ASSERT_TRUE(d.has_value()) << error;
  EXPECT_EQ(HexEncode(SpecSigningInput(*d)), kKnownSigningInputHex);
  EXPECT_TRUE(VerifyEd25519(d->signer, SpecSigningInput(*d), d->signature));
  auto lib = DecodeRecord(frozen);
  ASSERT_TRUE(lib.ok()) << lib.status().message();
  EXPECT_EQ(*lib, r);
}

// Both decoders must refuse `bytes`; the library's with DataLoss, quickly.
void ExpectBothReject(const Bytes& bytes, const std::string& what) {
  std::string error;
  EXPECT_FALSE(SpecDecodeRecord(bytes, &error).has_value()) << what;
  const auto start = std::chrono::steady_clock::now();
  auto lib = DecodeRecord(bytes);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(lib.ok()) << what;
  EXPECT_EQ(lib.status().code(), Code::kDataLoss) << what << ": " << lib.status().message();
  EXPECT_LT(elapsed, std::chrono::seconds(1)) << what;
}

void PutLittleEndian64(Bytes& b, size_t at, uint64_t v) {
  for (size_t i = 0; i < 8; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
}

TEST(FormatSpec, DecodersRejectNonCanonicalRecords) {
  const Record r = KnownAnswerRecord();
  const Bytes good = EncodeRecord(r);
  ASSERT_TRUE(DecodeRecord(good).ok());

  Bytes trailing = good;
  trailing.push_back(0x00);
  ExpectBothReject(trailing, "a trailing byte");

  Bytes big_endian = good;
  big_endian[0] = 0x00;
  ExpectBothReject(big_endian, "endianness byte 0x00");

  Bytes odd_flag = good;
  odd_flag[0] = 0x02;
  ExpectBothReject(odd_flag, "endianness byte 0x02");

  Bytes version2 = good;
  version2[1] = 0x02;  // format_version is the u16 at offsets 1..2
  ExpectBothReject(version2, "format_version 2");

  // event_type's length prefix sits after 1 + 2 + 8 + 32 + 8 = 51 bytes.
  Bytes huge_type = good;
  PutLittleEndian64(huge_type, 51, uint64_t{1} << 40);
  ExpectBothReject(huge_type, "a 2^40 length prefix for event_type");

  // The flags count is 8 bytes before the one flag's own length prefix.
  const size_t flag_count_at = good.size() - r.flags[0].size() - 8 - 8;
  ASSERT_EQ(good[flag_count_at], 1);
  Bytes huge_list = good;
  PutLittleEndian64(huge_list, flag_count_at, uint64_t{1} << 40);
  ExpectBothReject(huge_list, "a 2^40 count for flags");

  Bytes truncated(good.begin(), good.end() - 1);
  ExpectBothReject(truncated, "a missing last byte");
}

TEST(FormatSpec, RecordLimitIs65536BytesInclusive) {
  Record r = KnownAnswerRecord();
  r.flags = {""};
  const size_t base = EncodeRecord(r).size();
  r.flags = {std::string(kMaxRecordBytes - base, 'x')};
  const Bytes at_limit = EncodeRecord(r);
  ASSERT_EQ(at_limit.size(), 65536u);
  EXPECT_TRUE(DecodeRecord(at_limit).ok());
  std::string error;
  EXPECT_TRUE(SpecDecodeRecord(at_limit, &error).has_value()) << error;

  r.flags[0].push_back('x');
  ExpectBothReject(EncodeRecord(r), "a 65537-byte record");
}

TEST(FormatSpec, BodyDecoderRejectsPresenceByteOtherThanZeroOrOne) {
  Bytes body = KeyRegisterBody(SeedKey(0x61).public_key(), "");
  ASSERT_EQ(body.back(), 0x00);
  body.back() = 0x02;
  std::string error;
  EXPECT_FALSE(SpecDecodeKeyRegister(body, &error).has_value());
  EXPECT_FALSE(events::DecodeBody(*events::FindSchema("key.register", 1), body).ok());
}

}  // namespace
}  // namespace ledger
