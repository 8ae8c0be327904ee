// The metrics registry and its Prometheus text rendering (format 0.0.4).
#include "api/metrics.h"

#include <cstdio>

namespace ledger::api {

const std::vector<double> Metrics::kLatencyBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                      0.025,  0.05,  0.1,    0.25,  0.5,
                                                      1,      2.5,   5,      10,    30};
const std::vector<double> Metrics::kEventBuckets = {1, 2, 5, 10, 50, 100, 500, 1000, 5000, 10000};

namespace {

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

// Label values escape backslash, double quote and newline.
std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void Family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

// `labels` is "" or `a="b",c="d"`; buckets are rendered cumulatively.
void HistogramLines(std::string& out, std::string_view name, const std::string& labels,
                    const Metrics::Histogram& h) {
  const std::string sep = labels.empty() ? "" : ",";
  uint64_t cumulative = 0;
  for (size_t i = 0; i <= h.bounds->size(); ++i) {
    cumulative += h.counts[i];
    const std::string le = i < h.bounds->size() ? Number((*h.bounds)[i]) : "+Inf";
    out += std::string(name) + "_bucket{" + labels + sep + "le=\"" + le + "\"} " +
           std::to_string(cumulative) + "\n";
  }
  const std::string braces = labels.empty() ? "" : "{" + labels + "}";
  out += std::string(name) + "_sum" + braces + " " + Number(h.sum) + "\n";
  out += std::string(name) + "_count" + braces + " " + std::to_string(h.count) + "\n";
}

}  // namespace

Metrics::Histogram::Histogram(const std::vector<double>* b)
    : bounds(b), counts(b->size() + 1, 0) {}

void Metrics::Histogram::Observe(double v) {
  size_t i = 0;
  while (i < bounds->size() && v > (*bounds)[i]) ++i;
  ++counts[i];
  sum += v;
  ++count;
}

void Metrics::ObserveRequest(std::string_view method, std::string_view route, unsigned status,
                             Seconds latency) {
  std::lock_guard lock(mu_);
  ++requests_[{std::string(method), std::string(route), status}];
  auto it = latency_by_route_.find(route);
  if (it == latency_by_route_.end()) {
    it = latency_by_route_.emplace(std::string(route), Histogram(&kLatencyBuckets)).first;
  }
  it->second.Observe(latency.count());
}

void Metrics::ObserveAppend(size_t events, Seconds commit_wait) {
  std::lock_guard lock(mu_);
  append_events_.Observe(static_cast<double>(events));
  commit_wait_.Observe(commit_wait.count());
}

void Metrics::ObserveGroupCommit(size_t submissions, Seconds queued, Seconds committed) {
  std::lock_guard lock(mu_);
  group_size_.Observe(static_cast<double>(submissions));
  group_queued_.Observe(queued.count());
  group_commit_.Observe(committed.count());
}

void Metrics::ConnectionRefused(std::string_view reason) {
  std::lock_guard lock(mu_);
  auto it = refused_.find(reason);
  if (it == refused_.end()) it = refused_.emplace(std::string(reason), 0).first;
  ++it->second;
}

std::string Metrics::Render(uint64_t ledger_size) const {
  std::string out;
  std::lock_guard lock(mu_);
  Family(out, "ledger_http_requests_total", "counter",
         "HTTP requests answered, by method, route template and status.");
  for (const auto& [key, n] : requests_) {
    const auto& [method, route, status] = key;
    out += "ledger_http_requests_total{method=\"" + Escape(method) + "\",route=\"" +
           Escape(route) + "\",status=\"" + std::to_string(status) + "\"} " + std::to_string(n) +
           "\n";
  }
  Family(out, "ledger_http_request_duration_seconds", "histogram",
         "Time from a request's last byte read to its answer's last byte written, by route.");
  for (const auto& [route, h] : latency_by_route_) {
    HistogramLines(out, "ledger_http_request_duration_seconds", "route=\"" + Escape(route) + "\"",
                   h);
  }
  Family(out, "ledger_append_request_events", "histogram",
         "Signed events carried by one POST /v1/events.");
  HistogramLines(out, "ledger_append_request_events", "", append_events_);
  Family(out, "ledger_append_commit_wait_seconds", "histogram",
         "Time a POST /v1/events waited for the group commit holding its events.");
  HistogramLines(out, "ledger_append_commit_wait_seconds", "", commit_wait_);
  Family(out, "ledger_group_commit_submissions", "histogram",
         "Submissions gathered by one group commit (one durable transaction, one fsync).");
  HistogramLines(out, "ledger_group_commit_submissions", "", group_size_);
  Family(out, "ledger_group_commit_queue_wait_seconds", "histogram",
         "How long the oldest submission of a group commit waited for the writer.");
  HistogramLines(out, "ledger_group_commit_queue_wait_seconds", "", group_queued_);
  Family(out, "ledger_group_commit_duration_seconds", "histogram",
         "Time one group commit took, checks, writes and fsync included.");
  HistogramLines(out, "ledger_group_commit_duration_seconds", "", group_commit_);
  Family(out, "ledger_http_connections_refused_total", "counter",
         "Connections answered 503 on accept: over the global or the per-client limit.");
  for (const auto& [reason, n] : refused_) {
    out += "ledger_http_connections_refused_total{reason=\"" + Escape(reason) + "\"} " +
           std::to_string(n) + "\n";
  }
  auto gauge = [&](std::string_view name, std::string_view help, int64_t v) {
    Family(out, name, "gauge", help);
    out += std::string(name) + " " + std::to_string(v) + "\n";
  };
  gauge("ledger_records", "Records in the ledger (its tree size).",
        static_cast<int64_t>(ledger_size));
  gauge("ledger_http_connections_open", "Open client connections.", connections_open.load());
  gauge("ledger_http_requests_in_flight", "Requests read and not yet answered.",
        requests_in_flight.load());
  gauge("ledger_http_memory_in_use_bytes",
        "Request bodies and answers held in memory, counted against the budget.",
        memory_in_use_bytes.load());
  gauge("ledger_http_memory_budget_bytes", "The memory budget (--memory-budget).",
        memory_budget_bytes.load());
  return out;
}

}  // namespace ledger::api
