// The structural check of data.mdb (ledger/file_check.h). The structures are
// LMDB 0.9.24's (mdb.c: MDB_page, MDB_node, MDB_db, MDB_meta) in their 64-bit
// layout, read with pread into buffers; nothing is used before it is checked.
#include "ledger/file_check.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "ledger/layout.h"
#include "ledger/lmdb_format.h"

namespace ledger::lmdb {
namespace {

using namespace format;  // NOLINT: the LMDB structure constants

std::string Hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

// One open data.mdb, read with pread.
class DataFile {
 public:
  ~DataFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  Status Open(const std::string& path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
      if (errno == ENOENT) return Status::NotFound(path + ": no such file");
      return Status::FailedPrecondition("cannot open " + path + ": " + std::strerror(errno));
    }
    struct stat st;
    if (::fstat(fd_, &st) != 0) {
      return Status::FailedPrecondition("cannot stat " + path + ": " + std::strerror(errno));
    }
    bytes_ = uint64_t(st.st_size);
    return Status::Ok();
  }
  uint64_t bytes() const { return bytes_; }
  // Reads `n` bytes at `offset`; false when the file holds fewer.
  Result<bool> Read(uint64_t offset, uint8_t* out, size_t n) const {
    size_t done = 0;
    while (done < n) {
      ssize_t r = ::pread(fd_, out + done, n - done, off_t(offset + done));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return Status::FailedPrecondition(std::string("read data.mdb: ") + std::strerror(errno));
      if (r == 0) return false;
      done += size_t(r);
    }
    return true;
  }

 private:
  int fd_ = -1;
  uint64_t bytes_ = 0;
};

Status FileDamage(const std::string& what) {
  return Status::DamagedFile(std::string("damaged-file: ") + layout::kDataFile + ": " + what);
}

// Both meta pages, as mdb_env_read_header reads them: each must be a meta
// page with LMDB's magic and data version; the newer (larger txnid) rules.
struct Metas {
  Meta m[2];
};

Result<Metas> ReadMetas(const DataFile& file) {
  if (file.bytes() == 0) {
    return Status::DamagedFile(std::string("damaged-file: ") + layout::kDataFile +
                               " is empty (0 bytes): not an LMDB file");
  }
  Metas out;
  uint64_t offset = 0;
  for (int i = 0; i < 2; ++i) {
    uint8_t buf[kPageHeader + kMetaBytes];
    LEDGER_ASSIGN_OR_RETURN(bool whole, file.Read(offset, buf, sizeof buf));
    const std::string page = "page " + std::to_string(i) + " (meta): ";
    if (!whole) {
      return FileDamage("the file is " + std::to_string(file.bytes()) +
                        " bytes, too short to hold meta page " + std::to_string(i));
    }
    const PageHeader h = ParsePageHeader(buf);
    Meta& m = out.m[i];
    m = ParseMeta(buf + kPageHeader);
    if (m.magic != kMagic) {
      return FileDamage(page + "magic " + Hex(m.magic) + " is not LMDB's " + Hex(kMagic) +
                        " (not an LMDB file, or its first page is overwritten)");
    }
    if (m.version != kDataVersion) {
      return FileDamage(page + "data format version " + std::to_string(m.version) +
                        " is not LMDB's " + std::to_string(kDataVersion));
    }
    if (!(h.flags & kPageMeta) || h.pgno != uint64_t(i)) {
      return FileDamage(page + "the page header (number " + std::to_string(h.pgno) + ", flags " +
                        Hex(h.flags) + ") is not a meta page's");
    }
    const uint32_t psize = m.free_db.pad;
    if (psize < 512 || psize > 65536 || (psize & (psize - 1)) != 0) {
      return FileDamage(page + "page size " + std::to_string(psize) +
                        " is not a power of two from 512 to 65536");
    }
    if (i == 1 && psize != out.m[0].free_db.pad) {
      return FileDamage(page + "page size " + std::to_string(psize) + " differs from page 0's " +
                        std::to_string(out.m[0].free_db.pad));
    }
    offset = psize;
  }
  return out;
}

int NewerIndex(const Metas& metas) { return metas.m[1].txnid > metas.m[0].txnid ? 1 : 0; }
const Meta& Newer(const Metas& metas) { return metas.m[NewerIndex(metas)]; }

// Walks the trees of one snapshot, checking every page before using it.
class Walker {
 public:
  Walker(const DataFile& file, const Meta& meta, uint64_t meta_offset, FileCheckDepth depth,
         std::vector<DatabasePages>* map = nullptr)
      : file_(file), meta_(meta), meta_offset_(meta_offset), psize_(meta.free_db.pad),
        depth_(depth), map_(map) {}

