// A mirror round in two passes over the remote's tiles. The first reads
// only level-0 hash tiles (32 bytes per entry): it checks the entries the
// replica already holds against them and folds the new ones onto the
// replica's own tree, so before anything is written the remote's checkpoint
// is proven to extend the replica's, and the root at every batch boundary is
// known. The second fetches entry bundles a batch at a time and imports
// them, each batch sealed by a checkpoint whose root the first pass predicted.
#include "api/mirror.h"

#include <bit>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>

#include "api/client.h"
#include "ledger/compact_range.h"
#include "ledger/file_io.h"
#include "ledger/record.h"
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

// A checkpoint kept as evidence: what it is and its exact text.
struct Exhibit {
  std::string name;  // "old", "new", "batch"
  std::string text;
};

class Round {
 public:
  Round(const Url& url, std::unique_ptr<Client> client, Ledger& replica,
        const MirrorOptions& options)
      : url_(url), client_(std::move(client)), replica_(replica), options_(options),
        key_(replica.log_key()) {}

  Result<MirrorStats> Run();
  // Writes the exhibits gathered so far; returns `s` naming the files.
  Status WithEvidence(const Status& s);

 private:
  Result<std::string> Fetch(const std::string& path, bool optional = false);
  Status CheckWitnesses(const std::string& note_text);
  // Pass 1: the boundaries' roots, and proof that the remote extends the replica.
  Status ProveExtension();
  Result<std::vector<Hash>> FetchHashTile(uint64_t n);
  // Pass 2: imports [start, end) sealed by `checkpoint`.
  Status ImportRange(uint64_t start, uint64_t end, const std::string& checkpoint);

  const Url& url_;
  std::unique_ptr<Client> client_;
  Ledger& replica_;
  const MirrorOptions& options_;
  const note::VerifierKey key_;
  MirrorStats stats_;
  note::Checkpoint remote_;
  std::vector<Exhibit> exhibits_;
  uint64_t batch_ = 0;
  std::vector<std::pair<uint64_t, Hash>> boundaries_;  // (size, root), ascending, last = remote size
};

Result<std::string> Round::Fetch(const std::string& path, bool optional) {
  LEDGER_ASSIGN_OR_RETURN(Response res, client_->Get(url_.prefix + "/" + path));
  if (res.result_int() != 200) {
    const std::string what = "GET " + url_.prefix + "/" + path + ": HTTP " +
                             std::to_string(res.result_int());
    return optional ? Status::NotFound(what) : Status::Unavailable(what);
  }
  return std::move(res.body());
}

Status Round::CheckWitnesses(const std::string& note_text) {
  if (options_.witnesses.empty()) return Status::Ok();
  LEDGER_ASSIGN_OR_RETURN(note::SignedNote parsed, note::Parse(note_text));
  size_t valid = 0;
  for (const cosig::CosignerKey& w : options_.witnesses) {
    auto v = cosig::Verify(parsed, w);
    if (v.ok()) {
      ++valid;
    } else if (v.status().code() == Code::kDataLoss) {
      return Status::DataLoss("witness-cosignature: the cosignature of " + w.name +
                              " on the remote checkpoint does not verify");
    }
  }
  if (valid < options_.witness_quorum) {
    return Status::PermissionDenied(
        "witness-policy: the remote checkpoint carries " + std::to_string(valid) +
        " valid cosignature(s) of the " + std::to_string(options_.witnesses.size()) +
        " witnesses given; the policy needs " + std::to_string(options_.witness_quorum));
  }
  return Status::Ok();
}

Result<std::vector<Hash>> Round::FetchHashTile(uint64_t n) {
  const tiles::TileId id{false, 0, n, tiles::WidthAt(0, n, remote_.size)};
  LEDGER_ASSIGN_OR_RETURN(std::string body, Fetch(tiles::Path(id)));
  if (body.size() != 32 * size_t{id.width}) {
    return Status::DataLoss("tampered: " + tiles::Path(id) + " holds " +
                            std::to_string(body.size()) + " bytes, not " +
                            std::to_string(32 * id.width));
  }
  std::vector<Hash> out(id.width);
  for (uint32_t i = 0; i < id.width; ++i) std::memcpy(out[i].data(), body.data() + 32 * i, 32);
  return out;
}

