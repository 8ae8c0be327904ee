// MultisetSum: a keyed multiset hash, so that two sides (what the records
// imply, and what a database holds) can be compared in one sequential scan
// each instead of a random lookup per record. Each entry adds
// F(key, value) = SHA-256(secret || len(key) || key || len(value) || value)
// (lengths u64 big-endian) to a sum mod 2^256; the secret is drawn for the
// run, so whoever prepared the files cannot aim for a collision. Equal sums
// mean equal multisets. Internal.
#ifndef VERIFIER_MULTISET_SUM_H_
#define VERIFIER_MULTISET_SUM_H_

#include <array>
#include <cstdint>

#include "ledger/encoding.h"

namespace ledger::verify {

// A fresh random secret for SumTerm.
Hash NewSumSecret();
// F(key, value) above. Thread-safe.
Hash SumTerm(const Hash& secret, ByteView key, ByteView value);

class MultisetSum {
 public:
  void Add(const Hash& term);
  void Remove(const Hash& term);
  bool operator==(const MultisetSum&) const = default;

 private:
  std::array<uint64_t, 4> limbs_{};  // little-endian limbs of the sum
};

}  // namespace ledger::verify

#endif  // VERIFIER_MULTISET_SUM_H_
