// The domain rules (docs/EVENTS.md, "Rules"): reject only what cannot be
// true, naming the field and the reason; flag what breaks a rule, naming the
// rule ("<rule>: <why>"). Runs inside the append transaction, before the
// record exists.
#include <algorithm>

#include "projections/civil_state.h"
#include "state_codec.h"

namespace ledger::projections {
namespace {

std::string Q(std::string_view s) { return "\"" + std::string(s) + "\""; }
std::string SeqNote(uint64_t seq) { return " (seq " + std::to_string(seq) + ")"; }

const Holding* FindHolding(const PostState& p, std::string_view person) {
  for (const Holding& h : p.holders) {
    if (h.person == person) return &h;
  }
  return nullptr;
}

bool IsMeritSelection(std::string_view basis) {
  return basis == "competitive-examination" || basis == "reserve-list" || basis == "transfer" ||
         basis == "court-reinstatement";
}

// Fields that say which thing a record is about: correcting them would make
// it a different decision, which must be recorded as one.
bool IsIdentifyingField(std::string_view f) {
  for (std::string_view id : {"org", "post", "person", "breach", "sanction", "from_post", "to_post",
                              "subject_seq", "dismissal_seq", "target_seq"}) {
    if (f == id) return true;
  }
  return false;
}

}  // namespace

bool StatesLawfulGround(const events::Body& dismissal) {
  return dismissal.Has("legal_article") &&
         dismissal.Text("legal_article").find_first_not_of(" \t") != std::string::npos;
}

Result<std::vector<std::string>> CivilState::Check(const lmdb::Txn& txn, const Record& draft,
                                                   const events::Body& body) {
  std::vector<std::string> flags;
  LEDGER_RETURN_IF_ERROR(CheckReferences(txn, draft, body));
  LEDGER_RETURN_IF_ERROR(CheckPostings(txn, draft, body, flags));
  if (events::FindField(body.schema(), "effective_date") &&
      body.schema().type != "organisation.established") {
    const int64_t recorded_day = draft.recorded_at_us / (86'400LL * 1'000'000);
    const int64_t late = recorded_day - body.Date("effective_date");
    if (late > config_.backdate_days) {
      flags.push_back(std::string(kFlagBackDated) + ": effective " +
                      events::FormatDate(body.Date("effective_date")) + " is " +
                      std::to_string(late) + " days before it was recorded (limit " +
                      std::to_string(config_.backdate_days) + ")");
    }
  }
  return flags;
}

// Existence and identity of the things an event names.
Status CivilState::CheckReferences(const lmdb::Txn& txn, const Record& draft,
                                   const events::Body& b) const {
  const std::string_view type = b.schema().type;
  auto live_org = [&](std::string_view field) -> Result<OrgState> {
    LEDGER_ASSIGN_OR_RETURN(std::optional<OrgState> o, Org(txn, b.Text(field)));
    if (!o)
      return Status::NotFound("body." + std::string(field) + ": no organisation " +
                              Q(b.Text(field)));
    if (o->abolished) {
      return Status::InvalidArgument("body." + std::string(field) + ": organisation " +
                                     Q(b.Text(field)) + " has been abolished");
    }
    return *o;
  };
  auto new_id = [&](auto loaded, std::string_view field, std::string_view what) -> Status {
    LEDGER_ASSIGN_OR_RETURN(auto existing, loaded);
    if (existing) {
      return Status::AlreadyExists("body." + std::string(field) + ": " + std::string(what) + " " +
                                   Q(b.Text(field)) + " already exists" + SeqNote(existing->seq));
    }
    return Status::Ok();
  };

  if (type == "organisation.established") {
    LEDGER_RETURN_IF_ERROR(new_id(Org(txn, b.Text("org")), "org", "organisation"));
    if (b.Has("parent")) LEDGER_RETURN_IF_ERROR(live_org("parent").status());
    return Status::Ok();
  }
  if (type.starts_with("organisation.")) {
    LEDGER_RETURN_IF_ERROR(live_org("org").status());
    if (type == "organisation.restructured" && b.Has("parent")) {
      LEDGER_RETURN_IF_ERROR(live_org("parent").status());
      // Walk up from the new parent: meeting the organisation itself is a cycle.
      std::string up = b.Text("parent");
      for (int depth = 0; !up.empty() && depth < 64; ++depth) {
        if (up == b.Text("org")) {
          return Status::InvalidArgument("body.parent: " + Q(b.Text("parent")) + " is inside " +
                                         Q(b.Text("org")) +
                                         "; an organisation cannot be its own ancestor");
        }
        LEDGER_ASSIGN_OR_RETURN(std::optional<OrgState> o, Org(txn, up));
        up = o ? o->parent : "";
      }
    }
    return Status::Ok();
  }
  if (type == "post.established") {
    LEDGER_RETURN_IF_ERROR(new_id(Post(txn, b.Text("post")), "post", "post"));
    if (b.UInt("positions") == 0) {
      return Status::InvalidArgument("body.positions: a post has at least one position");
    }
    return live_org("org").status();
  }
  if (type == "post.abolished") {
    LEDGER_ASSIGN_OR_RETURN(std::optional<PostState> p, Post(txn, b.Text("post")));
    if (!p) return Status::NotFound("body.post: no post " + Q(b.Text("post")));
    if (p->abolished)
      return Status::InvalidArgument("body.post: " + Q(b.Text("post")) + " is already abolished");
    if (p->org != b.Text("org")) {
      return Status::InvalidArgument("body.org: post " + Q(b.Text("post")) + " belongs to " +
                                     Q(p->org));
    }
    return Status::Ok();
  }
  if (type == "person.registered") {
    LEDGER_RETURN_IF_ERROR(new_id(Person(txn, b.Text("person")), "person", "person"));
    return live_org("org").status();
  }
  if (type == "breach.recorded") {
    LEDGER_RETURN_IF_ERROR(new_id(Breach(txn, b.Text("breach")), "breach", "breach"));
    LEDGER_ASSIGN_OR_RETURN(std::optional<PersonState> p, Person(txn, b.Text("person")));
    if (!p) return Status::NotFound("body.person: no person " + Q(b.Text("person")));
    LEDGER_ASSIGN_OR_RETURN(std::optional<OrgState> o, Org(txn, b.Text("org")));
    if (!o) return Status::NotFound("body.org: no organisation " + Q(b.Text("org")));
    return Status::Ok();
  }
  if (type == "breach.updated" || type == "sanction.imposed") {
    LEDGER_ASSIGN_OR_RETURN(std::optional<BreachState> br, Breach(txn, b.Text("breach")));
    if (!br) {
      return Status::NotFound(
          "body.breach: no breach " + Q(b.Text("breach")) +
          (type == "sanction.imposed" ? "; a sanction needs a recorded breach" : ""));
    }
    if (br->org != b.Text("org")) {
      return Status::InvalidArgument("body.org: breach " + Q(b.Text("breach")) +
                                     " was recorded for " + Q(br->org));
    }
    if (type == "breach.updated") return Status::Ok();
    if (br->person != b.Text("person")) {
      return Status::InvalidArgument("body.person: breach " + Q(b.Text("breach")) + " concerns " +
                                     Q(br->person) + ", not " + Q(b.Text("person")));
    }
    LEDGER_ASSIGN_OR_RETURN(bool exists, HasSanction(txn, b.Text("sanction")));
    if (exists)
      return Status::AlreadyExists("body.sanction: sanction " + Q(b.Text("sanction")) +
                                   " already exists");
    const std::string& kind = b.Text("kind");
    if (kind == "salary-reduction") {
      if (!b.Has("salary_reduction_percent") || b.UInt("salary_reduction_percent") == 0 ||
          b.UInt("salary_reduction_percent") > 100) {
        return Status::InvalidArgument(
            "body.salary_reduction_percent: a salary reduction needs a percentage from 1 to 100");
      }
      if (!b.Has("salary_reduction_months") || b.UInt("salary_reduction_months") == 0) {
        return Status::InvalidArgument(
            "body.salary_reduction_months: a salary reduction needs a number of months");
      }
    }
    if (kind != "dismissal") {
      if (b.Has("dismissal_seq"))
        return Status::InvalidArgument(
            "body.dismissal_seq: only a dismissal sanction names a dismissal");
      return Status::Ok();
    }
    if (!b.Has("dismissal_seq")) {
      return Status::InvalidArgument(
          "body.dismissal_seq: a dismissal sanction must name its dismissal record");
    }
    if (b.UInt("dismissal_seq") >= draft.seq) {
      return Status::NotFound("body.dismissal_seq: no record at seq " +
                              std::to_string(b.UInt("dismissal_seq")));
    }
    LEDGER_ASSIGN_OR_RETURN(auto d, RecordAt(txn, b.UInt("dismissal_seq")));
    if (d.second.schema().type != "dismissal.made" || d.second.Text("person") != b.Text("person")) {
      return Status::InvalidArgument("body.dismissal_seq: record " +
                                     std::to_string(b.UInt("dismissal_seq")) +
                                     " is not a dismissal of " + Q(b.Text("person")));
    }
    return Status::Ok();
  }
  if (type == "court.ruling" || type == "correction.made") {
    const std::string field = type == "court.ruling" ? "subject_seq" : "target_seq";
    const uint64_t target = b.UInt(field);
    if (target >= draft.seq) {
      return Status::NotFound("body." + field + ": no record at seq " + std::to_string(target));
    }
    LEDGER_ASSIGN_OR_RETURN(auto t, RecordAt(txn, target));
    const events::EventSchema& ts = t.second.schema();
    if (!ts.scope_field.empty() && t.second.Text(ts.scope_field) != b.Text("org")) {
      return Status::InvalidArgument("body.org: record " + std::to_string(target) + " is for " +
                                     Q(t.second.Text(ts.scope_field)) + ", not " +
                                     Q(b.Text("org")));
    }
    if (type == "court.ruling") {
      if (ts.type != "dismissal.made" && ts.type != "sanction.imposed") {
        return Status::InvalidArgument("body.subject_seq: record " + std::to_string(target) +
                                       " is a " + std::string(ts.type) +
                                       "; a ruling concerns a dismissal.made or sanction.imposed");
      }
      return Status::Ok();
    }
    if (ts.scope_field.empty() || ts.type == "correction.made") {
      return Status::InvalidArgument(
          "body.target_seq: a " + std::string(ts.type) + " record cannot be corrected" +
          (ts.type == "correction.made" ? "; correct the original record again" : ""));
    }
    const events::FieldSpec* spec = events::FindField(ts, b.Text("field"));
    if (!spec) {
      return Status::InvalidArgument("body.field: " + std::string(ts.type) + " has no field " +
                                     Q(b.Text("field")));
    }
    if (IsIdentifyingField(spec->name) || (ts.type == "court.ruling" && spec->name == "outcome")) {
      return Status::InvalidArgument(
          "body.field: " + Q(spec->name) +
          " says what the record is about; record a new decision instead of correcting it");
    }
    auto value = events::ParseFieldText(*spec, b.Text("value"));
    if (!value.ok()) return value.status().WithContext("body.value");
    return Status::Ok();
  }
  return Status::Ok();
}

// Who holds which post: appointments, transfers and dismissals.
Status CivilState::CheckPostings(const lmdb::Txn& txn, const Record&, const events::Body& b,
                                 std::vector<std::string>& flags) const {
  const std::string_view type = b.schema().type;
  if (type != "appointment.made" && type != "transfer.made" && type != "dismissal.made") {
    return Status::Ok();
  }
  const std::string& person_id = b.Text("person");
  LEDGER_ASSIGN_OR_RETURN(std::optional<PersonState> person, Person(txn, person_id));
  if (!person) return Status::NotFound("body.person: no person " + Q(person_id));
  auto load_post = [&](std::string_view field) -> Result<PostState> {
    LEDGER_ASSIGN_OR_RETURN(std::optional<PostState> p, Post(txn, b.Text(field)));
    if (!p) return Status::NotFound("body." + std::string(field) + ": no post " + Q(b.Text(field)));
    return *p;
  };
  auto not_holding = [&](std::string_view field) {
    std::string held;
    for (const auto& p : person->posts) held += (held.empty() ? "" : ", ") + Q(p);
    return Status::InvalidArgument("body.person: " + Q(person_id) + " does not hold post " +
                                   Q(b.Text(field)) + " (holds " +
                                   (held.empty() ? "no post" : held) + ")");
  };
  // Leaving a post: the person must hold it, and not leave before arriving.
  auto check_leaving = [&](std::string_view field) -> Status {
    LEDGER_ASSIGN_OR_RETURN(PostState p, load_post(field));
    const Holding* h = FindHolding(p, person_id);
    if (!h) return not_holding(field);
    if (b.Date("effective_date") < h->since) {
      return Status::InvalidArgument(
          "body.effective_date: " + events::FormatDate(b.Date("effective_date")) + " is before " +
          Q(person_id) + " took post " + Q(b.Text(field)) + " on " + events::FormatDate(h->since) +
          SeqNote(h->seq));
    }
    return Status::Ok();
  };
  // Arriving on a post: it must exist and be open; flags for caps and holders.
  auto check_arriving = [&](std::string_view field, bool counts_against_cap) -> Result<PostState> {
    LEDGER_ASSIGN_OR_RETURN(PostState p, load_post(field));
    if (p.abolished)
      return Status::InvalidArgument("body." + std::string(field) + ": post " + Q(b.Text(field)) +
                                     " has been abolished");
    LEDGER_ASSIGN_OR_RETURN(OrgState org, LoadExisting<OrgState>(txn, dbs_.orgs, p.org));
    if (org.abolished) {
      return Status::InvalidArgument("body." + std::string(field) + ": organisation " + Q(p.org) +
                                     " of post " + Q(b.Text(field)) + " has been abolished");
    }
    if (const Holding* h = FindHolding(p, person_id)) {
      return Status::InvalidArgument("body.person: " + Q(person_id) + " already holds post " +
                                     Q(b.Text(field)) + SeqNote(h->seq));
    }
    if (p.holders.size() >= p.positions) {
      flags.push_back(std::string(kFlagSecondHolder) + ": post " + Q(b.Text(field)) + " allows " +
                      std::to_string(p.positions) + " holder(s) and is held by " +
                      Q(p.holders.front().person) + SeqNote(p.holders.front().seq));
    }
    if (counts_against_cap && org.headcount + 1 > org.max_headcount) {
      flags.push_back(std::string(kFlagOverHeadcount) + ": " + Q(p.org) + " would have " +
                      std::to_string(org.headcount + 1) + " post holders, approved maximum " +
                      std::to_string(org.max_headcount));
    }
    return p;
  };
  if (type == "dismissal.made") {
    LEDGER_ASSIGN_OR_RETURN(PostState p, load_post("post"));
    if (p.org != b.Text("org"))
      return Status::InvalidArgument("body.org: post " + Q(b.Text("post")) + " belongs to " +
                                     Q(p.org));
    LEDGER_RETURN_IF_ERROR(check_leaving("post"));
    if (!StatesLawfulGround(b))
      flags.push_back(std::string(kFlagNoLawfulGround) + ": no legal article is stated for the " +
                      b.Text("ground") + " dismissal");
    return Status::Ok();
  }
  if (type == "transfer.made") {
    if (b.Text("from_post") == b.Text("to_post"))
      return Status::InvalidArgument("body.to_post: the same post as from_post");
    LEDGER_ASSIGN_OR_RETURN(PostState from, load_post("from_post"));
    LEDGER_RETURN_IF_ERROR(check_leaving("from_post"));
    LEDGER_ASSIGN_OR_RETURN(PostState to, load_post("to_post"));
    if (b.Text("org") != from.org && b.Text("org") != to.org) {
      return Status::InvalidArgument(
          "body.org: a transfer is recorded by the organisation of from_post (" + Q(from.org) +
          ") or of to_post (" + Q(to.org) + ")");
    }
    return check_arriving("to_post", from.org != to.org).status();
  }
  // appointment.made
  LEDGER_ASSIGN_OR_RETURN(PostState p, check_arriving("post", true));
  if (p.org != b.Text("org"))
    return Status::InvalidArgument("body.org: post " + Q(b.Text("post")) + " belongs to " +
                                   Q(p.org));
  if (p.category == "political") return Status::Ok();
  const std::string& basis = b.Text("selection_basis");
  if (!IsMeritSelection(basis)) {
    flags.push_back(std::string(kFlagNoMeritSelection) + ": " + p.category +
                    " post filled by selection basis " + Q(basis) +
                    ", not a competitive examination or the reserve list");
  }
  const int32_t day = b.Date("effective_date");
  for (int32_t election : config_.election_days) {
    if (day >= election && day - election <= config_.post_election_days) {
      flags.push_back(std::string(kFlagPostElection) + ": " + p.category + " post filled on " +
                      events::FormatDate(day) + ", " + std::to_string(day - election) +
                      " days after the election of " + events::FormatDate(election) + " (window " +
                      std::to_string(config_.post_election_days) + ")");
    }
  }
  return Status::Ok();
}

}  // namespace ledger::projections
