// LMDB's on-disk structures, which its public header does not declare:
// MDB_page, MDB_node, MDB_db and MDB_meta as mdb.c (0.9.24) lays them out on
// a 64-bit little-endian machine. Read by the file checker (file_check.h) and
// by tests that damage files on purpose.
#ifndef LEDGER_LMDB_FORMAT_H_
#define LEDGER_LMDB_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace ledger::lmdb::format {

inline uint16_t Load16(const uint8_t* p) { uint16_t v; std::memcpy(&v, p, 2); return v; }
inline uint32_t Load32(const uint8_t* p) { uint32_t v; std::memcpy(&v, p, 4); return v; }
inline uint64_t Load64(const uint8_t* p) { uint64_t v; std::memcpy(&v, p, 8); return v; }

// MDB_page: pgno u64 @0, pad u16 @8, flags u16 @10, then lower u16 @12 and
// upper u16 @14 (or, on an overflow page, the run's page count u32 @12); the
// node offsets (u16 each, from the page start) follow from PAGEHDRSZ.
inline constexpr size_t kPageHeader = 16;  // PAGEHDRSZ
inline constexpr size_t kPageFlagsAt = 10, kPageLowerAt = 12, kPageUpperAt = 14;
inline constexpr uint16_t kPageBranch = 0x01, kPageLeaf = 0x02, kPageOverflow = 0x04,
                          kPageMeta = 0x08;
// P_DIRTY, P_LOOSE and P_KEEP live only in a writer's memory.
inline constexpr uint16_t kPageTransientFlags = 0x10 | 0x4000 | 0x8000;

struct PageHeader {
  uint64_t pgno;
  uint16_t flags, lower, upper;
  uint32_t pages;  // overflow pages only
};
inline PageHeader ParsePageHeader(const uint8_t* p) {
  return {Load64(p), Load16(p + kPageFlagsAt), Load16(p + kPageLowerAt),
          Load16(p + kPageUpperAt), Load32(p + kPageLowerAt)};
}

// MDB_node: lo u16 @0, hi u16 @2 (the data size; on a branch page the child's
// page number's low 32 bits), flags u16 @4 (a branch's page number bits
// 32..47), key size u16 @6; the key, then the data (or an overflow page number).
inline constexpr size_t kNodeHeader = 8;  // NODESIZE
inline constexpr size_t kNodeKeySizeAt = 6;
inline constexpr uint16_t kNodeBigData = 0x01, kNodeSubData = 0x02, kNodeDupData = 0x04;
inline constexpr size_t kMaxKeySize = 511;  // MDB_MAXKEYSIZE

struct Node {
  uint16_t lo, hi, flags, ksize;
  uint32_t dsize;
  uint64_t BranchChild() const { return lo | (uint64_t(hi) << 16) | (uint64_t(flags) << 32); }
};
inline Node ParseNode(const uint8_t* p) {
  Node n{Load16(p), Load16(p + 2), Load16(p + 4), Load16(p + kNodeKeySizeAt), 0};
  n.dsize = n.lo | (uint32_t(n.hi) << 16);
  return n;
}

// MDB_db: pad u32 @0 (the page size, in the free list's), flags u16 @4,
// depth u16 @6, branch/leaf/overflow page counts u64 @8/@16/@24, entries
// u64 @32, root page u64 @40 (~0 when empty).
inline constexpr size_t kDbBytes = 48;
inline constexpr size_t kDbDepthAt = 6, kDbEntriesAt = 32, kDbRootAt = 40;
inline constexpr uint64_t kInvalidPage = ~uint64_t{0};
inline constexpr uint16_t kDbPersistentFlags = 0x7e;  // REVERSEKEY..REVERSEDUP
inline constexpr uint16_t kDbDupSort = 0x04, kDbDupFixed = 0x10;
inline constexpr unsigned kMaxDepth = 32;  // CURSOR_STACK

struct Db {
  uint32_t pad;
  uint16_t flags, depth;
  uint64_t branch_pages, leaf_pages, overflow_pages, entries, root;
};
inline Db ParseDb(const uint8_t* p) {
  return {Load32(p), Load16(p + 4), Load16(p + kDbDepthAt), Load64(p + 8), Load64(p + 16),
          Load64(p + 24), Load64(p + kDbEntriesAt), Load64(p + kDbRootAt)};
}

// MDB_meta, at kPageHeader in pages 0 and 1: magic u32 @0, version u32 @4,
// address @8, map size u64 @16, the free list's MDB_db @24, the main
// catalogue's @72, last page u64 @120, txnid u64 @128.
inline constexpr size_t kMetaBytes = 136;
inline constexpr size_t kMetaMapSizeAt = 16, kMetaFreeDbAt = 24, kMetaMainDbAt = 72,
                        kMetaLastPageAt = 120, kMetaTxnidAt = 128;
inline constexpr uint32_t kMagic = 0xBEEFC0DE;
inline constexpr uint32_t kDataVersion = 1;

struct Meta {
  uint32_t magic, version;
  uint64_t mapsize;
  Db free_db, main_db;
  uint64_t last_pg, txnid;
};
inline Meta ParseMeta(const uint8_t* p) {
  return {Load32(p),           Load32(p + 4),          Load64(p + kMetaMapSizeAt),
          ParseDb(p + kMetaFreeDbAt), ParseDb(p + kMetaMainDbAt), Load64(p + kMetaLastPageAt),
          Load64(p + kMetaTxnidAt)};
}

}  // namespace ledger::lmdb::format

#endif  // LEDGER_LMDB_FORMAT_H_
