// `ledger serve` as a process: it prints where it listens, answers, appends
// durably, and on SIGTERM finishes, exits 0 and leaves a ledger that reopens
// with every acknowledged event.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <cstdio>
#include <regex>
#include <sstream>

#include "api/client.h"
#include "cli.h"
#include "ledger/events.h"
#include "util/test_ledger.h"

namespace ledger::cli {
namespace {
namespace http = boost::beast::http;
namespace json = boost::json;

int RunQuiet(std::vector<std::string> args) {
  std::istringstream in;
  std::ostringstream out, err;
  return RunCli(args, Io{in, out, err});
}

TEST(Serve, AnswersAppendsAndStopsCleanlyOnSigterm) {
  testing::TempDir tmp;
  const std::string dir = tmp.Sub("ledger");
  ASSERT_EQ(RunQuiet({"keygen", "--out", tmp.Sub("root"), "--name", "council"}), 0);
  ASSERT_EQ(RunQuiet({"init", "--dir", dir, "--origin", "ledger.example.mn/serve-test",
                      "--root-key", tmp.Sub("root.pem")}),
            0);

  int out_pipe[2];
  ASSERT_EQ(::pipe(out_pipe), 0);
  const std::string binary = std::string(LEDGER_BINARY_DIR) + "/ledger/ledger";
  const std::string err_path = tmp.Sub("serve.err");
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::dup2(out_pipe[1], 1);
    FILE* err = std::fopen(err_path.c_str(), "w");
    if (err) ::dup2(::fileno(err), 2);
    ::close(out_pipe[0]);
    ::execl(binary.c_str(), binary.c_str(), "serve", "--dir", dir.c_str(), "--listen",
            "127.0.0.1:0", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  // The first line names the URL, with the port the kernel chose.
  std::string first_line;
  char ch;
  while (::read(out_pipe[0], &ch, 1) == 1 && ch != '\n') first_line += ch;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(first_line, m, std::regex(R"(http://127\.0\.0\.1:(\d+)/v1)")))
      << first_line;
  const auto port = static_cast<uint16_t>(std::stoi(m[1]));

  auto client = api::Client::Connect("127.0.0.1", port);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  auto health = (*client)->Get("/v1/health");
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(json::parse(health->body()).at("size").to_number<uint64_t>(), 1u);

  auto root = SigningKey::FromPem(testing::ReadAll(tmp.Sub("root.pem"))).value();
  Submission reg = testing::RegisterKey(root, SigningKey::Generate().public_key(), "hr-serve",
                                        "authority", R"(["mn.ub"])", "serve-1");
  auto posted = (*client)->Post("/v1/events", json::serialize(events::SubmissionToJson(reg)));
  ASSERT_TRUE(posted.ok());
  ASSERT_EQ(posted->result(), http::status::created) << posted->body();

  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ::close(out_pipe[0]);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  const std::string err = testing::ReadAll(err_path);
  EXPECT_NE(err.find("\"POST /v1/events\" 201"), std::string::npos) << err;  // the access log
  EXPECT_NE(err.find("stopped; ledger size 2"), std::string::npos) << err;

  auto reopened = Ledger::Open(dir, LedgerOptions{.read_only = true});
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ((*reopened)->Size(), 2u);
}

}  // namespace
}  // namespace ledger::cli
