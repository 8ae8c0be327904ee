// `ledger mirror`: follows a remote C2SP tlog-tiles log into a local
// directory, trusting nothing it fetches: the checkpoint must verify under
// the log key given, every entry must hash to its level-0 tile hash, and the
// root recomputed from all mirrored leaves must equal the checkpoint's (and,
// at the previous size, the previously mirrored checkpoint's: so the new
// tree extends the old one). Only then are the files and the checkpoint written.
#ifndef API_MIRROR_H_
#define API_MIRROR_H_

#include <cstdint>
#include <string>

#include "ledger/note.h"
#include "ledger/status.h"

namespace ledger::api {

struct MirrorStats {
  uint64_t old_size = 0;  // what the directory held before
  uint64_t new_size = 0;
  uint64_t bundles_fetched = 0;
};

// `base_url`: "http://host[:port][/prefix]" (the prefix /checkpoint and
// /tile/... hang off). DataLoss when the remote contradicts itself or the
// mirror (a fork, a rollback, a bad entry); nothing is written then.
Result<MirrorStats> MirrorOnce(const std::string& base_url, const std::string& dir,
                               const note::VerifierKey& log_key);

}  // namespace ledger::api

#endif  // API_MIRROR_H_
