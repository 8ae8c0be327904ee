// Per-record checks that need no context: decode, hashes, signature.
#include "record_work.h"

#include <openssl/evp.h>

#include <map>

#include "ledger/crypto.h"
#include "ledger/layout.h"
#include "ledger/merkle.h"
#include "multiset_sum.h"

namespace ledger::verify {
namespace {

// Ed25519 verification with each signer's key set up once per thread: a
// ledger has few signers, and OpenSSL 3's DigestVerifyInit (an algorithm fetch
// under a lock, plus the key) costs a few percent of a verification. Each
// check runs on a copy of the signer's initialised context. Bounded, since a
// forged ledger may carry a new "signer" on every record.
class VerifierKeys {
 public:
  bool Verify(const PublicKey& key, ByteView message, const Signature& sig) {
    const EVP_MD_CTX* ready = Get(key);
    if (!ready || !scratch_ || EVP_MD_CTX_copy_ex(scratch_.get(), ready) != 1) return false;
    return EVP_DigestVerify(scratch_.get(), sig.data(), sig.size(), message.data(),
                            message.size()) == 1;
  }

 private:
  static constexpr size_t kMaxKeys = 256;
  struct Ready {
    std::unique_ptr<evp_pkey_st, internal::PkeyDeleter> pkey;
    std::unique_ptr<evp_md_ctx_st, internal::MdCtxDeleter> ctx;
  };
  const EVP_MD_CTX* Get(const PublicKey& key) {
    auto it = keys_.find(key);
    if (it != keys_.end()) return it->second.ctx.get();
    if (keys_.size() >= kMaxKeys) keys_.clear();
    Ready r{decltype(Ready::pkey)(
                EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key.data(), key.size())),
            decltype(Ready::ctx)(EVP_MD_CTX_new())};
    if (!r.pkey || !r.ctx ||
        EVP_DigestVerifyInit(r.ctx.get(), nullptr, nullptr, nullptr, r.pkey.get()) != 1) {
      return nullptr;
    }
    return keys_.emplace(key, std::move(r)).first->second.ctx.get();
  }
  std::map<PublicKey, Ready> keys_;
  std::unique_ptr<evp_md_ctx_st, internal::MdCtxDeleter> scratch_{EVP_MD_CTX_new()};
};

bool VerifySubmission(const Submission& s, ByteView signing_input) {
  thread_local VerifierKeys keys;
  return keys.Verify(s.signer, signing_input, s.signature);
}

}  // namespace

void CheckRecord(WorkItem& w, const note::VerifierKey& log_key) {
  w.record_hash = RecordHash(w.bytes);
  w.leaf_hash = merkle::HashLeaf(w.bytes);
  w.body.reset();
  w.body_status = Status::Ok();
  w.signature_ok = false;
  w.readable_mismatch.reset();
  if (!w.checkpoint_note.empty()) {
    w.checkpoint = note::OpenCheckpoint(w.checkpoint_note, log_key);
  } else {
    w.checkpoint.reset();
  }
  if (!w.source_status.ok()) {
    w.decode = w.source_status;
    return;
  }
  auto rec = DecodeRecord(w.bytes);
  if (!rec.ok()) {
    w.decode = rec.status();
    return;
  }
  w.decode = Status::Ok();
  w.record = std::move(rec).value();
  const Submission& s = w.record.submission;
  // One signing input serves both the signature and the idempotency digest.
  Bytes input = SigningInput(s);
  w.signature_ok = VerifySubmission(s, input);
  w.digest = Sha256(input);
  w.dedup_key = layout::DedupKey(s.signer, s.client_id);
  if (w.dedup_secret) {
    w.dedup_term = SumTerm(*w.dedup_secret, w.dedup_key, layout::DedupValue({w.key, w.digest}));
  }
  auto body = events::DecodeLatestBody(s);
  if (body.ok()) {
    w.body.emplace(std::move(body).value());
  } else {
    w.body_status = body.status();
  }
  if (w.check_readable)
    w.readable_mismatch = CompareReadable(w.line_seq, w.readable, w.record, w.bytes);
}

Status CheckInWindows(WorkerPool& pool, const note::VerifierKey& log_key, size_t window,
                      const FillFn& fill, const ConsumeFn& consume) {
  // Three windows: while this thread consumes one, the pool has two queued,
  // so workers never wait for the (serial) consumer to hand out more.
  constexpr size_t kSlots = 3;
  struct Slot {
    std::vector<WorkItem> items;
    size_t n = 0;
    WorkerPool::Batch batch;
  };
  Slot slots[kSlots];
  for (Slot& s : slots) {
    s.items.resize(window);
    s.batch.fn = [&log_key, &s](size_t i) { CheckRecord(s.items[i], log_key); };
  }
  size_t head = 0, started = 0;  // the oldest window in flight, and how many are
  bool exhausted = false;
  auto top_up = [&]() -> Status {
    while (!exhausted && started < kSlots) {
      Slot& s = slots[(head + started) % kSlots];
      LEDGER_ASSIGN_OR_RETURN(s.n, fill(s.items));
      if (s.n == 0) {
        exhausted = true;
        break;
      }
      s.batch.n = s.n;
      pool.Start(s.batch);
      ++started;
    }
    return Status::Ok();
  };
  Status status = top_up();
  while (started > 0) {
    Slot& now = slots[head];
    pool.Wait(now.batch);  // even after an error: workers hold references
    if (status.ok()) consume(now.items, now.n);
    head = (head + 1) % kSlots;
    --started;
    if (status.ok()) status = top_up();
  }
  return status;
}

}  // namespace ledger::verify
