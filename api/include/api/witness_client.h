// The log's side of c2sp.org/tlog-witness: a background thread beside the
// writer that, after each new checkpoint (and every `refresh` without one),
// asks every configured witness for a cosignature, concurrently, with
// timeouts and retries, and keeps the newest checkpoint a quorum cosigned.
// A witness that is down never blocks appends; one reporting a fork is
// logged loudly.
#ifndef API_WITNESS_CLIENT_H_
#define API_WITNESS_CLIENT_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ledger/cosignature.h"
#include "ledger/status.h"
#include "ledger/store.h"

namespace ledger::api {

// "<name>+<id>+<base64(0x04||key)>@http://host:port[/prefix]"
struct WitnessEndpoint {
  cosig::CosignerKey key;
  std::string host;
  uint16_t port = 80;
  std::string prefix;  // path before "/add-checkpoint", no trailing '/'
  static Result<WitnessEndpoint> Parse(std::string_view text);
};

// The c2sp.org/tlog-policy text a log with these witnesses and this quorum
// stands behind (GET /v1/policy): the log's key, each witness named by its
// key name, and one group of `quorum` of them. The witnesses' URLs are left
// out: they are the log's own route to them (often a local proxy).
std::string PolicyText(const note::VerifierKey& log_key,
                       const std::vector<WitnessEndpoint>& witnesses, size_t quorum);

class WitnessCollector {
 public:
  struct Options {
    std::vector<WitnessEndpoint> witnesses;
    size_t quorum = 1;  // cosignatures a checkpoint needs to be published
    std::chrono::milliseconds timeout{5'000};  // per connection and per request
    int attempts = 3;                          // per witness per round
    std::chrono::milliseconds backoff{200};    // doubled after each failed attempt
    std::chrono::milliseconds poll{200};       // how often the ledger size is looked at
    std::chrono::seconds refresh{60};  // re-cosign an unchanged tree this often (freshness)
    std::string state_file;  // the published cosigned note is kept here (optional)
    std::function<void(const std::string&)> log;  // one line per event; null: stderr
  };

  // Loads the kept cosigned note (if any) and starts the background thread.
  static Result<std::unique_ptr<WitnessCollector>> Start(const Ledger& ledger, Options options);
  ~WitnessCollector();  // Stop()
  void Stop();

  // The newest checkpoint a quorum cosigned, as a note carrying the log's
  // signature and every cosignature; empty until the first quorum.
  std::optional<std::string> Latest() const;
  // Runs one round now, on the caller's thread (tests); returns how many
  // witnesses cosigned the ledger's current checkpoint.
  size_t RoundNow();

 private:
  WitnessCollector(const Ledger& ledger, Options options);
  void Loop();
  // One witness, one checkpoint: its cosignature line(s), or nothing.
  std::optional<std::string> Ask(size_t witness, const std::string& note, uint64_t size);
  void Log(const std::string& line) const;

  const Ledger& ledger_;
  Options options_;
  std::vector<uint64_t> known_sizes_;  // what each witness last said it holds
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::optional<std::string> latest_;
  uint64_t latest_size_ = 0;
  std::mutex round_mu_;  // one round at a time
  std::thread thread_;
};

}  // namespace ledger::api

#endif  // API_WITNESS_CLIENT_H_
