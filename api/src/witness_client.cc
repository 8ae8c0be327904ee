// WitnessCollector: rounds of add-checkpoint requests, one thread per witness
// per round, so a slow or dead witness costs at most attempts x timeout and
// never delays the others or the writer.
#include "api/witness_client.h"

#include <pthread.h>

#include <boost/beast/http.hpp>
#include <csignal>
#include <iostream>
#include <set>

#include "api/client.h"
#include "api/witness.h"
#include "ledger/file_io.h"

namespace ledger::api {
namespace http = boost::beast::http;

Result<WitnessEndpoint> WitnessEndpoint::Parse(std::string_view text) {
  size_t at = text.find('@');
  if (at == std::string_view::npos) {
    return Status::InvalidArgument("--witness: want NAME+ID+KEY@http://HOST:PORT[/PREFIX]");
  }
  WitnessEndpoint w;
  LEDGER_ASSIGN_OR_RETURN(w.key, cosig::CosignerKey::Parse(text.substr(0, at)));
  std::string_view url = text.substr(at + 1);
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) {
    return Status::InvalidArgument("--witness: only http:// URLs (put TLS in a proxy)");
  }
  url.remove_prefix(kScheme.size());
  size_t slash = url.find('/');
  std::string_view hostport = url.substr(0, slash);
  w.prefix = slash == std::string_view::npos ? "" : std::string(url.substr(slash));
  while (!w.prefix.empty() && w.prefix.back() == '/') w.prefix.pop_back();
  size_t colon = hostport.rfind(':');
  if (colon == std::string_view::npos) {
    w.host = std::string(hostport);
  } else {
    w.host = std::string(hostport.substr(0, colon));
    LEDGER_ASSIGN_OR_RETURN(uint64_t port, ParseUInt(hostport.substr(colon + 1), "witness port"));
    if (port == 0 || port > 65535) return Status::InvalidArgument("--witness: bad port");
    w.port = static_cast<uint16_t>(port);
  }
  if (w.host.empty()) return Status::InvalidArgument("--witness: no host");
  return w;
}

std::string PolicyText(const note::VerifierKey& log_key,
                       const std::vector<WitnessEndpoint>& witnesses, size_t quorum) {
  std::string text = "# the witnesses this log asks, and how many must cosign a checkpoint\n";
  text += "log " + log_key.ToString() + "\n";
  std::string members;
  std::set<std::string> used;  // policy names must differ, key names need not
  for (const WitnessEndpoint& w : witnesses) {
    std::string name = w.key.name;
    for (int n = 2; !used.insert(name).second; ++n) name = w.key.name + "#" + std::to_string(n);
    text += "witness " + name + " " + w.key.ToString() + "\n";
    members += " " + name;
  }
  if (witnesses.empty()) return text + "quorum none\n";
  text += "group witnesses " + std::to_string(quorum) + members + "\n";
  return text + "quorum witnesses\n";
}

WitnessCollector::WitnessCollector(const Ledger& ledger, Options options)
    : ledger_(ledger), options_(std::move(options)), known_sizes_(options_.witnesses.size(), 0) {}

Result<std::unique_ptr<WitnessCollector>> WitnessCollector::Start(const Ledger& ledger,
                                                                  Options options) {
  if (options.witnesses.empty()) return Status::InvalidArgument("no witness configured");
  if (options.quorum < 1 || options.quorum > options.witnesses.size()) {
    return Status::InvalidArgument("--witness-quorum must be between 1 and the witnesses given");
  }
  std::unique_ptr<WitnessCollector> c(new WitnessCollector(ledger, std::move(options)));
  if (!c->options_.state_file.empty()) {
    auto kept = ReadFile(c->options_.state_file);
    if (kept.ok()) {
      auto cp = note::OpenCheckpoint(*kept, ledger.log_key());
      if (cp.ok() && cp->size <= ledger.Size()) {
        c->latest_ = *kept;
        c->latest_size_ = cp->size;
      }
    }
  }
  c->thread_ = std::thread([raw = c.get()] { raw->Loop(); });
  return c;
}

WitnessCollector::~WitnessCollector() { Stop(); }

void WitnessCollector::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::optional<std::string> WitnessCollector::Latest() const {
  std::lock_guard lock(mu_);
  return latest_;
}

void WitnessCollector::Log(const std::string& line) const {
  if (options_.log) {
    options_.log(line);
  } else {
    std::cerr << "ledger: witnesses: " << line << "\n" << std::flush;
  }
}

void WitnessCollector::Loop() {
  // The process's stop signals belong to its main thread (`ledger serve`
  // waits for them with sigwait); this thread and its askers never take them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  uint64_t last_size = UINT64_MAX;
  bool last_met = false;
  auto last_round = std::chrono::steady_clock::now();
  for (;;) {
    {
      std::unique_lock lock(mu_);
      if (cv_.wait_for(lock, options_.poll, [this] { return stop_; })) return;
    }
    const uint64_t size = ledger_.Size();
    const auto since = std::chrono::steady_clock::now() - last_round;
    const bool due = size != last_size || since >= options_.refresh ||
                     (!last_met && since >= std::chrono::seconds(2));
    if (!due || size == 0) continue;
    last_size = size;
    last_round = std::chrono::steady_clock::now();
    last_met = RoundNow() >= options_.quorum;
  }
}

