// Views over posts, people and tenures, and the helpers the view files
// share. The view list and its checks are in civil_views.cc; staffing in
// civil_staffing.cc; findings in civil_findings.cc; turnover, gender balance
// and the breach register in civil_stats.cc.
#include "projections/civil_queries.h"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <map>

#include "ledger/event_types.h"
#include "ledger/keys.h"
#include "queries_internal.h"

namespace ledger::projections {
namespace json = boost::json;
namespace F = events::field;

bool InOrg(std::string_view org, std::string_view scope) {
  return scope.empty() || keys::OrgIsWithin(org, scope);
}

Status CivilQueries::ReadAsOf(Table& t,
                              const std::function<Status(const lmdb::Txn&)>& fn) const {
  return ledger_.WithRead([&](const lmdb::Txn& txn) -> Status {
    LEDGER_ASSIGN_OR_RETURN(std::optional<uint64_t> applied, state_.Applied(txn));
    t.size = applied.value_or(0);
    return fn(txn);
  });
}

void Paginate(Table& t, const QueryOptions& o) {
  t.total = t.rows.size();
  const size_t begin = std::min(o.offset, t.rows.size());
  const size_t end = std::min(t.rows.size(), begin + o.limit);
  t.rows = std::vector<std::vector<json::value>>(t.rows.begin() + long(begin),
                                                 t.rows.begin() + long(end));
}

json::value Day(int32_t d) {
  return d == INT32_MAX ? json::value(nullptr) : json::value(events::FormatDate(d));
}

std::string NameOf(const CivilState& s, const lmdb::Txn& txn, const std::string& person) {
  auto p = s.Person(txn, person);
  return p.ok() && *p ? (*p)->full_name : "";
}

std::optional<int32_t> EffectiveOf(const events::Body& b) {
  for (std::string_view f : {F::kEffectiveDate, F::kDateFound, F::kRulingDate, F::kDate}) {
    if (events::FindField(b.schema(), f) && b.Has(f)) return b.Date(f);
  }
  return std::nullopt;
}

int32_t YearOf(int32_t day) {
  using namespace std::chrono;
  return int32_t(int(year_month_day{sys_days{days{day}}}.year()));
}

int32_t LastDayOfYear(int32_t y) {
  using namespace std::chrono;
  return int32_t(sys_days{year{y} / December / 31}.time_since_epoch().count());
}

int32_t AsOfDay(const QueryOptions& o) {
  if (o.as_of_date) return *o.as_of_date;
  if (o.today) return *o.today;
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return int32_t(std::chrono::duration_cast<std::chrono::hours>(now).count() / 24);
}

// Begun on or before the day by a record the log held then, and not ended
// by then by one it held (a tenure's end recorded later did not count yet).
bool ActiveAt(const TenureEntry& t, const QueryOptions& o) {
  const int32_t day = AsOfDay(o);
  const bool recorded_start = !o.as_of_seq || t.start_seq < *o.as_of_seq;
  const bool recorded_end = !o.as_of_seq || t.end_seq < *o.as_of_seq;
  return recorded_start && t.start <= day && !(recorded_end && t.end <= day);
}

Status ForEachHolding(const CivilState& s, const lmdb::Txn& txn, const QueryOptions& o,
                      const std::function<Status(std::string_view post_id, const PostState&,
                                                 const std::vector<TenureEntry>&)>& fn) {
  return s.ForEachPost(
      txn, o.post.empty() ? o.org : o.post, [&](std::string_view id, const PostState& p) -> Status {
        if (!InOrg(p.org, o.org) || (!o.post.empty() && id != o.post)) return Status::Ok();
        // From the tenures, also "now": a post's holders are folded as
        // recorded, a future-dated appointment or dismissal included, but
        // enter the answer only on their effective date.
        std::vector<TenureEntry> held;
        LEDGER_RETURN_IF_ERROR(s.ForEachTenure(txn, id, [&](const TenureEntry& t) {
          if (ActiveAt(t, o)) held.push_back(t);
          return Status::Ok();
        }));
        return fn(id, p, held);
      });
}

Result<Table> CivilQueries::Holders(const QueryOptions& o) const {
  Table t{
      {"post", "org", "title", "category", "status", "person", "name", "since", "tenure", "seq"}};
  LEDGER_RETURN_IF_ERROR(ReadAsOf(t, [&](const lmdb::Txn& txn) {
    return ForEachHolding(
        state_, txn, o,
        [&](std::string_view id, const PostState& p, const std::vector<TenureEntry>& held) {
          const std::string status = held.size() > p.positions ? "over" : "held";
          const std::string& title = TitleOn(p, AsOfDay(o));
          for (const TenureEntry& h : held) {
            t.rows.push_back({json::string(id), json::string(p.org), json::string(title),
                              json::string(p.category), json::string(status),
                              json::string(h.person), json::string(NameOf(state_, txn, h.person)),
                              Day(h.start), json::string(h.tenure), h.start_seq});
          }
          for (size_t i = held.size(); i < p.positions && !p.abolished; ++i) {
            t.rows.push_back({json::string(id), json::string(p.org), json::string(title),
                              json::string(p.category), "vacant", nullptr, nullptr, nullptr,
                              nullptr, nullptr});
          }
          return Status::Ok();
        });
  }));
  return t;
}

Result<Table> CivilQueries::History(const QueryOptions& o) const {
  if (o.post.empty()) return Status::InvalidArgument("the history view needs --post");
  // title: the post's title when the tenure began (titles: view "titles").
  Table t{{"post", "person", "name", "from", "to", "tenure", "began_by", "ended_by", "from_seq",
           "to_seq", "title"}};
  LEDGER_RETURN_IF_ERROR(ReadAsOf(t, [&](const lmdb::Txn& txn) -> Status {
    LEDGER_ASSIGN_OR_RETURN(std::optional<PostState> post, state_.Post(txn, o.post));
    return state_.ForEachTenure(txn, o.post, [&](TenureEntry e) {
      if (o.as_of_seq && e.start_seq >= *o.as_of_seq) return Status::Ok();
      // As of a date: the tenures begun by then, those ending later still running.
      if (o.as_of_date && e.start > *o.as_of_date) return Status::Ok();
      if (o.as_of_date && e.end > *o.as_of_date) {
        e.end = INT32_MAX;
        e.end_seq = UINT64_MAX;
        e.ended_by.clear();
      }
      t.rows.push_back({json::string(o.post), json::string(e.person),
                        json::string(NameOf(state_, txn, e.person)), Day(e.start), Day(e.end),
                        json::string(e.tenure), json::string(e.how), json::string(e.ended_by),
                        e.start_seq,
                        e.end_seq == UINT64_MAX ? json::value(nullptr) : json::value(e.end_seq),
                        post ? json::value(TitleOn(*post, e.start)) : json::value(nullptr)});
      return Status::Ok();
    });
  }));
  // Tenures in order of their start date, as a holder list reads.
  std::stable_sort(t.rows.begin(), t.rows.end(), [](const auto& a, const auto& b) {
    return a[3].as_string() < b[3].as_string();
  });
  return t;
}

// The title on `day` of the post a record names (a transfer: the post it
// moves to); null for a record about no post.
static Result<json::value> TitleOfRecordPost(const CivilState& s, const lmdb::Txn& txn,
                                             const events::Body& b, int32_t day) {
  for (std::string_view f : {F::kToPost, F::kPost}) {
    if (!events::FindField(b.schema(), f) || !b.Has(f)) continue;
    LEDGER_ASSIGN_OR_RETURN(std::optional<PostState> p, s.Post(txn, b.Text(f)));
    return p ? json::value(TitleOn(*p, day)) : json::value(nullptr);
  }
  return json::value(nullptr);
}

Result<Table> CivilQueries::Service(const QueryOptions& o) const {
  if (o.person.empty()) return Status::InvalidArgument("the service view needs --person");
  LEDGER_ASSIGN_OR_RETURN(std::vector<keys::KeyEntry> keys, ledger_.Keys());
  std::map<PublicKey, std::string> signer_names;
  for (const auto& k : keys) signer_names[k.key] = k.name;
  // title: the title of the post the record is about on its effective date.
  Table t{{"seq", "recorded_at", "type", "effective", "org", "decision", "signer", "flags", "body",
           "title"}};
  LEDGER_RETURN_IF_ERROR(ReadAsOf(t, [&](const lmdb::Txn& txn) -> Status {
    LEDGER_ASSIGN_OR_RETURN(std::vector<uint64_t> seqs, state_.ServiceSeqs(txn, o.person));
    for (uint64_t seq : seqs) {
      if (o.as_of_seq && seq >= *o.as_of_seq) break;
      LEDGER_ASSIGN_OR_RETURN(auto rec, state_.RecordAt(txn, seq));
      const events::Body& b = rec.second;
      const events::EventSchema& s = b.schema();
      const std::optional<int32_t> day = EffectiveOf(b);
      // As of a date: the records effective by then (one without a date of
      // its own, such as a correction, counts from the day it was recorded).
      const int32_t in_effect_from =
          day.value_or(int32_t(rec.first.recorded_at_us / (86'400LL * 1'000'000)));
      if (o.as_of_date && in_effect_from > *o.as_of_date) continue;
      json::value effective = nullptr, title = nullptr;
      if (day) {
        effective = Day(*day);
        LEDGER_ASSIGN_OR_RETURN(title, TitleOfRecordPost(state_, txn, b, *day));
      }
      std::string decision;
      if (events::FindField(s, F::kDecisionInstrument)) {
        decision = b.Text(F::kDecisionInstrument) + " " + b.Text(F::kDecisionNumber) + ", " +
                   events::FormatDate(b.Date(F::kDecisionDate));
      }
      json::array flags;
      for (const auto& f : rec.first.flags) flags.emplace_back(f);
      t.rows.push_back(
          {seq, json::string(FormatTimestamp(rec.first.recorded_at_us)), json::string(s.type),
           effective,
           s.scope_field.empty() ? json::value(nullptr) : json::value(b.Text(s.scope_field)),
           json::string(decision), json::string(signer_names[rec.first.submission.signer]),
           std::move(flags), events::BodyToJson(b), std::move(title)});
    }
    return Status::Ok();
  }));
  return t;
}

Result<Table> CivilQueries::Tenure(const QueryOptions& o) const {
  Table t{{"post", "title", "holders", "mean_days", "median_days", "longest_days", "longest_holder",
           "current_holder"}};
  LEDGER_RETURN_IF_ERROR(ReadAsOf(t, [&](const lmdb::Txn& txn) {
    return state_.ForEachPost(
        txn, o.post.empty() ? o.org : o.post,
        [&](std::string_view id, const PostState& p) -> Status {
          if (!InOrg(p.org, o.org) || (!o.post.empty() && id != o.post)) return Status::Ok();
          std::vector<std::pair<int64_t, std::string>> spans;
          std::string current;
          LEDGER_RETURN_IF_ERROR(state_.ForEachTenure(txn, id, [&](const TenureEntry& e) {
            // As of a date: the tenures begun by then, measured up to it.
            if (o.as_of_date && e.start > *o.as_of_date) return Status::Ok();
            if (e.end == INT32_MAX || (o.as_of_date && e.end > *o.as_of_date)) {
              current = e.person;  // still held: not a completed tenure
            } else {
              spans.emplace_back(int64_t(e.end) - e.start, e.person);
            }
            return Status::Ok();
          }));
          if (spans.empty() && current.empty()) return Status::Ok();
          std::sort(spans.begin(), spans.end());
          int64_t sum = 0;
          for (const auto& s : spans) sum += s.first;
          const size_t n = spans.size();
          t.rows.push_back(
              {json::string(id),
               json::string(o.as_of_date ? TitleOn(p, *o.as_of_date) : p.title),
               uint64_t(n + (current.empty() ? 0 : 1)),
               n ? json::value(sum / int64_t(n)) : json::value(nullptr),
               n ? json::value(spans[n / 2].first) : json::value(nullptr),
               n ? json::value(spans.back().first) : json::value(nullptr),
               n ? json::value(NameOf(state_, txn, spans.back().second)) : json::value(nullptr),
               current.empty() ? json::value(nullptr) : json::value(NameOf(state_, txn, current))});
          return Status::Ok();
        });
  }));
  return t;
}

}  // namespace ledger::projections

namespace ledger::projections {

Result<Table> CivilQueries::Titles(const QueryOptions& o) const {
  if (o.post.empty()) return Status::InvalidArgument("the titles view needs --post");
  Table t{{"post", "title", "from", "to", "seq"}};
  LEDGER_RETURN_IF_ERROR(ReadAsOf(t, [&](const lmdb::Txn& txn) -> Status {
    LEDGER_ASSIGN_OR_RETURN(std::optional<PostState> p, state_.Post(txn, o.post));
    if (!p) return Status::Ok();
    for (size_t i = 0; i < p->titles.size(); ++i) {
      const PostTitle& e = p->titles[i];
      if (o.as_of_seq && e.seq >= *o.as_of_seq) continue;
      // Until the next title in force (as of the seq asked for, if any).
      int32_t to = INT32_MAX;
      for (size_t j = i + 1; j < p->titles.size(); ++j) {
        if (o.as_of_seq && p->titles[j].seq >= *o.as_of_seq) continue;
        to = p->titles[j].since;
        break;
      }
      t.rows.push_back({json::string(o.post), json::string(e.title), Day(e.since), Day(to), e.seq});
    }
    return Status::Ok();
  }));
  return t;
}

}  // namespace ledger::projections
