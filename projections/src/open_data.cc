// The open-data exports (projections/open_data.h): everything read in one
// snapshot into plain rows, then written as Popolo JSON or FollowTheMoney
// JSON lines a piece at a time.
#include "projections/open_data.h"

#include <boost/json.hpp>

#include "ledger/encoding.h"
#include "ledger/event_types.h"
#include "ledger/lmdb.h"

namespace ledger::projections {
namespace json = boost::json;
namespace F = events::field;

namespace {

// The record an entity or a membership comes from: its seq, its hash (which
// anyone can prove against a checkpoint) and the decision it records.
struct Source {
  uint64_t seq = 0;
  std::string type, record_hash, instrument, number, date;
};

struct Membership {
  std::string person, post, org, title;
  int32_t start = 0, end = INT32_MAX;
  Source started;
  std::optional<Source> ended;
};

Result<Source> SourceOf(const CivilState& state, const lmdb::Txn& txn, uint64_t seq) {
  LEDGER_ASSIGN_OR_RETURN(auto rec, state.RecordAt(txn, seq));
  const auto& [record, body] = rec;
  Source s;
  s.seq = seq;
  s.type = record.submission.event_type;
  s.record_hash = Base64Encode(RecordHash(EncodeRecord(record)));
  // The body has every correction recorded against it applied.
  if (events::FindField(body.schema(), F::kDecisionNumber) && body.Has(F::kDecisionNumber)) {
    s.instrument = body.Text(F::kDecisionInstrument);
    s.number = body.Text(F::kDecisionNumber);
    s.date = events::FormatDate(body.Date(F::kDecisionDate));
  }
  return s;
}

std::string SourceNote(const Source& s) {
  std::string note = s.type;
  if (!s.number.empty()) note += ": " + s.instrument + " " + s.number + " of " + s.date;
  return note + " (seq " + std::to_string(s.seq) + ", record hash " + s.record_hash + ")";
}

json::object PopoloSource(const Source& s) {
  json::object o{{"note", SourceNote(s)},
                 {"url", "/v1/events/" + std::to_string(s.seq)},
                 {"seq", s.seq},
                 {"record_hash", s.record_hash},
                 {"event_type", s.type}};
  if (!s.number.empty()) {
    o["decision"] = json::object{
        {"instrument", s.instrument}, {"number", s.number}, {"date", s.date}};
  }
  return o;
}

// FtM entity ids: [0-9a-zA-Z] with inner '.' and '-' only, so the ledger's
// ids ("mn.ub/officer") are hashed under a prefix naming the kind.
std::string FtmId(std::string_view kind, std::string_view id) {
  const Hash h = Sha256(std::string(kind) + "\n" + std::string(id));
  return "csl-" + std::string(kind) + "-" + HexEncode(ByteView(h.data(), 10));
}

json::array Values(std::initializer_list<std::string> values) {
  json::array out;
  for (const auto& v : values) {
    if (!v.empty()) out.emplace_back(v);
  }
  return out;
}

std::string FtmLine(std::string_view schema, std::string id, json::object properties) {
  // FtM property values are lists; empty ones are left out.
  for (auto it = properties.begin(); it != properties.end();) {
    it = it->value().as_array().empty() ? properties.erase(it) : std::next(it);
  }
  return json::serialize(json::object{
             {"id", std::move(id)}, {"schema", schema}, {"properties", std::move(properties)}}) +
         "\n";
}

}  // namespace

Result<OpenFormat> ParseOpenFormat(std::string_view name) {
  if (name == "popolo") return OpenFormat::kPopolo;
  if (name == "ftm") return OpenFormat::kFtm;
  return Status::InvalidArgument("format: popolo or ftm, not \"" + std::string(name) + "\"");
}

std::string_view OpenMediaType(OpenFormat f) {
  return f == OpenFormat::kPopolo ? "application/json" : "application/x-ndjson";
}

std::string OpenFileName(OpenFormat f, uint64_t size) {
  return (f == OpenFormat::kPopolo ? "popolo-" : "ftm-") + std::to_string(size) +
         (f == OpenFormat::kPopolo ? ".json" : ".jsonl");
}

struct OpenDataWriter::Data {
  OpenFormat format = OpenFormat::kPopolo;
  std::string origin;
  uint64_t size = 0;
  std::vector<std::pair<std::string, OrgState>> orgs;
  std::vector<Source> org_sources;
  std::vector<std::pair<std::string, PostState>> posts;
  std::vector<Source> post_sources;
  std::vector<std::pair<std::string, PersonState>> persons;
  std::vector<Source> person_sources;
  std::vector<Membership> memberships;
  // Where the writing stands: section 0 organisations, 1 posts, 2 persons,
  // 3 memberships, 4 done; `item` within the section.
  int section = -1;
  size_t item = 0;

