// The proof wire formats (ledger/proof_formats.h): one reader and one writer each.
#include "ledger/proof_formats.h"

#include <boost/json.hpp>
#include <set>

#include "ledger/binary_archive.h"

namespace ledger {
namespace json = boost::json;

// The signer chain's binary form inside tlog-proof extra data (FORMAT.md 7.3).
template <class Archive>
void serialize(Archive& ar, SignerPart::Link& link) {
  ar(link.index, link.leaf, link.hashes);
}

namespace {

Result<json::object> ParseObject(std::string_view text, const std::set<std::string>& required,
                                 const std::set<std::string>& optional) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return Status::InvalidArgument("not a JSON object");
  json::object& o = v.get_object();
  for (const auto& kv : o) {
    std::string k(kv.key());
    if (!required.contains(k) && !optional.contains(k)) {
      return Status::InvalidArgument("unexpected key \"" + k + "\"");
    }
  }
  for (const auto& k : required) {
    if (!o.contains(k)) return Status::InvalidArgument("missing key \"" + k + "\"");
  }
  return std::move(o);
}

Result<uint64_t> Uint(const json::object& o, std::string_view key) {
  const json::value& v = o.at(key);
  if (v.is_uint64()) return v.get_uint64();
  if (v.is_int64() && v.get_int64() >= 0) return uint64_t(v.get_int64());
  return Status::InvalidArgument("\"" + std::string(key) + "\" is not a non-negative integer");
}

Result<std::string> Str(const json::object& o, std::string_view key) {
  const json::value& v = o.at(key);
  if (!v.is_string())
    return Status::InvalidArgument("\"" + std::string(key) + "\" is not a string");
  return std::string(v.get_string());
}

Result<Bytes> Base64Field(const json::object& o, std::string_view key) {
  LEDGER_ASSIGN_OR_RETURN(std::string text, Str(o, key));
  auto bytes = Base64Decode(text);
  if (!bytes.ok()) return bytes.status().WithContext("\"" + std::string(key) + "\"");
  return std::move(bytes).value();
}

Result<std::vector<Hash>> Hashes(const json::object& o) {
  const json::value& v = o.at("hashes");
  if (!v.is_array()) return Status::InvalidArgument("\"hashes\" is not an array");
  std::vector<Hash> out;
  for (const json::value& h : v.get_array()) {
    if (!h.is_string()) return Status::InvalidArgument("\"hashes\" holds a non-string");
    auto hash = Base64DecodeHash(h.get_string());
    if (!hash.ok())
      return hash.status().WithContext("\"hashes\"[" + std::to_string(out.size()) + "]");
    out.push_back(*hash);
  }
  return out;
}

json::array HashArray(const std::vector<Hash>& hashes) {
  json::array a;
  for (const Hash& h : hashes) a.emplace_back(Base64Encode(h));
  return a;
}

// Exactly `required` and `optional` keys in a nested object, named by `what`.
Status CheckKeys(const json::object& o, const std::set<std::string>& required,
                 const std::set<std::string>& optional, const std::string& what) {
  for (const auto& kv : o) {
    std::string k(kv.key());
    if (!required.contains(k) && !optional.contains(k)) {
      return Status::InvalidArgument(what + ": unexpected key \"" + k + "\"");
    }
  }
  for (const auto& k : required) {
    if (!o.contains(k)) return Status::InvalidArgument(what + ": missing key \"" + k + "\"");
  }
  return Status::Ok();
}

}  // namespace

json::object SignerPartToJson(const SignerPart& s) {
  json::array chain;
  for (const SignerPart::Link& l : s.chain) {
    json::object o;
    o["index"] = l.index;
    o["leaf"] = Base64Encode(l.leaf);
    o["hashes"] = HashArray(l.hashes);
    chain.push_back(std::move(o));
  }
  json::object o;
  o["tree_size"] = s.tree_size;
  o["chain"] = std::move(chain);
  return o;
}

