// Demo ledger generator: signing keys of real Mongolian HR departments and
// the events they record.
#include "demo/demo_data.h"

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <map>
#include <thread>

#include "demo_writer.h"
#include "ledger/events.h"
#include "ledger/file_io.h"
#include "ledger/key_files.h"
#include "ledger/keys.h"
#include "ledger/store.h"
#include "projections/civil_ledger.h"

namespace ledger::cli {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr const char* kDemoOrigin = "civil-service-ledger.example.mn/demo";

struct Department {
  const char* key_name;
  const char* organisation;
};

// HR departments that record decisions, each scoped to its organisation.
constexpr Department kDepartments[] = {
    {"hr-cabinet-secretariat", "mn.cabinet-secretariat"},
    {"hr-ministry-finance", "mn.ministry.finance"},
    {"hr-ministry-justice", "mn.ministry.justice"},
    {"hr-ministry-education", "mn.ministry.education"},
    {"hr-capital-city", "mn.ub"},
    {"hr-baganuur", "mn.ub.baganuur"},
    {"hr-bagakhangai", "mn.ub.bagakhangai"},
    {"hr-bayangol", "mn.ub.bayangol"},
    {"hr-bayanzurkh", "mn.ub.bayanzurkh"},
    {"hr-chingeltei", "mn.ub.chingeltei"},
    {"hr-khan-uul", "mn.ub.khan-uul"},
    {"hr-nalaikh", "mn.ub.nalaikh"},
    {"hr-songinokhairkhan", "mn.ub.songinokhairkhan"},
    {"hr-sukhbaatar", "mn.ub.sukhbaatar"},
};

// Deterministic keys: the seed and the key's name give its Ed25519 seed, so
// the same demo always has the same keys (never do this with real keys).
SigningKey DemoKey(uint64_t seed, const std::string& name) {
  Hash h = Sha256(std::string_view("demo-key/" + std::to_string(seed) + "/" + name));
  return std::move(SigningKey::FromSeed(h).value());
}

json::object RegisterBody(const SigningKey& key, const std::string& name, const std::string& role,
                          const std::vector<std::string>& orgs) {
  json::object b;
  b["key"] = Base64Encode(key.public_key());
  b["name"] = name;
  b["role"] = role;
  json::array a;
  for (const auto& o : orgs) a.emplace_back(o);
  b["organisations"] = std::move(a);
  return b;
}

Status WriteKey(const fs::path& dir, const std::string& name, const SigningKey& key) {
  return WriteFileDurably((dir / (name + ".pem")).string(), key.ToPem(), 0600);
}

// The key name of synthetic province `n`'s HR department.
std::string SyntheticKeyName(uint64_t n) { return "hr-sim-" + std::to_string(n); }

class DepartmentKeys : public DemoKeys {
 public:
  DepartmentKeys(uint64_t seed, SigningKey admin, uint64_t provinces)
      : admin_(std::move(admin)), rotated_(DemoKey(seed, "hr-ministry-finance-2021")) {
    for (const auto& d : kDepartments) keys_.emplace(d.organisation, DemoKey(seed, d.key_name));
    for (uint64_t n = 1; n <= provinces; ++n) {
      keys_.emplace(SyntheticProvince(n), DemoKey(seed, SyntheticKeyName(n)));
    }
  }
  const SigningKey& For(const std::string& org, int32_t day) const override {
    if (org.starts_with("mn.ministry.finance") && day >= rotation_day_) return rotated_;
    if (org.starts_with("mn.ub.bagakhangai") && day >= revocation_day_) return keys_.at("mn.ub");
    const SigningKey* best = nullptr;
    size_t best_len = 0;
    for (const auto& [prefix, key] : keys_) {
      if (keys::OrgIsWithin(org, prefix) && prefix.size() > best_len)
        best = &key, best_len = prefix.size();
    }
    return *best;
  }
  void OnDay(int32_t day, DemoWriter& w) override {
    if (day >= rotation_day_ && !rotated_done_) {
      json::object rot;
      rot["old_key"] = Base64Encode(keys_.at("mn.ministry.finance").public_key());
      rot["new_key"] = Base64Encode(rotated_.public_key());
      rot["reason"] = "scheduled key rotation";
      w.Add("key.rotate", rot, admin_);
      rotated_done_ = true;
    }
    if (day >= revocation_day_ && !revoked_done_) {
      json::object rev;
      rev["key"] = Base64Encode(keys_.at("mn.ub.bagakhangai").public_key());
      rev["reason"] = "HR office merged into the Capital City HR department";
      w.Add("key.revoke", rev, admin_);
      revoked_done_ = true;
    }
  }

 private:
  SigningKey admin_, rotated_;
  std::map<std::string, SigningKey> keys_;
  int32_t rotation_day_ = events::ParseDate("2021-03-01").value();
  int32_t revocation_day_ = events::ParseDate("2021-09-06").value();
  bool rotated_done_ = false, revoked_done_ = false;
};

}  // namespace

std::string SyntheticProvince(uint64_t n) { return "mn.sim-" + std::to_string(n); }

size_t DemoWriter::Add(const std::string& type, const json::object& body, const SigningKey& key) {
  const size_t ticket = seqs_.size();
  seqs_.push_back(UINT64_MAX);
  const events::EventSchema* schema = events::LatestSchema(type);
  auto parsed = events::BodyFromJson(*schema, body);
  if (!parsed.ok()) {
    if (status_.ok()) status_ = parsed.status().WithContext("demo " + type);
    return ticket;
  }
  pending_.push_back(Submission{type, schema->version, events::EncodeBody(*parsed),
                                "demo-" + std::to_string(ticket)});
  signers_.push_back(&key);
  // One write transaction holds its dirty pages in memory, and LMDB caps
  // them: a day of a benchmark-scale ledger (the first, with every
  // organisation's structure) is appended in several batches.
  if (pending_.size() >= kMaxBatch) Flush();
  return ticket;
}

