// cereal's portable binary layout (docs/FORMAT.md section 1), written and read
// in memory: the one codec behind records, bodies, key entries and projection rows.
//
// Errors are values, as everywhere at the ledger's boundaries (ledger/status.h):
// these bytes come from exports, proofs, other processes or the disk, so bad
// input is an expected outcome, not an exceptional one. The reader records the
// first problem and reads nothing after it, and Finish() turns it into a
// Status, so each decoder returns its verdict without try/catch and no
// exception crosses the code that runs inside LMDB transactions.
//
// Byte for byte what cereal::PortableBinaryOutputArchive writes for the same
// fields (tests/core/binary_archive_test.cc checks against cereal itself): a
// 0x01 byte (little-endian data), then each field, back to back:
//   bool                  one byte, 0 or 1
//   integer (char too)    little-endian, at its own width
//   std::array<T, N>      its N elements, no count (hashes, keys, signatures)
//   std::string, vector   u64 count, then the elements (a string's are bytes)
//   a struct              what its serialize(archive, T&) writes (found by ADL)
#ifndef LEDGER_BINARY_ARCHIVE_H_
#define LEDGER_BINARY_ARCHIVE_H_

#include <array>
#include <concepts>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "ledger/encoding.h"
#include "ledger/status.h"

namespace ledger {

class BinaryWriter {
 public:
  using is_loading = std::false_type;  // for one serialize() serving both directions

  // Appends to `out`, which may already hold a prefix (a signing context).
  explicit BinaryWriter(std::string& out) : out_(out) { out_.push_back('\x01'); }
  template <class... T>
  void operator()(const T&... fields) {
    (Write(fields), ...);
  }

 private:
  void Write(bool b) { out_.push_back(b ? '\x01' : '\x00'); }
  template <std::integral I>
  void Write(I v) {
    using U = std::make_unsigned_t<I>;
    const U u = static_cast<U>(v);
    char le[sizeof(I)];
    for (size_t i = 0; i < sizeof(I); ++i) le[i] = static_cast<char>((u >> (8 * i)) & 0xFF);
    out_.append(le, sizeof(I));
  }
  template <class T, size_t N>
  void Write(const std::array<T, N>& a) {
    if constexpr (sizeof(T) == 1 && std::is_integral_v<T>) {
      out_.append(reinterpret_cast<const char*>(a.data()), N);
    } else {
      for (const T& item : a) Write(item);
    }
  }
  void Write(const std::string& s) {
    Write(uint64_t(s.size()));
    out_.append(s);
  }
  template <class T>
  void Write(const std::vector<T>& v) {
    Write(uint64_t(v.size()));
    if constexpr (sizeof(T) == 1 && std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      out_.append(reinterpret_cast<const char*>(v.data()), v.size());
    } else {
      for (const T& item : v) Write(item);
    }
  }
  template <class T>
    requires std::is_class_v<T>
  void Write(const T& value) {
    serialize(*this, const_cast<T&>(value));  // a writer only reads the fields
  }

  std::string& out_;
};

class BinaryReader {
 public:
  using is_loading = std::true_type;

  // Reads from `in`, which must outlive the reader. The ledger writes only
  // little-endian archives, so any first byte but 0x01 is an error.
  explicit BinaryReader(ByteView in) : in_(in) {
    uint8_t flag = 0;
    Read(flag);
    if (!failed() && flag != 1) {
      Fail("the archive flag is " + std::to_string(flag) + ", not 1 (little-endian)");
    }
  }
  template <class... T>
  void operator()(T&... fields) {
    (Read(fields), ...);
  }

  // Records a problem a caller's own check found in a value just read (an
  // enum out of range, say). Only the first problem is kept; nothing is read
  // after it, and fields not yet read keep their values.
  void Fail(std::string why) {
    if (error_.empty()) error_ = std::move(why);
  }
  bool failed() const { return !error_.empty(); }

