// The mirror keeps the leaf hashes of what it verified in its own level-0
// tiles, so a run fetches only the bundles that grew, recomputes every upper
// tile itself, and never needs a proof from the remote.
#include "api/mirror.h"

#include <cstring>
#include <filesystem>

#include "api/client.h"
#include "ledger/file_io.h"
#include "ledger/merkle.h"
#include "ledger/tiles.h"

namespace ledger::api {
namespace fs = std::filesystem;

namespace {

struct Url {
  std::string host;
  uint16_t port = 80;
  std::string prefix;
};

Result<Url> ParseUrl(std::string_view text) {
  constexpr std::string_view kScheme = "http://";
  if (!text.starts_with(kScheme)) return Status::InvalidArgument("mirror: only http:// URLs");
  text.remove_prefix(kScheme.size());
  Url u;
  size_t slash = text.find('/');
  std::string_view hostport = text.substr(0, slash);
  u.prefix = slash == std::string_view::npos ? "" : std::string(text.substr(slash));
  while (!u.prefix.empty() && u.prefix.back() == '/') u.prefix.pop_back();
  size_t colon = hostport.rfind(':');
  u.host = std::string(hostport.substr(0, colon));
  if (colon != std::string_view::npos) {
    LEDGER_ASSIGN_OR_RETURN(uint64_t port, ParseUInt(hostport.substr(colon + 1), "port"));
    if (port == 0 || port > 65535) return Status::InvalidArgument("mirror: bad port");
    u.port = static_cast<uint16_t>(port);
  }
  if (u.host.empty()) return Status::InvalidArgument("mirror: no host");
  return u;
}

Result<std::string> Fetch(Client& c, const Url& u, const std::string& path) {
  LEDGER_ASSIGN_OR_RETURN(Response res, c.Get(u.prefix + "/" + path));
  if (res.result_int() != 200) {
    return Status::Unavailable("GET " + path + ": HTTP " + std::to_string(res.result_int()));
  }
  return std::move(res.body());
}

Status WriteAtomically(const fs::path& path, std::string_view data) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  LEDGER_RETURN_IF_ERROR(WriteFileDurably(path.string() + ".tmp", data, 0644));
  fs::rename(path.string() + ".tmp", path, ec);
  if (ec) return Status::FailedPrecondition("cannot rename to " + path.string());
  return Status::Ok();
}

std::string Concat(const std::vector<Hash>& hashes, uint64_t from, uint64_t count) {
  std::string out;
  for (uint64_t i = from; i < from + count; ++i) out.append(AsChars(hashes[i]));
  return out;
}

}  // namespace