  Result<FileCheckStats> Run() {
    const uint64_t pages = meta_.last_pg + 1;
    const uint64_t need = meta_.last_pg >= file_.bytes() / psize_ ? UINT64_MAX : pages * psize_;
    if (meta_.last_pg < 1 || need > file_.bytes()) {
      return FileDamage("the file is " + std::to_string(file_.bytes()) +
                        " bytes, shorter than the " + std::to_string(pages) + " pages of " +
                        std::to_string(psize_) + " bytes its meta page (txn " +
                        std::to_string(meta_.txnid) +
                        ") says it uses (truncated, or the meta page is damaged)");
    }
    if (meta_.mapsize < need) {
      return FileDamage("the map size " + std::to_string(meta_.mapsize) +
                        " in the meta page is smaller than the " + std::to_string(need) +
                        " bytes in use");
    }
    seen_.assign(pages, false);
    buffers_.assign(kMaxDepth, std::vector<uint8_t>(psize_));
    seen_[0] = seen_[1] = true;
    LEDGER_RETURN_IF_ERROR(WalkDb("main", meta_.main_db, meta_offset_ + kMetaMainDbAt,
                                  /*is_main=*/true, /*full=*/true));
    const bool full = depth_ == FileCheckDepth::kFull;
    for (size_t i = 0; i < named_.size(); ++i) {
      LEDGER_RETURN_IF_ERROR(
          WalkDb(named_[i].name, named_[i].db, named_[i].catalogue_offset, false, full));
    }
    LEDGER_RETURN_IF_ERROR(WalkDb("free", meta_.free_db, meta_offset_ + kMetaFreeDbAt, false, full));
    FileCheckStats stats;
    stats.txnid = meta_.txnid;
    stats.page_size = psize_;
    stats.last_page = meta_.last_pg;
    stats.file_bytes = file_.bytes();
    stats.pages_visited = visited_;
    stats.databases = named_.size();
    return stats;
  }

 private:
  struct Counts {
    uint64_t branch = 0, leaf = 0, overflow = 0, entries = 0;
  };

  Status Damage(uint64_t pgno, const std::string& db, const std::string& what) const {
    return Status::DamagedFile(std::string("damaged-file: ") + layout::kDataFile + " page " +
                               std::to_string(pgno) + " (" + db + "): " + what);
  }
  Status CatalogueDamage(const std::string& db, const std::string& what) const {
    return FileDamage("the catalogue entry of database " + db + ": " + what);
  }

  // `pgno` may be used as a page of `db`: inside the file, not a meta page,
  // not already part of a tree (a cycle or a page shared by two trees).
  Status Claim(uint64_t pgno, const std::string& db, const std::string& from) {
    if (pgno < 2 || pgno > meta_.last_pg) {
      return Damage(pgno, db, from + " points to a page outside 2.." +
                                  std::to_string(meta_.last_pg));
    }
    if (seen_[pgno]) return Damage(pgno, db, from + " points to a page already in use (a cycle?)");
    seen_[pgno] = true;
    ++visited_;
    return Status::Ok();
  }

  Status WalkDb(const std::string& name, const Db& db, uint64_t catalogue_offset, bool is_main,
                bool full) {
    if (map_) map_->push_back({name, catalogue_offset, db.root, {}, {}, {}});
    if (db.flags & ~kDbPersistentFlags) {
      return CatalogueDamage(name, "flags " + Hex(db.flags) + " are not LMDB database flags");
    }
    if (db.flags & (kDbDupSort | kDbDupFixed)) {
      return CatalogueDamage(name, "flags " + Hex(db.flags) +
                                       " say duplicate keys, which no ledger database uses");
    }
    if (db.root == kInvalidPage) {
      if (db.depth != 0 || db.entries != 0 || db.branch_pages || db.leaf_pages ||
          db.overflow_pages) {
        return CatalogueDamage(name, "it has no root page but claims depth " +
                                         std::to_string(db.depth) + " and " +
                                         std::to_string(db.entries) + " entries");
      }
      return Status::Ok();
    }
    if (db.depth == 0 || db.depth > kMaxDepth) {
      return CatalogueDamage(name, "depth " + std::to_string(db.depth) + " is impossible");
    }
    LEDGER_RETURN_IF_ERROR(Claim(db.root, name, "the catalogue's root"));
    Counts counts;
    LEDGER_RETURN_IF_ERROR(WalkPage(name, db, db.root, 1, is_main, full, counts));
    if (!full) return Status::Ok();
    auto differs = [&](const char* what, uint64_t claimed, uint64_t counted) {
      return CatalogueDamage(name, std::string(what) + " " + std::to_string(claimed) +
                                       " but the tree holds " + std::to_string(counted));
    };
    if (db.entries != counts.entries) return differs("says entries", db.entries, counts.entries);
    if (db.branch_pages != counts.branch)
      return differs("says branch pages", db.branch_pages, counts.branch);
    if (db.leaf_pages != counts.leaf) return differs("says leaf pages", db.leaf_pages, counts.leaf);
    if (db.overflow_pages != counts.overflow)
      return differs("says overflow pages", db.overflow_pages, counts.overflow);
    return Status::Ok();
  }