size_t WitnessCollector::RoundNow() {
  std::lock_guard round(round_mu_);
  auto note = ledger_.Checkpoint();
  if (!note.ok()) {
    Log("cannot read the checkpoint: " + note.status().message());
    return 0;
  }
  auto cp = note::OpenCheckpoint(*note, ledger_.log_key());
  if (!cp.ok()) {
    Log("the log's own checkpoint does not verify: " + cp.status().message());
    return 0;
  }
  std::vector<std::optional<std::string>> lines(options_.witnesses.size());
  std::vector<std::thread> asks;
  for (size_t i = 0; i < lines.size(); ++i) {
    asks.emplace_back([&, i] { lines[i] = Ask(i, *note, cp->size); });
  }
  for (auto& t : asks) t.join();
  std::string cosigned = *note;
  size_t count = 0;
  for (const auto& l : lines) {
    if (!l) continue;
    auto merged = cosig::AddSignatureLines(cosigned, *l);
    if (!merged.ok()) continue;
    cosigned = std::move(merged).value();
    ++count;
  }
  if (count < options_.quorum) {
    Log("size " + std::to_string(cp->size) + ": " + std::to_string(count) + " of " +
        std::to_string(lines.size()) + " witnesses cosigned, quorum " +
        std::to_string(options_.quorum) + " not met; still serving the previous cosigned checkpoint");
    return count;
  }
  {
    std::lock_guard lock(mu_);
    latest_ = cosigned;
    latest_size_ = cp->size;
  }
  if (!options_.state_file.empty()) {
    if (Status s = WriteFileDurably(options_.state_file, cosigned, 0644); !s.ok()) {
      Log("cannot keep the cosigned checkpoint: " + s.message());
    }
  }
  return count;
}

std::optional<std::string> WitnessCollector::Ask(size_t i, const std::string& note,
                                                 uint64_t size) {
  const WitnessEndpoint& w = options_.witnesses[i];
  const std::string who = "witness " + w.key.name + " (" + w.host + ":" + std::to_string(w.port) + ")";
  auto backoff = options_.backoff;
  int resyncs = 0;
  for (int attempt = 0; attempt < options_.attempts;) {
    const uint64_t old = known_sizes_[i];
    if (old > size) {
      Log("FORK OR ROLLBACK: " + who + " has cosigned size " + std::to_string(old) +
          ", larger than this log's " + std::to_string(size));
      return std::nullopt;
    }
    AddCheckpointRequest req{old, {}, note};
    if (old > 0 && old < size) {
      auto proof = ledger_.ProveConsistency(old, size);
      if (!proof.ok()) {
        Log(who + ": cannot prove consistency from " + std::to_string(old) + ": " +
            proof.status().message());
        return std::nullopt;
      }
      req.proof = std::move(proof).value();
    }
    auto client = Client::Connect(w.host, w.port, options_.timeout);
    Result<Response> res = client.ok() ? (*client)->Post(w.prefix + "/add-checkpoint",
                                                         AddCheckpointBody(req))
                                       : Result<Response>(client.status());
    if (!res.ok() || res->result_int() >= 500) {
      ++attempt;
      if (attempt == options_.attempts) {
        Log(who + " is unavailable: " +
            (res.ok() ? "HTTP " + std::to_string(res->result_int()) : res.status().message()));
        return std::nullopt;
      }
      std::this_thread::sleep_for(backoff);
      backoff *= 2;
      continue;
    }
    const unsigned status = res->result_int();
    const std::string body = res->body();
    if (status == 200) {
      auto parsed = note::Parse(note + body);
      auto v = parsed.ok() ? cosig::Verify(*parsed, w.key) : Result<cosig::Verified>(parsed.status());
      if (!v.ok()) {
        Log(who + " answered with no valid cosignature: " + v.status().message());
        return std::nullopt;
      }
      known_sizes_[i] = size;
      return body;
    }
    const auto type_view = res->base()[http::field::content_type];
    const std::string type(type_view.data(), type_view.size());
    if (status == 409 && type.starts_with("text/x.tlog.size") && resyncs++ < 2) {
      std::string_view text = body;
      if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
      auto held = ParseUInt(text, "witness size");
      if (!held.ok()) {
        Log(who + ": unreadable 409 size \"" + body + "\"");
        return std::nullopt;
      }
      known_sizes_[i] = *held;
      continue;  // again, with a proof from the size it holds
    }
    if (status == 409 || status == 422) {
      Log("FORK REPORTED: " + who + " refused size " + std::to_string(size) + " from size " +
          std::to_string(old) + " (HTTP " + std::to_string(status) + "): " + body);
    } else {
      Log(who + " refused the checkpoint (HTTP " + std::to_string(status) + "): " + body);
    }
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace ledger::api