  // The verdict on the whole input: OK when every field read made sense and
  // no byte is left over; otherwise DataLoss saying what went wrong (callers
  // add what they were decoding, or choose another code).
  Status Finish() const {
    if (failed()) return Status::DataLoss(error_);
    if (pos_ != in_.size()) {
      return Status::DataLoss(std::to_string(in_.size() - pos_) +
                              " trailing bytes after the last field");
    }
    return Status::Ok();
  }

 private:
  size_t left() const { return in_.size() - pos_; }
  bool Take(size_t n) {
    if (failed()) return false;
    if (n > left()) {
      Fail("needs " + std::to_string(n) + " more bytes at offset " + std::to_string(pos_) +
           ", only " + std::to_string(left()) + " left");
      return false;
    }
    return true;
  }
  void Read(bool& b) {
    uint8_t byte = 0;
    Read(byte);
    if (!failed() && byte > 1) Fail("a boolean byte is " + std::to_string(byte));
    b = byte == 1;
  }
  template <std::integral I>
  void Read(I& v) {
    if (!Take(sizeof(I))) return;
    using U = std::make_unsigned_t<I>;
    U u = 0;
    for (size_t i = 0; i < sizeof(I); ++i) u = static_cast<U>(u | (U(in_[pos_ + i]) << (8 * i)));
    pos_ += sizeof(I);
    v = static_cast<I>(u);
  }
  template <class T, size_t N>
  void Read(std::array<T, N>& a) {
    if constexpr (sizeof(T) == 1 && std::is_integral_v<T>) {
      if (!Take(N)) return;
      std::memcpy(a.data(), in_.data() + pos_, N);
      pos_ += N;
    } else {
      for (T& item : a) Read(item);
    }
  }
  // A count is checked against the bytes left before anything is allocated
  // (every element takes at least one byte), so a hostile 2^40 fails at once.
  size_t ReadCount() {
    uint64_t n = 0;
    Read(n);
    if (failed()) return 0;
    if (n > left()) {
      Fail("a count of " + std::to_string(n) + " at offset " + std::to_string(pos_ - 8) +
           " runs past the end (" + std::to_string(left()) + " bytes left)");
      return 0;
    }
    return static_cast<size_t>(n);
  }
  void Read(std::string& s) {
    const size_t n = ReadCount();
    s.assign(reinterpret_cast<const char*>(in_.data()) + pos_, n);
    pos_ += n;
  }
  template <class T>
  void Read(std::vector<T>& v) {
    const size_t n = ReadCount();
    if constexpr (sizeof(T) == 1 && std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      v.resize(n);
      if (n > 0) std::memcpy(v.data(), in_.data() + pos_, n);
      pos_ += n;
    } else {
      v.resize(n);
      for (T& item : v) Read(item);
    }
  }
  template <class T>
    requires std::is_class_v<T>
  void Read(T& value) {
    serialize(*this, value);
  }

  ByteView in_;
  size_t pos_ = 0;
  std::string error_;  // the first problem; empty while all is well
};

// The archive of `value` (a struct with serialize()) into `out`, cleared
// first so that one buffer serves many values.
template <class T>
void EncodeArchiveTo(const T& value, std::string& out) {
  out.clear();
  BinaryWriter writer(out);
  writer(value);
}

template <class T>
std::string EncodeArchive(const T& value) {
  std::string out;
  EncodeArchiveTo(value, out);
  return out;
}

// Decodes a whole archive of T; see BinaryReader::Finish for the errors.
template <class T>
Result<T> DecodeArchive(ByteView in) {
  T value{};
  BinaryReader reader(in);
  reader(value);
  LEDGER_RETURN_IF_ERROR(reader.Finish());
  return value;
}

// The bytes `encode(writer)` writes after `prefix`, for codecs whose
// serialize routine takes more than the value (a schema, say).
template <class Encode>
Bytes EncodeToBytes(Encode&& encode, std::string_view prefix = {}) {
  std::string out(prefix);
  BinaryWriter writer(out);
  encode(writer);
  return Bytes(out.begin(), out.end());
}

}  // namespace ledger

#endif  // LEDGER_BINARY_ARCHIVE_H_
