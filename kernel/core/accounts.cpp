// SPDX-License-Identifier: Apache-2.0
// See accounts.hpp. Store errors are left to the caller (the HTTP layer turns them into
// "unavailable"); everything a client can cause is answered here.
#include "kernel/core/accounts.hpp"

#include <algorithm>

#include "kernel/core/phone.hpp"
#include "kernel/core/secrets.hpp"

namespace sb::core {
namespace {

constexpr std::chrono::hours kRateWindow{1};
constexpr std::size_t kMaxDeviceName = 64;

HttpResponse rate_limited(std::chrono::seconds retry_after, std::string_view what) {
  auto r = error_response(429, "rate_limited",
                          "too many code requests for this " + std::string(what) + "; retry in " +
                              std::to_string(retry_after.count()) + " s");
  r.headers.emplace_back("Retry-After", std::to_string(retry_after.count()));
  return r;
}

std::string bad_phone_message() {
  return "phone: expected an E.164 number ('+' then 8 to 15 digits, the first not 0)";
}

}  // namespace

std::int64_t Accounts::system_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

HttpResponse error_response(int status, std::string_view code, std::string_view message,
                            const json::object& extra) {
  json::object err{{"code", code}, {"message", message}};
  for (auto& [k, v] : extra) err[k] = v;
  return HttpResponse::with_json(status, json::serialize(json::object{{"error", std::move(err)}}));
}

Accounts::Accounts(kernel::AuthSettings settings, std::shared_ptr<AccountStore> store,
                   std::shared_ptr<SmsProvider> sms, std::string jwt_key, Logger& log,
                   WallClock now)
    : settings_(std::move(settings)),
      store_(std::move(store)),
      sms_(std::move(sms)),
      code_key_(login_code_key(jwt_key)),
      tokens_(std::move(jwt_key), settings_.access_token_ttl),
      log_(log),
      now_(std::move(now)),
      per_phone_(settings_.requests_per_phone_per_hour, kRateWindow),
      per_address_(settings_.requests_per_address_per_hour, kRateWindow),
      per_prefix_(settings_.requests_per_prefix_per_hour, kRateWindow) {}

HttpResponse Accounts::request_code(const std::string& phone, const std::string& address) {
  if (!is_e164(phone)) return error_response(400, "bad_request", bad_phone_message());
  auto test = settings_.test_numbers.find(phone);
  bool is_test = test != settings_.test_numbers.end();
  if (!is_test && !sms_)
    return error_response(503, "unavailable",
                          "no SMS provider is configured; only test numbers can log in");
  // Test numbers cost nothing to send, so they are not limited (as in Firebase Auth).
  if (!is_test) {
    // Look before counting, so that a refused phone does not use up the address's budget.
    // A spray over many numbers of one block (same digits but the last 4) is bounded too.
    auto prefix = phone.substr(0, phone.size() - 4);
    if (auto wait = per_phone_.check(phone)) return rate_limited(*wait, "phone number");
    if (auto wait = per_prefix_.check(prefix))
      return rate_limited(*wait, "block of phone numbers (" + prefix + "XXXX)");
    if (auto wait = per_address_.acquire(address)) return rate_limited(*wait, "address");
    if (auto wait = per_phone_.acquire(phone)) return rate_limited(*wait, "phone number");
    if (auto wait = per_prefix_.acquire(prefix))
      return rate_limited(*wait, "block of phone numbers (" + prefix + "XXXX)");
  }
  std::string code = is_test ? test->second : new_login_code();
  auto ttl_ms = std::chrono::duration_cast<std::chrono::milliseconds>(settings_.code_ttl).count();
  // A new code replaces the old one and its attempt count.
  store_->put_login_code({phone, login_code_hash(code_key_, phone, code), now_() + ttl_ms, 0});
  if (!is_test) {
    try {
      sms_->send_code(phone, code);
    } catch (const std::exception& e) {
      log_.error("SMS provider failed", {{"error", e.what()}});
      store_->delete_login_code(phone);
      return error_response(503, "unavailable", "the code could not be sent; try again later");
    }
  }
  return HttpResponse::with_json(
      202, json::serialize(json::object{{"expires_in", settings_.code_ttl.count()}}));
}

HttpResponse Accounts::verify(const std::string& phone, const std::string& code,
                              const std::string& device_name) {
  if (!is_e164(phone)) return error_response(400, "bad_request", bad_phone_message());
  if (!is_login_code(code))
    return error_response(400, "bad_request", "code: expected 6 digits as a string");
  if (device_name.empty() || device_name.size() > kMaxDeviceName)
    return error_response(
        400, "bad_request",
        "device_name: expected 1 to " + std::to_string(kMaxDeviceName) + " bytes");
  auto pending = store_->login_code(phone);
  // A test number's code is fixed, so it needs no request first: `sbctl register PHONE
  // --code C` verifies without asking for a code (which would replace a real one). The
  // record goes through the store so that attempts are still counted.
  if (auto test = settings_.test_numbers.find(phone);
      !pending && test != settings_.test_numbers.end()) {
    auto ttl_ms = std::chrono::duration_cast<std::chrono::milliseconds>(settings_.code_ttl).count();
    store_->put_login_code(
        {phone, login_code_hash(code_key_, phone, test->second), now_() + ttl_ms, 0});
    pending = store_->login_code(phone);
  }
  if (!pending)
    return error_response(401, "unauthorized", "no code was requested for this phone number");
  if (pending->expires_ms <= now_()) {
    store_->delete_login_code(phone);
    return error_response(401, "unauthorized", "the code has expired; request a new one");
  }
  if (is_unkeyed_login_code_hash(pending->code_hash)) {
    // Requested before the server stored codes keyed: it cannot be checked any more.
    store_->delete_login_code(phone);
    return error_response(401, "unauthorized",
                          "the code was issued before a server upgrade; request a new one");
  }
  // Counted before comparing, and atomically in the store, so that parallel guesses cannot
  // get more than max_attempts tries out of one code.
  int attempts = store_->count_login_attempt(phone);
  int left = settings_.max_attempts - attempts;
  if (left < 0)
    return error_response(401, "unauthorized", "too many wrong codes; request a new code",
                          {{"attempts_left", 0}});
  if (!constant_time_equal(pending->code_hash, login_code_hash(code_key_, phone, code))) {
    std::string msg = left == 0 ? "wrong code; no attempts left, request a new code"
                                : "wrong code; " + std::to_string(left) + " attempt" +
                                      (left == 1 ? "" : "s") + " left";
    return error_response(401, "unauthorized", msg, {{"attempts_left", left}});
  }
  store_->delete_login_code(phone);

  auto user = store_->user_by_phone(phone);
  if (!user) user = store_->create_user({new_id("u_"), phone, "", now_(), false});
  if (user->banned) return error_response(403, "forbidden", "this account is banned");
  DeviceRecord device{user->id, new_id("d_"), device_name, now_(), now_()};
  store_->add_device(device);
  log_.info("device registered", {{"user", user->id}, {"device", device.id}});
  json::object extras;
  if (on_verified_) extras = on_verified_(user->id, device.id, device_name);
  return issue_pair(user->id, device.id, extras);
}

namespace {
// Where a used refresh token is remembered: under a key derived from its hash, in the same
// table, until the token would have expired.
std::string used_key(const std::string& token_hash) {
  return sha256_hex("used refresh token:" + token_hash);
}
}  // namespace

HttpResponse Accounts::refresh(const std::string& refresh_token) {
  // Ours are base64url: this also keeps anyone from presenting a used-token key's preimage.
  if (refresh_token.find_first_of(": ") != std::string::npos)
    return error_response(401, "unauthorized",
                          "unknown, used or expired refresh token; log in again");
  auto hash = sha256_hex(refresh_token);
  // Taking it removes it: a refresh token works once, even when what follows refuses.
  auto grant = store_->take_refresh_token(hash);
  if (!grant) {
    // A token that worked before comes again: a copy is in someone else's hands. The whole
    // family goes (every refresh token of the device and the device itself, so its access
    // tokens stop too); the holder logs in again.
    if (auto used = store_->take_refresh_token(used_key(hash)); used && used->expires_ms > now_()) {
      log_.warn("refresh token reused: device logged out",
                {{"user", used->user}, {"device", used->device}});
      store_->delete_refresh_tokens(used->user, used->device);
      store_->remove_device(used->user, used->device);
      forget(used->user, used->device);
      if (on_token_reuse_) on_token_reuse_(used->user, used->device);
      return error_response(401, "unauthorized",
                            "this refresh token was used before; the device is logged out "
                            "everywhere: log in again");
    }
    return error_response(401, "unauthorized",
                          "unknown, used or expired refresh token; log in again");
  }
  if (grant->expires_ms <= now_())
    return error_response(401, "unauthorized",
                          "unknown, used or expired refresh token; log in again");
  auto s = standing(grant->user, grant->device);
  if (s == "banned") return error_response(403, "forbidden", "this account is banned");
  if (s != "ok")
    return error_response(401, "unauthorized", "this device was logged out; log in again");
  store_->put_refresh_token(used_key(hash), *grant);
  store_->touch_device(grant->user, grant->device, now_());
  return issue_pair(grant->user, grant->device);
}

HttpResponse Accounts::issue_pair(const std::string& user, const std::string& device,
                                  const json::object& extras) {
  std::string refresh = new_refresh_token();
  auto ttl_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(settings_.refresh_token_ttl).count();
  store_->put_refresh_token(sha256_hex(refresh), {user, device, now_() + ttl_ms});
  std::string access = tokens_.issue({user, device}, now_() / 1000);
  {
    // Just checked against the store: the first requests need not ask again.
    std::lock_guard lock(cache_mutex_);
    checked_until_ms_[{user, device}] = now_() + kIdentityCache.count() * 1000;
  }
  json::object body{{"user_id", user},
                    {"device_id", device},
                    {"access_token", access},
                    {"refresh_token", refresh},
                    {"expires_in", settings_.access_token_ttl.count()}};
  for (auto& [k, v] : extras)
    if (!body.contains(k)) body[k] = v;  // a plugin adds fields, never replaces ours
  return HttpResponse::with_json(200, json::serialize(body));
}

std::string Accounts::standing(const std::string& user, const std::string& device) {
  auto u = store_->user_by_id(user);
  if (!u) return "gone";
  if (u->banned) return "banned";
  auto devices = store_->devices(user);
  bool found = std::any_of(devices.begin(), devices.end(),
                           [&](const DeviceRecord& d) { return d.id == device; });
  return found ? "ok" : "gone";
}

std::optional<Identity> Accounts::verify_access_token(std::string_view token) {
  auto claims = tokens_.verify(token, now_() / 1000);
  if (!claims) return std::nullopt;
  auto key = std::make_pair(claims->who.user, claims->who.device);
  {
    std::lock_guard lock(cache_mutex_);
    auto it = checked_until_ms_.find(key);
    if (it != checked_until_ms_.end() && it->second > now_()) return claims->who;
  }
  try {
    if (standing(key.first, key.second) != "ok") return std::nullopt;
  } catch (const std::exception& e) {
    log_.warn("cannot check an access token's device", {{"error", e.what()}});
    return std::nullopt;
  }
  std::lock_guard lock(cache_mutex_);
  // Bounded by the live devices: expired entries go when the map grows large.
  if (checked_until_ms_.size() > 100'000)
    std::erase_if(checked_until_ms_, [&](auto& e) { return e.second <= now_(); });
  checked_until_ms_[key] = now_() + kIdentityCache.count() * 1000;
  return claims->who;
}

void Accounts::forget(const std::string& user, const std::string& device) {
  std::lock_guard lock(cache_mutex_);
  std::erase_if(checked_until_ms_, [&](auto& e) {
    return e.first.first == user && (device.empty() || e.first.second == device);
  });
}

}  // namespace sb::core
