// SPDX-License-Identifier: Apache-2.0
// See subscription_check.hpp.
#include "subscription_check.hpp"

#include <netdb.h>
#include <sys/socket.h>

#include <memory>

#include <switchboard/base64url.hpp>

#include "address_policy.hpp"
#include "endpoint.hpp"

namespace webpush {

namespace {

// A name that resolves to many addresses is judged on every one: one private address among
// public ones would still let a connection reach it.
std::optional<std::string> check_host(const std::string& host) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &found);
  if (rc != 0) return "endpoint: cannot resolve \"" + host + "\": " + ::gai_strerror(rc);
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> list(found, &::freeaddrinfo);
  for (auto* a = found; a; a = a->ai_next)
    if (auto why = non_public_reason(a->ai_addr)) return "endpoint: " + *why;
  return std::nullopt;
}

}  // namespace

std::variant<SubscriptionKeys, std::string> decode_keys(const sb::PushSubscription& s) {
  if (s.p256dh.empty())
    return std::string("p256dh: missing (the subscription's keys.p256dh, base64url)");
  auto point = sb::base64url_decode(s.p256dh);
  if (!point) return std::string("p256dh: not base64url");
  if (point->size() != 65 || (*point)[0] != 0x04)
    return "p256dh: must be a 65-byte uncompressed P-256 point, got " +
           std::to_string(point->size()) + " bytes" +
           (point->size() == 65 ? " not starting with 0x04" : "");
  Key key = p256_from_public(*point);
  if (!key) return std::string("p256dh: not a point on the P-256 curve");
  if (s.auth.empty()) return std::string("auth: missing (the subscription's keys.auth, base64url)");
  auto auth = sb::base64url_decode(s.auth);
  if (!auth) return std::string("auth: not base64url");
  if (auth->size() != 16)
    return "auth: must be exactly 16 bytes, got " + std::to_string(auth->size());
  return SubscriptionKeys{std::move(key), std::move(*auth)};
}

std::optional<std::string> check_subscription(const sb::PushSubscription& s, bool allow_private) {
  auto endpoint = parse_endpoint(s.endpoint);
  if (auto* error = std::get_if<std::string>(&endpoint)) return *error;
  auto keys = decode_keys(s);
  if (auto* error = std::get_if<std::string>(&keys)) return *error;
  if (allow_private) return std::nullopt;
  return check_host(std::get<Endpoint>(endpoint).host);
}

}  // namespace webpush
