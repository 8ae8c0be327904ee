// "Did you mean": the closest valid names to a misspelt one (an unknown view,
// column, flag, parameter, rule or id), by edit distance, for usage errors
// in the CLI and the API alike.
#ifndef LEDGER_SUGGEST_H_
#define LEDGER_SUGGEST_H_

#include <string>
#include <string_view>
#include <vector>

namespace ledger {

// Levenshtein distance in bytes (ids and names here are ASCII).
size_t EditDistance(std::string_view a, std::string_view b);

// Up to `max` candidates closest to `wrong`, nearest first (ties in the
// candidates' order): those within a third of the longer length (at least
// 2 edits), or that `wrong` is the beginning of.
std::vector<std::string> ClosestNames(std::string_view wrong,
                                      const std::vector<std::string>& candidates, size_t max = 3);

// `; did you mean "a" or "b"?` for the closest names, or "" when none is close.
std::string DidYouMean(std::string_view wrong, const std::vector<std::string>& candidates);

}  // namespace ledger

#endif  // LEDGER_SUGGEST_H_
