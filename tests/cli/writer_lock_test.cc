// One writer per ledger directory, across processes: a writable `ledger
// serve` holds the writer lock, so `ledger append` is refused (exit 3,
// naming its pid); a --read-only server beside it follows its checkpoints.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <sstream>

#include "api/client.h"
#include "cli.h"
#include "cli/serve_process.h"
#include "ledger/events.h"
#include "ledger/layout.h"
#include "util/test_ledger.h"

namespace ledger::cli {
namespace {
namespace http = boost::beast::http;
namespace json = boost::json;

struct Stopped {
  pid_t pid;
  ~Stopped() {
    if (pid > 0) {
      ::kill(pid, SIGTERM);
      ::waitpid(pid, nullptr, 0);
    }
  }
};

std::string Registration(const testing::TempDir& tmp, const std::string& client_id) {
  auto root = SigningKey::FromPem(testing::ReadAll(tmp.Sub("root.pem"))).value();
  return json::serialize(events::SubmissionToJson(testing::RegisterKey(
      root, SigningKey::Generate().public_key(), "hr-" + client_id, "authority",
      R"(["mn.ub"])", client_id)));
}

TEST(WriterLockCli, AppendIsRefusedWhileAWritableServerRuns) {
  testing::TempDir tmp;
  const std::string dir = tmp.Sub("ledger");
  InitLedger(tmp, dir);
  auto [pid, port] = StartServe(dir, tmp.Sub("serve.err"));
  ASSERT_GT(pid, 0);
  Stopped server{pid};
  const std::string before = testing::ReadAll(layout::PathIn(dir, layout::kDataFile));

  std::istringstream in(Registration(tmp, "cli-1"));
  std::ostringstream out, err;
  const int rc = RunCli({"append", "--dir", dir}, Io{in, out, err});
  EXPECT_EQ(rc, kExitFailure) << err.str();
  EXPECT_NE(err.str().find("pid " + std::to_string(pid)), std::string::npos) << err.str();
  EXPECT_TRUE(testing::ReadAll(layout::PathIn(dir, layout::kDataFile)) == before);

  // Once the server has stopped, the same append goes in.
  ::kill(pid, SIGTERM);
  ::waitpid(pid, nullptr, 0);
  server.pid = -1;
  std::istringstream again(Registration(tmp, "cli-2"));
  std::ostringstream out2, err2;
  EXPECT_EQ(RunCli({"append", "--dir", dir}, Io{again, out2, err2}), kExitOk) << err2.str();
}

TEST(WriterLockCli, AReadOnlyServerBesideTheWriterFollowsItsCheckpoints) {
  testing::TempDir tmp;
  const std::string dir = tmp.Sub("ledger");
  InitLedger(tmp, dir);
  auto [writer_pid, writer_port] = StartServe(dir, tmp.Sub("writer.err"));
  ASSERT_GT(writer_pid, 0);
  Stopped writer{writer_pid};
  auto [reader_pid, reader_port] = StartServe(dir, tmp.Sub("reader.err"), {"--read-only"});
  ASSERT_GT(reader_pid, 0);
  Stopped reader{reader_pid};

  auto to_writer = api::Client::Connect("127.0.0.1", writer_port);
  auto to_reader = api::Client::Connect("127.0.0.1", reader_port);
  ASSERT_TRUE(to_writer.ok() && to_reader.ok());
  EXPECT_EQ((*to_reader)->Get("/v1/events/1")->result(), http::status::not_found);

  auto posted = (*to_writer)->Post("/v1/events", Registration(tmp, "serve-1"));
  ASSERT_TRUE(posted.ok());
  ASSERT_EQ(posted->result(), http::status::created) << posted->body();

  // The reader's next request sees the writer's new checkpoint and the record.
  auto cp_writer = (*to_writer)->Get("/v1/checkpoint");
  auto cp_reader = (*to_reader)->Get("/v1/checkpoint");
  ASSERT_TRUE(cp_writer.ok() && cp_reader.ok());
  EXPECT_EQ(cp_reader->body(), cp_writer->body());
  auto health = (*to_reader)->Get("/v1/health");
  EXPECT_EQ(json::parse(health->body()).at("size").to_number<uint64_t>(), 2u);
  auto record = (*to_reader)->Get("/v1/events/1?format=raw");
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->result(), http::status::ok) << record->body();
  EXPECT_EQ((*to_reader)->Get("/v1/events/2")->result(), http::status::not_found);
}

}  // namespace
}  // namespace ledger::cli
