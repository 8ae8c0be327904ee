// Key files of a ledger directory, and durable whole-file writes.
#include "store/files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ledger/store.h"

namespace ledger::store {

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + path + ": " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Status WriteFileDurably(const std::string& path, std::string_view data, unsigned mode) {
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0)
    return Status::FailedPrecondition("cannot write " + tmp + ": " + std::strerror(errno));
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return Status::ResourceExhausted("cannot write " + tmp + ": " + std::strerror(err));
    }
    done += size_t(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    return Status::ResourceExhausted("cannot sync " + tmp + ": " + std::strerror(errno));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    return Status::FailedPrecondition("cannot rename " + tmp + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

Status WriteKeyFiles(const std::string& dir, const std::string& origin, const SigningKey& key) {
  namespace fs = std::filesystem;
  LEDGER_RETURN_IF_ERROR(
      WriteFileDurably((fs::path(dir) / kLogKeyFile).string(), key.ToPem(), 0600));
  std::string vkey = note::VerifierKey::ForKey(origin, key.public_key()).ToString() + "\n";
  return WriteFileDurably((fs::path(dir) / kLogVkeyFile).string(), vkey, 0644);
}

Result<KeyFiles> ReadKeyFiles(const std::string& dir, bool need_signing_key) {
  namespace fs = std::filesystem;
  KeyFiles out;
  std::string vkey_path = (fs::path(dir) / kLogVkeyFile).string();
  LEDGER_ASSIGN_OR_RETURN(std::string vkey_text, ReadFile(vkey_path));
  while (!vkey_text.empty() && (vkey_text.back() == '\n' || vkey_text.back() == '\r')) {
    vkey_text.pop_back();
  }
  auto vkey = note::VerifierKey::Parse(vkey_text);
  if (!vkey.ok()) return vkey.status().WithContext(vkey_path);
  out.vkey = *vkey;
  std::string key_path = (fs::path(dir) / kLogKeyFile).string();
  auto pem = ReadFile(key_path);
  if (!pem.ok()) {
    if (need_signing_key) {
      return Status::FailedPrecondition(key_path +
                                        " is missing: appending needs the log's signing key");
    }
    return out;
  }
  auto key = SigningKey::FromPem(*pem);
  if (!key.ok()) return key.status().WithContext(key_path);
  if (key->public_key() != out.vkey.key) {
    return Status::FailedPrecondition(key_path + " does not match " + vkey_path);
  }
  out.signing_key = std::move(key).value();
  return out;
}

}  // namespace ledger::store