Result<SignerPart> SignerPartFromJson(const json::value& v) {
  if (!v.is_object()) return Status::InvalidArgument("\"signer\" is not an object");
  const json::object& o = v.get_object();
  LEDGER_RETURN_IF_ERROR(CheckKeys(o, {"tree_size", "chain"}, {}, "\"signer\""));
  SignerPart s;
  LEDGER_ASSIGN_OR_RETURN(s.tree_size, Uint(o, "tree_size"));
  const json::value& chain = o.at("chain");
  if (!chain.is_array()) return Status::InvalidArgument("\"signer\".\"chain\" is not an array");
  for (const json::value& item : chain.get_array()) {
    const std::string what = "\"signer\".\"chain\"[" + std::to_string(s.chain.size()) + "]";
    if (!item.is_object()) return Status::InvalidArgument(what + " is not an object");
    const json::object& lo = item.get_object();
    LEDGER_RETURN_IF_ERROR(CheckKeys(lo, {"index", "leaf", "hashes"}, {}, what));
    SignerPart::Link l;
    auto index = Uint(lo, "index");
    if (!index.ok()) return index.status().WithContext(what);
    l.index = *index;
    auto leaf = Base64Field(lo, "leaf");
    if (!leaf.ok()) return leaf.status().WithContext(what);
    l.leaf = std::move(leaf).value();
    auto hashes = Hashes(lo);
    if (!hashes.ok()) return hashes.status().WithContext(what);
    l.hashes = std::move(hashes).value();
    s.chain.push_back(std::move(l));
  }
  return s;
}

Result<InclusionProof> ParseInclusionJson(std::string_view text) {
  LEDGER_ASSIGN_OR_RETURN(
      json::object o, ParseObject(text, {"index", "tree_size", "leaf_hash", "hashes", "checkpoint"},
                                  {"leaf", "signer"}));
  InclusionProof p;
  LEDGER_ASSIGN_OR_RETURN(p.index, Uint(o, "index"));
  LEDGER_ASSIGN_OR_RETURN(p.tree_size, Uint(o, "tree_size"));
  LEDGER_ASSIGN_OR_RETURN(std::string leaf_hash, Str(o, "leaf_hash"));
  auto lh = Base64DecodeHash(leaf_hash);
  if (!lh.ok()) return lh.status().WithContext("\"leaf_hash\"");
  p.leaf_hash = *lh;
  LEDGER_ASSIGN_OR_RETURN(p.hashes, Hashes(o));
  LEDGER_ASSIGN_OR_RETURN(p.checkpoint, Str(o, "checkpoint"));
  if (o.contains("leaf")) {
    LEDGER_ASSIGN_OR_RETURN(p.leaf, Base64Field(o, "leaf"));
  }
  if (o.contains("signer")) {
    LEDGER_ASSIGN_OR_RETURN(p.signer, SignerPartFromJson(o.at("signer")));
  }
  return p;
}

json::object InclusionToJson(const InclusionProof& p, bool with_leaf) {
  json::object o;
  o["index"] = p.index;
  o["tree_size"] = p.tree_size;
  o["leaf_hash"] = Base64Encode(p.leaf_hash);
  o["hashes"] = HashArray(p.hashes);
  o["checkpoint"] = p.checkpoint;
  if (with_leaf && p.leaf) o["leaf"] = Base64Encode(*p.leaf);
  if (p.signer) o["signer"] = SignerPartToJson(*p.signer);
  return o;
}

Result<ConsistencyProof> ParseConsistencyJson(std::string_view text) {
  LEDGER_ASSIGN_OR_RETURN(json::object o,
                          ParseObject(text, {"old_size", "new_size", "hashes"}, {}));
  ConsistencyProof p;
  LEDGER_ASSIGN_OR_RETURN(p.old_size, Uint(o, "old_size"));
  LEDGER_ASSIGN_OR_RETURN(p.new_size, Uint(o, "new_size"));
  LEDGER_ASSIGN_OR_RETURN(p.hashes, Hashes(o));
  return p;
}

