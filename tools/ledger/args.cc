// Flag parsing for the ledger CLI.
#include "args.h"

namespace ledger::cli {

Result<Args> Args::Parse(const std::vector<std::string>& argv, const std::vector<FlagSpec>& specs) {
  Args a;
  bool only_positional = false;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (only_positional || arg.size() < 3 || arg.rfind("--", 0) != 0) {
      if (arg == "--") {
        only_positional = true;
        continue;
      }
      a.positional_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2), value;
    bool inline_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      inline_value = true;
    }
    const FlagSpec* spec = nullptr;
    for (const auto& s : specs) {
      if (s.name == name) spec = &s;
    }
    if (!spec) return Status::InvalidArgument("unknown flag --" + name);
    if (spec->takes_value && !inline_value) {
      if (i + 1 >= argv.size()) return Status::InvalidArgument("--" + name + " needs a value");
      value = argv[++i];
    } else if (!spec->takes_value && inline_value) {
      return Status::InvalidArgument("--" + name + " takes no value");
    }
    a.values_[name].push_back(value);
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

Result<std::optional<uint64_t>> Args::GetUInt(const std::string& name) const {
  auto v = Get(name);
  if (!v) return std::optional<uint64_t>();
  LEDGER_ASSIGN_OR_RETURN(uint64_t n, ParseUInt(*v, "--" + name));
  return std::optional<uint64_t>(n);
}

std::string FlagsHelp(const std::vector<FlagSpec>& specs) {
  std::string out;
  for (const auto& s : specs) {
    std::string left = "  --" + s.name + (s.takes_value ? " VALUE" : "");
    if (left.size() < 28) left.resize(28, ' ');
    out += left + " " + s.help + "\n";
  }
  return out;
}

}  // namespace ledger::cli
