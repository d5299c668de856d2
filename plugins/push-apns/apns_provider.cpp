// SPDX-License-Identifier: Apache-2.0
// See apns_provider.hpp.
#include "apns_provider.hpp"

#include <cctype>
#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "apns_outcome.hpp"
#include "apns_request.hpp"

namespace push_apns {
namespace {

std::int64_t now_s() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("key_file " + path + ": cannot be read");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

ApnsProvider::ApnsProvider(Config config, std::shared_ptr<ProviderToken> token,
                           std::shared_ptr<sb::HttpClient> http)
    : config_(std::move(config)), token_(std::move(token)), http_(std::move(http)) {}

std::optional<std::string> ApnsProvider::check(const sb::PushSubscription& s) const {
  if (s.endpoint.empty()) return "endpoint: the APNs device token is empty";
  if (s.endpoint.size() > kMaxToken)
    return "endpoint: an APNs device token is at most " + std::to_string(kMaxToken) +
           " hex digits, got " + std::to_string(s.endpoint.size());
  for (unsigned char c : s.endpoint)
    if (!std::isxdigit(c)) return "endpoint: an APNs device token is hexadecimal";
  return std::nullopt;
}

void ApnsProvider::send(const sb::PushSubscription& subscription, const sb::PushNotice& notice,
                        std::function<void(sb::PushResult)> done) {
  std::string jwt;
  try {
    jwt = token_->current();
  } catch (const std::exception& e) {
    sb::PushResult r{.outcome = sb::PushResult::Outcome::dropped, .reason = e.what()};
    streak_.record(r);
    return done(std::move(r));
  }
  http_->request(
      apns_request(config_, subscription.endpoint, jwt, notice, now_s()),
      [self = shared_from_this(), jwt, done = std::move(done)](sb::HttpClientResponse r) {
        auto out = apns_outcome(r, now_s());
        if (out.token_rejected) self->token_->invalidate(jwt);
        self->streak_.record(out.result);
        done(std::move(out.result));
      });
}

void ApnsPlugin::start(const Config& config, sb::Context& ctx) {
  if (config.host.empty() || config.host.find_first_of("/?# ") != std::string::npos)
    throw std::runtime_error("host: expected host[:port] such as api.push.apple.com, got \"" +
                             config.host + "\"");
  std::shared_ptr<Es256Signer> signer;
  try {
    signer = std::make_shared<Es256Signer>(read_file(config.key_file));
  } catch (const std::exception& e) {
    std::string what = e.what();
    throw std::runtime_error(
        what.starts_with("key_file") ? what : "key_file " + config.key_file + ": " + what);
  }
  auto http = ctx.services().get<sb::HttpClient>();
  if (!http) throw std::runtime_error("the http-client service is missing");
  auto token = std::make_shared<ProviderToken>(std::move(signer), config.key_id, config.team_id,
                                               std::chrono::seconds(config.token_refresh_s));
  // Signing once now proves the key works before the first push needs it.
  token->current();
  provider_ = std::make_shared<ApnsProvider>(config, std::move(token), std::move(http));
  ctx.services().provide<sb::PushProvider>(provider_);
  ctx.log().info("APNs pushes ready", {{"host", config.host}, {"topic", config.topic}});
}

sb::Health ApnsPlugin::health() const {
  return provider_ ? provider_->health() : sb::Health::ok();
}

}  // namespace push_apns
