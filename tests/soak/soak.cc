// ledger_soak: kill -9 soak of `ledger serve`. Each cycle starts the server
// on the soak's ledger (a free port on 127.0.0.1), has K clients append
// signed events, SIGKILLs the server at a random moment, restarts it and
// checks that every event ever acknowledged with 201 is at its seq with its
// bytes; then stops it and runs `ledger-verify ledger DIR`. Not part of
// ctest: scripts/soak runs a short form. Exit 0 when every check passed.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <iostream>
#include <mutex>
#include <random>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "api/client.h"
#include "ledger/events.h"
#include "ledger/record.h"
#include "ledger/store.h"
#include "util/test_ledger.h"

namespace ledger::soak {
namespace {
namespace http = boost::beast::http;
namespace json = boost::json;

struct Flags {
  int cycles = 10;
  int clients = 4;
  uint64_t seed = 1;
  int max_kill_ms = 1500;  // the kill comes 100 ms to this long after the clients start
  std::string bin_dir = std::string(LEDGER_BINARY_DIR) + "/bin";
};

// An acknowledged event: where the server said it is, and what was sent.
struct Acked {
  uint64_t seq;
  Submission sent;
};

struct Server {
  pid_t pid = -1;
  uint16_t port = 0;
};

// Starts `ledger serve` on `dir` and reads its port from the first line.
Result<Server> StartServe(const Flags& f, const std::string& dir, const std::string& err_path) {
  int out_pipe[2];
  if (::pipe(out_pipe) != 0) return Status::Internal("pipe failed");
  const std::string binary = f.bin_dir + "/ledger";
  pid_t pid = ::fork();
  if (pid < 0) return Status::Internal("fork failed");
  if (pid == 0) {
    ::dup2(out_pipe[1], 1);
    if (FILE* err = std::fopen(err_path.c_str(), "a")) ::dup2(::fileno(err), 2);
    ::close(out_pipe[0]);
    std::vector<std::string> args = {binary, "serve", "--dir", dir, "--listen", "127.0.0.1:0",
                                     "--quiet", "--grace", "2"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  std::string line;
  char ch;
  while (::read(out_pipe[0], &ch, 1) == 1 && ch != '\n') line += ch;
  ::close(out_pipe[0]);
  std::smatch m;
  if (!std::regex_search(line, m, std::regex(R"(http://127\.0\.0\.1:(\d+)/v1)"))) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    return Status::Internal("ledger serve did not start (see " + err_path + "): " + line);
  }
  return Server{pid, static_cast<uint16_t>(std::stoi(m[1]))};
}

int RunAndWait(std::vector<std::string> args) {
  pid_t pid = ::fork();
  if (pid == 0) {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Appends until `stop`; every 201 goes into `acked`.
void Client(uint16_t port, const SigningKey& root, int cycle, int id, std::atomic<bool>& stop,
            std::mutex& mu, std::vector<Acked>& acked) {
  auto client = api::Client::Connect("127.0.0.1", port, std::chrono::seconds(5));
  if (!client.ok()) return;
  for (int i = 0; !stop.load(); ++i) {
    const std::string name = "soak-" + std::to_string(cycle) + "-" + std::to_string(id) + "-" +
                             std::to_string(i);
    Submission s = testing::RegisterKey(root, SigningKey::Generate().public_key(), name,
                                        "authority", R"(["mn.soak"])", name);
    auto res = (*client)->Post("/v1/events", json::serialize(events::SubmissionToJson(s)));
    if (!res.ok()) return;  // the server is gone
    if (res->result() != http::status::created) {
      std::cerr << "soak: " << name << " answered " << res->result_int() << ": " << res->body();
      continue;
    }
    const uint64_t seq =
        json::parse(res->body()).at("results").at(0).at("seq").to_number<uint64_t>();
    std::lock_guard lock(mu);
    acked.push_back({seq, std::move(s)});
  }
}

// Every acknowledged event is at its seq, with the bytes that were sent.
Status CheckAcked(uint16_t port, const std::vector<Acked>& acked) {
  LEDGER_ASSIGN_OR_RETURN(auto client, api::Client::Connect("127.0.0.1", port));
  for (const Acked& a : acked) {
    LEDGER_ASSIGN_OR_RETURN(api::Response res,
                            client->Get("/v1/events/" + std::to_string(a.seq) + "?format=raw"));
    if (res.result() != http::status::ok) {
      return Status::DataLoss("acknowledged seq " + std::to_string(a.seq) + " answers " +
                              std::to_string(res.result_int()) + ": " + res.body());
    }
    LEDGER_ASSIGN_OR_RETURN(Record r, DecodeRecord(AsBytes(res.body())));
    if (r.seq != a.seq || !(r.submission == a.sent)) {
      return Status::DataLoss("seq " + std::to_string(a.seq) + " does not hold the event " +
                              a.sent.client_id + " acknowledged there");
    }
  }
  return Status::Ok();
}

Status Soak(const Flags& f) {
  testing::TempDir tmp;
  const std::string dir = tmp.Sub("ledger");
  const SigningKey root = SigningKey::Generate();
  {
    LEDGER_ASSIGN_OR_RETURN(auto created,
                            Ledger::Create(dir, "ledger.example.mn/soak", root, "council"));
  }
  std::mt19937_64 rng(f.seed);
  std::vector<Acked> acked;
  std::mutex mu;
  const std::string err_path = tmp.Sub("serve.err");
  for (int cycle = 1; cycle <= f.cycles; ++cycle) {
    LEDGER_ASSIGN_OR_RETURN(Server server, StartServe(f, dir, err_path));
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int k = 0; k < f.clients; ++k) {
      clients.emplace_back(Client, server.port, std::cref(root), cycle, k, std::ref(stop),
                           std::ref(mu), std::ref(acked));
    }
    std::uniform_int_distribution<int> delay(100, std::max(100, f.max_kill_ms));
    std::this_thread::sleep_for(std::chrono::milliseconds(delay(rng)));
    ::kill(server.pid, SIGKILL);
    ::waitpid(server.pid, nullptr, 0);
    stop = true;
    for (auto& t : clients) t.join();

    // The writer lock died with the server: the restart may write at once.
    LEDGER_ASSIGN_OR_RETURN(Server again, StartServe(f, dir, err_path));
    Status checked = CheckAcked(again.port, acked);
    ::kill(again.pid, SIGTERM);
    int status = 0;
    ::waitpid(again.pid, &status, 0);
    LEDGER_RETURN_IF_ERROR(checked.WithContext("cycle " + std::to_string(cycle)));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      return Status::Internal("cycle " + std::to_string(cycle) +
                              ": the restarted server did not stop cleanly (see " + err_path + ")");
    }
    if (int rc = RunAndWait({f.bin_dir + "/ledger-verify", "ledger", dir}); rc != 0) {
      return Status::DataLoss("cycle " + std::to_string(cycle) + ": ledger-verify ledger exited " +
                              std::to_string(rc));
    }
    std::cout << "cycle " << cycle << ": " << acked.size() << " acknowledged events checked\n"
              << std::flush;
  }
  std::cout << "soak: " << f.cycles << " cycles, " << acked.size()
            << " acknowledged events checked, every one at its seq; ledger-verify passed\n";
  return Status::Ok();
}

int Usage() {
  std::cerr << "usage: ledger_soak [--cycles N] [--clients K] [--seed S] [--max-kill-ms MS]"
               " [--bin-dir DIR]\n";
  return 2;
}

}  // namespace
}  // namespace ledger::soak

int main(int argc, char** argv) {
  ledger::soak::Flags f;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) return ledger::soak::Usage();
    const std::string value = argv[++i];
    try {
      if (flag == "--cycles") f.cycles = std::stoi(value);
      else if (flag == "--clients") f.clients = std::stoi(value);
      else if (flag == "--seed") f.seed = std::stoull(value);
      else if (flag == "--max-kill-ms") f.max_kill_ms = std::stoi(value);
      else if (flag == "--bin-dir") f.bin_dir = value;
      else return ledger::soak::Usage();
    } catch (const std::exception&) {
      return ledger::soak::Usage();
    }
  }
  if (f.cycles < 1 || f.clients < 1) return ledger::soak::Usage();
  std::cout << "soak: " << f.cycles << " cycles, " << f.clients << " clients, seed " << f.seed
            << "\n";
  ledger::Status s = ledger::soak::Soak(f);
  if (!s.ok()) {
    std::cerr << "soak: FAILED: " << s.ToString() << "\n";
    return 1;
  }
  return 0;
}
