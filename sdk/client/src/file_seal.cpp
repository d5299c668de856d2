// SPDX-License-Identifier: Apache-2.0
// See file_seal.hpp. OpenSSL's EVP interface does the cipher and the hash; this file only
// streams files through them.
#include "file_seal.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <vector>

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <switchboard/client/error.hpp>

namespace sb::client::detail {
namespace {

constexpr std::size_t kKeyBytes = 32, kNonceBytes = 12, kTagBytes = 16;
constexpr std::size_t kBuffer = 64 * 1024;

using File = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;
using Cipher = std::unique_ptr<EVP_CIPHER_CTX, void (*)(EVP_CIPHER_CTX*)>;
using Digest = std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)>;

[[noreturn]] void local_error(const std::string& what) {
  throw Error(ErrorKind::local, "local", what);
}

File open(const std::string& path, const char* mode) {
  File f(std::fopen(path.c_str(), mode), &std::fclose);
  if (!f) local_error("cannot open " + path + (mode[0] == 'r' ? " to read" : " to write"));
  return f;
}

void write(std::FILE* f, const unsigned char* data, std::size_t n, const std::string& path) {
  if (n && std::fwrite(data, 1, n, f) != n) local_error("cannot write " + path);
}

Digest new_sha256() {
  Digest d(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!d || EVP_DigestInit_ex(d.get(), EVP_sha256(), nullptr) != 1) local_error("no SHA-256");
  return d;
}

std::string hex_digest(EVP_MD_CTX* d) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned n = 0;
  EVP_DigestFinal_ex(d, out, &n);
  return to_hex(std::string(reinterpret_cast<char*>(out), n));
}

Cipher gcm(bool encrypt, const unsigned char* key, const unsigned char* nonce) {
  Cipher c(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!c ||
      EVP_CipherInit_ex(c.get(), EVP_aes_256_gcm(), nullptr, key, nonce, encrypt ? 1 : 0) != 1)
    local_error("no AES-256-GCM");
  return c;
}

}  // namespace

std::string to_hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

std::string from_hex(const std::string& hex) {
  auto digit = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (hex.size() % 2) return {};
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int hi = digit(hex[i]), lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return {};
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

SealedFile seal_file(const std::string& in_path, const std::string& out_path) {
  unsigned char key[kKeyBytes], nonce[kNonceBytes];
  if (RAND_bytes(key, sizeof key) != 1 || RAND_bytes(nonce, sizeof nonce) != 1)
    local_error("no random bytes for a key");
  auto in = open(in_path, "rb");
  auto out = open(out_path, "wb");
  auto cipher = gcm(true, key, nonce);
  auto digest = new_sha256();
  SealedFile sealed{std::string(reinterpret_cast<char*>(key), sizeof key), {}, 0};
  auto emit = [&](const unsigned char* data, std::size_t n) {
    write(out.get(), data, n, out_path);
    EVP_DigestUpdate(digest.get(), data, n);
    sealed.size += n;
  };
  emit(nonce, sizeof nonce);
  std::vector<unsigned char> plain(kBuffer), sealed_buf(kBuffer + 16);
  for (;;) {
    auto n = std::fread(plain.data(), 1, plain.size(), in.get());
    if (n == 0) {
      if (std::ferror(in.get())) local_error("cannot read " + in_path);
      break;
    }
    int len = 0;
    EVP_EncryptUpdate(cipher.get(), sealed_buf.data(), &len, plain.data(), static_cast<int>(n));
    emit(sealed_buf.data(), static_cast<std::size_t>(len));
  }
  int len = 0;
  unsigned char tag[kTagBytes];
  if (EVP_EncryptFinal_ex(cipher.get(), sealed_buf.data(), &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(cipher.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, tag) != 1)
    local_error("encryption failed");
  emit(sealed_buf.data(), static_cast<std::size_t>(len));
  emit(tag, sizeof tag);
  if (std::fflush(out.get()) != 0) local_error("cannot write " + out_path);
  sealed.sha256 = hex_digest(digest.get());
  return sealed;
}

void open_file(const std::string& in_path, const std::string& key, const std::string& sha256,
               const std::string& out_path) {
  if (key.size() != kKeyBytes)
    throw Error(ErrorKind::protocol, "bad_key", "a media key is 32 bytes (64 hex digits)");
  std::error_code ec;
  auto total = std::filesystem::file_size(in_path, ec);
  if (ec) local_error("cannot read " + in_path);
  if (total < kNonceBytes + kTagBytes)
    throw Error(ErrorKind::protocol, "tampered", "the download is too short to be sealed");
  auto in = open(in_path, "rb");
  auto digest = new_sha256();
  unsigned char nonce[kNonceBytes], tag[kTagBytes];
  auto read_exact = [&](unsigned char* into, std::size_t n) {
    if (std::fread(into, 1, n, in.get()) != n) local_error("cannot read " + in_path);
    EVP_DigestUpdate(digest.get(), into, n);
  };
  read_exact(nonce, sizeof nonce);
  auto cipher = gcm(false, reinterpret_cast<const unsigned char*>(key.data()), nonce);
  std::string part = out_path + ".part";
  auto out = open(part, "wb");
  auto fail = [&](const char* code, const std::string& why) {
    out.reset();
    std::filesystem::remove(part, ec);
    throw Error(ErrorKind::protocol, code, why);
  };
  std::vector<unsigned char> sealed_buf(kBuffer), plain(kBuffer + 16);
  for (std::uint64_t left = total - kNonceBytes - kTagBytes; left > 0;) {
    auto n = static_cast<std::size_t>(std::min<std::uint64_t>(left, sealed_buf.size()));
    read_exact(sealed_buf.data(), n);
    int len = 0;
    EVP_DecryptUpdate(cipher.get(), plain.data(), &len, sealed_buf.data(), static_cast<int>(n));
    write(out.get(), plain.data(), static_cast<std::size_t>(len), part);
    left -= n;
  }
  read_exact(tag, sizeof tag);
  if (!sha256.empty() && hex_digest(digest.get()) != sha256)
    fail("tampered", "the download's SHA-256 is not the one the sender named");
  int len = 0;
  if (EVP_CIPHER_CTX_ctrl(cipher.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag) != 1 ||
      EVP_DecryptFinal_ex(cipher.get(), plain.data(), &len) != 1)
    fail("tampered", "the file does not decrypt with its key (wrong key or altered bytes)");
  write(out.get(), plain.data(), static_cast<std::size_t>(len), part);
  if (std::fflush(out.get()) != 0) local_error("cannot write " + part);
  out.reset();
  std::filesystem::rename(part, out_path, ec);
  if (ec) local_error("cannot move " + part + " to " + out_path + ": " + ec.message());
}

}  // namespace sb::client::detail
