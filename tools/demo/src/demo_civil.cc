// A deterministic simulation of 2012-2025 in Ulaanbaatar's civil service:
// the Capital City, its 9 districts and 152 khoroos, the Cabinet Secretariat
// and three ministries; hiring and dismissal waves after the 2016, 2020 and
// 2024 elections; breaches, sanctions, court reinstatements and corrections.
// It mirrors the projection's rules, so every event it writes is accepted.
#include <algorithm>

#include "demo_names.h"
#include "demo_simulation.h"

namespace ledger::cli {

size_t Simulation::Dismiss(SimPost& p, size_t h, int32_t eff, const std::string& ground,
                           bool article) {
  const size_t person = p.holders[h].person;
  SimOrg& org = orgs_.at(p.org);
  json::object b = Decision(org, eff);
  b["person"] = people_[person].id;
  b["post"] = p.id;
  b["org"] = p.org;
  b["effective_date"] = events::FormatDate(eff);
  b["ground"] = ground;
  if (article) b["legal_article"] = std::string(ArticleFor(ground));
  p.holders.erase(p.holders.begin() + long(h));
  --org.headcount;
  if (--people_[person].posts == 0) former_.push_back(person);
  return w_.Add("dismissal.made", b, keys_.For(p.org, today_));
}

void Simulation::Transfer(SimPost& from, size_t h, SimPost& to, int32_t eff) {
  const size_t person = from.holders[h].person;
  SimOrg& org = orgs_.at(to.org);
  json::object b = Decision(org, eff);
  b["person"] = people_[person].id;
  b["from_post"] = from.id;
  b["to_post"] = to.id;
  b["org"] = to.org;
  b["effective_date"] = events::FormatDate(eff);
  b["tenure"] = "permanent";
  from.holders.erase(from.holders.begin() + long(h));
  --orgs_.at(from.org).headcount;
  to.holders.push_back({person, eff});
  ++org.headcount;
  w_.Add("transfer.made", b, keys_.For(to.org, today_));
}

// A breach is alleged now; weeks later it is confirmed or dismissed, and a
// confirmed one is sanctioned (a dismissal sanction names its dismissal).
void Simulation::RecordBreach(SimPost& p, size_t h, int32_t day) {
  const size_t person = p.holders[h].person;
  const std::string breach = "breach." + std::to_string(++breaches_);
  const BreachKind& kind = kBreachKinds[Pick(std::size(kBreachKinds))];
  const std::string org = p.org;
  json::object b;
  b["breach"] = breach;
  b["person"] = people_[person].id;
  b["org"] = org;
  b["law"] = kind.law;
  b["article"] = kind.article;
  b["finding"] = kind.finding;
  b["investigating_body"] = kind.body;
  b["date_found"] = events::FormatDate(day - 2);
  b["status"] = "alleged";
  w_.Add("breach.recorded", b, keys_.For(org, today_));
  const size_t post_index = size_t(&p - posts_.data());
  Later(day + 28 + int32_t(Pick(60)), [this, breach, person, org, post_index] {
    const bool confirmed = Chance(0.6);
    json::object u;
    u["breach"] = breach;
    u["org"] = org;
    u["status"] = confirmed ? "confirmed" : "dismissed";
    u["date"] = events::FormatDate(today_ - 1);
    w_.Add("breach.updated", u, keys_.For(org, today_));
    if (!confirmed) return;
    json::object s = Decision(orgs_.at(org), today_ - 1);
    s["sanction"] = "sanction." + breach.substr(7);
    s["breach"] = breach;
    s["person"] = people_[person].id;
    s["org"] = org;
    s["effective_date"] = events::FormatDate(today_ - 1);
    SimPost& post = posts_[post_index];
    auto it = std::find_if(post.holders.begin(), post.holders.end(),
                           [&](const SimPost::Holder& x) { return x.person == person; });
    const double r = std::uniform_real_distribution<>(0, 1)(rng_);
    if (r < 0.2 && it != post.holders.end() && it->since < today_ - 1) {
      const size_t dismissal =
          Dismiss(post, size_t(it - post.holders.begin()), today_ - 1, "disciplinary", true);
      // The sanction names the dismissal's seq, known once this week is appended.
      Later(today_ + 7, [this, s, dismissal, org]() mutable {
        s["kind"] = "dismissal";
        s["dismissal_seq"] = w_.SeqOf(dismissal);
        w_.Add("sanction.imposed", s, keys_.For(org, today_));
      });
      return;
    }
    if (r < 0.5) {
      s["kind"] = "salary-reduction";
      s["salary_reduction_percent"] = 20;
      s["salary_reduction_months"] = 3;
    } else {
      s["kind"] = "warning";
    }
    w_.Add("sanction.imposed", s, keys_.For(org, today_));
  });
}

// The tenure list the issue asks for: 33 holders since 1921, the longest 33
// and 5 years. The historical ones are imported (and flagged as back-dated).
void Simulation::CourtRuling(size_t post_index, size_t person, size_t dismissal) {
  SimPost& p = posts_[post_index];
  json::object b;
  b["subject_seq"] = w_.SeqOf(dismissal);
  b["org"] = p.org;
  b["court"] = "Нийслэлийн Захиргааны хэргийн анхан шатны шүүх";
  b["case_number"] = "128/ШШ" + std::to_string(today_ % 3000);
  b["ruling_date"] = events::FormatDate(today_ - 2);
  const double r = std::uniform_real_distribution<>(0, 1)(rng_);
  // The projection puts the person back on the post; mirror it.
  if (r < 0.7 && people_[person].posts == 0) {
    b["outcome"] = "reinstatement-ordered";
    b["compensation_mnt"] = 1'200'000 * (3 + Pick(10));
    std::erase(former_, person);
    ++people_[person].posts;
    p.holders.push_back({person, today_ - 2});
    ++orgs_.at(p.org).headcount;
  } else {
    b["outcome"] = r < 0.85 ? "annulled" : "upheld";
  }
  w_.Add("court.ruling", b, keys_.For(p.org, today_));
}

void Simulation::CorrectDate(size_t post_index, size_t person, size_t appointment, int32_t eff) {
  SimPost& p = posts_[post_index];
  for (auto& h : p.holders) {
    if (h.person != person || h.since != eff) continue;
    h.since = eff - 2;
    json::object b;
    b["target_seq"] = w_.SeqOf(appointment);
    b["org"] = p.org;
    b["field"] = "effective_date";
    b["value"] = events::FormatDate(h.since);
    b["reason"] = "Шийдвэрийн огноог буруу шивсэн; эх хувьтай тулгаж засав";
    w_.Add("correction.made", b, keys_.For(p.org, today_));
    return;
  }
}

void Simulation::Holders(SimPost& p, bool wave, bool local) {
  const size_t index = size_t(&p - posts_.data());
  for (size_t h = p.holders.size(); h-- > 0;) {
    int32_t eff = today_ - 1 - int32_t(Pick(6));
    if (eff <= p.holders[h].since) continue;
    if (p.political) {
      if ((wave && Chance(0.12)) || Chance(0.001)) Dismiss(p, h, eff, "end-of-term", true);
      continue;
    }
    if (wave && local && Chance(0.045)) {
      if (Chance(0.05) && eff - 45 > p.holders[h].since) eff -= 45;  // back-dated
      const size_t person = p.holders[h].person;
      const bool article = Chance(0.45);
      const size_t ticket = Dismiss(p, h, eff, Chance(0.5) ? "restructuring" : "other", article);
      if (!article && Chance(0.4)) {
        Later(today_ + 7 * int32_t(20 + Pick(25)),
              [this, index, person, ticket] { CourtRuling(index, person, ticket); });
      }
      continue;
    }
    if (Chance(hazard_)) {
      static constexpr const char* kGrounds[] = {"resignation",   "resignation", "resignation",
                                                 "retirement",    "retirement",  "health",
                                                 "restructuring", "other"};
      Dismiss(p, h, eff, kGrounds[Pick(std::size(kGrounds))], Chance(0.97));
      continue;
    }
    if (Chance(0.004)) {
      // A transfer to an open post of the same organisation tree (same HR key).
      SimPost& to = posts_[Pick(posts_.size())];
      const std::string top = p.org.substr(0, p.org.find('.', 6));
      if (&to != &p && !to.political && to.org.starts_with(top) &&
          to.holders.size() < to.positions &&
          std::none_of(to.holders.begin(), to.holders.end(),
                       [&](const SimPost::Holder& x) { return x.person == p.holders[h].person; })) {
        Transfer(p, h, to, eff);
        continue;
      }
    }
    if (Chance(0.0005)) RecordBreach(p, h, today_);
  }
}

void Simulation::Vacancies(SimPost& p, bool wave, bool local) {
  const size_t index = size_t(&p - posts_.data());
  size_t open = p.positions > p.holders.size() ? p.positions - p.holders.size() : 0;
  // Patronage: an extra holder beyond the post's positions (flagged).
  if (wave && local && !p.political && open == 0 && p.positions > 1 && Chance(0.004)) open = 1;
  const double fill = p.political ? 0.5 : (wave ? 0.3 : 0.12);
  for (; open > 0; --open) {
    if (!Chance(fill)) continue;
    const int32_t eff = today_ - 1 - int32_t(Pick(6));
    std::string basis = "competitive-examination";
    if (p.political) {
      basis = "political-appointment";
    } else if (wave && local && Chance(0.55)) {
      basis = "other";
    } else if (Chance(0.12)) {
      basis = Chance(0.7) ? "reserve-list" : "other";
    }
    const size_t person = NewPerson(p.org, p.leadership);
    const size_t ticket = Appoint(p, person, eff, basis);
    if (Chance(0.01)) {
      Later(today_ + 14,
            [this, index, person, ticket, eff] { CorrectDate(index, person, ticket, eff); });
    }
  }
}

void Simulation::Week(int32_t day) {
  today_ = day;
  w_.StartDay(day);
  keys_.OnDay(day, w_);
  // Run what is due; callbacks may schedule more.
  std::vector<Pending> due;
  std::erase_if(pending_, [&](Pending& x) {
    if (x.due > day) return false;
    due.push_back(std::move(x));
    return true;
  });
  for (auto& x : due) x.run();
  if (day - 7 < DayOf("2024-07-24") && DayOf("2024-07-24") <= day) {
    json::object b;
    b["org"] = "mn.cabinet-secretariat";
    b["max_headcount"] = 241;
    b["effective_date"] = "2024-07-24";
    b["decision_instrument"] = "Засгийн газрын тогтоол";
    b["decision_number"] = "5";
    b["decision_date"] = "2024-07-24";
    w_.Add("organisation.restructured", b, keys_.For("mn.cabinet-secretariat", day));
  }
  for (const char* change : {"2012-08-10", "2014-12-09", "2016-07-08", "2017-10-11", "2020-07-02",
                             "2021-01-29", "2024-07-10"}) {
    const int32_t d = DayOf(change);
    if (day - 7 >= d || d > day - 1) continue;
    SimPost& p = posts_[ccs_];
    Dismiss(p, 0, d, "end-of-term", true);
    Appoint(p, NewPerson(p.org, true), d, "political-appointment");
  }
  const int32_t since = DaysAfterElection(day);
  const bool wave = since >= 7 && since < 75;
  for (SimPost& p : posts_) {
    if (&p == &posts_[ccs_]) continue;
    const bool local = p.org.starts_with("mn.ub");
    Holders(p, wave, local);
    Vacancies(p, wave, local);
  }
}

Status Simulation::Run() {
  today_ = DayOf("2012-01-02");
  w_.StartDay(today_);
  keys_.OnDay(today_, w_);
  BuildStructure();
  ccs_ = 0;  // the first post BuildStructure adds
  ImportSecretariatNames();
  ImportChiefCabinetSecretaryTitles();
  ImportChiefCabinetSecretaries();
  for (SimPost& p : posts_) {
    if (&p == &posts_[ccs_]) continue;
    for (uint64_t i = 0; i < p.positions; ++i) {
      if (Chance(0.93)) {
        Appoint(p, NewPerson(p.org, p.leadership), DayOf("2012-01-01") + int32_t(Pick(2)),
                p.political ? "political-appointment" : "competitive-examination");
      }
    }
  }
  for (int32_t day = today_ + 7; day <= DayOf("2025-12-29"); day += 7) {
    Week(day);
    if (!w_.status().ok()) return w_.status();
  }
  w_.StartDay(DayOf("2025-12-31"));
  today_ = DayOf("2025-12-31");
  LastDecisions();
  w_.StartDay(today_ + 1);
  return w_.status();
}

void Simulation::LastDecisions() {
  // Retirements decided now, effective in 2026 and mid-2027 (still in
  // force "now" in the views until then), and appointments to vacancies
  // from 2026-02-02.
  const int32_t kRetire[] = {DayOf("2026-01-31"), DayOf("2026-06-30"), DayOf("2027-07-01")};
  size_t retired = 0, appointed = 0;
  for (size_t i = 1; i < posts_.size() && (retired < 3 || appointed < 3); ++i) {
    SimPost& p = posts_[(i * 7919) % posts_.size()];
    if (p.political) continue;
    if (retired < 3 && !p.holders.empty() && p.holders[0].since < today_) {
      Dismiss(p, 0, kRetire[retired++], "retirement", true);
    } else if (appointed < 3 && p.holders.size() < p.positions) {
      Appoint(p, NewPerson(p.org, p.leadership), DayOf("2026-02-02"), "competitive-examination");
      ++appointed;
    }
  }
  // Two people registered again by another organisation, with the register
  // commitment of their first registration.
  for (size_t k = 0; k < 2 && people_.size() > 10; ++k) {
    const SimPerson& first = people_[(k + 1) * people_.size() / 3];
    if (first.commitment.empty() || !first.registration.empty()) continue;
    json::object b;
    b["person"] = "person." + std::to_string(people_.size() + 1 + k);
    b["org"] = "mn.ub";
    b["full_name"] = "Давхар бүртгэл " + std::to_string(k + 1);
    b["gender"] = "unspecified";
    b["birth_year"] = 1980;
    b["register_commitment"] = first.commitment;
    w_.Add("person.registered", b, keys_.For("mn.ub", today_));
  }
}

Status GenerateCivilHistory(const DemoOptions& opts, DemoKeys& keys, DemoWriter& w) {
  Simulation sim(opts, keys, w);
  return sim.Run();
}

}  // namespace ledger::cli
