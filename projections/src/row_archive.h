// Writes and reads projection rows in cereal's portable binary layout
// without iostreams: a 0x01 byte (little-endian data), then each field in
// order: integers little-endian at their own width, bool as one byte,
// strings and vectors as a u64 count and then their items. Rows encoded here
// are byte for byte what cereal::PortableBinaryOutputArchive writes for the
// same serialize() functions (tests/projections/row_codec_test.cc checks).
#ifndef PROJECTIONS_SRC_ROW_ARCHIVE_H_
#define PROJECTIONS_SRC_ROW_ARCHIVE_H_

#include <concepts>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "ledger/encoding.h"

namespace ledger::projections {

// Appends to `out` (cleared first, so one buffer serves many rows).
class RowWriter {
 public:
  explicit RowWriter(std::string& out) : out_(out) { out_.assign(1, '\x01'); }
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
    for (size_t i = 0; i < sizeof(I); ++i) out_.push_back(static_cast<char>((u >> (8 * i)) & 0xFF));
  }
  void Write(const std::string& s) {
    Write(uint64_t(s.size()));
    out_.append(s);
  }
  template <class T>
  void Write(const std::vector<T>& v) {
    Write(uint64_t(v.size()));
    for (const T& item : v) Write(item);
  }
  template <class T>
    requires std::is_class_v<T>
  void Write(const T& row) {  // a struct with a serialize(archive, T&) function
    serialize(*this, const_cast<T&>(row));  // a writer only reads the fields
  }

  std::string& out_;
};

// Reads a row; a short, overlong or malformed row makes ok() false (the
// fields read so far are then meaningless).
class RowReader {
 public:
  explicit RowReader(ByteView in) : in_(in) {
    uint8_t little_endian = 0;
    Read(little_endian);
    ok_ = ok_ && little_endian == 1;
  }
  template <class... T>
  void operator()(T&... fields) {
    (Read(fields), ...);
  }
  // Every byte was read and each made sense.
  bool ok() const { return ok_ && pos_ == in_.size(); }

 private:
  bool Take(size_t n) {
    ok_ = ok_ && in_.size() - pos_ >= n;
    return ok_;
  }
  void Read(bool& b) {
    uint8_t byte = 0;
    Read(byte);
    ok_ = ok_ && byte <= 1;
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
  // A count is at most the bytes left: every item takes at least one.
  size_t ReadCount() {
    uint64_t n = 0;
    Read(n);
    return Take(n) ? size_t(n) : 0;
  }
  void Read(std::string& s) {
    const size_t n = ReadCount();
    s.assign(reinterpret_cast<const char*>(in_.data()) + pos_, n);
    pos_ += n;
  }
  template <class T>
  void Read(std::vector<T>& v) {
    v.resize(ReadCount());
    for (T& item : v) Read(item);
  }
  template <class T>
    requires std::is_class_v<T>
  void Read(T& row) {
    serialize(*this, row);
  }

  ByteView in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace ledger::projections

#endif  // PROJECTIONS_SRC_ROW_ARCHIVE_H_