  void WriteItem(std::string& out, int sec, size_t i) const;
  size_t SectionSize(int sec) const {
    switch (sec) {
      case 0: return orgs.size();
      case 1: return posts.size();
      case 2: return persons.size();
      case 3: return memberships.size();
      default: return 0;
    }
  }
};

void OpenDataWriter::Data::WriteItem(std::string& out, int sec, size_t i) const {
  const bool popolo = format == OpenFormat::kPopolo;
  if (popolo && i > 0) out += ",";
  if (sec == 0) {
    const auto& [id, o] = orgs[i];
    const Source& src = org_sources[i];
    if (popolo) {
      json::object p{{"id", id}, {"name", o.name}, {"classification", o.level}};
      if (!o.parent.empty()) p["parent_id"] = o.parent;
      if (o.abolished) p["abolished"] = true;
      p["sources"] = json::array{PopoloSource(src)};
      out += json::serialize(p);
    } else {
      json::object props{{"name", Values({o.name})},
                         {"country", Values({"mn"})},
                         {"classification", Values({o.level})},
                         {"status", Values({o.abolished ? "abolished" : "active"})},
                         {"notes", Values({"ledger id " + id + "; " + SourceNote(src)})}};
      if (!o.parent.empty()) props["parent"] = Values({FtmId("org", o.parent)});
      out += FtmLine("PublicBody", FtmId("org", id), std::move(props));
    }
  } else if (sec == 1) {
    const auto& [id, p] = posts[i];
    const Source& src = post_sources[i];
    if (popolo) {
      json::object o{{"id", id}, {"label", p.title}, {"organization_id", p.org}, {"role", p.category}};
      o["seats"] = p.positions;
      o["leadership"] = p.leadership;
      if (p.abolished) o["abolished"] = true;
      o["sources"] = json::array{PopoloSource(src)};
      out += json::serialize(o);
    } else {
      out += FtmLine("Position", FtmId("post", id),
                     json::object{{"name", Values({p.title})},
                                  {"country", Values({"mn"})},
                                  {"organization", Values({FtmId("org", p.org)})},
                                  {"numberOfSeats", Values({std::to_string(p.positions)})},
                                  {"notes", Values({"ledger id " + id + "; " + SourceNote(src)})}});
    }
  } else if (sec == 2) {
    const auto& [id, p] = persons[i];
    const Source& src = person_sources[i];
    // A year of birth is what the log holds; ISO 8601 and both formats take a bare year.
    const std::string born = p.birth_year ? std::to_string(p.birth_year) : "";
    if (popolo) {
      json::object o{{"id", id}, {"name", p.full_name}};
      if (p.gender == "female" || p.gender == "male") o["gender"] = p.gender;
      if (!born.empty()) o["birth_date"] = born;
      o["sources"] = json::array{PopoloSource(src)};
      out += json::serialize(o);
    } else {
      const std::string gender = p.gender == "female" || p.gender == "male" ? p.gender : "";
      out += FtmLine("Person", FtmId("person", id),
                     json::object{{"name", Values({p.full_name})},
                                  {"gender", Values({gender})},
                                  {"birthDate", Values({born})},
                                  {"notes", Values({"ledger id " + id + "; " + SourceNote(src)})}});
    }
  } else if (sec == 3) {
    const Membership& m = memberships[i];
    const std::string start = events::FormatDate(m.start);
    const std::string end = m.end == INT32_MAX ? "" : events::FormatDate(m.end);
    if (popolo) {
      json::object o{{"id", "membership." + std::to_string(m.started.seq)},
                     {"person_id", m.person},
                     {"post_id", m.post},
                     {"organization_id", m.org},
                     {"role", m.title},
                     {"start_date", start}};
      if (!end.empty()) o["end_date"] = end;
      json::array sources{PopoloSource(m.started)};
      if (m.ended) sources.push_back(PopoloSource(*m.ended));
      o["sources"] = std::move(sources);
      out += json::serialize(o);
    } else {
      std::string summary = "began: " + SourceNote(m.started);
      if (m.ended) summary += "; ended: " + SourceNote(*m.ended);
      out += FtmLine("Occupancy", FtmId("occupancy", std::to_string(m.started.seq)),
                     json::object{{"holder", Values({FtmId("person", m.person)})},
                                  {"post", Values({FtmId("post", m.post)})},
                                  {"startDate", Values({start})},
                                  {"endDate", Values({end})},
                                  {"status", Values({end.empty() ? "current" : "ended"})},
                                  {"recordId", Values({std::to_string(m.started.seq)})},
                                  {"summary", Values({summary})}});
    }
  }
}

OpenDataWriter::OpenDataWriter(std::unique_ptr<Data> data) : data_(std::move(data)) {}
OpenDataWriter::~OpenDataWriter() = default;
uint64_t OpenDataWriter::size() const { return data_->size; }

Result<std::unique_ptr<OpenDataWriter>> OpenDataWriter::Start(const Ledger& ledger,
                                                              const CivilState& state,
                                                              OpenFormat format) {
  auto d = std::make_unique<Data>();
  d->format = format;
  d->origin = ledger.origin();
  LEDGER_RETURN_IF_ERROR(ledger.WithRead([&](const lmdb::Txn& txn) -> Status {
    LEDGER_ASSIGN_OR_RETURN(std::optional<uint64_t> applied, state.Applied(txn));
    d->size = applied.value_or(0);
    LEDGER_RETURN_IF_ERROR(state.ForEachOrg(txn, [&](std::string_view id, const OrgState& o) {
      d->orgs.emplace_back(std::string(id), o);
      return Status::Ok();
    }));
    for (const auto& [id, o] : d->orgs) {
      LEDGER_ASSIGN_OR_RETURN(Source s, SourceOf(state, txn, o.seq));
      d->org_sources.push_back(std::move(s));
    }
    LEDGER_RETURN_IF_ERROR(state.ForEachPost(txn, "", [&](std::string_view id, const PostState& p) {
      d->posts.emplace_back(std::string(id), p);
      return Status::Ok();
    }));
    for (const auto& post : d->posts) {
      const std::string& id = post.first;
      const PostState& p = post.second;
      LEDGER_ASSIGN_OR_RETURN(Source s, SourceOf(state, txn, p.seq));
      d->post_sources.push_back(std::move(s));
      LEDGER_RETURN_IF_ERROR(state.ForEachTenure(txn, id, [&](const TenureEntry& t) -> Status {
        Membership m{t.person, id, p.org, p.title, t.start, t.end, {}, std::nullopt};
        LEDGER_ASSIGN_OR_RETURN(m.started, SourceOf(state, txn, t.start_seq));
        if (t.end_seq != UINT64_MAX) {
          LEDGER_ASSIGN_OR_RETURN(Source ended, SourceOf(state, txn, t.end_seq));
          m.ended = std::move(ended);
        }
        d->memberships.push_back(std::move(m));
        return Status::Ok();
      }));
    }
    LEDGER_RETURN_IF_ERROR(
        state.ForEachPerson(txn, [&](std::string_view id, const PersonState& p) -> Status {
          d->persons.emplace_back(std::string(id), p);
          return Status::Ok();
        }));
    for (const auto& [id, p] : d->persons) {
      LEDGER_ASSIGN_OR_RETURN(Source s, SourceOf(state, txn, p.seq));
      d->person_sources.push_back(std::move(s));
    }
    return Status::Ok();
  }));
  return std::unique_ptr<OpenDataWriter>(new OpenDataWriter(std::move(d)));
}

bool OpenDataWriter::Next(std::string& out, size_t items) {
  Data& d = *data_;
  static constexpr const char* kSections[] = {"organizations", "posts", "persons", "memberships"};
  const bool popolo = d.format == OpenFormat::kPopolo;
  if (d.section == 4) return false;
  if (d.section == -1) {
    if (popolo) {
      json::object meta{{"origin", d.origin},
                        {"size", d.size},
                        {"note", "Popolo export of the civil-service ledger: each source names "
                                 "the record (seq, record hash) it comes from"}};
      out += "{\"meta\":" + json::serialize(meta) + ",\"" + kSections[0] + "\":[";
    }
    d.section = 0;
    d.item = 0;
  }
  for (size_t written = 0; written < items && d.section < 4;) {
    if (d.item == d.SectionSize(d.section)) {
      if (popolo) {
        out += "]";
        out += d.section == 3 ? "}\n" : ",\"" + std::string(kSections[d.section + 1]) + "\":[";
      }
      ++d.section;
      d.item = 0;
      continue;
    }
    d.WriteItem(out, d.section, d.item++);
    ++written;
  }
  return true;
}

}  // namespace ledger::projections
