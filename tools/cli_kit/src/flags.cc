// The flag parser and typed getters of cli_kit/flags.h.
#include "cli_kit/flags.h"

#include <algorithm>

#include "ledger/encoding.h"  // ParseUInt
#include "ledger/suggest.h"

namespace ledger::cli_kit {

Result<Args> Args::Parse(const std::vector<std::string>& argv, const std::vector<FlagSpec>& specs) {
  Args a;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg == "--") {
      a.positional_.insert(a.positional_.end(), argv.begin() + long(i) + 1, argv.end());
      break;
    }
    if (!arg.starts_with("--")) {
      a.positional_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2), value;
    bool inline_value = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
      inline_value = true;
    }
    auto spec =
        std::find_if(specs.begin(), specs.end(), [&](const FlagSpec& s) { return s.name == name; });
    if (spec == specs.end()) {
      std::vector<std::string> known;
      for (const FlagSpec& s : specs) known.push_back("--" + s.name);
      return Status::InvalidArgument("unknown flag --" + name + DidYouMean("--" + name, known));
    }
    if (spec->takes_value && !inline_value) {
      if (i + 1 >= argv.size()) return Status::InvalidArgument("--" + name + " needs a value");
      value = argv[++i];
    } else if (!spec->takes_value && inline_value) {
      return Status::InvalidArgument("--" + name + " takes no value");
    }
    a.values_[name].push_back(std::move(value));
  }
  return a;
}

std::optional<std::string> Args::Get(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second.back();
}

std::string Args::GetOr(const std::string& name, const std::string& fallback) const {
  return Get(name).value_or(fallback);
}

std::vector<std::string> Args::GetAll(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

Result<std::string> Args::Require(const std::string& name) const {
  auto v = Get(name);
  if (!v || v->empty()) return Status::InvalidArgument("--" + name + " is required");
  return *v;
}

Result<std::optional<uint64_t>> Args::GetUInt(const std::string& name, uint64_t min,
                                              uint64_t max) const {
  auto text = Get(name);
  if (!text) return std::optional<uint64_t>();
  LEDGER_ASSIGN_OR_RETURN(uint64_t n, ParseUInt(*text, "--" + name));
  if (n < min || n > max) {
    return Status::InvalidArgument("--" + name + ": " + *text + " is out of range (" +
                                   std::to_string(min) + " to " + std::to_string(max) + ")");
  }
  return std::optional<uint64_t>(n);
}

Result<uint64_t> Args::RequireUInt(const std::string& name, uint64_t min, uint64_t max) const {
  LEDGER_ASSIGN_OR_RETURN(std::optional<uint64_t> n, GetUInt(name, min, max));
  if (!n) return Status::InvalidArgument("--" + name + " is required");
  return *n;
}

}  // namespace ledger::cli_kit
