// The API's public headers, like the store's, expose no LMDB type.
#include "api/client.h"
#include "api/router.h"
#include "api/server.h"

#if defined(MDB_VERSION_MAJOR) || defined(LEDGER_LMDB_H_)
#error "a public header of the API includes <lmdb.h> or ledger/lmdb.h"
#endif

#include <gtest/gtest.h>

namespace ledger::api {
namespace {

TEST(PublicHeaders, RouterOptionsNeedNoLmdb) { EXPECT_GT(RouterOptions{}.max_view_rows, 0u); }

}  // namespace
}  // namespace ledger::api
