// SPDX-License-Identifier: Apache-2.0
// See fcm_provider.hpp.
#include "fcm_provider.hpp"

#include <cctype>
#include <chrono>
#include <stdexcept>

#include "fcm_message.hpp"
#include "fcm_outcome.hpp"
#include "service_account.hpp"

namespace push_fcm {
namespace {

constexpr const char* kGoogleTokenUri = "https://oauth2.googleapis.com/token";

std::int64_t now_s() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

bool is_http_url(const std::string& url) {
  return url.starts_with("http://") || url.starts_with("https://");
}

}  // namespace

FcmProvider::FcmProvider(Config config, std::string send_url, std::shared_ptr<AccessTokens> tokens,
                         std::shared_ptr<sb::HttpClient> http)
    : config_(std::move(config)),
      send_url_(std::move(send_url)),
      tokens_(std::move(tokens)),
      http_(std::move(http)) {}

std::optional<std::string> FcmProvider::check(const sb::PushSubscription& s) const {
  if (s.endpoint.empty()) return "endpoint: the FCM registration token is empty";
  if (s.endpoint.size() > kMaxToken)
    return "endpoint: at most " + std::to_string(kMaxToken) + " bytes, got " +
           std::to_string(s.endpoint.size());
  for (unsigned char c : s.endpoint)
    if (!std::isalnum(c) && c != '-' && c != '_' && c != ':' && c != '.')
      return "endpoint: an FCM registration token holds only letters, digits, '-', '_', ':' "
             "and '.'";
  return std::nullopt;
}

void FcmProvider::send(const sb::PushSubscription& subscription, const sb::PushNotice& notice,
                       std::function<void(sb::PushResult)> done) {
  auto body = fcm_message(subscription.endpoint, notice, config_.sender_name);
  tokens_->get([self = shared_from_this(), body = std::move(body),
                done = std::move(done)](TokenGrant grant) mutable {
    if (grant.token.empty()) {
      sb::PushResult r{.outcome = grant.retryable ? sb::PushResult::Outcome::retry
                                                  : sb::PushResult::Outcome::dropped,
                       .status = grant.status,
                       .reason = grant.error};
      self->streak_.record(r);
      return done(std::move(r));
    }
    self->post(grant.token, body, std::move(done));
  });
}

void FcmProvider::post(const std::string& access_token, const std::string& body,
                       std::function<void(sb::PushResult)> done) {
  sb::HttpClientRequest req;
  req.method = "POST";
  req.url = send_url_;
  req.headers = {{"Authorization", "Bearer " + access_token},
                 {"Content-Type", "application/json; charset=UTF-8"}};
  req.body = body;
  req.timeout_ms = config_.timeout_ms;
  req.ca_file = config_.ca_file;
  http_->request(std::move(req), [self = shared_from_this(), access_token,
                                  done = std::move(done)](sb::HttpClientResponse r) {
    auto out = fcm_outcome(r, now_s());
    if (out.token_rejected) self->tokens_->invalidate(access_token);
    self->streak_.record(out.result);
    done(std::move(out.result));
  });
}

void FcmPlugin::start(const Config& config, sb::Context& ctx) {
  auto account = load_service_account(config.service_account_file);
  std::shared_ptr<Rs256Signer> signer;
  try {
    signer = std::make_shared<Rs256Signer>(account.private_key);
  } catch (const std::exception& e) {
    throw std::runtime_error("service_account_file " + config.service_account_file + ": " +
                             e.what());
  }
  std::string token_uri = !config.token_uri.empty()    ? config.token_uri
                          : !account.token_uri.empty() ? account.token_uri
                                                       : kGoogleTokenUri;
  if (!is_http_url(token_uri))
    throw std::runtime_error("token_uri: must be an http:// or https:// URL, got \"" + token_uri +
                             "\"");
  if (!is_http_url(config.send_endpoint))
    throw std::runtime_error("send_endpoint: must be an http:// or https:// URL, got \"" +
                             config.send_endpoint + "\"");
  auto http = ctx.services().get<sb::HttpClient>();
  if (!http) throw std::runtime_error("the http-client service is missing");
  std::string base = config.send_endpoint;
  while (base.ends_with('/')) base.pop_back();
  auto tokens = std::make_shared<AccessTokens>(
      TokenSource{token_uri, account.client_email, account.private_key_id, config.timeout_ms,
                  config.ca_file},
      std::move(signer), http);
  provider_ = std::make_shared<FcmProvider>(
      config, base + "/v1/projects/" + account.project_id + "/messages:send", std::move(tokens),
      std::move(http));
  ctx.services().provide<sb::PushProvider>(provider_);
  ctx.log().info("FCM pushes ready",
                 {{"project", account.project_id}, {"account", account.client_email}});
}

sb::Health FcmPlugin::health() const {
  return provider_ ? provider_->health() : sb::Health::ok();
}

}  // namespace push_fcm
