// SHA-256 and Ed25519 through OpenSSL 3's EVP API. Every OpenSSL handle is
// owned by a std::unique_ptr with a per-type deleter; nothing else frees them.
// Thread-safety: free functions are thread-safe; a SigningKey may be shared
// for signing from many threads (EVP_PKEY is reference-counted and immutable).
#ifndef LEDGER_CRYPTO_H_
#define LEDGER_CRYPTO_H_

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "ledger/encoding.h"
#include "ledger/status.h"

struct evp_pkey_st;
struct evp_md_ctx_st;

namespace ledger {

using PublicKey = std::array<uint8_t, 32>;  // raw Ed25519 public key
using Signature = std::array<uint8_t, 64>;  // raw Ed25519 signature

namespace internal {
struct PkeyDeleter {
  void operator()(evp_pkey_st* p) const;
};
struct MdCtxDeleter {
  void operator()(evp_md_ctx_st* p) const;
};
}  // namespace internal

Hash Sha256(ByteView data);
inline Hash Sha256(std::string_view data) { return Sha256(AsBytes(data)); }

// Incremental SHA-256 for inputs that arrive in pieces.
class Sha256Hasher {
 public:
  Sha256Hasher();
  void Update(ByteView data);
  void Update(std::string_view data) { Update(AsBytes(data)); }
  Hash Finish();  // the hasher is reset afterwards

 private:
  std::unique_ptr<evp_md_ctx_st, internal::MdCtxDeleter> ctx_;
};

// An Ed25519 private key. Move-only.
class SigningKey {
 public:
  static SigningKey Generate();
  // PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"), as `openssl genpkey -algorithm ed25519`.
  static Result<SigningKey> FromPem(std::string_view pem);
  static Result<SigningKey> FromSeed(ByteView seed32);

  std::string ToPem() const;
  const PublicKey& public_key() const { return public_key_; }
  Signature Sign(ByteView message) const;
  Signature Sign(std::string_view message) const { return Sign(AsBytes(message)); }

 private:
  explicit SigningKey(std::unique_ptr<evp_pkey_st, internal::PkeyDeleter> pkey);
  std::unique_ptr<evp_pkey_st, internal::PkeyDeleter> pkey_;
  PublicKey public_key_{};
};

// True iff `sig` is a valid Ed25519 signature of `message` under `key`.
bool VerifyEd25519(const PublicKey& key, ByteView message, const Signature& sig);

// SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----"), readable by `openssl pkey -pubin`.
std::string PublicKeyToPem(const PublicKey& key);
Result<PublicKey> PublicKeyFromPem(std::string_view pem);

// Fills `out` with cryptographically secure random bytes.
void RandomBytes(std::span<uint8_t> out);

}  // namespace ledger

#endif  // LEDGER_CRYPTO_H_