Status Round::ProveExtension() {
  const uint64_t old_size = stats_.old_size;
  // The replica's tree at old_size, from its own stored nodes.
  std::vector<Hash> frontier;
  for (const merkle::Range& r : merkle::PerfectSubtrees({0, old_size})) {
    const auto level = static_cast<uint8_t>(std::countr_zero(r.size()));
    LEDGER_ASSIGN_OR_RETURN(auto h, replica_.StoredSubtreeHashes(level, r.begin >> level, 1));
    frontier.push_back(h[0]);
  }
  merkle::CompactRange tree(old_size, std::move(frontier));
  for (uint64_t n = old_size / tiles::kTileWidth; n * tiles::kTileWidth < remote_.size; ++n) {
    LEDGER_ASSIGN_OR_RETURN(std::vector<Hash> hashes, FetchHashTile(n));
    const uint64_t base = n * tiles::kTileWidth;
    if (base < old_size) {
      // Entries the replica holds: the remote must still have them.
      LEDGER_ASSIGN_OR_RETURN(auto held, replica_.StoredSubtreeHashes(0, base, old_size - base));
      for (size_t i = 0; i < held.size(); ++i) {
        if (held[i] != hashes[i]) {
          return Status::DataLoss("fork at seq " + std::to_string(base + i) +
                                  ": the remote's entry differs from the one the replica holds");
        }
      }
    }
    for (uint64_t seq = std::max(base, old_size); seq < base + hashes.size(); ++seq) {
      tree.Append(hashes[seq - base]);
      if (tree.size() % batch_ == 0 || tree.size() == remote_.size) {
        boundaries_.emplace_back(tree.size(), tree.Root());
      }
    }
  }
  if (tree.Root() != remote_.root) {
    if (old_size == 0) {
      return Status::DataLoss("tampered: the remote's tiles do not give its checkpoint's root");
    }
    return Status::DataLoss("fork: the remote's checkpoint for size " +
                            std::to_string(remote_.size) +
                            " does not extend the replica's for size " + std::to_string(old_size) +
                            " (or its tiles contradict its checkpoint)");
  }
  return Status::Ok();
}

Status Round::ImportRange(uint64_t start, uint64_t end, const std::string& checkpoint) {
  std::vector<Bytes> records;
  records.reserve(end - start);
  for (uint64_t n = start / tiles::kTileWidth; n * tiles::kTileWidth < end; ++n) {
    const tiles::TileId id{true, 0, n, tiles::WidthAt(0, n, remote_.size)};
    LEDGER_ASSIGN_OR_RETURN(std::string bundle, Fetch(tiles::Path(id)));
    ++stats_.bundles_fetched;
    auto entries = tiles::ParseBundle(AsBytes(bundle));
    if (!entries.ok() || entries->size() != id.width) {
      return Status::DataLoss("tampered: " + tiles::Path(id) + " is not a bundle of " +
                              std::to_string(id.width) + " entries");
    }
    const uint64_t base = n * tiles::kTileWidth;
    for (uint64_t seq = std::max(base, start); seq < std::min(end, base + id.width); ++seq) {
      records.push_back(std::move((*entries)[seq - base]));
    }
  }
  Status s = replica_.ImportBatch(records, checkpoint);
  if (s.code() == Code::kDataLoss && s.message().starts_with("checkpoint-root")) {
    return Status::DataLoss("tampered: the entries served for seqs " + std::to_string(start) +
                            " to " + std::to_string(end - 1) +
                            " are not the ones the remote's tiles and checkpoint commit to (" +
                            s.message() + ")");
  }
  if (s.ok()) ++stats_.batches;
  return s;
}

