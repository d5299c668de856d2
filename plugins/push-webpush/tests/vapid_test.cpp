// SPDX-License-Identifier: Apache-2.0
// RFC 8292: the JWT verifies with the public key the browsers get, carries the right claims,
// is reused per origin and renewed before it expires.
#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include <switchboard/base64url.hpp>
#include <switchboard/json.hpp>

#include "vapid.hpp"

namespace webpush {
namespace {

namespace json = boost::json;
using namespace std::chrono;

// Verifies an ES256 JWS signature (r||s) with OpenSSL, independently of sign_es256.
bool verifies(const Key& key, const std::string& signing_input, const std::string& raw_sig) {
  if (raw_sig.size() != 64) return false;
  ECDSA_SIG* sig = ECDSA_SIG_new();
  auto* bytes = reinterpret_cast<const unsigned char*>(raw_sig.data());
  ECDSA_SIG_set0(sig, BN_bin2bn(bytes, 32, nullptr), BN_bin2bn(bytes + 32, 32, nullptr));
  unsigned char* der = nullptr;
  int der_len = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  bool ok = EVP_DigestVerifyInit(md, nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
            EVP_DigestVerify(md, der, std::size_t(der_len),
                             reinterpret_cast<const unsigned char*>(signing_input.data()),
                             signing_input.size()) == 1;
  EVP_MD_CTX_free(md);
  OPENSSL_free(der);
  return ok;
}

struct Jwt {
  json::object header, claims;
  std::string signing_input, signature;
};

Jwt split(const std::string& jwt) {
  auto a = jwt.find('.'), b = jwt.rfind('.');
  EXPECT_NE(a, b);
  Jwt j;
  j.header = json::parse(sb::base64url_decode(jwt.substr(0, a)).value()).as_object();
  j.claims = json::parse(sb::base64url_decode(jwt.substr(a + 1, b - a - 1)).value()).as_object();
  j.signing_input = jwt.substr(0, b);
  j.signature = sb::base64url_decode(jwt.substr(b + 1)).value();
  return j;
}

TEST(Vapid, JwtVerifiesWithThePublicKeyAndHasTheClaims) {
  auto now = system_clock::now();
  Key key = generate_p256();
  Key pub = p256_from_public(public_point(key));
  Vapid vapid(generate_p256(), "mailto:ops@example.com", [&] { return now; });

  std::string jwt = make_vapid_jwt(key, "https://push.example.net", 1700000000, "mailto:a@b.c");
  Jwt j = split(jwt);
  EXPECT_EQ(j.header.at("alg"), "ES256");
  EXPECT_EQ(j.header.at("typ"), "JWT");
  EXPECT_EQ(j.claims.at("aud"), "https://push.example.net");
  EXPECT_EQ(j.claims.at("exp"), 1700000000);
  EXPECT_EQ(j.claims.at("sub"), "mailto:a@b.c");
  EXPECT_TRUE(verifies(pub, j.signing_input, j.signature));
  EXPECT_FALSE(
      verifies(p256_from_public(public_point(generate_p256())), j.signing_input, j.signature))
      << "another key must not verify it";
  std::string tampered = j.signing_input;
  tampered.back() ^= 1;
  EXPECT_FALSE(verifies(pub, tampered, j.signature));
}

TEST(Vapid, AuthorizationHeaderIsForTheOriginAndExpiresWithin24Hours) {
  auto now = system_clock::now();
  Key key = generate_p256();
  std::string public_b64 = sb::base64url_encode(public_point(key));
  Key pub = p256_from_public(public_point(key));
  Vapid vapid(std::move(key), "https://example.com/contact", [&] { return now; });
  EXPECT_EQ(vapid.public_key(), public_b64);

  std::string h = vapid.authorization("https://push.example.net:8443");
  ASSERT_TRUE(h.starts_with("vapid t="));
  auto comma = h.find(", k=");
  ASSERT_NE(comma, std::string::npos);
  EXPECT_EQ(h.substr(comma + 4), public_b64);
  Jwt j = split(h.substr(8, comma - 8));
  EXPECT_TRUE(verifies(pub, j.signing_input, j.signature));
  EXPECT_EQ(j.claims.at("aud"), "https://push.example.net:8443");
  EXPECT_EQ(j.claims.at("sub"), "https://example.com/contact");
  auto exp = j.claims.at("exp").as_int64();
  auto now_s = duration_cast<seconds>(now.time_since_epoch()).count();
  EXPECT_GT(exp, now_s + 11 * 3600);
  EXPECT_LE(exp, now_s + 24 * 3600);
}

TEST(Vapid, CachesPerOriginAndRenewsBeforeExpiry) {
  auto now = system_clock::now();
  Vapid vapid(generate_p256(), "mailto:ops@example.com", [&] { return now; });
  std::string a1 = vapid.authorization("https://a.example");
  std::string b1 = vapid.authorization("https://b.example");
  EXPECT_NE(a1, b1);
  now += hours(5);
  EXPECT_EQ(vapid.authorization("https://a.example"), a1) << "still valid for hours: reused";
  now += hours(6) + minutes(30);  // 11.5 h in: less than an hour left
  std::string a2 = vapid.authorization("https://a.example");
  EXPECT_NE(a2, a1);
  auto exp = split(a2.substr(8, a2.find(", k=") - 8)).claims.at("exp").as_int64();
  EXPECT_GT(exp, duration_cast<seconds>(now.time_since_epoch()).count() + 11 * 3600);
}

TEST(Vapid, SubjectMustBeMailtoOrHttps) {
  EXPECT_FALSE(subject_problem("mailto:ops@example.com"));
  EXPECT_FALSE(subject_problem("https://example.com"));
  for (auto bad : {"", "ops@example.com", "http://example.com", "mailto:", "https://"}) {
    auto p = subject_problem(bad);
    ASSERT_TRUE(p) << bad;
    EXPECT_TRUE(p->starts_with("subject: ")) << *p;
  }
}

}  // namespace
}  // namespace webpush
