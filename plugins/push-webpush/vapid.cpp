// SPDX-License-Identifier: Apache-2.0
// See vapid.hpp.
#include "vapid.hpp"

#include <switchboard/base64url.hpp>
#include <switchboard/json.hpp>

namespace webpush {

namespace {

// Endpoints are user input, so their origins are too: the cache must not grow without bound.
constexpr std::size_t kMaxCachedOrigins = 1024;

}  // namespace

std::string make_vapid_jwt(const Key& key, std::string_view aud, std::int64_t exp_s,
                           std::string_view sub) {
  namespace json = boost::json;
  std::string header = sb::base64url_encode(R"({"typ":"JWT","alg":"ES256"})");
  std::string claims = sb::base64url_encode(
      json::serialize(json::object{{"aud", aud}, {"exp", exp_s}, {"sub", sub}}));
  std::string signing_input = header + "." + claims;
  return signing_input + "." + sb::base64url_encode(sign_es256(key, signing_input));
}

std::optional<std::string> subject_problem(std::string_view subject) {
  if (subject.starts_with("mailto:") && subject.size() > 7 &&
      subject.find('@') != std::string_view::npos)
    return std::nullopt;
  if (subject.starts_with("https://") && subject.size() > 8) return std::nullopt;
  return "subject: must be a mailto: address or an https: URL the push service can use to "
         "contact the operator (e.g. \"mailto:ops@example.com\"), got \"" +
         std::string(subject) + "\"";
}

Vapid::Vapid(Key key, std::string subject, Clock clock)
    : key_(std::move(key)), subject_(std::move(subject)), clock_(std::move(clock)) {
  public_key_ = sb::base64url_encode(public_point(key_));
}

std::string Vapid::authorization(const std::string& origin) {
  auto now = clock_();
  std::lock_guard lock(mutex_);
  auto it = cache_.find(origin);
  if (it != cache_.end() && now + kJwtRenewBefore < it->second.expires) return it->second.header;
  if (it == cache_.end() && cache_.size() >= kMaxCachedOrigins) cache_.clear();
  auto expires = std::chrono::time_point_cast<std::chrono::seconds>(now + kJwtLifetime);
  std::string jwt = make_vapid_jwt(key_, origin, expires.time_since_epoch().count(), subject_);
  Cached& c = cache_[origin];
  c.header = "vapid t=" + jwt + ", k=" + public_key_;
  c.expires = expires;
  return c.header;
}

}  // namespace webpush
