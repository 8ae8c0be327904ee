// Counters, gauges and histograms of the HTTP API, rendered in the Prometheus
// text exposition format (GET /metrics). Thread-safe; cheap enough per request.
#ifndef API_METRICS_H_
#define API_METRICS_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace ledger::api {

class Metrics {
 public:
  using Seconds = std::chrono::duration<double>;

  // One answered request; `route` is the route template ("/v1/events/{seq}"),
  // never the raw path, so the label set stays small.
  void ObserveRequest(std::string_view method, std::string_view route, unsigned status,
                      Seconds latency);
  // One POST /v1/events: how many events it carried and how long it waited
  // for its group commit.
  void ObserveAppend(size_t events, Seconds commit_wait);
  // One group commit of the writer: how many submissions it gathered, how
  // long the oldest waited in the queue, and how long the commit took.
  void ObserveGroupCommit(size_t submissions, Seconds queued, Seconds committed);
  void ConnectionRefused(std::string_view reason);  // "limit", "per-client", "budget"

  // Gauges the server keeps current.
  std::atomic<int64_t> connections_open{0};
  std::atomic<int64_t> requests_in_flight{0};
  std::atomic<int64_t> memory_in_use_bytes{0};
  std::atomic<int64_t> memory_budget_bytes{0};

  // The whole registry as exposition text; `ledger_size` is the records gauge.
  std::string Render(uint64_t ledger_size) const;

  struct Histogram {
    explicit Histogram(const std::vector<double>* bounds);
    void Observe(double v);
    const std::vector<double>* bounds;
    std::vector<uint64_t> counts;  // per bucket, not cumulative; one more for +Inf
    double sum = 0;
    uint64_t count = 0;
  };

 private:
  mutable std::mutex mu_;
  // (method, route, status) -> count
  std::map<std::tuple<std::string, std::string, unsigned>, uint64_t> requests_;
  std::map<std::string, Histogram, std::less<>> latency_by_route_;
  std::map<std::string, uint64_t, std::less<>> refused_;
  Histogram append_events_{&kEventBuckets};
  Histogram commit_wait_{&kLatencyBuckets};
  Histogram group_size_{&kEventBuckets};
  Histogram group_queued_{&kLatencyBuckets};
  Histogram group_commit_{&kLatencyBuckets};

  static const std::vector<double> kLatencyBuckets;
  static const std::vector<double> kEventBuckets;
};

}  // namespace ledger::api

#endif  // API_METRICS_H_
