// The views' provenance: the digest of every projection database as the
// civil-service rules derive it from records [0, size) of a ledger directory
// (opened read-only), by replay (projections/view_replay.h). The API serves
// the same function of its live projection (GET /v1/views/digest).
#ifndef VERIFIER_VIEWS_DIGEST_H_
#define VERIFIER_VIEWS_DIGEST_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "ledger/status.h"
#include "projections/view_digest.h"

namespace ledger::verify {

// `size` defaults to the ledger's size; beyond it is InvalidArgument. The
// records are not audited here (`ledger-verify ledger` does that); one that
// does not decode is DataLoss.
Result<projections::ViewsDigest> ReplayViewsDigest(
    const std::string& dir, std::optional<uint64_t> size,
    const std::function<void(uint64_t done, uint64_t total)>& progress = {});

// "views at size N (as of seq N-1): <overall>" then one line per database.
std::string ViewsDigestText(const projections::ViewsDigest& d);

}  // namespace ledger::verify

#endif  // VERIFIER_VIEWS_DIGEST_H_
