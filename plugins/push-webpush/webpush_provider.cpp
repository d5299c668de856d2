// SPDX-License-Identifier: Apache-2.0
// See webpush_provider.hpp.
#include "webpush_provider.hpp"

#include <algorithm>
#include <chrono>
#include <exception>

#include "aes128gcm.hpp"
#include "endpoint.hpp"
#include "notice_payload.hpp"
#include "response_mapping.hpp"
#include "subscription_check.hpp"

namespace webpush {

namespace {

sb::PushResult refused(std::string reason) {
  sb::PushResult r;
  r.outcome = sb::PushResult::Outcome::dropped;
  r.reason = std::move(reason);
  return r;
}

}  // namespace

WebPushProvider::WebPushProvider(std::shared_ptr<Vapid> vapid, std::shared_ptr<sb::HttpClient> http,
                                 ProviderOptions options, sb::Logger& log)
    : vapid_(std::move(vapid)),
      http_(std::move(http)),
      options_(std::move(options)),
      log_(log),
      health_(std::make_shared<sb::PushFailureStreak>(options_.degraded_after)) {}

sb::json::object WebPushProvider::public_info() const {
  return {{"vapid_public_key", vapid_->public_key()}};
}

std::optional<std::string> WebPushProvider::check(const sb::PushSubscription& subscription) const {
  return check_subscription(subscription, options_.allow_private_endpoints);
}

std::variant<sb::HttpClientRequest, sb::PushResult> WebPushProvider::build_request(
    const sb::PushSubscription& subscription, const sb::PushNotice& notice) const {
  auto endpoint = parse_endpoint(subscription.endpoint);
  if (auto* error = std::get_if<std::string>(&endpoint)) return refused(*error);
  auto keys = decode_keys(subscription);
  if (auto* error = std::get_if<std::string>(&keys)) return refused(*error);
  auto& k = std::get<SubscriptionKeys>(keys);

  sb::HttpClientRequest req;
  req.method = "POST";
  req.url = subscription.endpoint;
  try {
    req.body = encrypt_aes128gcm(notice_payload(notice, options_.sender_name), k.ua_public, k.auth);
    req.headers = {
        {"Authorization", vapid_->authorization(std::get<Endpoint>(endpoint).origin)},
        {"TTL", std::to_string(std::max<std::int64_t>(notice.ttl_s, 0))},
        {"Urgency", notice.urgent ? "high" : "normal"},
        {"Content-Encoding", "aes128gcm"},
        {"Content-Type", "application/octet-stream"},
    };
  } catch (const std::exception& e) {
    return refused(std::string("cannot encrypt the push: ") + e.what());
  }
  if (auto topic = topic_for(notice.collapse_key); !topic.empty())
    req.headers.emplace_back("Topic", topic);
  req.timeout_ms = options_.timeout_ms;
  req.allow_private = options_.allow_private_endpoints;
  req.ca_file = options_.ca_file;
  return req;
}

void WebPushProvider::send(const sb::PushSubscription& subscription, const sb::PushNotice& notice,
                           std::function<void(sb::PushResult)> done) {
  auto built = build_request(subscription, notice);
  auto endpoint = parse_endpoint(subscription.endpoint);
  std::string origin =
      std::holds_alternative<Endpoint>(endpoint) ? std::get<Endpoint>(endpoint).origin : "?";
  if (auto* r = std::get_if<sb::PushResult>(&built)) {
    health_->record(*r, origin);
    log_.warn("push refused before sending", {{"service", origin}, {"reason", r->reason}});
    done(std::move(*r));
    return;
  }
  // The callback may run after this provider is gone from the registry, so it holds what
  // it touches; the kernel stops the client before it unloads the plugin.
  http_->request(std::move(std::get<sb::HttpClientRequest>(built)),
                 [health = health_, log = &log_, origin,
                  done = std::move(done)](sb::HttpClientResponse response) {
                   auto result = map_response(response, std::chrono::system_clock::now());
                   health->record(result, origin);
                   if (result.outcome == sb::PushResult::Outcome::dropped)
                     log->warn("push dropped", {{"service", origin}, {"reason", result.reason}});
                   done(std::move(result));
                 });
}

}  // namespace webpush