Result<MirrorStats> MirrorOnce(const std::string& base_url, const std::string& dir,
                               const note::VerifierKey& log_key) {
  LEDGER_ASSIGN_OR_RETURN(Url url, ParseUrl(base_url));
  LEDGER_ASSIGN_OR_RETURN(auto client, Client::Connect(url.host, url.port));
  const fs::path root(dir);
  MirrorStats st;

  // What the mirror already verified.
  std::optional<note::Checkpoint> old;
  if (auto kept = ReadFile((root / "checkpoint").string()); kept.ok()) {
    auto cp = note::OpenCheckpoint(*kept, log_key);
    if (!cp.ok()) return cp.status().WithContext("the mirror's own checkpoint");
    old = *cp;
    st.old_size = cp->size;
  }
  LEDGER_ASSIGN_OR_RETURN(std::string note_text, Fetch(*client, url, "checkpoint"));
  auto cp = note::OpenCheckpoint(note_text, log_key);
  if (!cp.ok()) return cp.status().WithContext("the remote checkpoint");
  st.new_size = cp->size;
  if (old && cp->size < old->size) {
    return Status::DataLoss("rollback: the remote is at size " + std::to_string(cp->size) +
                            ", the mirror already verified " + std::to_string(old->size));
  }

  // Leaf hashes: the mirror's own level-0 tiles for the complete part, then
  // fetched bundles (each entry checked against the remote level-0 tile).
  std::vector<Hash> leaves;
  leaves.reserve(cp->size);
  const uint64_t kept_tiles = st.old_size / tiles::kTileWidth;
  for (uint64_t n = 0; n < kept_tiles; ++n) {
    LEDGER_ASSIGN_OR_RETURN(std::string t, ReadFile((root / tiles::Path({false, 0, n, 256})).string()));
    if (t.size() != 32 * tiles::kTileWidth) return Status::DataLoss("mirror tile " + std::to_string(n));
    for (size_t i = 0; i < tiles::kTileWidth; ++i) {
      Hash h;
      std::memcpy(h.data(), t.data() + 32 * i, 32);
      leaves.push_back(h);
    }
  }
  std::vector<std::pair<fs::path, std::string>> files;
  for (uint64_t n = kept_tiles; n * tiles::kTileWidth < cp->size; ++n) {
    const uint32_t width = tiles::WidthAt(0, n, cp->size);
    const tiles::TileId bundle_id{true, 0, n, width}, hashes_id{false, 0, n, width};
    LEDGER_ASSIGN_OR_RETURN(std::string bundle, Fetch(*client, url, tiles::Path(bundle_id)));
    LEDGER_ASSIGN_OR_RETURN(std::string hashes, Fetch(*client, url, tiles::Path(hashes_id)));
    ++st.bundles_fetched;
    LEDGER_ASSIGN_OR_RETURN(auto entries, tiles::ParseBundle(AsBytes(bundle)));
    if (entries.size() != width || hashes.size() != 32 * size_t{width}) {
      return Status::DataLoss(tiles::Path(bundle_id) + ": wrong number of entries or hashes");
    }
    for (uint32_t i = 0; i < width; ++i) {
      const Hash h = merkle::HashLeaf(entries[i]);
      if (AsChars(h) != std::string_view(hashes).substr(32 * size_t{i}, 32)) {
        return Status::DataLoss("entry " + std::to_string(n * 256 + i) +
                                " does not hash to its level-0 tile hash");
      }
      leaves.push_back(h);
    }
    files.emplace_back(root / tiles::Path(bundle_id), std::move(bundle));
  }

  // The whole tree, recomputed from leaves alone, must give both roots.
  if (merkle::RootFromLeafHashes(leaves) != cp->root) {
    return Status::DataLoss("the remote's entries do not give its checkpoint's root");
  }
  if (old && merkle::RootFromLeafHashes({leaves.begin(), leaves.begin() + long(old->size)}) !=
                 old->root) {
    return Status::DataLoss("fork: the remote's first " + std::to_string(old->size) +
                            " entries differ from what the mirror verified");
  }

  // Every tile of the new tree, computed here; full ones already present are kept.
  std::vector<Hash> level = leaves;
  for (int l = 0; !level.empty(); ++l) {
    for (uint64_t n = 0; n * tiles::kTileWidth < level.size(); ++n) {
      const uint32_t width = tiles::WidthAt(l, n, cp->size);
      const fs::path path = root / tiles::Path({false, l, n, width});
      std::error_code ec;
      if (width == tiles::kTileWidth && fs::exists(path, ec)) continue;
      files.emplace_back(path, Concat(level, n * tiles::kTileWidth, width));
    }
    std::vector<Hash> up;
    for (size_t i = 0; i + tiles::kTileWidth <= level.size(); i += tiles::kTileWidth) {
      up.push_back(merkle::RootFromLeafHashes({level.begin() + long(i),
                                               level.begin() + long(i + tiles::kTileWidth)}));
    }
    level = std::move(up);
  }
  for (const auto& [path, data] : files) LEDGER_RETURN_IF_ERROR(WriteAtomically(path, data));
  LEDGER_RETURN_IF_ERROR(WriteAtomically(root / "checkpoint", note_text));
  return st;
}

}  // namespace ledger::api
