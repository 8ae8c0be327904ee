// Tiles out of the store's layout (docs/FORMAT.md section 9): a level-L tile
// hash is the stored perfect-subtree hash at Merkle level 8L, so every full
// and partial tile is a run of direct LMDB reads, nothing is recomputed.
#include "api/tiles.h"

#include <cstring>
#include <filesystem>

#include "ledger/file_io.h"

namespace ledger::api {
namespace fs = std::filesystem;

namespace {

Result<std::string> HashTile(const Ledger& ledger, const tiles::TileId& t) {
  auto hashes = ledger.StoredSubtreeHashes(static_cast<uint8_t>(8 * t.level),
                                           t.index * tiles::kTileWidth, t.width);
  if (!hashes.ok()) return hashes.status().WithContext(tiles::Path(t));
  std::string out;
  out.reserve(32 * t.width);
  for (const Hash& h : *hashes) out.append(reinterpret_cast<const char*>(h.data()), h.size());
  return out;
}

Result<std::string> EntryBundle(const Ledger& ledger, const tiles::TileId& t) {
  std::string out;
  const uint64_t from = t.index * tiles::kTileWidth;
  LEDGER_RETURN_IF_ERROR(ledger.ForEachRecord(from, from + t.width, [&](uint64_t, ByteView b) {
    return tiles::AppendBundleEntry(out, b);
  }));
  return out;
}

Status WriteAtomically(const fs::path& path, const std::string& data) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return Status::FailedPrecondition("cannot create " + path.parent_path().string());
  const std::string tmp = path.string() + ".tmp";
  LEDGER_RETURN_IF_ERROR(WriteFileDurably(tmp, data, 0644));
  fs::rename(tmp, path, ec);
  if (ec) return Status::FailedPrecondition("cannot rename to " + path.string());
  return Status::Ok();
}

}  // namespace

Result<std::string> ReadTile(const Ledger& ledger, const tiles::TileId& t, uint64_t size) {
  if (size > ledger.Size()) return Status::NotFound("the ledger is smaller than " + std::to_string(size));
  const uint32_t width = tiles::WidthAt(t.entries ? 0 : t.level, t.index, size);
  // A full tile once the tree has grown past it. A partial tile of width W
  // belongs to every size whose last tile at that level has W hashes; all
  // sizes up to the ledger's have checkpoints, so it is served while the
  // tile has at least W hashes.
  const bool exists = t.full() ? width == tiles::kTileWidth : width >= t.width;
  if (!exists) {
    return Status::NotFound("no " + tiles::Path(t) + " in a tree of " + std::to_string(size));
  }
  return t.entries ? EntryBundle(ledger, t) : HashTile(ledger, t);
}

Result<TileExportStats> ExportTiles(const Ledger& ledger, const std::string& dir) {
  TileExportStats st;
  LEDGER_ASSIGN_OR_RETURN(std::string checkpoint, ledger.Checkpoint());
  LEDGER_ASSIGN_OR_RETURN(note::SignedNote parsed, note::Parse(checkpoint));
  LEDGER_ASSIGN_OR_RETURN(note::Checkpoint cp, note::Checkpoint::ParseBody(parsed.text));
  st.size = cp.size;
  const fs::path root(dir);
  auto emit = [&](const tiles::TileId& t) -> Status {
    const fs::path path = root / tiles::Path(t);
    std::error_code ec;
    if (t.full() && fs::exists(path, ec)) {
      ++st.kept;
      return Status::Ok();
    }
    LEDGER_ASSIGN_OR_RETURN(std::string bytes, t.entries ? EntryBundle(ledger, t) : HashTile(ledger, t));
    ++st.written;
    return WriteAtomically(path, bytes);
  };
  for (int level = 0; level < tiles::Levels(cp.size); ++level) {
    const uint64_t hashes = cp.size / tiles::LeavesPerHash(level);
    for (uint64_t n = 0; n * tiles::kTileWidth < hashes; ++n) {
      const uint32_t width = tiles::WidthAt(level, n, cp.size);
      LEDGER_RETURN_IF_ERROR(emit({false, level, n, width}));
      if (level == 0) LEDGER_RETURN_IF_ERROR(emit({true, 0, n, width}));
    }
  }
  LEDGER_RETURN_IF_ERROR(WriteAtomically(root / "checkpoint", checkpoint));
  return st;
}

}  // namespace ledger::api
