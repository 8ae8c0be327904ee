// The store's public headers expose no LMDB type: included before anything
// else, they must not pull in <lmdb.h> or ledger/lmdb.h (projections, which
// read through lmdb::Txn, include ledger/lmdb.h themselves).
#include "ledger/appender.h"
#include "ledger/hooks.h"
#include "ledger/key_files.h"
#include "ledger/store.h"

#if defined(MDB_VERSION_MAJOR) || defined(LEDGER_LMDB_H_)
#error "a public header of the store includes <lmdb.h> or ledger/lmdb.h"
#endif

#include <gtest/gtest.h>

#include <type_traits>

namespace ledger {
namespace {

TEST(PublicHeaders, LedgerIsUsableWithoutLmdb) {
  // The handle type is complete to its users: they hold it by unique_ptr.
  static_assert(!std::is_copy_constructible_v<Ledger>);
  static_assert(std::is_destructible_v<Ledger>);
  LedgerOptions options;
  EXPECT_EQ(options.initial_map_bytes, size_t{1} << 30);
}

}  // namespace
}  // namespace ledger
