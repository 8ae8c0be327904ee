// cereal archives that write and read cereal's portable binary layout in
// memory instead of through iostreams (constructing a std::istringstream per
// record cost more than decoding it). Byte for byte the layout of
// cereal::PortableBinary{Output,Input}Archive with default options: a 0x01
// byte (little-endian data), then the fields; docs/FORMAT.md specifies it.
#ifndef LEDGER_SRC_CORE_MEMORY_ARCHIVE_H_
#define LEDGER_SRC_CORE_MEMORY_ARCHIVE_H_

#include <cereal/cereal.hpp>

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include "ledger/encoding.h"

namespace ledger::internal {

// Writes little-endian data, as cereal's portable archive does by default.
static_assert(std::endian::native == std::endian::little,
              "memory_archive.h writes host byte order; add byte swapping for this host");

class MemoryOutputArchive
    : public cereal::OutputArchive<MemoryOutputArchive, cereal::AllowEmptyClassElision> {
 public:
  // Appends to `out` (which may already hold a prefix, e.g. a signing context).
  explicit MemoryOutputArchive(std::string& out) : OutputArchive(this), out_(out) {
    const uint8_t little_endian = 1;
    SaveBinary(&little_endian, 1);
  }
  void SaveBinary(const void* data, size_t size) {
    out_.append(static_cast<const char*>(data), size);
  }

 private:
  std::string& out_;
};

class MemoryInputArchive
    : public cereal::InputArchive<MemoryInputArchive, cereal::AllowEmptyClassElision> {
 public:
  // Reads from `in`, which must outlive the archive. A short read throws
  // cereal::Exception, as reading past the end of a stream does.
  explicit MemoryInputArchive(ByteView in) : InputArchive(this), in_(in) {
    uint8_t little_endian = 1;
    LoadBinary(&little_endian, 1);
    swap_ = little_endian == 0;
  }
  void LoadBinary(void* data, size_t size) {
    if (size > in_.size() - pos_) {
      throw cereal::Exception("failed to read " + std::to_string(size) +
                              " bytes from the input");
    }
    std::memcpy(data, in_.data() + pos_, size);
    pos_ += size;
  }
  // Big-endian data (a first byte of 0): numbers are byte-swapped on load.
  bool swap() const { return swap_; }
  bool AtEnd() const { return pos_ == in_.size(); }

 private:
  ByteView in_;
  size_t pos_ = 0;
  bool swap_ = false;
};

template <class T>
  requires std::is_arithmetic_v<T>
void CEREAL_SAVE_FUNCTION_NAME(MemoryOutputArchive& ar, const T& t) {
  ar.SaveBinary(std::addressof(t), sizeof(t));
}
template <class T>
  requires std::is_arithmetic_v<T>
void CEREAL_LOAD_FUNCTION_NAME(MemoryInputArchive& ar, T& t) {
  ar.LoadBinary(std::addressof(t), sizeof(t));
  if (ar.swap()) {
    auto* bytes = reinterpret_cast<uint8_t*>(std::addressof(t));
    std::reverse(bytes, bytes + sizeof(t));
  }
}

// Byte strings (cereal::binary_data); elements are bytes, never swapped.
template <class T>
void CEREAL_SAVE_FUNCTION_NAME(MemoryOutputArchive& ar, const cereal::BinaryData<T>& bd) {
  ar.SaveBinary(bd.data, size_t(bd.size));
}
template <class T>
void CEREAL_LOAD_FUNCTION_NAME(MemoryInputArchive& ar, cereal::BinaryData<T>& bd) {
  ar.LoadBinary(bd.data, size_t(bd.size));
}

// Names and size tags carry no bytes of their own, as in cereal's binary archives.
template <class Archive, class T>
  requires std::is_same_v<Archive, MemoryOutputArchive> ||
           std::is_same_v<Archive, MemoryInputArchive>
void CEREAL_SERIALIZE_FUNCTION_NAME(Archive& ar, cereal::NameValuePair<T>& t) {
  ar(t.value);
}
template <class Archive, class T>
  requires std::is_same_v<Archive, MemoryOutputArchive> ||
           std::is_same_v<Archive, MemoryInputArchive>
void CEREAL_SERIALIZE_FUNCTION_NAME(Archive& ar, cereal::SizeTag<T>& t) {
  ar(t.size);
}

// The bytes `encode(archive)` writes after `prefix`.
template <class Encode>
Bytes EncodeToBytes(Encode&& encode, std::string_view prefix = {}) {
  std::string out(prefix);
  {
    MemoryOutputArchive ar(out);
    encode(ar);
  }
  return Bytes(out.begin(), out.end());
}

}  // namespace ledger::internal

#endif  // LEDGER_SRC_CORE_MEMORY_ARCHIVE_H_
