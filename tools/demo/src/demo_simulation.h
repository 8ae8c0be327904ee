// The demo generator's simulation: its model of organisations, posts and
// people, and the Simulation class whose methods live in demo_structure.cc
// (the organisation chart and hiring) and demo_civil.cc (the years of
// decisions). Internal to ledger/demo.
#ifndef LEDGER_DEMO_DEMO_SIMULATION_H_
#define LEDGER_DEMO_DEMO_SIMULATION_H_

#include <boost/json.hpp>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "demo_writer.h"
#include "ledger/events.h"

namespace ledger::cli {
namespace json = boost::json;

inline int32_t DayOf(const char* date) { return events::ParseDate(date).value(); }

struct SimPost {
  std::string id, org, title, category;
  bool leadership = false, political = false;
  uint64_t positions = 1;
  struct Holder {
    size_t person;
    int32_t since;
  };
  std::vector<Holder> holders;
};

struct SimOrg {
  std::string id, name, parent, level, instrument, authority;
  uint64_t cap = 0, headcount = 0;
  uint64_t decisions = 0;  // numbering of this organisation's orders
};

struct SimPerson {
  std::string id;
  json::object registration;  // person.registered body, until it is recorded
  std::string commitment;     // its register_commitment
  int posts = 0;
};

struct Pending {
  int32_t due;
  std::function<void()> run;
};

class Simulation {
 public:
  Simulation(const DemoOptions& o, DemoKeys& k, DemoWriter& w)
      : opts_(o), keys_(k), w_(w), rng_(o.seed) {}
  Status Run();

 private:
  // ---- structure ----
  void AddOrg(std::string id, std::string name, std::string parent, std::string level, uint64_t cap,
              std::string instrument, std::string authority);
  void AddPost(const std::string& org, const std::string& slug, const std::string& title,
               const std::string& category, bool leadership, uint64_t positions,
               const std::string& established = "2012-01-01");
  void BuildStructure();
  // A district-like unit under `parent` with `units` khoroo-like units below it.
  void AddDistrict(const std::string& id, const std::string& name, const std::string& parent,
                   const std::string& level, const std::string& unit_level, int units);
  void AddSyntheticProvince(uint64_t n);
  // ---- decisions ----
  json::object Decision(SimOrg& org, int32_t date);
  size_t NewPerson(const std::string& org, bool leader);
  size_t Appoint(SimPost& p, size_t person, int32_t eff, const std::string& basis);
  size_t Dismiss(SimPost& p, size_t h, int32_t eff, const std::string& ground, bool article);
  void Transfer(SimPost& from, size_t h, SimPost& to, int32_t eff);
  void RecordBreach(SimPost& p, size_t h, int32_t day);
  void ImportSecretariatNames();
  void ImportChiefCabinetSecretaryTitles();
  void ImportChiefCabinetSecretaries();
  void Week(int32_t day);
  void Holders(SimPost& p, bool wave, bool local);
  void Vacancies(SimPost& p, bool wave, bool local);
  void CourtRuling(size_t post_index, size_t person, size_t dismissal);
  void CorrectDate(size_t post_index, size_t person, size_t appointment, int32_t eff);
  // The last days' decisions effective in 2026 and 2027, and persons
  // registered a second time (the future-dated and duplicate-person rules).
  void LastDecisions();
  void Later(int32_t due, std::function<void()> fn) { pending_.push_back({due, std::move(fn)}); }

  bool Chance(double p) { return std::uniform_real_distribution<>(0, 1)(rng_) < p; }
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  int32_t DaysAfterElection(int32_t day) const {
    int32_t best = INT32_MAX;
    for (int32_t e : elections_)
      if (day >= e) best = std::min(best, day - e);
    return best;
  }

  const DemoOptions& opts_;
  DemoKeys& keys_;
  DemoWriter& w_;
  std::mt19937_64 rng_;
  std::map<std::string, SimOrg> orgs_;
  std::vector<SimPost> posts_;
  std::vector<SimPerson> people_;
  std::vector<size_t> former_;  // people without a post, who may be hired again
  std::vector<Pending> pending_;
  std::vector<int32_t> elections_ = {DayOf("2016-06-29"), DayOf("2020-06-24"), DayOf("2024-06-28")};
  double hazard_ = 0.005;  // weekly chance that a holder leaves, tuned to opts_.people
  int32_t today_ = 0;      // the simulated recording day
  uint64_t breaches_ = 0;
  size_t ccs_ = 0;  // the Chief Cabinet Secretary's post
};

}  // namespace ledger::cli

#endif  // LEDGER_DEMO_DEMO_SIMULATION_H_
