// Command-line flags for `ledger` and `ledger-verify`: declared flags only,
// "--flag value" or "--flag=value", repeatable flags, positionals, typed numbers.
#ifndef CLI_KIT_FLAGS_H_
#define CLI_KIT_FLAGS_H_

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ledger/status.h"

namespace ledger::cli_kit {

struct FlagSpec {
  std::string name;  // without the leading "--"
  bool takes_value = true;
  std::string help;
};

// The parsed arguments of one command. Every error is InvalidArgument (a
// usage error, exit 2) and names the flag.
class Args {
 public:
  // Fails on an unknown flag, a flag missing its value, or a switch given
  // one. After "--" every argument is positional; so is "-" (stdin).
  static Result<Args> Parse(const std::vector<std::string>& argv,
                            const std::vector<FlagSpec>& specs);

  bool Has(const std::string& name) const { return values_.contains(name); }
  std::optional<std::string> Get(const std::string& name) const;  // the last one given
  std::string GetOr(const std::string& name, const std::string& fallback) const;
  std::vector<std::string> GetAll(const std::string& name) const;
  // The flag's value; an error when it is absent or empty.
  Result<std::string> Require(const std::string& name) const;
  // The flag as a decimal number in [min, max]; nullopt when it is absent.
  // Malformed or out-of-range text is an error naming the flag, never ignored.
  Result<std::optional<uint64_t>> GetUInt(
      const std::string& name, uint64_t min = 0,
      uint64_t max = std::numeric_limits<uint64_t>::max()) const;
  // The same for a flag the command cannot do without.
  Result<uint64_t> RequireUInt(const std::string& name, uint64_t min = 0,
                               uint64_t max = std::numeric_limits<uint64_t>::max()) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::vector<std::string>> values_;  // a switch holds one ""
  std::vector<std::string> positional_;
};

}  // namespace ledger::cli_kit

#endif  // CLI_KIT_FLAGS_H_