  // Checks page `pgno` (already claimed) at `level` (the root is 1) and, when
  // `full`, the pages under it.
  Status WalkPage(const std::string& name, const Db& db, uint64_t pgno, unsigned level,
                  bool is_main, bool full, Counts& counts) {
    std::vector<uint8_t>& page = buffers_[level - 1];  // deeper levels use their own
    LEDGER_ASSIGN_OR_RETURN(bool whole, file_.Read(pgno * psize_, page.data(), psize_));
    if (!whole) return Damage(pgno, name, "the page lies past the end of the file");
    const PageHeader h = ParsePageHeader(page.data());
    if (h.pgno != pgno) {
      return Damage(pgno, name, "the page says it is page " + std::to_string(h.pgno) +
                                    " (overwritten, or moved)");
    }
    const bool leaf = level == db.depth;
    const uint16_t type = h.flags & ~kPageTransientFlags;
    if (type != (leaf ? kPageLeaf : kPageBranch)) {
      return Damage(pgno, name, "flags " + Hex(h.flags) + " are not a " +
                                    (leaf ? "leaf" : "branch") + " page's at depth " +
                                    std::to_string(level) + " of " + std::to_string(db.depth));
    }
    if (h.lower < kPageHeader || h.lower > h.upper || h.upper > psize_ ||
        (h.lower - kPageHeader) % 2 != 0) {
      return Damage(pgno, name, "free-space bounds lower " + std::to_string(h.lower) +
                                    ", upper " + std::to_string(h.upper) +
                                    " do not fit a page of " + std::to_string(psize_));
    }
    const size_t keys = (h.lower - kPageHeader) / 2;
    if (keys == 0) return Damage(pgno, name, "the page holds no nodes");
    leaf ? ++counts.leaf : ++counts.branch;
    if (map_) (leaf ? map_->back().leaf : map_->back().branch).push_back(pgno);
    for (size_t i = 0; i < keys; ++i) {
      const std::string node = "node " + std::to_string(i);
      const size_t off = Load16(page.data() + kPageHeader + 2 * i);
      if (off < h.upper || off % 2 != 0 || off + kNodeHeader > psize_) {
        return Damage(pgno, name, node + " starts at offset " + std::to_string(off) +
                                      ", outside the page's node area " +
                                      std::to_string(h.upper) + ".." + std::to_string(psize_));
      }
      const Node n = ParseNode(page.data() + off);
      const size_t key_end = off + kNodeHeader + n.ksize;
      if (n.ksize > kMaxKeySize || key_end > psize_ || (leaf && n.ksize == 0)) {
        return Damage(pgno, name, node + " has a key of " + std::to_string(n.ksize) +
                                      " bytes (over the page end or LMDB's limit)");
      }
      if (!leaf) {
        const uint64_t child = n.BranchChild();
        LEDGER_RETURN_IF_ERROR(Claim(child, name, "branch " + node));
        if (full) LEDGER_RETURN_IF_ERROR(WalkPage(name, db, child, level + 1, is_main, full, counts));
        continue;
      }
      ++counts.entries;
      LEDGER_RETURN_IF_ERROR(CheckLeafNode(name, pgno, node, page.data(), key_end, n, is_main,
                                           counts, full));
    }
    return Status::Ok();
  }