json::object ConsistencyToJson(const ConsistencyProof& p) {
  json::object o;
  o["old_size"] = p.old_size;
  o["new_size"] = p.new_size;
  o["hashes"] = HashArray(p.hashes);
  return o;
}

Result<TlogProof> ParseTlogProof(std::string_view text) {
  constexpr std::string_view kHeader = "c2sp.org/tlog-proof@v1\n";
  if (!text.starts_with(kHeader)) {
    return Status::InvalidArgument("does not start with the line c2sp.org/tlog-proof@v1");
  }
  size_t pos = kHeader.size();
  auto next_line = [&](std::string_view& line) -> bool {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) return false;
    line = text.substr(pos, nl - pos);
    pos = nl + 1;
    return true;
  };
  TlogProof p;
  std::string_view line;
  if (!next_line(line)) return Status::InvalidArgument("ends after the first line");
  if (line.starts_with("extra ")) {
    auto extra = Base64Decode(line.substr(6));
    if (!extra.ok()) return extra.status().WithContext("extra line");
    auto decoded = DecodeTlogExtra(*extra);
    if (!decoded.ok()) {
      return Status::InvalidArgument(decoded.status().message()).WithContext("extra data");
    }
    p.extra = std::move(decoded->record);
    p.signer = std::move(decoded->signer);
    if (!next_line(line)) return Status::InvalidArgument("no index line");
  }
  if (!line.starts_with("index ")) return Status::InvalidArgument("no index line");
  std::string_view digits = line.substr(6);
  if (digits.empty() || digits.size() > 20 || (digits.size() > 1 && digits[0] == '0')) {
    return Status::InvalidArgument("index is not a decimal number without leading zeros");
  }
  for (char c : digits) {
    if (c < '0' || c > '9') return Status::InvalidArgument("index is not a decimal number");
    uint64_t d = uint64_t(c - '0');
    if (p.index > (UINT64_MAX - d) / 10) return Status::InvalidArgument("index overflows");
    p.index = p.index * 10 + d;
  }
  for (;;) {
    if (!next_line(line)) return Status::InvalidArgument("no empty line before the checkpoint");
    if (line.empty()) break;
    auto h = Base64DecodeHash(line);
    if (!h.ok()) return h.status().WithContext("hash line " + std::to_string(p.hashes.size() + 1));
    p.hashes.push_back(*h);
  }
  p.checkpoint = std::string(text.substr(pos));
  if (p.checkpoint.empty()) return Status::InvalidArgument("no checkpoint after the empty line");
  return p;
}

std::string TlogProofText(const TlogProof& p) {
  std::string out = "c2sp.org/tlog-proof@v1\n";
  if (p.extra) out += "extra " + Base64Encode(EncodeTlogExtra(*p.extra, p.signer)) + "\n";
  out += "index " + std::to_string(p.index) + "\n";
  for (const Hash& h : p.hashes) out += Base64Encode(h) + "\n";
  return out + "\n" + p.checkpoint;
}

TlogProof TlogProofOf(const InclusionProof& p) {
  return TlogProof{p.leaf, p.index, p.hashes, p.checkpoint, p.leaf ? p.signer : std::nullopt};
}

Bytes EncodeTlogExtra(const Bytes& record, const std::optional<SignerPart>& signer) {
  if (!signer) return record;
  std::string out(kSignerExtraMagic);
  BinaryWriter w(out);
  w(record, signer->tree_size, signer->chain);
  return Bytes(out.begin(), out.end());
}

Result<TlogExtra> DecodeTlogExtra(ByteView extra) {
  if (!AsChars(extra).starts_with(kSignerExtraMagic)) {
    return TlogExtra{Bytes(extra.begin(), extra.end()), std::nullopt};
  }
  TlogExtra out;
  out.signer.emplace();
  BinaryReader r(extra.subspan(kSignerExtraMagic.size()));
  r(out.record, out.signer->tree_size, out.signer->chain);
  Status s = r.Finish();
  if (!s.ok()) return s.WithContext(std::string(kSignerExtraMagic) + " container");
  return out;
}

}  // namespace ledger
