// SPDX-License-Identifier: Apache-2.0
// See url_signer.hpp. The expiry is inside the signed text, so it cannot be extended, and
// the id is, so a link cannot be moved to other media.
#include "url_signer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

namespace media_layer {

namespace {
std::string hex(const unsigned char* p, std::size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    s += kHex[p[i] >> 4];
    s += kHex[p[i] & 15];
  }
  return s;
}
}  // namespace

std::string UrlSigner::load_or_create_key(const std::string& path) {
  char buf[32];
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    auto n = ::read(fd, buf, sizeof buf);
    ::close(fd);
    if (n == static_cast<ssize_t>(sizeof buf)) return std::string(buf, sizeof buf);
    throw std::runtime_error(path + ": expected 32 bytes of key");
  }
  if (RAND_bytes(reinterpret_cast<unsigned char*>(buf), sizeof buf) != 1)
    throw std::runtime_error("no randomness for the media link key");
  fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + path + ": " + std::strerror(errno));
  bool ok = ::write(fd, buf, sizeof buf) == static_cast<ssize_t>(sizeof buf) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
  return std::string(buf, sizeof buf);
}

std::string UrlSigner::sign(const std::string& id, std::int64_t expires_s) const {
  std::string text = id + "\n" + std::to_string(expires_s);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
       reinterpret_cast<const unsigned char*>(text.data()), text.size(), mac, &len);
  return hex(mac, len);
}

std::string UrlSigner::url(const std::string& id, std::int64_t expires_s) const {
  return "/v1/media/" + id + "?exp=" + std::to_string(expires_s) + "&sig=" + sign(id, expires_s);
}

UrlSigner::Check UrlSigner::check(const std::string& id, const std::string& exp,
                                  const std::string& sig, std::int64_t now_s) const {
  if (exp.empty() || exp.size() > 18) return Check::bad;
  std::int64_t e = 0;
  for (char c : exp) {
    if (c < '0' || c > '9') return Check::bad;
    e = e * 10 + (c - '0');
  }
  auto want = sign(id, e);
  if (sig.size() != want.size() || CRYPTO_memcmp(sig.data(), want.data(), want.size()) != 0)
    return Check::bad;
  return e < now_s ? Check::expired : Check::ok;
}

}  // namespace media_layer
