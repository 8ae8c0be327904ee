// Bounded cereal field helpers shared by the record and body codecs. They
// write exactly cereal's own layout (u64 size tag + raw bytes), but on load
// refuse a length prefix above the record limit before allocating, so a
// hostile prefix cannot make the decoder allocate gigabytes.
#ifndef LEDGER_SRC_CORE_CEREAL_FIELDS_H_
#define LEDGER_SRC_CORE_CEREAL_FIELDS_H_

#include <cereal/archives/portable_binary.hpp>
#include <cereal/cereal.hpp>
#include <cereal/types/array.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "ledger/record.h"

namespace ledger::internal {

template <class Archive>
uint64_t LoadLength(Archive& ar) {
  cereal::size_type n = 0;
  ar(cereal::make_size_tag(n));
  if (n > kMaxRecordBytes) {
    throw std::length_error("length prefix " + std::to_string(n) + " exceeds the " +
                            std::to_string(kMaxRecordBytes) + "-byte record limit");
  }
  return n;
}

// A length-prefixed byte string (std::string or Bytes).
template <class Archive, class Container>
void SizedBytes(Archive& ar, Container& c) {
  if constexpr (Archive::is_loading::value) {
    c.resize(LoadLength(ar));
  } else {
    ar(cereal::make_size_tag(static_cast<cereal::size_type>(c.size())));
  }
  ar(cereal::binary_data(c.data(), c.size()));
}

template <class Archive>
void StringList(Archive& ar, std::vector<std::string>& v) {
  if constexpr (Archive::is_loading::value) {
    v.resize(LoadLength(ar));
  } else {
    ar(cereal::make_size_tag(static_cast<cereal::size_type>(v.size())));
  }
  for (auto& s : v) SizedBytes(ar, s);
}

}  // namespace ledger::internal

#endif  // LEDGER_SRC_CORE_CEREAL_FIELDS_H_
