// The stored layout of the civil-state rows: one serialize() per state
// struct, its fields in order, encoded by ledger/binary_archive.h.
// A change of layout bumps kCivilStateVersion, and a read-write open then
// rebuilds the projection (docs/VIEWS.md, "Storage").
#ifndef PROJECTIONS_ROW_LAYOUT_H_
#define PROJECTIONS_ROW_LAYOUT_H_

#include <cstdint>

#include "projections/civil_state.h"

namespace ledger::projections {

// 2: post titles over time; 3: lookup entries in the index (hash, client_id,
// decision, name) and the cap history.
inline constexpr uint32_t kCivilStateVersion = 3;

template <class A>
void serialize(A& ar, OrgState& o) {
  ar(o.name, o.parent, o.level, o.max_headcount, o.headcount, o.abolished, o.seq, o.name_seq,
     o.parent_seq, o.level_seq, o.cap_seq);
}
template <class A>
void serialize(A& ar, Holding& h) {
  ar(h.person, h.since, h.tenure, h.seq);
}
template <class A>
void serialize(A& ar, PostTitle& t) {
  ar(t.title, t.since, t.seq);
}
template <class A>
void serialize(A& ar, PostState& p) {
  ar(p.org, p.title, p.category, p.grade, p.leadership, p.positions, p.abolished, p.holders, p.seq,
     p.titles);
}
template <class A>
void serialize(A& ar, PersonState& p) {
  ar(p.full_name, p.gender, p.birth_year, p.posts, p.seq);
}
template <class A>
void serialize(A& ar, BreachState& b) {
  ar(b.person, b.org, b.law, b.article, b.status, b.seq, b.status_seq);
}

// The rules in force, in the meta database (civil_rules.cc).
template <class A>
void serialize(A& ar, RuleConfig& r) {
  ar(r.backdate_days, r.post_election_days, r.election_days);
}

template <class A>
void serialize(A& ar, TenureEntry& t) {
  ar(t.person, t.tenure, t.start, t.end, t.start_seq, t.end_seq, t.how, t.ended_by);
}
template <class A>
void serialize(A& ar, OrgEvent& e) {
  ar(e.kind, e.person, e.post, e.category, e.detail, e.lawful_ground, e.seq, e.day);
}

template <class A>
void serialize(A& ar, CapChange& c) {
  ar(c.cap, c.day, c.seq, c.decision);
}

}  // namespace ledger::projections

#endif  // PROJECTIONS_ROW_LAYOUT_H_
