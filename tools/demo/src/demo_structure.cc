// The demo's organisation chart (the Capital City, its districts and
// khoroos, the Cabinet Secretariat with the 11 units of its 2024 structure,
// three ministries), synthetic aimags for benchmark-scale ledgers, the people
// it hires and the Chief Cabinet Secretary's history since 1921 (the three
// longest-serving by their names).
#include "demo_names.h"
#include "demo_simulation.h"

namespace ledger::cli {

void Simulation::AddOrg(std::string id, std::string name, std::string parent, std::string level,
                        uint64_t cap, std::string instrument, std::string authority) {
  SimOrg o{id,
           std::move(name),
           std::move(parent),
           std::move(level),
           std::move(instrument),
           std::move(authority),
           cap};
  json::object b = Decision(o, DayOf("2012-01-01"));
  b["org"] = id;
  b["name"] = o.name;
  if (!o.parent.empty()) b["parent"] = o.parent;
  b["level"] = o.level;
  b["max_headcount"] = cap;
  b["effective_date"] = "2012-01-01";
  w_.Add("organisation.established", b, keys_.For(id, DayOf("2012-01-02")));
  orgs_.emplace(id, std::move(o));
}

void Simulation::AddPost(const std::string& org, const std::string& slug, const std::string& title,
                         const std::string& category, bool leadership, uint64_t positions,
                         const std::string& established) {
  SimPost p{org + "/" + slug, org, title, category, leadership, category == "political", positions};
  json::object b = Decision(orgs_.at(org), DayOf(established.c_str()));
  b["post"] = p.id;
  b["org"] = org;
  b["title"] = title;
  b["category"] = category;
  b["leadership"] = leadership;
  b["positions"] = positions;
  b["effective_date"] = established;
  w_.Add("post.established", b, keys_.For(org, DayOf("2012-01-02")));
  posts_.push_back(std::move(p));
}

void Simulation::AddDistrict(const std::string& id, const std::string& name,
                             const std::string& parent, const std::string& level,
                             const std::string& unit_level, int units) {
  AddOrg(id, name + " Засаг даргын Тамгын газар", parent, level, 55,
         name + " Засаг даргын захирамж", name + " Засаг дарга");
  AddPost(id, "governor", name + " Засаг дарга", "political", true, 1);
  AddPost(id, "deputy-governor", name + " Засаг даргын орлогч", "political", true, 1);
  AddPost(id, "chief-of-staff", "Тамгын газрын дарга", "administrative", true, 1);
  AddPost(id, "division-head", "Хэлтсийн дарга", "administrative", true, 6);
  AddPost(id, "officer", "Мэргэжилтэн", "administrative", false, 40);
  AddPost(id, "support", "Үйлчилгээний ажилтан", "support", false, 6);
  const bool khoroo = unit_level == "khoroo";  // else a soum's bags
  for (int k = 1; k <= units; ++k) {
    const std::string n = (k < 10 ? "0" : "") + std::to_string(k);
    const std::string kid = id + (khoroo ? ".khoroo-" : ".bag-") + n;
    AddOrg(kid, name + " " + std::to_string(k) + (khoroo ? "-р хороо" : "-р баг"), id, unit_level, 15,
           orgs_.at(id).instrument, orgs_.at(id).authority);
    AddPost(kid, "governor", "Хорооны Засаг дарга", "administrative", true, 1);
    AddPost(kid, "secretary", "Хорооны нарийн бичгийн дарга", "administrative", false, 1);
    AddPost(kid, "social-worker", "Нийгмийн ажилтан", "administrative", false, 3);
    AddPost(kid, "registrar", "Бүртгэлийн ажилтан", "administrative", false, 2);
    AddPost(kid, "officer", "Хорооны мэргэжилтэн", "administrative", false, 7);
    AddPost(kid, "support", "Үйлчилгээний ажилтан", "support", false, 1);
  }
}

// A made-up aimag with the capital's shape, so that a benchmark ledger grows
// by whole organisations rather than by an unrealistic turnover.
void Simulation::AddSyntheticProvince(uint64_t n) {
  const std::string id = SyntheticProvince(n);
  const std::string name = "Туршилтын " + std::to_string(n) + "-р аймгийн";  // synthetic, genitive
  AddOrg(id, name + " Засаг даргын Тамгын газар (synthetic)", "", "aimag", 100,
         name + " Засаг даргын захирамж", name + " Засаг дарга");
  AddPost(id, "governor", name + " Засаг дарга", "political", true, 1);
  AddPost(id, "chief-of-staff", "Тамгын газрын дарга", "administrative", true, 1);
  AddPost(id, "officer", "Мэргэжилтэн", "administrative", false, 80);
  for (const auto& d : kDistricts) {
    AddDistrict(id + "." + d.slug, name + " " + d.name + " сумын", id, "soum", "other", d.khoroos);
  }
}

json::object Simulation::Decision(SimOrg& org, int32_t date) {
  json::object b;
  b["decision_instrument"] = org.instrument;
  b["decision_number"] = "А/" + std::to_string(++org.decisions);
  b["decision_date"] = events::FormatDate(date);
  return b;
}

void Simulation::BuildStructure() {
  const std::string cs = "mn.cabinet-secretariat";
  AddOrg(cs, "Засгийн газрын Хэрэг эрхлэх газар", "", "central-government", 230,
         "Засгийн газрын Хэрэг эрхлэх газрын даргын тушаал",
         "Засгийн газрын Хэрэг эрхлэх газрын дарга");
  // Established under its first title when its first holder took office; its
  // later titles: ImportChiefCabinetSecretaryTitles.
  AddPost(cs, "chief-cabinet-secretary", kChiefCabinetSecretaryTitles[0].title, "political", true,
          1, kChiefCabinetSecretaryTitles[0].effective);
  for (const auto& d : kSecretariatUnits) {
    const std::string id = cs + "." + d.slug;
    AddOrg(id, d.name, cs, "department", 17, orgs_.at(cs).instrument, orgs_.at(cs).authority);
    AddPost(id, "director", "Газрын дарга", "administrative", true, 1);
    AddPost(id, "senior-officer", "Ахлах референт", "administrative", false, 4);
    AddPost(id, "officer", "Референт", "administrative", false, 12);
  }
  for (const auto& m : kMinistries) {
    AddOrg(m.id, m.name, "", "ministry", 70, "Сайдын тушаал", m.minister);
    AddPost(m.id, "minister", m.minister, "political", true, 1);
    AddPost(m.id, "state-secretary", "Төрийн нарийн бичгийн дарга", "administrative", true, 1);
    AddPost(m.id, "department-director", "Газрын дарга", "administrative", true, 4);
    AddPost(m.id, "senior-officer", "Ахлах мэргэжилтэн", "administrative", false, 20);
    AddPost(m.id, "officer", "Мэргэжилтэн", "administrative", false, 40);
    AddPost(m.id, "driver", "Жолооч", "support", false, 4);
  }
  AddOrg("mn.ub", "Нийслэлийн Засаг даргын Тамгын газар", "", "capital-city", 100,
         "Нийслэлийн Засаг даргын захирамж", "Нийслэлийн Засаг дарга");
  AddPost("mn.ub", "governor", "Нийслэлийн Засаг дарга", "political", true, 1);
  AddPost("mn.ub", "deputy-governor", "Нийслэлийн Засаг даргын орлогч", "political", true, 4);
  AddPost("mn.ub", "chief-of-staff", "Тамгын газрын дарга", "administrative", true, 1);
  AddPost("mn.ub", "department-head", "Хэлтсийн дарга", "administrative", true, 8);
  AddPost("mn.ub", "officer", "Мэргэжилтэн", "administrative", false, 80);
  AddPost("mn.ub", "support", "Үйлчилгээний ажилтан", "support", false, 10);
  for (const auto& d : kDistricts) {
    // genitive: "of the district"
    AddDistrict(std::string("mn.ub.") + d.slug, std::string(d.name) + " дүүргийн", "mn.ub",
                "district", "khoroo", d.khoroos);
  }
  for (uint64_t n = 1; n <= opts_.provinces; ++n) AddSyntheticProvince(n);
  uint64_t seats = 0;
  for (const auto& p : posts_) seats += p.positions;
  // Appointments ~ seats + seats * hazard * weeks (+ the election waves).
  hazard_ = std::clamp((double(opts_.people) / double(seats) - 1.8) / 730.0, 0.0008, 0.02);
}

size_t Simulation::NewPerson(const std::string& org, bool leader) {
  if (people_.size() >= opts_.people && !former_.empty()) {
    const size_t i = Pick(former_.size());
    const size_t person = former_[i];
    former_.erase(former_.begin() + long(i));
    return person;
  }
  // Women are ~63% of civil servants but ~20% of senior posts.
  const bool female = Chance(leader ? 0.2 : 0.63);
  SimPerson p;
  p.id = "person." + std::to_string(people_.size() + 1);
  json::object& b = p.registration;
  b["person"] = p.id;
  b["org"] = org;
  b["full_name"] = std::string(kPatronymics[Pick(std::size(kPatronymics))]) + " " +
                   (female ? kFemaleNames[Pick(std::size(kFemaleNames))]
                           : kMaleNames[Pick(std::size(kMaleNames))]);
  b["gender"] = female ? "female" : "male";
  b["birth_year"] = 1955 + Pick(45);
  // A salted commitment to a made-up register number (never the number itself).
  std::string reg = "УБ" + std::to_string(10000000 + Pick(89999999));
  p.commitment = Base64Encode(Sha256(std::string_view("demo-salt/" + p.id + "/" + reg)));
  b["register_commitment"] = p.commitment;
  people_.push_back(std::move(p));
  return people_.size() - 1;
}

size_t Simulation::Appoint(SimPost& p, size_t person, int32_t eff, const std::string& basis) {
  SimPerson& who = people_[person];
  SimOrg& org = orgs_.at(p.org);
  const int32_t today = today_;
  if (!who.registration.empty()) {
    who.registration["org"] = p.org;
    w_.Add("person.registered", who.registration, keys_.For(p.org, today));
    who.registration.clear();
  }
  json::object b = Decision(org, eff);
  b["person"] = who.id;
  b["post"] = p.id;
  b["org"] = p.org;
  b["effective_date"] = events::FormatDate(eff);
  b["tenure"] = Chance(0.08) ? "acting" : "permanent";
  b["appointing_authority"] = org.authority;
  b["selection_basis"] = basis;
  p.holders.push_back({person, eff});
  ++who.posts;
  ++org.headcount;
  return w_.Add("appointment.made", b, keys_.For(p.org, today));
}

// The Cabinet Secretariat's names since 1921, in the order its published
// history gives them (Secretary of Government, Officer Secretary, General
// Department, ..., Cabinet Office, Cabinet Secretariat). The Mongolian forms
// are translations and the dates of the changes are generated: the source
// gives only the order.
void Simulation::ImportSecretariatNames() {
  struct Name {
    const char* effective;
    const char* name;
  };
  static constexpr Name kNames[] = {
      {"1921-07-11", "Засгийн газрын Нарийн бичгийн газар"},      // Secretary of Government
      {"1924-11-26", "Хэрэг эрхлэх нарийн бичгийн газар"},        // Officer Secretary
      {"1932-06-01", "Ерөнхий хэрэг эрхлэх газар"},               // General Department
      {"1940-07-06", "Засгийн газрын Хэрэг эрхлэх хороо"},        // Secretariat Government
      {"1952-05-01", "Хэрэг эрхлэх хэлтэс"},                      // Procedural Division
      {"1962-01-01", "Сайд нарын Зөвлөлийн Нарийн бичгийн дарга, Хэрэг эрхлэх удирдах газар"},
      {"1976-06-01", "Сайд нарын Зөвлөлийн Хэрэг эрхлэх газар"},  // Secretariat Ministerial Council
      {"1990-05-01", "Засгийн газрын Тамгын газар"},              // Cabinet Office
      {"1996-08-01", "Засгийн газрын Хэрэг эрхлэх газар"},        // Cabinet Secretariat
  };
  const std::string cs = "mn.cabinet-secretariat";
  for (const Name& n : kNames) {
    json::object b = Decision(orgs_.at(cs), DayOf(n.effective));
    b["org"] = cs;
    b["name"] = n.name;
    b["effective_date"] = n.effective;
    w_.Add("organisation.renamed", b, keys_.For(cs, today_));
  }
}

// The Chief Cabinet Secretary's later titles (post.retitled), after the one
// the post was established with.
void Simulation::ImportChiefCabinetSecretaryTitles() {
  const SimPost& p = posts_[ccs_];
  for (size_t i = 1; i < std::size(kChiefCabinetSecretaryTitles); ++i) {
    const DatedName& n = kChiefCabinetSecretaryTitles[i];
    json::object b = Decision(orgs_.at(p.org), DayOf(n.effective));
    b["post"] = p.id;
    b["org"] = p.org;
    b["title"] = n.title;
    b["effective_date"] = n.effective;
    w_.Add("post.retitled", b, keys_.For(p.org, today_));
  }
}

void Simulation::ImportChiefCabinetSecretaries() {
  static constexpr int kYears[] = {2, 1, 3, 1, 2, 1, 33, 5, 1, 2, 3, 1, 2,
                                   5, 2, 1, 3, 2, 1, 2,  3, 2, 1, 4, 4};
  SimPost& p = posts_[ccs_];
  int32_t start = DayOf("1921-07-11");
  size_t named = 0;
  for (int years : kYears) {
    const size_t who = NewPerson(p.org, true);
    if (named < std::size(kLongestServing) && years == kLongestServing[named].years) {
      json::object& reg = people_[who].registration;
      reg["full_name"] = kLongestServing[named++].name;
      reg["gender"] = "male";
    }
    Appoint(p, who, start, "political-appointment");
    start += int32_t(years * 365.25) - int32_t(Pick(20));
    Dismiss(p, 0, start, "end-of-term", true);
    start += 1;
  }
  Appoint(p, NewPerson(p.org, true), DayOf("2008-09-19"), "political-appointment");
}

}  // namespace ledger::cli
