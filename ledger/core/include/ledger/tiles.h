// C2SP tlog-tiles (c2sp.org/tlog-tiles) naming and arithmetic, storage-free:
// tile paths, which tiles a tree of a given size has, and the root of a tree
// recomputed from its tiles alone. Tiles have height 8 (256 hashes wide).
#ifndef LEDGER_TILES_H_
#define LEDGER_TILES_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "ledger/encoding.h"
#include "ledger/status.h"

namespace ledger::tiles {

inline constexpr uint64_t kTileWidth = 256;
inline constexpr int kMaxLevel = 63;

struct TileId {
  bool entries = false;  // an entry bundle ("tile/entries/...") rather than hashes
  int level = 0;         // 0..63 (entry bundles: 0)
  uint64_t index = 0;
  uint32_t width = kTileWidth;  // 1..256; below 256 a partial tile
  bool full() const { return width == kTileWidth; }
  bool operator==(const TileId&) const = default;
};

// "tile/0/x001/x234/067", "tile/2/000.p/17", "tile/entries/005.p/3" (no leading '/').
std::string Path(const TileId& t);
// The inverse of Path; InvalidArgument for anything Path would not produce.
Result<TileId> ParsePath(std::string_view path);

// Leaves a level-`level` tile hash covers: 256^level (level <= 7 fits in u64).
uint64_t LeavesPerHash(int level);
// The width of the tile at (level, index) in a tree of `size` leaves, or 0
// when that tile has no hash in such a tree.
uint32_t WidthAt(int level, uint64_t index, uint64_t size);
// Number of levels with at least one hash in a tree of `size`.
int Levels(uint64_t size);

// Recomputes the RFC 6962 root of a tree of `size` leaves from its tiles,
// fetched by `fetch` (bytes of the hash tile named, 32 x width). Fails if a
// tile has the wrong length. Only the tiles the root needs are fetched.
Result<Hash> RootFromTiles(uint64_t size,
                           const std::function<Result<Bytes>(const TileId&)>& fetch);

// Entry bundles: concatenated big-endian u16 length-prefixed entries.
Status AppendBundleEntry(std::string& bundle, ByteView entry);  // > 65535 bytes: InvalidArgument
Result<std::vector<Bytes>> ParseBundle(ByteView bundle);

}  // namespace ledger::tiles

#endif  // LEDGER_TILES_H_
