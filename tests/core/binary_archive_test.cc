// The core's archive codec writes exactly what cereal's portable binary
// archive writes for the same serialize() functions, for every kind of field
// the ledger stores, and its reader reports (never throws) short, overlong
// and malformed input.
#include "ledger/binary_archive.h"

#include <gtest/gtest.h>

#include <cereal/archives/portable_binary.hpp>
#include <cereal/types/array.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <climits>
#include <sstream>

namespace ledger {
namespace {

struct Inner {
  std::string name;
  int32_t day = 0;
  bool flag = false;
  bool operator==(const Inner&) const = default;
};
template <class A>
void serialize(A& ar, Inner& i) {
  ar(i.name, i.day, i.flag);
}

struct Sample {
  bool yes = true;
  char kind = 'D';
  uint8_t u8 = 0xfe;
  int16_t i16 = -2;
  uint32_t u32 = 0xdeadbeef;
  int64_t i64 = INT64_MIN;
  uint64_t u64 = UINT64_MAX;
  std::array<uint8_t, 32> hash{};
  std::string text = "Хан-Уул";
  Bytes raw = {0x00, 0x01, 0xff};
  std::vector<std::string> list = {"org.khan-uul", "", "org.khan-uul/school-12"};
  std::vector<int32_t> days = {-1, 0, INT32_MAX};
  std::vector<Inner> inners = {{"a", -719162, true}, {"", 2932896, false}};
  Inner one = {"one", 20513, true};
  bool operator==(const Sample&) const = default;
};
template <class A>
void serialize(A& ar, Sample& s) {
  ar(s.yes, s.kind, s.u8, s.i16, s.u32, s.i64, s.u64, s.hash, s.text, s.raw, s.list, s.days,
     s.inners, s.one);
}

template <class T>
std::string CerealBytes(const T& value) {
  std::ostringstream out;
  {
    cereal::PortableBinaryOutputArchive ar(out);
    ar(const_cast<T&>(value));
  }
  return out.str();
}

Sample Filled() {
  Sample s;
  for (size_t i = 0; i < s.hash.size(); ++i) s.hash[i] = static_cast<uint8_t>(0xa0 + i);
  return s;
}

TEST(BinaryArchive, WritesWhatCerealWrites) {
  for (const Sample& s : {Filled(), Sample{false, 0, 0, 0, 0, 0, 0, {}, "", {}, {}, {}, {}, {}}}) {
    const std::string ours = EncodeArchive(s);
    EXPECT_EQ(ours, CerealBytes(s));
    auto back = DecodeArchive<Sample>(AsBytes(ours));
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, s);
  }
}

TEST(BinaryArchive, EncodeToBytesKeepsThePrefix) {
  const Bytes b = EncodeToBytes([](BinaryWriter& w) { w(uint16_t{1}); }, "ctx\n");
  EXPECT_EQ(b, (Bytes{'c', 't', 'x', '\n', 0x01, 0x01, 0x00}));
  std::string buffer = "old contents";
  EncodeArchiveTo(Inner{"x", 1, true}, buffer);  // cleared first
  EXPECT_EQ(buffer, EncodeArchive(Inner{"x", 1, true}));
}

TEST(BinaryArchive, ShortLongAndMalformedInputIsDataLoss) {
  const std::string bytes = EncodeArchive(Filled());
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto r = DecodeArchive<Sample>(AsBytes(bytes.substr(0, n)));
    ASSERT_FALSE(r.ok()) << n;
    EXPECT_EQ(r.status().code(), Code::kDataLoss) << n;
  }
  auto trailing = DecodeArchive<Sample>(AsBytes(bytes + '\0'));
  EXPECT_EQ(trailing.status().code(), Code::kDataLoss);
  EXPECT_NE(trailing.status().message().find("1 trailing bytes"), std::string::npos)
      << trailing.status().message();
  for (char flag : {'\x00', '\x02'}) {  // only little-endian archives are written
    std::string bad = bytes;
    bad[0] = flag;
    EXPECT_EQ(DecodeArchive<Sample>(AsBytes(bad)).status().code(), Code::kDataLoss);
  }
  std::string bad_bool = bytes;
  bad_bool[1] = '\x02';
  EXPECT_EQ(DecodeArchive<Sample>(AsBytes(bad_bool)).status().code(), Code::kDataLoss);
}

TEST(BinaryArchive, HugeCountFailsBeforeAllocating) {
  // Inner's name count raised by 2^40: far beyond the bytes left.
  std::string huge = EncodeArchive(Inner{"x", 1, true});
  huge[1 + 5] = '\x01';  // byte 5 of the little-endian u64 count: + 2^40
  auto r = DecodeArchive<Inner>(AsBytes(huge));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kDataLoss);
  EXPECT_NE(r.status().message().find("runs past the end"), std::string::npos)
      << r.status().message();
}

TEST(BinaryArchive, TheFirstProblemIsTheOneReported) {
  const std::string bytes = EncodeArchive(Inner{"x", 1, true});
  BinaryReader reader(AsBytes(bytes));
  Inner in;
  reader(in);
  EXPECT_TRUE(reader.Finish().ok());
  reader.Fail("role byte is 7");
  reader.Fail("a later problem");
  EXPECT_TRUE(reader.failed());
  EXPECT_EQ(reader.Finish().message(), "role byte is 7");
  // After a failure nothing more is read: the field keeps its value.
  uint64_t untouched = 42;
  reader(untouched);
  EXPECT_EQ(untouched, 42u);
}

}  // namespace
}  // namespace ledger
