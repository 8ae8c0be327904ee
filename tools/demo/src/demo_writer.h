// The demo generator's pen: signs events with a department's key, appends
// them in one batch per simulated week under a simulated ledger clock, and
// remembers the seq each event got. Internal to ledger/demo.
#ifndef LEDGER_DEMO_DEMO_WRITER_H_
#define LEDGER_DEMO_DEMO_WRITER_H_

#include <boost/json/object.hpp>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "demo/demo_data.h"
#include "ledger/crypto.h"
#include "ledger/store.h"

namespace ledger::cli {

class DemoWriter {
 public:
  DemoWriter(Ledger& ledger, int64_t& clock_us, std::ostream& log)
      : ledger_(ledger), clock_us_(clock_us), log_(log) {}

  // Queues an event to be signed by `key` when its batch is appended (the
  // key must outlive that); returns a ticket for SeqOf.
  size_t Add(const std::string& type, const boost::json::object& body, const SigningKey& key);
  // Appends what is queued, then moves the ledger clock to `day` (days since
  // 1970-01-01) at 10:00 UTC: the next events are recorded that day.
  void StartDay(int32_t day);
  // The seq of an event whose batch was appended (UINT64_MAX before, or if rejected).
  uint64_t SeqOf(size_t ticket) const { return ticket < seqs_.size() ? seqs_[ticket] : UINT64_MAX; }
  const Status& status() const { return status_; }
  Result<DemoSummary> Finish();

 private:
  static constexpr size_t kMaxBatch = 20'000;  // events per AppendBatch
  void Flush();
  Ledger& ledger_;
  int64_t& clock_us_;
  std::ostream& log_;
  std::vector<Submission> pending_;
  std::vector<const SigningKey*> signers_;  // of pending_, signed on every core in Flush
  std::vector<uint64_t> seqs_;  // by ticket
  DemoSummary summary_;
  Status status_;
};

// The civil-service history: organisations, posts, people and a decade of
// decisions (demo_civil.cc). Keys are looked up by name in `keys`.
class DemoKeys {
 public:
  virtual ~DemoKeys() = default;
  // The key an organisation's HR department signs with on `day`.
  virtual const SigningKey& For(const std::string& org, int32_t day) const = 0;
  // Registry events (rotation, revocation) due on `day`.
  virtual void OnDay(int32_t day, DemoWriter& w) = 0;
};

Status GenerateCivilHistory(const DemoOptions& opts, DemoKeys& keys, DemoWriter& w);

}  // namespace ledger::cli

#endif  // LEDGER_DEMO_DEMO_WRITER_H_
