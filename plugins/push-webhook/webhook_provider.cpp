// SPDX-License-Identifier: Apache-2.0
// See webhook_provider.hpp.
#include "webhook_provider.hpp"

#include <chrono>
#include <stdexcept>

#include "http_outcome.hpp"
#include "signature.hpp"
#include "webhook_document.hpp"

namespace push_webhook {
namespace {

std::int64_t now_s() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

WebhookProvider::WebhookProvider(Config config, std::shared_ptr<sb::HttpClient> http)
    : config_(std::move(config)), http_(std::move(http)) {}

std::optional<std::string> WebhookProvider::check(const sb::PushSubscription& s) const {
  if (s.endpoint.empty()) return "endpoint: the relay's token for this device is empty";
  if (s.endpoint.size() > kMaxToken)
    return "endpoint: at most " + std::to_string(kMaxToken) + " bytes, got " +
           std::to_string(s.endpoint.size());
  return std::nullopt;
}

void WebhookProvider::send(const sb::PushSubscription& subscription, const sb::PushNotice& notice,
                           std::function<void(sb::PushResult)> done) {
  sb::HttpClientRequest req;
  req.method = "POST";
  req.url = config_.url;
  req.body = webhook_document(subscription, notice, config_.sender_name);
  std::string ts = std::to_string(now_s());
  req.headers = {{"Content-Type", "application/json"},
                 {"X-Switchboard-Timestamp", ts},
                 {"X-Switchboard-Signature", "v1=" + sign(config_.secret, ts, req.body)}};
  req.timeout_ms = config_.timeout_ms;
  req.ca_file = config_.ca_file;
  http_->request(std::move(req),
                 [self = shared_from_this(), done = std::move(done)](sb::HttpClientResponse r) {
                   auto result = outcome_of(r, now_s());
                   self->streak_.record(result);
                   done(std::move(result));
                 });
}

void WebhookPlugin::start(const Config& config, sb::Context& ctx) {
  if (!config.url.starts_with("http://") && !config.url.starts_with("https://"))
    throw std::runtime_error("url: must be an http:// or https:// URL, got \"" + config.url + "\"");
  auto http = ctx.services().get<sb::HttpClient>();
  if (!http) throw std::runtime_error("the http-client service is missing");
  provider_ = std::make_shared<WebhookProvider>(config, std::move(http));
  ctx.services().provide<sb::PushProvider>(provider_);
  ctx.log().info("webhook pushes ready", {{"url", config.url}});
}

sb::Health WebhookPlugin::health() const {
  return provider_ ? provider_->health() : sb::Health::ok();
}

}  // namespace push_webhook
