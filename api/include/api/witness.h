// A C2SP tlog-witness (c2sp.org/tlog-witness) as a small state machine: for
// each log it witnesses it holds the latest checkpoint it cosigned; a new one
// is verified (log signature, consistency from that size), persisted
// (LMDB, synced), and only then cosigned (c2sp.org/tlog-cosignature).
#ifndef API_WITNESS_H_
#define API_WITNESS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/router.h"  // Request, Response
#include "ledger/cosignature.h"
#include "ledger/crypto.h"
#include "ledger/lmdb.h"
#include "ledger/note.h"
#include "ledger/status.h"

namespace ledger::api {

// An add-checkpoint request body: "old <size>\n", proof hashes one a line
// in base64, an empty line, then the signed checkpoint.
struct AddCheckpointRequest {
  uint64_t old_size = 0;
  std::vector<Hash> proof;
  std::string checkpoint;  // the signed note
};
Result<AddCheckpointRequest> ParseAddCheckpoint(std::string_view body);
std::string AddCheckpointBody(const AddCheckpointRequest& r);

// The witness's answer, with the HTTP status the spec assigns each outcome.
struct WitnessAnswer {
  unsigned status = 200;  // 200, 400, 403, 404, 409, 422, 500
  std::string content_type;
  std::string body;  // 200: cosignature lines; 409 (size): "<size>\n"
};

class Witness {
 public:
  struct Options {
    std::string name;                    // the witness's key name
    std::vector<note::VerifierKey> logs;  // trusted log keys; key name = origin
    std::function<uint64_t()> clock;     // POSIX seconds; default: system clock
  };

  // Opens (creating) the state in directory `state_dir`.
  static Result<std::unique_ptr<Witness>> Open(const std::string& state_dir, SigningKey key,
                                               Options options);
  ~Witness();
  Witness(const Witness&) = delete;
  Witness& operator=(const Witness&) = delete;

  // The add-checkpoint state machine; thread-safe.
  WitnessAnswer AddCheckpoint(std::string_view request_body);
  // The HTTP face, without a socket: POST .../add-checkpoint (any prefix)
  // answers per the spec; any other target is 404, another method 405.
  Response Handle(const Request& request);

  // The log's signed note of the latest checkpoint cosigned for `origin`, if any.
  Result<std::optional<std::string>> Latest(std::string_view origin) const;
  cosig::CosignerKey key() const { return cosig::CosignerKey::ForKey(options_.name, key_.public_key()); }

 private:
  Witness(lmdb::Env env, MDB_dbi dbi, SigningKey key, Options options);

  lmdb::Env env_;
  MDB_dbi dbi_;
  SigningKey key_;
  Options options_;
};

// A witness configuration file: "name <key name>" and "log <vkey>" lines,
// '#' comments (docs/WITNESS.md).
Result<Witness::Options> ParseWitnessConfig(std::string_view text);

}  // namespace ledger::api

#endif  // API_WITNESS_H_
