// Closest names by edit distance, for "did you mean" in usage errors.
#include "ledger/suggest.h"

#include <algorithm>

namespace ledger {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::vector<std::string> ClosestNames(std::string_view wrong,
                                      const std::vector<std::string>& candidates, size_t max) {
  std::vector<std::pair<size_t, size_t>> scored;  // (distance, index)
  for (size_t i = 0; i < candidates.size(); ++i) {
    const std::string& c = candidates[i];
    if (c == wrong) continue;
    const size_t d = EditDistance(wrong, c);
    const size_t allowed = std::max<size_t>(2, std::max(wrong.size(), c.size()) / 3);
    const bool prefix = !wrong.empty() && std::string_view(c).starts_with(wrong);
    if (d <= allowed || prefix) scored.emplace_back(d, i);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (size_t k = 0; k < scored.size() && out.size() < max; ++k) {
    out.push_back(candidates[scored[k].second]);
  }
  return out;
}

std::string DidYouMean(std::string_view wrong, const std::vector<std::string>& candidates) {
  const std::vector<std::string> close = ClosestNames(wrong, candidates);
  if (close.empty()) return "";
  std::string out = "; did you mean ";
  for (size_t i = 0; i < close.size(); ++i) {
    if (i) out += i + 1 == close.size() ? " or " : ", ";
    out += "\"" + close[i] + "\"";
  }
  return out + "?";
}

}  // namespace ledger
