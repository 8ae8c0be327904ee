// The names of the civil-state projection's databases, declared once: the
// projection opens them, the view digests and comparisons (view_digest.cc)
// read the rows' provenance by them. Internal to projections/.
#ifndef PROJECTIONS_SRC_CIVIL_DBS_H_
#define PROJECTIONS_SRC_CIVIL_DBS_H_

namespace ledger::projections::civil_dbs {

inline constexpr const char* kOrgsDb = "proj.civil.orgs";            // org id -> OrgState
inline constexpr const char* kPostsDb = "proj.civil.posts";          // post id -> PostState
inline constexpr const char* kPersonsDb = "proj.civil.persons";      // person id -> PersonState
inline constexpr const char* kBreachesDb = "proj.civil.breaches";    // breach id -> BreachState
inline constexpr const char* kSanctionsDb = "proj.civil.sanctions";  // sanction id -> seq (u64 BE)
// target seq (u64 BE) || correction seq (u64 BE) -> field name, NUL, value text
inline constexpr const char* kCorrectionsDb = "proj.civil.corrections";
// The view indexes (civil_index.cc) and the applied cursor.
inline constexpr const char* kIndexDb = "proj.civil.index";
inline constexpr const char* kMetaDb = "proj.civil.meta";

}  // namespace ledger::projections::civil_dbs

#endif  // PROJECTIONS_SRC_CIVIL_DBS_H_
