// Command-line flag parsing for the `ledger` tool: declared flags only,
// "--flag value" or "--flag=value", repeatable flags, positional arguments.
#ifndef LEDGER_CLI_ARGS_H_
#define LEDGER_CLI_ARGS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ledger/encoding.h"  // ParseUInt
#include "ledger/status.h"

namespace ledger::cli {

struct FlagSpec {
  std::string name;  // without the leading "--"
  bool takes_value = true;
  std::string help;
};

class Args {
 public:
  // InvalidArgument names an unknown flag or a flag missing its value.
  static Result<Args> Parse(const std::vector<std::string>& argv,
                            const std::vector<FlagSpec>& specs);

  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  std::optional<std::string> Get(const std::string& name) const;
  std::string GetOr(const std::string& name, const std::string& fallback) const;
  std::vector<std::string> GetAll(const std::string& name) const;
  Result<std::string> Require(const std::string& name) const;
  Result<std::optional<uint64_t>> GetUInt(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positional_;
};

std::string FlagsHelp(const std::vector<FlagSpec>& specs);

}  // namespace ledger::cli

#endif  // LEDGER_CLI_ARGS_H_
