// The endpoints behind the public page (web/): its embedded files at /, and
// the search its search box asks. Declared apart from http_util.h so the
// page's additions stay in their own files.
#ifndef API_WEB_HANDLERS_H_
#define API_WEB_HANDLERS_H_

#include "http_util.h"

namespace ledger::api {

// A file of the page, or index.html for the page's own routes (/person,
// /record/12, ...): any GET outside /v1. static_handler.cc.
Response GetStatic(const Context& c);

// GET /v1/search?q=...&limit=N: people, posts and organisations whose id or
// name contains q (case-insensitive, Cyrillic included), and the record when
// q is a seq. search_handler.cc.
Response GetSearch(const Context& c);

// GET /v1/schemas: every event type and schema version as data (fields,
// kinds, required, choices, scope field, correctable fields), for forms
// that build and sign submissions. schemas_handler.cc.
Response GetSchemas(const Context& c);

// GET /v1/policy: the c2sp.org/tlog-policy text of the witnesses the log
// was started with, for a page or a verifier to pin; 404 without
// witnesses. policy_handler.cc.
Response GetPolicy(const Context& c);

}  // namespace ledger::api

#endif  // API_WEB_HANDLERS_H_
