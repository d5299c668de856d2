// SPDX-License-Identifier: Apache-2.0
// See http_sms.hpp.
#include "http_sms.hpp"

#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

#include "gateway_request.hpp"

namespace sms_http {
namespace {

// Gateways may echo the message in their errors; the code must not reach the log.
std::string masked(std::string text, const std::string& code) {
  if (code.empty()) return text;
  for (auto at = text.find(code); at != std::string::npos; at = text.find(code, at))
    text.replace(at, code.size(), std::string(code.size(), '*'));
  return text;
}

struct Try {
  bool sent = false;
  bool retryable = false;
  std::string error;
};

}  // namespace

HttpSms::HttpSms(Config config, std::shared_ptr<sb::HttpClient> http)
    : config_(std::move(config)), http_(std::move(http)) {}

std::int64_t HttpSms::worst_case_ms() const {
  std::int64_t total = (config_.retries + 1) * (config_.timeout_ms + 1000);
  for (std::int64_t i = 0, wait = config_.retry_backoff_ms; i < config_.retries; ++i, wait *= 2)
    total += wait;
  return total;
}

void HttpSms::send_code(const std::string& phone, const std::string& code) {
  auto text = message_text(config_.text_template, code);
  Try last;
  auto backoff = std::chrono::milliseconds(config_.retry_backoff_ms);
  for (std::int64_t attempt = 0; attempt <= config_.retries; ++attempt) {
    if (attempt > 0) {
      std::this_thread::sleep_for(backoff);
      backoff *= 2;
    }
    auto answer = std::make_shared<std::promise<sb::HttpClientResponse>>();
    auto future = answer->get_future();
    http_->request(gateway_request(config_, phone, text),
                   [answer](sb::HttpClientResponse r) { answer->set_value(std::move(r)); });
    // The client bounds the exchange by timeout_ms; the extra second only guards against a
    // client that never answers, so a worker is never held past worst_case_ms().
    if (future.wait_for(std::chrono::milliseconds(config_.timeout_ms + 1000)) !=
        std::future_status::ready) {
      last = {false, true, "no answer within " + std::to_string(config_.timeout_ms) + " ms"};
      continue;
    }
    auto r = future.get();
    if (r.status >= 200 && r.status < 300) {
      last = {true, false, {}};
      break;
    }
    if (r.status == 0)
      last = {false, true, "no response: " + r.error};
    else
      last = {false, r.status == 429 || r.status == 408 || r.status >= 500,
              "HTTP " + std::to_string(r.status) +
                  (r.body.empty() ? "" : ": " + masked(r.body.substr(0, 300), code))};
    if (!last.retryable) break;
  }
  std::lock_guard lock(mutex_);
  if (last.sent) {
    failures_ = 0;
    return;
  }
  ++failures_;
  last_error_ = last.error;
  throw std::runtime_error("SMS gateway did not take the code: " + last.error);
}

sb::Health HttpSms::health() const {
  std::lock_guard lock(mutex_);
  if (failures_ < 3) return sb::Health::ok();
  return sb::Health::degraded("the last " + std::to_string(failures_) +
                              " login codes could not be sent; last: " + last_error_);
}

void HttpSmsPlugin::start(const Config& config, sb::Context& ctx) {
  if (!config.url.starts_with("http://") && !config.url.starts_with("https://"))
    throw std::runtime_error("url: must be an http:// or https:// URL, got \"" + config.url + "\"");
  if (config.text_template.find("{code}") == std::string::npos)
    throw std::runtime_error("template: must contain {code}");
  if (!config.user.empty() && !config.token.empty())
    throw std::runtime_error(
        "user and token: give basic auth (user, password) or a bearer "
        "token, not both");
  auto http = ctx.services().get<sb::HttpClient>();
  if (!http) throw std::runtime_error("the http-client service is missing");
  sms_ = std::make_shared<HttpSms>(config, std::move(http));
  ctx.services().provide<sb::SmsProvider>(sms_);
  ctx.log().info(
      "login codes go to an SMS gateway",
      {{"url", config.url}, {"format", config.format}, {"worst_case_ms", sms_->worst_case_ms()}});
}

sb::Health HttpSmsPlugin::health() const {
  return sms_ ? sms_->health() : sb::Health::ok();
}

}  // namespace sms_http
