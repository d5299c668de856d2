// SPDX-License-Identifier: Apache-2.0
// check(): every bad subscription gets one clear error naming the field; endpoints into
// loopback, private, link-local and similar ranges are refused unless allowed.
#include <gtest/gtest.h>

#include <switchboard/base64url.hpp>

#include "endpoint.hpp"
#include "subscription_check.hpp"

namespace webpush {
namespace {

constexpr char kP256dh[] =
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
constexpr char kAuth[] = "BTBZMqHH6r4Tts7J_aSIgg";

sb::PushSubscription sub(std::string endpoint, std::string p256dh = kP256dh,
                         std::string auth = kAuth) {
  sb::PushSubscription s;
  s.endpoint = std::move(endpoint);
  s.p256dh = std::move(p256dh);
  s.auth = std::move(auth);
  return s;
}

// The error, or "" when accepted.
std::string error_of(const sb::PushSubscription& s, bool allow_private = false) {
  return check_subscription(s, allow_private).value_or("");
}

TEST(SubscriptionCheck, AcceptsAWellFormedPublicSubscription) {
  // An address literal needs no DNS, so the test holds offline.
  EXPECT_EQ(error_of(sub("https://93.184.216.34/push/abc")), "");
  EXPECT_EQ(error_of(sub("https://[2606:4700::1111]/wpush/v2/x")), "");
  EXPECT_EQ(error_of(sub("http://127.0.0.1:8080/p"), true), "") << "allowed by config";
}

TEST(SubscriptionCheck, RefusesMalformedKeysNamingTheField) {
  std::string e = "https://93.184.216.34/p";
  EXPECT_EQ(error_of(sub(e, "")), "p256dh: missing (the subscription's keys.p256dh, base64url)");
  EXPECT_EQ(error_of(sub(e, "not+base64/url")), "p256dh: not base64url");
  EXPECT_EQ(error_of(sub(e, sb::base64url_encode(std::string(33, '\x02')))),
            "p256dh: must be a 65-byte uncompressed P-256 point, got 33 bytes");
  std::string compressed_prefix = *sb::base64url_decode(kP256dh);
  compressed_prefix[0] = 0x03;
  EXPECT_EQ(error_of(sub(e, sb::base64url_encode(compressed_prefix))),
            "p256dh: must be a 65-byte uncompressed P-256 point, got 65 bytes not starting with "
            "0x04");
  std::string off_curve = *sb::base64url_decode(kP256dh);
  off_curve[64] ^= 1;  // Y no longer matches X
  EXPECT_EQ(error_of(sub(e, sb::base64url_encode(off_curve))),
            "p256dh: not a point on the P-256 curve");
  EXPECT_EQ(error_of(sub(e, kP256dh, "")),
            "auth: missing (the subscription's keys.auth, base64url)");
  EXPECT_EQ(error_of(sub(e, kP256dh, "a*b")), "auth: not base64url");
  EXPECT_EQ(error_of(sub(e, kP256dh, sb::base64url_encode(std::string(15, 'x')))),
            "auth: must be exactly 16 bytes, got 15");
  EXPECT_EQ(error_of(sub(e, kP256dh, sb::base64url_encode(std::string(17, 'x')))),
            "auth: must be exactly 16 bytes, got 17");
}

TEST(SubscriptionCheck, RefusesBadEndpointsNamingTheField) {
  EXPECT_EQ(error_of(sub("")), "endpoint: missing");
  std::string long_url = "https://93.184.216.34/" + std::string(980, 'a');
  EXPECT_EQ(error_of(sub(long_url)),
            "endpoint: " + std::to_string(long_url.size()) + " bytes, more than the limit of 1000");
  EXPECT_EQ(error_of(sub("https://93.184.216.34/" + std::string(1000 - 22, 'a'))), "")
      << "exactly 1000 bytes is allowed";
  EXPECT_EQ(error_of(sub("ftp://93.184.216.34/p")),
            "endpoint: scheme \"ftp\" is not allowed; use https (or http)");
  EXPECT_EQ(error_of(sub("file:///etc/passwd")),
            "endpoint: scheme \"file\" is not allowed; use https (or http)");
  EXPECT_TRUE(error_of(sub("not a url")).starts_with("endpoint: not an absolute URL"))
      << error_of(sub("not a url"));
  EXPECT_EQ(error_of(sub("https:///path")), "endpoint: no host");
  EXPECT_EQ(error_of(sub("https://user:pw@93.184.216.34/p")),
            "endpoint: user information is not allowed");
}

TEST(SubscriptionCheck, RefusesPrivateAndLoopbackAddresses) {
  struct Case {
    std::string url, error;
  };
  for (auto& c : std::vector<Case>{
           {"https://10.0.0.1/p",
            "endpoint: 10.0.0.1 is a private address; push endpoints "
            "must be public"},
           {"https://172.16.5.4/p",
            "endpoint: 172.16.5.4 is a private address; push endpoints "
            "must be public"},
           {"https://192.168.1.1:8443/p",
            "endpoint: 192.168.1.1 is a private address; push "
            "endpoints must be public"},
           {"https://127.0.0.1/p",
            "endpoint: 127.0.0.1 is a loopback address; push endpoints "
            "must be public"},
           {"http://127.9.9.9:1/p",
            "endpoint: 127.9.9.9 is a loopback address; push endpoints "
            "must be public"},
           {"https://169.254.169.254/latest/meta-data",
            "endpoint: 169.254.169.254 is a "
            "link-local address; push endpoints "
            "must be public"},
           {"https://100.64.0.1/p",
            "endpoint: 100.64.0.1 is a shared (CGNAT, 100.64.0.0/10) "
            "address; push endpoints must be public"},
           {"https://0.0.0.0/p",
            "endpoint: 0.0.0.0 is an unspecified (0.0.0.0/8) address; "
            "push endpoints must be public"},
           {"https://224.0.0.1/p",
            "endpoint: 224.0.0.1 is a multicast address; push endpoints "
            "must be public"},
           {"https://[::1]/p",
            "endpoint: ::1 is a loopback address; push endpoints must be "
            "public"},
           {"https://[::]/p",
            "endpoint: :: is an unspecified address; push endpoints must be "
            "public"},
           {"https://[fe80::1]/p",
            "endpoint: fe80::1 is a link-local address; push endpoints "
            "must be public"},
           {"https://[fd12:3456::1]/p",
            "endpoint: fd12:3456::1 is a unique-local (private) "
            "address; push endpoints must be public"},
           {"https://[::ffff:10.1.2.3]/p",
            "endpoint: ::ffff:10.1.2.3 is a private address; "
            "push endpoints must be public"},
       }) {
    EXPECT_EQ(error_of(sub(c.url)), c.error) << c.url;
    EXPECT_EQ(error_of(sub(c.url), true), "") << c.url << " is allowed by config";
  }
  // Not private: just outside the ranges.
  EXPECT_EQ(error_of(sub("https://172.32.0.1/p")), "");
  EXPECT_EQ(error_of(sub("https://100.128.0.1/p")), "");
}

TEST(SubscriptionCheck, ResolvesNamesAndJudgesWhatTheyResolveTo) {
  // "localhost" resolves through /etc/hosts, no network needed.
  auto e = error_of(sub("https://localhost:9/p"));
  EXPECT_TRUE(e.starts_with("endpoint: ")) << e;
  EXPECT_NE(e.find("is a loopback address; push endpoints must be public"), std::string::npos) << e;
  auto unknown = error_of(sub("https://no-such-host.invalid/p"));
  EXPECT_TRUE(unknown.starts_with("endpoint: cannot resolve \"no-such-host.invalid\"")) << unknown;
}

TEST(Endpoint, OriginIsSchemeHostAndNonDefaultPort) {
  auto origin = [](std::string_view url) {
    auto e = parse_endpoint(url);
    return std::holds_alternative<Endpoint>(e) ? std::get<Endpoint>(e).origin
                                               : std::get<std::string>(e);
  };
  EXPECT_EQ(origin("https://fcm.googleapis.com/fcm/send/abc"), "https://fcm.googleapis.com");
  EXPECT_EQ(origin("https://Push.Example.NET:443/x?y=1"), "https://push.example.net");
  EXPECT_EQ(origin("HTTP://ntfy.example:80/up"), "http://ntfy.example");
  EXPECT_EQ(origin("https://127.0.0.1:8443/push/1"), "https://127.0.0.1:8443");
  EXPECT_EQ(origin("https://[::1]:8443/push/1"), "https://[::1]:8443");
}

}  // namespace
}  // namespace webpush
