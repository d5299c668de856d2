// SPDX-License-Identifier: Apache-2.0
// Fuzzes push-webpush's parsers of what a client submits: the subscription's endpoint URL
// and its p256dh/auth keys (base64url, a P-256 point, a 16-byte secret). Input: three
// fields separated by NUL bytes. Each parser answers a value or an error naming the field.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include <switchboard/base64url.hpp>

#include "endpoint.hpp"
#include "subscription_check.hpp"

namespace {

std::string_view next_field(std::string_view& in) {
  auto nul = in.find('\0');
  auto field = in.substr(0, nul);
  in = nul == std::string_view::npos ? std::string_view() : in.substr(nul + 1);
  return field;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  sb::PushSubscription s;
  s.endpoint = std::string(next_field(in));
  s.p256dh = std::string(next_field(in));
  s.auth = std::string(next_field(in));

  auto endpoint = webpush::parse_endpoint(s.endpoint);
  if (auto* error = std::get_if<std::string>(&endpoint)) {
    if (!error->starts_with("endpoint")) __builtin_trap();
  } else {
    auto& e = std::get<webpush::Endpoint>(endpoint);
    if (e.scheme != "https" && e.scheme != "http") __builtin_trap();
    if (e.host.empty() || !e.origin.starts_with(e.scheme + "://")) __builtin_trap();
  }

  auto keys = webpush::decode_keys(s);
  if (auto* error = std::get_if<std::string>(&keys)) {
    if (!error->starts_with("p256dh") && !error->starts_with("auth")) __builtin_trap();
  } else {
    auto& k = std::get<webpush::SubscriptionKeys>(keys);
    if (!k.ua_public || k.auth.size() != 16) __builtin_trap();
  }
  (void)sb::base64url_decode(s.p256dh);
  return 0;
}
