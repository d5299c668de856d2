// SPDX-License-Identifier: Apache-2.0
// See p256.hpp. Only OpenSSL 3 calls that are not deprecated, so -Werror holds.
#include "p256.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <cstdio>
#include <stdexcept>

namespace webpush {

void KeyFree::operator()(evp_pkey_st* key) const {
  EVP_PKEY_free(key);
}

namespace {

constexpr char kCurve[] = "prime256v1";

[[noreturn]] void fail(const char* what) {
  char buf[256] = "";
  ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
  ERR_clear_error();
  throw std::runtime_error(std::string(what) + ": " + buf);
}

template <class T, void (*F)(T*)>
struct Deleter {
  void operator()(T* p) const { F(p); }
};
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using ParamBld = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>>;
using Bn = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using Group = std::unique_ptr<EC_GROUP, Deleter<EC_GROUP, EC_GROUP_free>>;
using Point = std::unique_ptr<EC_POINT, Deleter<EC_POINT, EC_POINT_free>>;
using EcdsaSig = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG, ECDSA_SIG_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

Key from_params(OSSL_PARAM_BLD* bld, int selection) {
  Params params(OSSL_PARAM_BLD_to_param(bld));
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0) fail("EC key import");
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_fromdata(ctx.get(), &raw, selection, params.get()) <= 0) return nullptr;
  return Key(raw);
}

bool is_p256(const Key& key) {
  char name[64] = "";
  size_t len = 0;
  return EVP_PKEY_is_a(key.get(), "EC") &&
         EVP_PKEY_get_utf8_string_param(key.get(), OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name,
                                        &len) == 1 &&
         std::string_view(name, len) == kCurve;
}

}  // namespace

Key generate_p256() {
  EVP_PKEY* raw = EVP_EC_gen(kCurve);
  if (!raw) fail("P-256 key generation");
  return Key(raw);
}

Key p256_from_private(std::string_view scalar) {
  if (scalar.size() != 32) throw std::invalid_argument("a P-256 private key has 32 bytes");
  Group group(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
  Bn priv(BN_bin2bn(reinterpret_cast<const unsigned char*>(scalar.data()), 32, nullptr));
  if (!group || !priv) fail("P-256 private key");
  Point pub(EC_POINT_new(group.get()));
  unsigned char octets[65];
  if (!pub || EC_POINT_mul(group.get(), pub.get(), priv.get(), nullptr, nullptr, nullptr) != 1 ||
      EC_POINT_point2oct(group.get(), pub.get(), POINT_CONVERSION_UNCOMPRESSED, octets,
                         sizeof octets, nullptr) != sizeof octets)
    fail("P-256 public point");
  ParamBld bld(OSSL_PARAM_BLD_new());
  if (!bld || !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, kCurve, 0) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, priv.get()) ||
      !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, octets, sizeof octets))
    fail("P-256 key parameters");
  auto key = from_params(bld.get(), EVP_PKEY_KEYPAIR);
  if (!key) fail("P-256 key pair import");
  return key;
}

Key p256_from_public(std::string_view point) {
  if (point.size() != 65 || point[0] != 0x04) return nullptr;
  ParamBld bld(OSSL_PARAM_BLD_new());
  if (!bld || !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, kCurve, 0) ||
      !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                        point.size()))
    fail("P-256 key parameters");
  auto key = from_params(bld.get(), EVP_PKEY_PUBLIC_KEY);
  ERR_clear_error();  // a point off the curve leaves an error behind; it is an answer here
  if (!key) return nullptr;
  // Import decodes the point; the explicit check also refuses the point at infinity and
  // any point outside the group, so an ECDH with it cannot leak the sender's key.
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (!ctx) fail("EC key check");
  bool ok = EVP_PKEY_public_check(ctx.get()) == 1;
  ERR_clear_error();
  return ok ? std::move(key) : nullptr;
}

std::string public_point(const Key& key) {
  unsigned char octets[65];
  size_t len = 0;
  if (EVP_PKEY_get_octet_string_param(key.get(), OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, octets,
                                      sizeof octets, &len) != 1 ||
      len != sizeof octets)
    fail("P-256 public point export");
  return std::string(reinterpret_cast<char*>(octets), len);
}

std::string ecdh(const Key& own_private, const Key& peer_public) {
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, own_private.get(), nullptr));
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) <= 0 ||
      EVP_PKEY_derive_set_peer(ctx.get(), peer_public.get()) <= 0)
    fail("ECDH");
  std::string secret(32, '\0');
  size_t len = secret.size();
  if (EVP_PKEY_derive(ctx.get(), reinterpret_cast<unsigned char*>(secret.data()), &len) <= 0 ||
      len != 32)
    fail("ECDH derive");
  return secret;
}

std::string sign_es256(const Key& key, std::string_view data) {
  MdCtx md(EVP_MD_CTX_new());
  if (!md || EVP_DigestSignInit(md.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1)
    fail("ES256 sign init");
  size_t der_len = 0;
  auto in = reinterpret_cast<const unsigned char*>(data.data());
  if (EVP_DigestSign(md.get(), nullptr, &der_len, in, data.size()) != 1) fail("ES256 sign");
  std::string der(der_len, '\0');
  if (EVP_DigestSign(md.get(), reinterpret_cast<unsigned char*>(der.data()), &der_len, in,
                     data.size()) != 1)
    fail("ES256 sign");
  auto p = reinterpret_cast<const unsigned char*>(der.data());
  EcdsaSig sig(d2i_ECDSA_SIG(nullptr, &p, long(der_len)));
  if (!sig) fail("ES256 signature decode");
  std::string raw(64, '\0');
  auto out = reinterpret_cast<unsigned char*>(raw.data());
  if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), out, 32) != 32 ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), out + 32, 32) != 32)
    fail("ES256 signature encode");
  return raw;
}

Key read_private_pem(const std::string& path) {
  Bio bio(BIO_new_file(path.c_str(), "r"));
  if (!bio) {
    ERR_clear_error();
    throw std::runtime_error("cannot read the VAPID key file " + path);
  }
  Key key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  ERR_clear_error();
  if (!key) throw std::runtime_error(path + " holds no PEM private key");
  if (!is_p256(key)) throw std::runtime_error(path + " is not a P-256 (prime256v1) EC key");
  return key;
}

std::string private_pem(const Key& key) {
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio ||
      PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    fail("PEM encode");
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, std::size_t(len));
}

}  // namespace webpush
