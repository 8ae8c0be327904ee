// OpenSSL-backed SHA-256 and Ed25519.
#include "ledger/crypto.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <cstring>
#include <stdexcept>

namespace ledger {
namespace internal {
void PkeyDeleter::operator()(evp_pkey_st* p) const { EVP_PKEY_free(p); }
void MdCtxDeleter::operator()(evp_md_ctx_st* p) const { EVP_MD_CTX_free(p); }
}  // namespace internal

namespace {

using PkeyPtr = std::unique_ptr<EVP_PKEY, internal::PkeyDeleter>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, internal::MdCtxDeleter>;
struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

// OpenSSL failing to allocate or to run a built-in algorithm is not a
// recoverable input error; it means the process is broken.
[[noreturn]] void Fatal(const char* what) {
  throw std::runtime_error(std::string("OpenSSL failure: ") + what);
}

std::string OpenSslError() {
  unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "unknown OpenSSL error";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

PublicKey RawPublicKey(EVP_PKEY* pkey) {
  PublicKey pk{};
  size_t len = pk.size();
  if (EVP_PKEY_get_raw_public_key(pkey, pk.data(), &len) != 1 || len != pk.size()) {
    Fatal("EVP_PKEY_get_raw_public_key");
  }
  return pk;
}

BioPtr MemBio(std::string_view text) {
  BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  if (!bio) Fatal("BIO_new_mem_buf");
  return bio;
}

// SHA-256 fetched once. EVP_sha256() makes OpenSSL 3 fetch the
// implementation again (name lookups under a lock) on every digest init, which
// costs about as much as hashing a 300-byte record.
const EVP_MD* Sha256Md() {
  struct MdDeleter {
    void operator()(EVP_MD* md) const { EVP_MD_free(md); }
  };
  static const std::unique_ptr<EVP_MD, MdDeleter> md(EVP_MD_fetch(nullptr, "SHA256", nullptr));
  if (!md) Fatal("EVP_MD_fetch SHA256");
  return md.get();
}

std::string BioToString(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(len));
}

}  // namespace

Hash Sha256(ByteView data) {
  // One context per thread, reset for each digest: no allocation per call.
  thread_local const MdCtxPtr ctx(EVP_MD_CTX_new());
  Hash out;
  unsigned int len = 0;
  if (!ctx || EVP_DigestInit_ex2(ctx.get(), Sha256Md(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), out.data(), &len) != 1) {
    Fatal("SHA-256");
  }
  return out;
}

Sha256Hasher::Sha256Hasher() : ctx_(EVP_MD_CTX_new()) {
  if (!ctx_ || EVP_DigestInit_ex2(ctx_.get(), Sha256Md(), nullptr) != 1) Fatal("DigestInit");
}

void Sha256Hasher::Update(ByteView data) {
  if (EVP_DigestUpdate(ctx_.get(), data.data(), data.size()) != 1) Fatal("DigestUpdate");
}

Hash Sha256Hasher::Finish() {
  Hash out;
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx_.get(), out.data(), &len) != 1) Fatal("DigestFinal");
  if (EVP_DigestInit_ex2(ctx_.get(), Sha256Md(), nullptr) != 1) Fatal("DigestInit");
  return out;
}

SigningKey::SigningKey(PkeyPtr pkey) : pkey_(std::move(pkey)) {
  public_key_ = RawPublicKey(pkey_.get());
}

SigningKey SigningKey::Generate() {
  uint8_t seed[32];
  RandomBytes(seed);
  auto key = FromSeed(seed);
  OPENSSL_cleanse(seed, sizeof seed);
  if (!key.ok()) Fatal("Ed25519 key generation");
  return std::move(key).value();
}

Result<SigningKey> SigningKey::FromSeed(ByteView seed32) {
  if (seed32.size() != 32) return Status::InvalidArgument("an Ed25519 seed is 32 bytes");
  PkeyPtr pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed32.data(), 32));
  if (!pkey) return Status::InvalidArgument("bad Ed25519 seed: " + OpenSslError());
  return SigningKey(std::move(pkey));
}

Result<SigningKey> SigningKey::FromPem(std::string_view pem) {
  BioPtr bio = MemBio(pem);
  PkeyPtr pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!pkey) return Status::InvalidArgument("not a PEM private key: " + OpenSslError());
  if (EVP_PKEY_get_id(pkey.get()) != EVP_PKEY_ED25519) {
    return Status::InvalidArgument("the private key is not an Ed25519 key");
  }
  return SigningKey(std::move(pkey));
}

std::string SigningKey::ToPem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), pkey_.get(), nullptr, nullptr, 0, nullptr,
                                       nullptr) != 1) {
    Fatal("PEM_write_bio_PrivateKey");
  }
  return BioToString(bio.get());
}

Signature SigningKey::Sign(ByteView message) const {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  Signature sig{};
  size_t len = sig.size();
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, pkey_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), sig.data(), &len, message.data(), message.size()) != 1 ||
      len != sig.size()) {
    Fatal("Ed25519 sign");
  }
  return sig;
}

bool VerifyEd25519(const PublicKey& key, ByteView message, const Signature& sig) {
  PkeyPtr pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key.data(), key.size()));
  if (!pkey) {
    ERR_clear_error();
    return false;
  }
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) Fatal("EVP_MD_CTX_new");
  bool ok = EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) == 1 &&
            EVP_DigestVerify(ctx.get(), sig.data(), sig.size(), message.data(), message.size()) ==
                1;
  if (!ok) ERR_clear_error();
  return ok;
}

std::string PublicKeyToPem(const PublicKey& key) {
  PkeyPtr pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key.data(), key.size()));
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!pkey || !bio || PEM_write_bio_PUBKEY(bio.get(), pkey.get()) != 1) Fatal("PEM_write_PUBKEY");
  return BioToString(bio.get());
}

Result<PublicKey> PublicKeyFromPem(std::string_view pem) {
  BioPtr bio = MemBio(pem);
  PkeyPtr pkey(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (!pkey) return Status::InvalidArgument("not a PEM public key: " + OpenSslError());
  if (EVP_PKEY_get_id(pkey.get()) != EVP_PKEY_ED25519) {
    return Status::InvalidArgument("the public key is not an Ed25519 key");
  }
  return RawPublicKey(pkey.get());
}

void RandomBytes(std::span<uint8_t> out) {
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) Fatal("RAND_bytes");
}

}  // namespace ledger
