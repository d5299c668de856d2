// SPDX-License-Identifier: Apache-2.0
// Phone-number login: one-time codes (request, verify), device credentials (an access JWT
// and a rotating refresh token) and the access-token check the rest of the core relies on.
// Every method may block on the AccountStore: call them from a core worker, never from an
// I/O thread.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <switchboard/http.hpp>
#include <switchboard/log.hpp>
#include <switchboard/services/account_store.hpp>
#include <switchboard/services/sms.hpp>

#include "kernel/core/access_tokens.hpp"
#include "kernel/core/rate_limiter.hpp"
#include "kernel/host/settings.hpp"

namespace sb::core {

class Accounts {
 public:
  // Milliseconds since the Unix epoch; replaceable so tests can move time.
  using WallClock = std::function<std::int64_t()>;
  static std::int64_t system_now_ms();

  // `sms` may be null: codes then reach only the configured test numbers.
  Accounts(kernel::AuthSettings settings, std::shared_ptr<AccountStore> store,
           std::shared_ptr<SmsProvider> sms, std::string jwt_key, Logger& log,
           WallClock now = &system_now_ms);

  // The answers are complete HTTP responses in the protocol's shapes. Inputs are already
  // well-formed JSON fields; their content is checked here.
  // `address` is the client's IP address (without port), for the per-address limit.
  HttpResponse request_code(const std::string& phone, const std::string& address);
  HttpResponse verify(const std::string& phone, const std::string& code,
                      const std::string& device_name);
  HttpResponse refresh(const std::string& refresh_token);

  // The caller of a request: signature and expiry are checked every time; that the device
  // still exists and the user is not banned comes from the store, cached for kIdentityCache
  // (forget() drops the cache at once, for revocation and bans).
  std::optional<Identity> verify_access_token(std::string_view token);
  void forget(const std::string& user, const std::string& device = {});

  // Called on a new device's verify; fields it returns join the answer (device.verified).
  using OnVerified = std::function<json::object(const std::string& user, const std::string& device,
                                                const std::string& device_name)>;
  void on_verified(OnVerified hook) { on_verified_ = std::move(hook); }
  // Called after a refresh token came back a second time (a copy is in someone else's
  // hands): the device is already logged out here (its refresh tokens and the device record
  // gone); the hook closes its live sessions.
  using OnTokenReuse = std::function<void(const std::string& user, const std::string& device)>;
  void on_token_reuse(OnTokenReuse hook) { on_token_reuse_ = std::move(hook); }

  static constexpr std::chrono::seconds kIdentityCache{30};
  const AccessTokens& tokens() const { return tokens_; }

 private:
  HttpResponse issue_pair(const std::string& user, const std::string& device,
                          const json::object& extras = {});
  // Whether the store still has this device of an unbanned user: "ok", "banned" or "gone".
  std::string standing(const std::string& user, const std::string& device);

  kernel::AuthSettings settings_;
  std::shared_ptr<AccountStore> store_;
  std::shared_ptr<SmsProvider> sms_;
  std::string code_key_;  // login codes are stored as an HMAC under it (before tokens_)
  AccessTokens tokens_;
  Logger& log_;
  WallClock now_;
  OnVerified on_verified_;
  OnTokenReuse on_token_reuse_;
  RateLimiter per_phone_;
  RateLimiter per_address_;
  RateLimiter per_prefix_;  // the phone number without its last 4 digits

  std::mutex cache_mutex_;
  std::map<std::pair<std::string, std::string>, std::int64_t> checked_until_ms_;
};

// {"error":{"code","message"}} plus extra fields inside "error" (e.g. attempts_left).
HttpResponse error_response(int status, std::string_view code, std::string_view message,
                            const json::object& extra = {});

}  // namespace sb::core
