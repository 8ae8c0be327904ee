// The view list and what each view takes, and the strictness every query
// goes through, in the CLI and the API alike: an unknown view, parameter,
// rule or column, or an organisation, post or person that does not exist,
// is a usage error naming it with the closest valid names.
#include <algorithm>
#include <boost/json.hpp>
#include <map>

#include "ledger/suggest.h"
#include "projections/civil_queries.h"
#include "queries_internal.h"

namespace ledger::projections {
namespace json = boost::json;
namespace {

const std::map<std::string, std::vector<std::string>, std::less<>>& ViewFilters() {
  static const std::map<std::string, std::vector<std::string>, std::less<>> kFilters = {
      {"holders", {"org", "post", "as-of", "as-of-seq"}},
      {"history", {"post", "as-of", "as-of-seq"}},
      {"service", {"person", "as-of", "as-of-seq"}},
      {"staffing", {"org", "as-of", "as-of-seq"}},
      {"staffing-history", {"org", "from", "to"}},
      {"turnover", {"org", "from", "to", "elections", "as-of"}},
      {"gender", {"org", "quota", "as-of", "as-of-seq", "by", "over-time"}},
      {"breaches", {"org", "person", "article", "status", "as-of-seq"}},
      {"tenure", {"org", "post", "as-of"}},
      {"findings",
       {"rule", "org", "from", "to", "recorded-from", "recorded-to", "election", "days", "basis",
        "person", "post", "corrected", "as-of-seq"}},
      {"rollup", {"org", "from", "to", "by"}},
      {"titles", {"post", "as-of-seq"}},
  };
  return kFilters;
}

bool IsPaging(std::string_view name) {
  return name == "offset" || name == "limit" || name == "columns";
}

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// `columns` only, in that order.
Status SelectColumns(Table& t, const std::vector<std::string>& columns, std::string_view view) {
  if (columns.empty()) return Status::Ok();
  std::vector<size_t> picked;
  for (const std::string& c : columns) {
    auto it = std::find(t.columns.begin(), t.columns.end(), c);
    if (it == t.columns.end()) {
      return Status::InvalidArgument("columns: " + std::string(view) + " has no column \"" + c +
                                     "\"" + DidYouMean(c, t.columns) +
                                     "; its columns: " + Joined(t.columns));
    }
    picked.push_back(size_t(it - t.columns.begin()));
  }
  for (auto& row : t.rows) {
    std::vector<json::value> kept;
    for (size_t i : picked) kept.push_back(std::move(row[i]));
    row = std::move(kept);
  }
  t.columns = columns;
  return Status::Ok();
}

// InvalidArgument naming the id of `what` that does not exist, with the closest ones.
Status NoSuch(std::string_view param, std::string_view what, const std::string& id,
              const std::vector<std::string>& ids) {
  return Status::InvalidArgument(std::string(param) + ": no " + std::string(what) + " \"" + id +
                                 "\"" + DidYouMean(id, ids));
}

}  // namespace

const std::vector<std::string>& FlagRules() {
  static const std::vector<std::string> kRules = {
      kFlagOverHeadcount, kFlagSecondHolder, kFlagNoLawfulGround,
      kFlagNoMeritSelection, kFlagBackDated, kFlagPostElection,
      kFlagFutureDated,      kFlagDuplicatePerson};
  return kRules;
}

const std::vector<std::string>& CivilQueries::Views() {
  static const std::vector<std::string> kViews = {
      "holders", "history", "service", "staffing", "staffing-history",
      "turnover", "gender", "breaches", "tenure", "findings", "rollup", "titles"};
  return kViews;
}

const std::vector<std::string>& CivilQueries::ViewParams(std::string_view view) {
  static const auto kParams = [] {
    std::map<std::string, std::vector<std::string>, std::less<>> m;
    for (const auto& [v, filters] : ViewFilters()) {
      auto& all = m[v] = filters;
      all.insert(all.end(), {"offset", "limit", "columns"});
    }
    return m;
  }();
  static const std::vector<std::string> kNone;
  auto it = kParams.find(view);
  return it == kParams.end() ? kNone : it->second;
}

std::string FilterText(const Table& t) {
  std::string out;
  for (const auto& [name, value] : t.filter) out += (out.empty() ? "" : " ") + name + "=" + value;
  return out.empty() ? "(no filter)" : out;
}

Status CivilQueries::CheckNamed(const QueryOptions& o) const {
  if (!o.rule.empty() &&
      std::find(FlagRules().begin(), FlagRules().end(), o.rule) == FlagRules().end()) {
    return Status::InvalidArgument("rule: no rule \"" + o.rule + "\"" +
                                   DidYouMean(o.rule, FlagRules()) +
                                   "; rules: " + Joined(FlagRules()));
  }
  if (o.org.empty() && o.post.empty() && o.person.empty()) return Status::Ok();
  return ledger_.WithRead([&](const lmdb::Txn& txn) -> Status {
    if (!o.org.empty()) {
      LEDGER_ASSIGN_OR_RETURN(auto org, state_.Org(txn, o.org));
      if (!org) {
        std::vector<std::string> ids;
        LEDGER_RETURN_IF_ERROR(state_.ForEachOrg(txn, [&](std::string_view id, const OrgState&) {
          ids.emplace_back(id);
          return Status::Ok();
        }));
        return NoSuch("org", "organisation", o.org, ids);
      }
    }
    if (!o.post.empty()) {
      LEDGER_ASSIGN_OR_RETURN(auto post, state_.Post(txn, o.post));
      if (!post) {
        // Posts begin with their organisation's id: the near ones share most of it.
        std::vector<std::string> ids;
        const std::string org = o.post.substr(0, o.post.find('/'));
        LEDGER_RETURN_IF_ERROR(state_.ForEachPost(
            txn, org.substr(0, org.rfind('.') == std::string::npos ? 0 : org.rfind('.')),
            [&](std::string_view id, const PostState&) {
              ids.emplace_back(id);
              return Status::Ok();
            }));
        return NoSuch("post", "post", o.post, ids);
      }
    }
    if (!o.person.empty()) {
      LEDGER_ASSIGN_OR_RETURN(auto person, state_.Person(txn, o.person));
      if (!person) {
        std::vector<std::string> ids;
        LEDGER_RETURN_IF_ERROR(state_.ForEachPerson(txn, [&](std::string_view id, const PersonState&) {
          ids.emplace_back(id);
          return Status::Ok();
        }));
        return NoSuch("person", "person", o.person, ids);
      }
    }
    return Status::Ok();
  });
}

Result<Table> CivilQueries::Run(std::string_view view, const QueryOptions& o) const {
  auto filters = ViewFilters().find(view);
  if (filters == ViewFilters().end()) {
    return Status::InvalidArgument("unknown view \"" + std::string(view) + "\"" +
                                   DidYouMean(view, Views()) + "; views: " + Joined(Views()));
  }
  const std::vector<std::string>& takes = ViewParams(view);
  for (const auto& [name, value] : o.given) {
    if (std::find(takes.begin(), takes.end(), name) == takes.end()) {
      return Status::InvalidArgument(name + ": the " + std::string(view) +
                                     " view does not take it; it takes " + Joined(takes));
    }
  }
  LEDGER_RETURN_IF_ERROR(CheckNamed(o));
  Result<Table> t = Status::Internal("view " + std::string(view) + " has no query");
  if (view == "holders") t = Holders(o);
  if (view == "history") t = History(o);
  if (view == "service") t = Service(o);
  if (view == "staffing") t = Staffing(o);
  if (view == "staffing-history") t = StaffingHistory(o);
  if (view == "turnover") t = Turnover(o);
  if (view == "gender") t = Gender(o);
  if (view == "breaches") t = Breaches(o);
  if (view == "tenure") t = Tenure(o);
  if (view == "findings") t = Findings(o);
  if (view == "rollup") t = Rollup(o);
  if (view == "titles") t = Titles(o);
  if (!t.ok()) return t;
  LEDGER_RETURN_IF_ERROR(SelectColumns(*t, o.columns, view));
  for (const auto& g : o.given) {
    if (!IsPaging(g.first)) t->filter.push_back(g);
  }
  Paginate(*t, o);
  return t;
}

}  // namespace ledger::projections
