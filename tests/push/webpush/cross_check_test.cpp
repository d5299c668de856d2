// SPDX-License-Identifier: Apache-2.0
// An independent implementation checks ours: keys made by the npm package web-push pass our
// check() and encrypt; http_ece decrypts what we produced; jws verifies our VAPID JWTs; a
// VAPID key made by web-push loads as our key file.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <switchboard/base64url.hpp>

#include "aes128gcm.hpp"
#include "notice_payload.hpp"
#include "stub_service.hpp"
#include "subscription_check.hpp"
#include "vapid.hpp"
#include "vapid_key_file.hpp"

namespace webpush::test {
namespace {

json::object node_json(const std::vector<std::string>& args) {
  auto [code, out] = cross_check(args);
  EXPECT_EQ(code, 0) << out;
  boost::system::error_code ec;
  auto v = json::parse(out, ec);
  EXPECT_FALSE(ec) << out;
  return v.is_object() ? v.as_object() : json::object{};
}

TEST(WebPushCrossCheck, KeysFromWebPushAreAcceptedAndHttpEceDecryptsOurPushes) {
  for (int i = 0; i < 5; ++i) {
    auto keys = node_json({"subscription"});
    ASSERT_FALSE(keys.empty());
    sb::PushSubscription s;
    s.endpoint = "https://93.184.216.34/wpush/v2/abc";
    s.p256dh = std::string(keys.at("p256dh").as_string());
    s.auth = std::string(keys.at("auth").as_string());
    EXPECT_EQ(check_subscription(s, false), std::nullopt);

    auto decoded = std::get<SubscriptionKeys>(decode_keys(s));
    sb::PushNotice n;
    n.kind = "message";
    n.chat = "g:team-" + std::to_string(i);
    n.count = i + 1;
    n.ts = 1700000000000 + i;
    std::string payload = notice_payload(n, false);
    std::string body = encrypt_aes128gcm(payload, decoded.ua_public, decoded.auth);
    auto [code, out] = cross_check({"decrypt", std::string(keys.at("private_key").as_string()),
                                    s.auth, sb::base64url_encode(body)});
    ASSERT_EQ(code, 0) << out;
    EXPECT_EQ(out, payload + "\n");
  }
}

TEST(WebPushCrossCheck, HttpEceRefusesATamperedPush) {
  auto keys = node_json({"subscription"});
  sb::PushSubscription s;
  s.endpoint = "https://93.184.216.34/p";
  s.p256dh = std::string(keys.at("p256dh").as_string());
  s.auth = std::string(keys.at("auth").as_string());
  auto decoded = std::get<SubscriptionKeys>(decode_keys(s));
  std::string body = encrypt_aes128gcm("{\"v\":1}", decoded.ua_public, decoded.auth);
  body[body.size() - 20] ^= 1;
  auto [code, out] = cross_check({"decrypt", std::string(keys.at("private_key").as_string()),
                                  s.auth, sb::base64url_encode(body)});
  EXPECT_NE(code, 0) << "a flipped bit must not decrypt: " << out;
}

TEST(WebPushCrossCheck, JwsVerifiesOurVapidJwt) {
  Vapid vapid(generate_p256(), "mailto:ops@example.com");
  std::string h = vapid.authorization("https://push.example.net");
  auto comma = h.find(", k=");
  std::string jwt = h.substr(8, comma - 8), k = h.substr(comma + 4);
  auto verified = node_json({"verify-jwt", k, jwt});
  ASSERT_FALSE(verified.empty());
  EXPECT_EQ(verified.at("header").at("alg"), "ES256");
  EXPECT_EQ(verified.at("claims").at("aud"), "https://push.example.net");
  EXPECT_EQ(verified.at("claims").at("sub"), "mailto:ops@example.com");

  // Another key's k must not verify it.
  Vapid other(generate_p256(), "mailto:ops@example.com");
  auto [code, out] = cross_check({"verify-jwt", other.public_key(), jwt});
  EXPECT_NE(code, 0) << out;
}

TEST(WebPushCrossCheck, AVapidKeyMadeByWebPushLoadsAsOurKeyFile) {
  auto made = node_json({"vapid-key"});
  ASSERT_FALSE(made.empty());
  auto dir =
      std::filesystem::temp_directory_path() / ("sb-vapid-xcheck-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "key.pem") << std::string(made.at("pem").as_string());
  auto loaded = load_vapid_key((dir / "key.pem").string(), dir.string());
  EXPECT_EQ(sb::base64url_encode(public_point(loaded.key)),
            made.at("public_key").as_string().c_str());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace webpush::test