Result<MirrorStats> Round::Run() {
  stats_.old_size = replica_.Size();
  if (stats_.old_size > 0) {
    LEDGER_ASSIGN_OR_RETURN(std::string kept, replica_.Checkpoint());
    exhibits_.push_back({"old", std::move(kept)});
  }
  LEDGER_ASSIGN_OR_RETURN(std::string note_text, Fetch("checkpoint"));
  exhibits_.push_back({"new", note_text});
  auto cp = note::OpenCheckpoint(note_text, key_);
  if (!cp.ok()) {
    return Status::DataLoss("checkpoint-signature: the remote checkpoint is not one signed by " +
                            key_.ToString() + ": " + cp.status().message());
  }
  remote_ = *cp;
  stats_.new_size = remote_.size;
  LEDGER_RETURN_IF_ERROR(CheckWitnesses(note_text));
  if (remote_.size < stats_.old_size) {
    return Status::DataLoss("rollback: the remote is at size " + std::to_string(remote_.size) +
                            ", the replica already holds " + std::to_string(stats_.old_size));
  }
  if (remote_.size == stats_.old_size) {
    LEDGER_ASSIGN_OR_RETURN(Hash held, replica_.RootAt(stats_.old_size));
    if (held != remote_.root) {
      return Status::DataLoss("fork: the remote signed another tree of size " +
                              std::to_string(remote_.size) + " than the replica holds");
    }
    return stats_;  // up to date
  }
  batch_ = std::max<uint64_t>(1, (options_.batch_records + tiles::kTileWidth - 1) /
                                     tiles::kTileWidth) * tiles::kTileWidth;
  LEDGER_RETURN_IF_ERROR(ProveExtension());

  uint64_t start = stats_.old_size;
  for (size_t b = 0; b < boundaries_.size(); ++b) {
    auto [end, root] = boundaries_[b];
    std::string seal = note_text;
    if (end < remote_.size) {
      auto sealed = Fetch("v1/checkpoint?size=" + std::to_string(end), /*optional=*/true);
      if (!sealed.ok()) {
        if (sealed.status().code() != Code::kNotFound) return sealed.status();
        // Only the latest checkpoint is to be had: the rest in one batch.
        end = remote_.size;
        b = boundaries_.size() - 1;
      } else {
        auto opened = note::OpenCheckpoint(*sealed, key_);
        if (!opened.ok() || opened->root != root) {
          exhibits_.push_back({"batch", *sealed});
          return Status::DataLoss(
              !opened.ok() ? "checkpoint-signature: the remote checkpoint for size " +
                                 std::to_string(end) + " does not verify"
                           : "fork: the remote's checkpoint for size " + std::to_string(end) +
                                 " is not of the tree its latest checkpoint and tiles commit to");
        }
        seal = std::move(*sealed);
      }
    }
    LEDGER_RETURN_IF_ERROR(ImportRange(start, end, seal));
    start = end;
  }
  return stats_;
}

// "20261201T025500Z": the UTC time, fit for a file name.
std::string Stamp() {
  std::string t = FormatUtcSeconds(std::time(nullptr));
  std::erase_if(t, [](char c) { return c == '-' || c == ':'; });
  return t;
}

Status Round::WithEvidence(const Status& s) {
  if (s.code() != Code::kDataLoss || options_.evidence_dir.empty() || exhibits_.empty()) return s;
  const fs::path dir(options_.evidence_dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  // One prefix per incident, never overwriting an earlier one.
  std::string prefix = Stamp();
  for (int i = 2; fs::exists(dir / (prefix + "-new.checkpoint"), ec); ++i) {
    prefix = Stamp() + "-" + std::to_string(i);
  }
  std::string written;
  for (const Exhibit& e : exhibits_) {
    const fs::path path = dir / (prefix + "-" + e.name + ".checkpoint");
    Status w = WriteFileDurably(path.string(), e.text, 0644);
    if (!w.ok()) return Status::DataLoss(s.message() + "; the evidence could not be written: " + w.message());
    written += (written.empty() ? "" : ", ") + path.string();
  }
  return Status::DataLoss(s.message() + "; evidence: " + written);
}

}  // namespace

Result<MirrorStats> MirrorOnce(const std::string& base_url, Ledger& replica,
                               const MirrorOptions& options) {
  if (!replica.IsReplica()) {
    return Status::FailedPrecondition("the mirror's directory holds a ledger that is not a replica");
  }
  LEDGER_ASSIGN_OR_RETURN(Url url, ParseUrl(base_url));
  LEDGER_ASSIGN_OR_RETURN(auto client, Client::Connect(url.host, url.port));
  Round round(url, std::move(client), replica, options);
  auto stats = round.Run();
  if (stats.ok()) return stats;
  return round.WithEvidence(stats.status());
}

}  // namespace ledger::api
