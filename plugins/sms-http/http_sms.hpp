// SPDX-License-Identifier: Apache-2.0
// An SmsProvider that asks an SMS gateway's HTTP API to text the login code. send_code runs
// on a core worker and waits (bounded) for the kernel's HttpClient; it retries network
// errors, 429 and 5xx a few times and throws when the gateway never took the text, which
// the login request answers as `unavailable`.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include <switchboard/plugin.hpp>
#include <switchboard/services/http_client.hpp>
#include <switchboard/services/sms.hpp>

#include "config.hpp"

namespace sms_http {

class HttpSms final : public sb::SmsProvider {
 public:
  HttpSms(Config config, std::shared_ptr<sb::HttpClient> http);

  // Throws std::runtime_error with the gateway's answer (the code itself masked out).
  void send_code(const std::string& phone, const std::string& code) override;
  sb::Health health() const;
  // The longest send_code can take: every try's timeout plus every backoff.
  std::int64_t worst_case_ms() const;

 private:
  Config config_;
  std::shared_ptr<sb::HttpClient> http_;
  mutable std::mutex mutex_;
  int failures_ = 0;  // codes in a row the gateway did not take
  std::string last_error_;
};

class HttpSmsPlugin final : public sb::PluginBase<Config> {
 protected:
  void start(const Config& config, sb::Context& ctx) override;
  sb::Health health() const override;

 private:
  std::shared_ptr<HttpSms> sms_;
};

}  // namespace sms_http