void DemoWriter::Flush() {
  if (pending_.empty()) return;
  // Ed25519 signatures are deterministic: signing on every core gives the
  // same bytes as one by one, and the generator's time is mostly signing.
  {
    const size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1,
                                              std::max<size_t>(1, pending_.size() / 64));
    std::vector<std::jthread> pool;
    for (size_t t = 0; t < threads; ++t) {
      pool.emplace_back([this, t, threads] {
        for (size_t i = t; i < pending_.size(); i += threads) SignSubmission(pending_[i], *signers_[i]);
      });
    }
  }
  const size_t first = seqs_.size() - pending_.size();
  const auto outcomes = ledger_.AppendBatch(pending_);
  for (size_t i = 0; i < outcomes.size(); ++i) {
    const auto& o = outcomes[i];
    if (o.status.ok()) {
      seqs_[first + i] = o.seq;
      continue;
    }
    ++summary_.rejected;
    if (status_.ok()) {
      status_ = o.status.WithContext("demo event rejected (" + pending_[i].event_type + ")");
    }
  }
  pending_.clear();
  signers_.clear();
  const uint64_t before = summary_.records;
  summary_.records = ledger_.Size();
  if (summary_.records / 10000 != before / 10000) log_ << "  " << summary_.records << " records\n";
}

void DemoWriter::StartDay(int32_t day) {
  Flush();
  clock_us_ = (int64_t(day) * 86'400 + 10 * 3'600) * 1'000'000;
}

Result<DemoSummary> DemoWriter::Finish() {
  Flush();
  log_ << "  " << summary_.records << " records\n";
  if (!status_.ok()) return status_;
  return summary_;
}

Result<DemoSummary> BuildDemoLedger(const std::string& root_dir, const DemoOptions& opts,
                                    std::ostream& log) {
  fs::path keys_dir = fs::path(root_dir) / "keys";
  std::error_code ec;
  fs::create_directories(keys_dir, ec);
  if (ec) return Status::FailedPrecondition("cannot create " + keys_dir.string());

  SigningKey root = DemoKey(opts.seed, "civil-service-council");
  SigningKey admin = DemoKey(opts.seed, "csc-registry-admin");
  LEDGER_RETURN_IF_ERROR(WriteKey(keys_dir, "civil-service-council", root));
  LEDGER_RETURN_IF_ERROR(WriteKey(keys_dir, "csc-registry-admin", admin));
  for (const auto& d : kDepartments) {
    LEDGER_RETURN_IF_ERROR(WriteKey(keys_dir, d.key_name, DemoKey(opts.seed, d.key_name)));
  }
  LEDGER_RETURN_IF_ERROR(WriteKey(keys_dir, "hr-ministry-finance-2021",
                                  DemoKey(opts.seed, "hr-ministry-finance-2021")));

  // The ledger clock follows the simulated calendar (one batch per week).
  int64_t clock_us = (int64_t(events::ParseDate("2012-01-02").value()) * 86'400) * 1'000'000;
  const std::string ledger_dir = (fs::path(root_dir) / "ledger").string();
  LEDGER_ASSIGN_OR_RETURN(auto civil, projections::MakeCivilLedgerOptions(ledger_dir, false));
  if (opts.version_one_rules) {
    civil.state = std::make_shared<projections::CivilState>(projections::kCivilServiceRuleSet);
    civil.ledger.hooks = {civil.state};
  }
  civil.ledger.clock = [&clock_us] { return clock_us; };
  // A derived log key too, so the same seed gives the same root.
  civil.ledger.log_key_source = [&opts] { return DemoKey(opts.seed, "log"); };
  LEDGER_ASSIGN_OR_RETURN(
      std::unique_ptr<Ledger> ledger,
      Ledger::Create(ledger_dir, kDemoOrigin, root, "civil-service-council", civil.ledger));
  DemoWriter w(*ledger, clock_us, log);
  w.Add("key.register", RegisterBody(admin, "csc-registry-admin", "admin", {"*"}), root);
  for (const auto& d : kDepartments) {
    w.Add("key.register",
          RegisterBody(DemoKey(opts.seed, d.key_name), d.key_name, "authority", {d.organisation}),
          admin);
  }
  for (uint64_t n = 1; n <= opts.provinces; ++n) {
    const SigningKey key = DemoKey(opts.seed, SyntheticKeyName(n));
    LEDGER_RETURN_IF_ERROR(WriteKey(keys_dir, SyntheticKeyName(n), key));
    w.Add("key.register",
          RegisterBody(key, SyntheticKeyName(n), "authority", {SyntheticProvince(n)}), admin);
  }
  DepartmentKeys dept(opts.seed, DemoKey(opts.seed, "csc-registry-admin"), opts.provinces);
  LEDGER_RETURN_IF_ERROR(GenerateCivilHistory(opts, dept, w));
  // Last, so that no earlier seq moves: the registry admin adds the
  // presidential elections to the parliamentary ones of the version 1
  // defaults; the post-election rule counts them for later records.
  w.Add("rules.set",
        {{"backdate_days", 30},
         {"post_election_days", 90},
         {"elections",
          json::array{"2016-06-29", "2017-06-26", "2020-06-24", "2021-06-09", "2024-06-28"}},
         {"reason",
          "Ерөнхийлөгчийн 2017, 2021 оны сонгуулийг үндэсний сонгуулийн жагсаалтад нэмэв "
          "(the presidential elections join the national election calendar)"}},
        admin);
  return w.Finish();
}

}  // namespace ledger::cli
