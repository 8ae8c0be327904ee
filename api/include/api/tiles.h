// tlog-tiles (c2sp.org/tlog-tiles) resources read out of a ledger: hash tiles
// from the stored subtree hashes, entry bundles from the record bytes, and an
// incremental export of all of them to a directory a static server can serve.
#ifndef API_TILES_H_
#define API_TILES_H_

#include <cstdint>
#include <string>

#include "ledger/status.h"
#include "ledger/store.h"
#include "ledger/tiles.h"

namespace ledger::api {

// The bytes of tile `t` as of a tree of `size` leaves (`size` <= the ledger's
// size): NotFound when that tree has no such tile (wrong width, past the end).
Result<std::string> ReadTile(const Ledger& ledger, const tiles::TileId& t, uint64_t size);

struct TileExportStats {
  uint64_t size = 0;      // the tree size exported (the checkpoint's)
  uint64_t written = 0;   // tiles and bundles written this time
  uint64_t kept = 0;      // full ones already present, left alone
};

// Writes <dir>/checkpoint and every tile and entry bundle of the ledger's
// current tree. Full tiles already present are kept (they never change), so
// a re-export writes only what grew; the checkpoint is written last, after
// everything it needs, each file atomically (temp file, fsync, rename).
Result<TileExportStats> ExportTiles(const Ledger& ledger, const std::string& dir);

}  // namespace ledger::api

#endif  // API_TILES_H_
