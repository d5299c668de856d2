// SPDX-License-Identifier: Apache-2.0
// See access_tokens.hpp. A Signer per call: Poco does not promise that one is thread-safe,
// and making one costs next to nothing.
#include "kernel/core/access_tokens.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <Poco/Crypto/OpenSSLInitializer.h>
#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <Poco/Timestamp.h>

#include "kernel/core/secrets.hpp"

namespace sb::core {
namespace {

Poco::Timestamp from_seconds(std::int64_t s) {
  return Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(s));
}

[[noreturn]] void fail(const std::string& what, const std::string& path, int err) {
  throw std::runtime_error(what + " " + path + ": " + std::strerror(err));
}

void write_key(const std::string& path, const std::string& key) {
  // Written beside and renamed into place, so a crash never leaves a short key behind.
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) fail("cannot create", tmp, errno);
  ::fchmod(fd, 0600);  // the umask may not be taken away from 0600, but be explicit
  bool ok = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size());
  int err = errno;
  ok = ::fsync(fd) == 0 && ok;
  ::close(fd);
  if (!ok) fail("cannot write", tmp, err);
  if (::rename(tmp.c_str(), path.c_str()) != 0) fail("cannot rename to", path, errno);
}

}  // namespace

std::string AccessTokens::load_or_create_key(const std::string& data_dir) {
  std::string path = (std::filesystem::path(data_dir) / "jwt.key").string();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (std::filesystem::exists(path)) fail("cannot read", path, errno);
    std::string key = random_bytes(kKeyBytes);
    write_key(path, key);
    return key;
  }
  std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (key.size() != kKeyBytes)
    throw std::runtime_error(path + ": expected " + std::to_string(kKeyBytes) + " bytes, found " +
                             std::to_string(key.size()) +
                             " (delete it to make a new key; every session is logged out)");
  return key;
}

AccessTokens::AccessTokens(std::string key, std::chrono::seconds ttl)
    : key_(std::move(key)), ttl_(ttl) {
  // Every Signer initialises Poco's OpenSSL layer and releases it again; when the count
  // falls to zero while another thread verifies, Poco frees what that thread uses (a crash
  // under concurrent logins, found by the bench). One reference held for the process's
  // lifetime keeps the count above zero.
  static Poco::Crypto::OpenSSLInitializer keep_openssl_initialised;
}

std::string AccessTokens::issue(const Identity& who, std::int64_t now_s) const {
  Poco::JWT::Token token;
  token.setType("JWT");
  token.setSubject(who.user);
  token.payload().set("dev", who.device);
  token.setIssuedAt(from_seconds(now_s));
  token.setExpiration(from_seconds(now_s + ttl_.count()));
  token.setId(base64url(random_bytes(12)));
  Poco::JWT::Signer signer(key_);
  return signer.sign(token, Poco::JWT::Signer::ALGO_HS256);
}

std::optional<AccessClaims> AccessTokens::verify(std::string_view jwt, std::int64_t now_s) const {
  try {
    Poco::JWT::Signer signer(key_);  // accepts HS256 only: "none" and RS/ES tokens fail
    Poco::JWT::Token token;
    if (!signer.tryVerify(std::string(jwt), token)) return std::nullopt;
    const auto& p = token.payload();
    if (!p.has("exp") || !p.has("sub") || !p.has("dev")) return std::nullopt;
    AccessClaims c;
    c.expires_s = token.getExpiration().epochTime();
    if (c.expires_s <= now_s) return std::nullopt;
    c.issued_s = token.getIssuedAt().epochTime();
    c.who.user = token.getSubject();
    c.who.device = p.getValue<std::string>("dev");
    c.jti = token.getId();
    if (c.who.user.empty() || c.who.device.empty()) return std::nullopt;
    return c;
  } catch (...) {
    // Whatever a forged or mangled token makes Poco throw, the answer is "not valid".
    return std::nullopt;
  }
}

}  // namespace sb::core
