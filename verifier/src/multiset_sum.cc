// MultisetSum: the keyed term and 256-bit modular addition.
#include "multiset_sum.h"

#include <openssl/rand.h>

#include <random>

#include "ledger/crypto.h"

namespace ledger::verify {
namespace {

std::array<uint64_t, 4> Limbs(const Hash& term) {
  std::array<uint64_t, 4> limbs{};
  for (size_t i = 0; i < limbs.size(); ++i) {
    for (size_t b = 0; b < 8; ++b) limbs[i] |= uint64_t(term[8 * i + b]) << (8 * b);
  }
  return limbs;
}

void AddLimbs(std::array<uint64_t, 4>& sum, const std::array<uint64_t, 4>& add) {
  uint64_t carry = 0;
  for (size_t i = 0; i < sum.size(); ++i) {
    const uint64_t with_limb = sum[i] + add[i];
    const uint64_t total = with_limb + carry;
    carry = (with_limb < add[i] || total < with_limb) ? 1 : 0;
    sum[i] = total;
  }
}

std::array<uint8_t, 8> BigEndianLength(size_t n) {
  std::array<uint8_t, 8> out{};
  for (int i = 0; i < 8; ++i) out[size_t(i)] = static_cast<uint8_t>(uint64_t(n) >> (56 - 8 * i));
  return out;
}

}  // namespace

Hash NewSumSecret() {
  Hash secret{};
  if (RAND_bytes(secret.data(), static_cast<int>(secret.size())) != 1) {
    std::random_device rd;
    for (auto& b : secret) b = static_cast<uint8_t>(rd());
  }
  return secret;
}

Hash SumTerm(const Hash& secret, ByteView key, ByteView value) {
  const auto key_len = BigEndianLength(key.size()), value_len = BigEndianLength(value.size());
  Sha256Hasher h;
  h.Update(ByteView(secret));
  h.Update(ByteView(key_len));
  h.Update(key);
  h.Update(ByteView(value_len));
  h.Update(value);
  return h.Finish();
}

void MultisetSum::Add(const Hash& term) { AddLimbs(limbs_, Limbs(term)); }

void MultisetSum::Remove(const Hash& term) {
  // Adding the two's complement subtracts mod 2^256.
  std::array<uint64_t, 4> negated = Limbs(term);
  for (uint64_t& limb : negated) limb = ~limb;
  AddLimbs(negated, {1, 0, 0, 0});
  AddLimbs(limbs_, negated);
}

}  // namespace ledger::verify
