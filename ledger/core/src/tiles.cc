// tlog-tiles paths and root recomputation. A perfect subtree of 2^k leaves
// (k = 8L + r) is 2^r consecutive hashes of one level-L tile, folded pairwise.
#include "ledger/tiles.h"

#include <cstring>

#include "ledger/merkle.h"

namespace ledger::tiles {
namespace {

// "x001/x234/067" for 1234067: 3-digit groups, all but the last prefixed "x".
std::string IndexPath(uint64_t n) {
  std::string digits = std::to_string(n);
  while (digits.size() % 3) digits.insert(digits.begin(), '0');
  std::string out;
  for (size_t i = 0; i < digits.size(); i += 3) {
    if (i + 3 < digits.size()) {
      out += "x" + digits.substr(i, 3) + "/";
    } else {
      out += digits.substr(i, 3);
    }
  }
  return out;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

std::string Path(const TileId& t) {
  std::string p = t.entries ? "tile/entries/" : "tile/" + std::to_string(t.level) + "/";
  p += IndexPath(t.index);
  if (!t.full()) p += ".p/" + std::to_string(t.width);
  return p;
}

Result<TileId> ParsePath(std::string_view path) {
  const std::string original(path);
  const Status bad = Status::InvalidArgument("not a tile path: " + original);
  if (!path.starts_with("tile/")) return bad;
  path.remove_prefix(5);
  TileId t;
  size_t slash = path.find('/');
  if (slash == std::string_view::npos) return bad;
  std::string_view level = path.substr(0, slash);
  path.remove_prefix(slash + 1);
  if (level == "entries") {
    t.entries = true;
  } else {
    if (!AllDigits(level) || level.size() > 2 || (level.size() > 1 && level[0] == '0')) return bad;
    t.level = std::stoi(std::string(level));
    if (t.level > kMaxLevel) return bad;
  }
  size_t dotp = path.find(".p/");
  std::string_view index = path.substr(0, dotp);
  if (dotp != std::string_view::npos) {
    std::string_view w = path.substr(dotp + 3);
    if (!AllDigits(w) || w.size() > 3 || w[0] == '0') return bad;
    t.width = static_cast<uint32_t>(std::stoul(std::string(w)));
    if (t.width < 1 || t.width > 255) return bad;
  }
  std::string digits;
  while (!index.empty()) {
    slash = index.find('/');
    std::string_view part = index.substr(0, slash);
    const bool last = slash == std::string_view::npos;
    if (!last) {
      if (part.size() != 4 || part[0] != 'x') return bad;
      part.remove_prefix(1);
    }
    if (part.size() != 3 || !AllDigits(part)) return bad;
    digits += part;
    index = last ? std::string_view() : index.substr(slash + 1);
    if (last) break;
  }
  if (digits.empty()) return bad;
  for (char c : digits) {
    const auto d = static_cast<uint64_t>(c - '0');
    if (t.index > (UINT64_MAX - d) / 10) return bad;
    t.index = t.index * 10 + d;
  }
  // One name per tile: "x000/001" and the like are refused.
  if (Path(t) != original) return bad;
  return t;
}

uint64_t LeavesPerHash(int level) { return uint64_t{1} << (8 * level); }

uint32_t WidthAt(int level, uint64_t index, uint64_t size) {
  if (level > 7) return 0;
  const uint64_t hashes = size / LeavesPerHash(level);  // complete subtrees at this level
  if (index < hashes / kTileWidth) return kTileWidth;
  if (index == hashes / kTileWidth) return static_cast<uint32_t>(hashes % kTileWidth);
  return 0;
}

int Levels(uint64_t size) {
  int l = 0;
  while (l <= 7 && size / LeavesPerHash(l) > 0) ++l;
  return l;
}

Result<Hash> RootFromTiles(uint64_t size,
                           const std::function<Result<Bytes>(const TileId&)>& fetch) {
  if (size == 0) return merkle::EmptyRoot();
  std::vector<Hash> parts;
  for (const merkle::Range& r : merkle::PerfectSubtrees({0, size})) {
    int k = 0;
    while ((uint64_t{1} << k) < r.size()) ++k;
    const int level = k / 8;
    const uint64_t count = uint64_t{1} << (k % 8);  // hashes of the level-L tile it spans
    const uint64_t first = r.begin / LeavesPerHash(level);
    TileId t{false, level, first / kTileWidth, WidthAt(level, first / kTileWidth, size)};
    if (t.width == 0) return Status::Internal("no tile for a subtree of the tree");
    LEDGER_ASSIGN_OR_RETURN(Bytes tile, fetch(t));
    if (tile.size() != size_t{32} * t.width) {
      return Status::DataLoss(Path(t) + " has " + std::to_string(tile.size()) + " bytes, want " +
                              std::to_string(32 * t.width));
    }
    std::vector<Hash> level_hashes(count);
    const uint64_t offset = first % kTileWidth;
    for (uint64_t i = 0; i < count; ++i) {
      std::memcpy(level_hashes[i].data(), tile.data() + 32 * (offset + i), 32);
    }
    while (level_hashes.size() > 1) {
      std::vector<Hash> up(level_hashes.size() / 2);
      for (size_t i = 0; i < up.size(); ++i) {
        up[i] = merkle::HashChildren(level_hashes[2 * i], level_hashes[2 * i + 1]);
      }
      level_hashes = std::move(up);
    }
    parts.push_back(level_hashes[0]);
  }
  return merkle::FoldRight(parts);
}

Status AppendBundleEntry(std::string& bundle, ByteView entry) {
  if (entry.size() > 0xFFFF) {
    return Status::InvalidArgument("an entry of " + std::to_string(entry.size()) +
                                   " bytes does not fit a bundle's u16 length");
  }
  bundle.push_back(static_cast<char>(entry.size() >> 8));
  bundle.push_back(static_cast<char>(entry.size() & 0xFF));
  bundle.append(AsChars(entry));
  return Status::Ok();
}

Result<std::vector<Bytes>> ParseBundle(ByteView bundle) {
  std::vector<Bytes> out;
  for (size_t i = 0; i < bundle.size();) {
    if (bundle.size() - i < 2) return Status::DataLoss("entry bundle ends inside a length");
    const size_t n = (size_t{bundle[i]} << 8) | bundle[i + 1];
    i += 2;
    if (bundle.size() - i < n) return Status::DataLoss("entry bundle ends inside an entry");
    out.emplace_back(bundle.begin() + long(i), bundle.begin() + long(i + n));
    i += n;
  }
  return out;
}

}  // namespace ledger::tiles