  Status CheckLeafNode(const std::string& name, uint64_t pgno, const std::string& node,
                       const uint8_t* page, size_t key_end, const Node& n, bool is_main,
                       Counts& counts, bool full) {
    if (n.flags & ~(kNodeBigData | kNodeSubData)) {
      return Damage(pgno, name, node + " has flags " + Hex(n.flags) +
                                    " (duplicate data, which no ledger database uses)");
    }
    if (n.flags & kNodeSubData) {
      if (!is_main || (n.flags & kNodeBigData) || n.dsize != kDbBytes ||
          key_end + kDbBytes > psize_) {
        return Damage(pgno, name, node + " is marked as a named database but is not a catalogue "
                                         "entry of " + std::to_string(kDbBytes) + " bytes");
      }
      std::string db_name(reinterpret_cast<const char*>(page) + key_end - n.ksize, n.ksize);
      if (!std::all_of(db_name.begin(), db_name.end(), [](char c) { return c >= 0x20 && c < 0x7f; })) {
        db_name = "(a name that is not printable text)";
      }
      named_.push_back({db_name, ParseDb(page + key_end), pgno * psize_ + key_end});
      return Status::Ok();
    }
    if (!(n.flags & kNodeBigData)) {
      if (key_end + n.dsize > psize_) {
        return Damage(pgno, name, node + "'s data of " + std::to_string(n.dsize) +
                                      " bytes runs past the page end");
      }
      return Status::Ok();
    }
    if (key_end + 8 > psize_) return Damage(pgno, name, node + "'s overflow page number runs past the page end");
    const uint64_t first = Load64(page + key_end);
    const uint64_t needed = (kPageHeader - 1 + uint64_t(n.dsize)) / psize_ + 1;  // OVPAGES
    if (first < 2 || first > meta_.last_pg || needed > meta_.last_pg - first + 1) {
      return Damage(pgno, name, node + "'s " + std::to_string(n.dsize) + " bytes on " +
                                    std::to_string(needed) + " overflow pages from page " +
                                    std::to_string(first) + " run outside the file's pages");
    }
    uint8_t buf[kPageHeader];
    LEDGER_ASSIGN_OR_RETURN(bool whole, file_.Read(first * psize_, buf, sizeof buf));
    if (!whole) return Damage(first, name, "the overflow page lies past the end of the file");
    const PageHeader h = ParsePageHeader(buf);
    if (h.pgno != first || (h.flags & ~kPageTransientFlags) != kPageOverflow) {
      return Damage(first, name, "the overflow page of page " + std::to_string(pgno) + " " + node +
                                     " has number " + std::to_string(h.pgno) + " and flags " +
                                     Hex(h.flags));
    }
    if (h.pages < needed || h.pages > meta_.last_pg - first + 1) {
      return Damage(first, name, "the overflow run claims " + std::to_string(h.pages) +
                                     " pages where its " + std::to_string(n.dsize) +
                                     " bytes need " + std::to_string(needed) +
                                     " and the file has room for " +
                                     std::to_string(meta_.last_pg - first + 1));
    }
    counts.overflow += h.pages;
    if (map_) map_->back().overflow.push_back(first);
    if (!full) return Status::Ok();
    for (uint64_t p = first; p < first + h.pages; ++p) {
      LEDGER_RETURN_IF_ERROR(Claim(p, name, "the overflow run of page " + std::to_string(pgno)));
    }
    return Status::Ok();
  }

  struct Named {
    std::string name;
    Db db;
    uint64_t catalogue_offset;
  };

  const DataFile& file_;
  const Meta& meta_;
  const uint64_t meta_offset_;  // the byte offset of meta_ in the file
  const uint64_t psize_;
  const FileCheckDepth depth_;
  std::vector<DatabasePages>* map_;
  std::vector<bool> seen_;
  uint64_t visited_ = 0;
  std::vector<std::vector<uint8_t>> buffers_;  // one page buffer per tree level
  std::vector<Named> named_;
};

}  // namespace

static Result<FileCheckStats> CheckOrMap(const std::string& dir, FileCheckDepth depth,
                                  std::optional<uint64_t> txnid, std::vector<DatabasePages>* map) {
  const std::string path = layout::PathIn(dir, layout::kDataFile);
  // Without a pinned snapshot a writer may free and reuse pages under the
  // walk; it must have committed to do so, so damage seen while the newer
  // meta moved is checked again on the new snapshot.
  constexpr int kAttempts = 4;
  for (int attempt = 1;; ++attempt) {
    DataFile file;
    LEDGER_RETURN_IF_ERROR(file.Open(path));
    LEDGER_ASSIGN_OR_RETURN(Metas metas, ReadMetas(file));
    int index = NewerIndex(metas);
    if (txnid) {
      index = metas.m[0].txnid == *txnid ? 0 : metas.m[1].txnid == *txnid ? 1 : -1;
      if (index < 0) {
        return Status::Unavailable("data.mdb: snapshot " + std::to_string(*txnid) +
                                   " is no longer in a meta page");
      }
    }
    const Meta* meta = &metas.m[index];
    if (map) map->clear();
    auto stats =
        Walker(file, *meta, uint64_t(index) * meta->free_db.pad + kPageHeader, depth, map).Run();
    if (stats.ok() || txnid || attempt == kAttempts) return stats;
    DataFile again;
    LEDGER_RETURN_IF_ERROR(again.Open(path));
    auto now = ReadMetas(again);
    if (!now.ok() || Newer(*now).txnid == meta->txnid) return stats;
  }
}

Result<FileCheckStats> CheckDataFile(const std::string& dir, FileCheckDepth depth,
                                     std::optional<uint64_t> txnid) {
  return CheckOrMap(dir, depth, txnid, nullptr);
}

Result<std::vector<DatabasePages>> MapDataFile(const std::string& dir) {
  std::vector<DatabasePages> map;
  LEDGER_RETURN_IF_ERROR(CheckOrMap(dir, FileCheckDepth::kFull, std::nullopt, &map).status());
  return map;
}

}  // namespace ledger::lmdb
