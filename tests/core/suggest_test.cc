// "Did you mean": closest names by edit distance, nearest first.
#include "ledger/suggest.h"

#include <gtest/gtest.h>

namespace ledger {
namespace {

TEST(Suggest, EditDistance) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("holders", "holdrs"), 1u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("abc", ""), 3u);
}

TEST(Suggest, ClosestNamesNearestFirstAndOnlyClose) {
  const std::vector<std::string> views = {"holders", "history", "service", "staffing",
                                          "staffing-history", "findings"};
  EXPECT_EQ(ClosestNames("holdrs", views), (std::vector<std::string>{"holders"}));
  EXPECT_EQ(ClosestNames("staff", views), (std::vector<std::string>{"staffing", "staffing-history"}));
  EXPECT_EQ(ClosestNames("xyzzy", views), std::vector<std::string>{});
  EXPECT_EQ(DidYouMean("histroy", views), "; did you mean \"history\"?");
  EXPECT_EQ(DidYouMean("staff", views), "; did you mean \"staffing\" or \"staffing-history\"?");
  EXPECT_EQ(DidYouMean("zzz", views), "");
}

}  // namespace
}  // namespace ledger
