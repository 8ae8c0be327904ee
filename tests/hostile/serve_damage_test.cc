// A server whose data.mdb is damaged under it: it answers 503 naming the
// damage and keeps answering, rather than dying from SIGBUS.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include "api/client.h"
#include "cli/serve_process.h"
#include "hostile_util.h"

namespace ledger::hostile {
namespace {

namespace http = boost::beast::http;

TEST(ServeDamage, TruncatedWhileServingAnswers503AndStaysUp) {
  const Fixture& f = Fixture::Get();
  testing::TempDir tmp;
  const std::string dir = f.CopyTo(tmp.Sub("ledger"));
  auto [pid, port] = cli::StartServe(dir, tmp.Sub("serve.err"), {"--read-only", "--quiet"});
  ASSERT_GT(pid, 0);
  auto client = api::Client::Connect("127.0.0.1", port);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  auto before = (*client)->Get("/v1/events/1");
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->result(), http::status::ok) << before->body();

  ASSERT_EQ(::truncate(layout::PathIn(dir, layout::kDataFile).c_str(),
                       off_t(f.map.used_bytes / 2)),
            0);
  auto after = (*client)->Get("/v1/events/1");
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(after->result(), http::status::service_unavailable) << after->body();
  EXPECT_NE(after->body().find("damaged-file: data.mdb"), std::string::npos) << after->body();
  EXPECT_NE(after->body().find("truncated"), std::string::npos) << after->body();
  // Still alive: it answers (and says why it is unhealthy).
  auto health = (*client)->Get("/v1/health");
  ASSERT_TRUE(health.ok()) << health.status().ToString();
  EXPECT_EQ(health->result(), http::status::service_unavailable) << health->body();
  EXPECT_FALSE(cli::WaitExit(pid, std::chrono::milliseconds(0)).has_value());

  ASSERT_EQ(::kill(pid, SIGTERM), 0);
  auto status = cli::WaitExit(pid, std::chrono::seconds(30));
  ASSERT_TRUE(status.has_value());
  EXPECT_TRUE(WIFEXITED(*status)) << *status;
}

}  // namespace
}  // namespace ledger::hostile
