// The projection's rows, laid out by projections/row_layout.h and encoded by
// the core's ledger/binary_archive.h, are exactly what cereal's portable
// binary archive writes for the same serialize() functions (so rows stored
// before the ledger replaced cereal's iostreams still decode, and rebuilt rows
// match), and the decoder refuses short, overlong and malformed rows.
#include <gtest/gtest.h>

#include <cereal/archives/portable_binary.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/vector.hpp>
#include <climits>
#include <sstream>

#include "ledger/binary_archive.h"
#include "projections/row_layout.h"

namespace ledger::projections {
namespace {

template <class T>
std::string CerealBytes(const T& row) {
  std::ostringstream out;
  {
    cereal::PortableBinaryOutputArchive ar(out);
    ar(const_cast<T&>(row));
  }
  return out.str();
}

template <class T>
std::string EncodeRow(const T& row) {
  return EncodeArchive(row);
}
template <class T>
Result<T> DecodeRow(ByteView bytes, std::string_view /*id*/) {
  return DecodeArchive<T>(bytes);
}

template <class T>
void ExpectSameAsCereal(const T& row) {
  const std::string ours = EncodeRow(row);
  EXPECT_EQ(ours, CerealBytes(row));
  auto back = DecodeRow<T>(AsBytes(ours), "row");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(EncodeRow(*back), ours);
}

TEST(RowCodec, EveryRowTypeEncodesAsCerealDoes) {
  OrgState org{"Нийслэлийн Засаг даргын Тамгын газар", "mn", "capital", 1200, 37, true, 5};
  org.name_seq = 9;
  org.cap_seq = UINT64_MAX;
  ExpectSameAsCereal(org);
  ExpectSameAsCereal(OrgState{});

  PostState post{"mn.ub", "Дарга", "political", "", true, 3};
  post.holders = {{"person.1", -4000, "acting", 12}, {"person.22", 19000, "permanent", 1u << 31}};
  post.seq = 77;
  post.titles = {{"Нарийн бичгийн дарга", -17700, 77}, {"Дарга", 9600, 1u << 20}};
  ExpectSameAsCereal(post);

  PersonState person{"Бат", "male", 1975, {"mn.ub/a", "mn.ub/b"}, 3};
  ExpectSameAsCereal(person);
  ExpectSameAsCereal(BreachState{"person.1", "mn.ub", "law", "12.1", "confirmed", 4, 8});

  TenureEntry tenure{"person.1", "permanent", INT32_MIN};
  tenure.how = "reinstatement";
  tenure.ended_by = "dismissal:misconduct";
  ExpectSameAsCereal(tenure);
  ExpectSameAsCereal(TenureEntry{});
  ExpectSameAsCereal(OrgEvent{'D', "person.1", "mn.ub/a", "administrative", "", false, 90, -1});
}

TEST(RowCodec, RefusesShortLongAndMalformedRows) {
  PersonState person{"Бат", "male", 1975, {"mn.ub/a"}, 3};
  const std::string bytes = EncodeRow(person);
  for (size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_FALSE(DecodeRow<PersonState>(AsBytes(bytes.substr(0, n)), "p").ok()) << n;
  }
  EXPECT_FALSE(DecodeRow<PersonState>(AsBytes(bytes + '\0'), "p").ok());
  std::string big_endian = bytes;
  big_endian[0] = '\0';
  EXPECT_FALSE(DecodeRow<PersonState>(AsBytes(big_endian), "p").ok());
  // A string length far beyond the row.
  std::string huge = bytes;
  huge[8] = '\x7f';
  auto r = DecodeRow<PersonState>(AsBytes(huge), "p");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kDataLoss);
  // A boolean byte other than 0 or 1.
  OrgState org;
  std::string bad_bool = EncodeRow(org);
  bad_bool[1 + 8 * 3 + 8 + 8] = '\x02';
  EXPECT_FALSE(DecodeRow<OrgState>(AsBytes(bad_bool), "o").ok());
}

}  // namespace
}  // namespace ledger::projections
