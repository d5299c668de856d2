// SPDX-License-Identifier: Apache-2.0
// The login flow against an in-memory AccountStore and a recording SmsProvider: codes,
// attempts, expiry, rate limits, test numbers, bans, refresh rotation and the access-token
// check. The HTTP layer and the real store are covered by tests/integration/auth_test.cpp.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "kernel/core/accounts.hpp"
#include "kernel/core/auth_routes.hpp"
#include "kernel/core/rate_limiter.hpp"
#include "kernel/core/secrets.hpp"
#include "kernel/host/log.hpp"

namespace sb::core {
namespace {

using ::testing::HasSubstr;

class MemoryStore final : public AccountStore {
 public:
  std::optional<UserRecord> user_by_phone(const std::string& phone) override {
    for (auto& [id, u] : users)
      if (u.phone == phone) return u;
    return std::nullopt;
  }
  std::optional<UserRecord> user_by_id(const std::string& id) override {
    auto it = users.find(id);
    return it == users.end() ? std::nullopt : std::optional(it->second);
  }
  UserRecord create_user(const UserRecord& user) override {
    if (auto u = user_by_phone(user.phone)) return *u;
    return users[user.id] = user;
  }
  void set_banned(const std::string& user, bool banned) override { users[user].banned = banned; }
  void set_display_name(const std::string& user, const std::string& name) override {
    users[user].display_name = name;
  }
  void add_device(const DeviceRecord& device) override { devs.push_back(device); }
  std::vector<DeviceRecord> devices(const std::string& user) override {
    std::vector<DeviceRecord> out;
    for (auto& d : devs)
      if (d.user == user) out.push_back(d);
    return out;
  }
  bool remove_device(const std::string& user, const std::string& device) override {
    return std::erase_if(devs, [&](auto& d) { return d.user == user && d.id == device; }) > 0;
  }
  void touch_device(const std::string&, const std::string&, std::int64_t) override {}
  void put_login_code(const LoginCode& code) override { codes[code.phone] = code; }
  std::optional<LoginCode> login_code(const std::string& phone) override {
    auto it = codes.find(phone);
    return it == codes.end() ? std::nullopt : std::optional(it->second);
  }
  int count_login_attempt(const std::string& phone) override { return ++codes[phone].attempts; }
  void delete_login_code(const std::string& phone) override { codes.erase(phone); }
  void put_refresh_token(const std::string& hash, const RefreshGrant& grant) override {
    tokens[hash] = grant;
  }
  std::optional<RefreshGrant> take_refresh_token(const std::string& hash) override {
    auto it = tokens.find(hash);
    if (it == tokens.end()) return std::nullopt;
    auto g = it->second;
    tokens.erase(it);
    return g;
  }
  void delete_refresh_tokens(const std::string& user, const std::string& device) override {
    std::erase_if(tokens,
                  [&](auto& t) { return t.second.user == user && t.second.device == device; });
  }

  std::map<std::string, UserRecord> users;
  std::vector<DeviceRecord> devs;
  std::map<std::string, LoginCode> codes;
  std::map<std::string, RefreshGrant> tokens;
};

class RecordingSms final : public SmsProvider {
 public:
  void send_code(const std::string& phone, const std::string& code) override {
    if (fail) throw std::runtime_error("gateway down");
    sent.emplace_back(phone, code);
  }
  std::vector<std::pair<std::string, std::string>> sent;
  bool fail = false;
};

constexpr const char* kPhone = "+15551230001";
constexpr const char* kTestPhone = "+15550000099";

class AuthAccounts : public ::testing::Test {
 protected:
  AuthAccounts() {
    settings.test_numbers[kTestPhone] = "424242";
    make();
  }
  void make(bool with_sms = true) {
    accounts = std::make_unique<Accounts>(settings, store, with_sms ? sms : nullptr,
                                          std::string(32, 'k'), log, [this] { return now_ms; });
  }
  static json::object body(const HttpResponse& r) { return json::parse(r.body).as_object(); }
  static std::string error_code(const HttpResponse& r) {
    return std::string(body(r).at("error").at("code").as_string());
  }
  std::string last_code() { return sms->sent.back().second; }
  json::object login(const std::string& phone = kPhone) {
    EXPECT_EQ(accounts->request_code(phone, "10.0.0.1").status, 202);
    auto code = phone == kTestPhone ? "424242" : last_code();
    auto r = accounts->verify(phone, code, "phone");
    EXPECT_EQ(r.status, 200) << r.body;
    return body(r);
  }

  kernel::AuthSettings settings;
  std::shared_ptr<MemoryStore> store = std::make_shared<MemoryStore>();
  std::shared_ptr<RecordingSms> sms = std::make_shared<RecordingSms>();
  kernel::LogSink sink{{"error", kernel::LogFormat::text}};
  kernel::SourceLogger log{sink, "test"};
  std::int64_t now_ms = 1'700'000'000'000;
  std::unique_ptr<Accounts> accounts;
};

TEST_F(AuthAccounts, RequestVerifyAndUseTheAccessToken) {
  auto r = accounts->request_code(kPhone, "10.0.0.1");
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(r.body, R"({"expires_in":300})");
  ASSERT_EQ(sms->sent.size(), 1u);
  EXPECT_EQ(sms->sent[0].first, kPhone);
  // Stored hashed, never in the clear.
  EXPECT_EQ(store->codes.at(kPhone).code_hash, login_code_hash(kPhone, last_code()));
  EXPECT_EQ(store->codes.at(kPhone).expires_ms, now_ms + 300'000);

  auto v = accounts->verify(kPhone, last_code(), "Pixel");
  ASSERT_EQ(v.status, 200) << v.body;
  auto b = body(v);
  EXPECT_TRUE(b.at("user_id").as_string().starts_with("u_"));
  EXPECT_TRUE(b.at("device_id").as_string().starts_with("d_"));
  EXPECT_EQ(b.at("expires_in").as_int64(), 900);
  EXPECT_EQ(store->devs.at(0).name, "Pixel");
  EXPECT_FALSE(store->codes.contains(kPhone));  // a code works once
  EXPECT_EQ(store->tokens.count(sha256_hex(b.at("refresh_token").as_string())), 1u);

  auto who = accounts->verify_access_token(b.at("access_token").as_string());
  ASSERT_TRUE(who);
  EXPECT_EQ(who->user, b.at("user_id").as_string());
  EXPECT_EQ(who->device, b.at("device_id").as_string());
}

TEST_F(AuthAccounts, SecondVerifySameUserNewDevice) {
  auto a = login(), b = login();
  EXPECT_EQ(a.at("user_id"), b.at("user_id"));
  EXPECT_NE(a.at("device_id"), b.at("device_id"));
  EXPECT_EQ(store->users.size(), 1u);
  EXPECT_EQ(store->devs.size(), 2u);
}

TEST_F(AuthAccounts, WrongCodesThenRefusedEvenWithTheRightOne) {
  accounts->request_code(kPhone, "10.0.0.1");
  std::string right = last_code();
  std::string wrong = right == "000000" ? "111111" : "000000";
  for (int left = 4; left >= 0; --left) {
    auto r = accounts->verify(kPhone, wrong, "x");
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(body(r).at("error").at("attempts_left").as_int64(), left);
  }
  auto r = accounts->verify(kPhone, right, "x");
  EXPECT_EQ(r.status, 401);
  EXPECT_THAT(r.body, HasSubstr("request a new code"));
  // A new code starts over.
  accounts->request_code(kPhone, "10.0.0.1");
  EXPECT_EQ(accounts->verify(kPhone, last_code(), "x").status, 200);
}

TEST_F(AuthAccounts, ExpiredOrMissingCode) {
  auto none = accounts->verify(kPhone, "123456", "x");
  EXPECT_EQ(none.status, 401);
  EXPECT_THAT(none.body, HasSubstr("no code was requested"));
  accounts->request_code(kPhone, "10.0.0.1");
  now_ms += 300'000;
  auto r = accounts->verify(kPhone, last_code(), "x");
  EXPECT_EQ(r.status, 401);
  EXPECT_THAT(r.body, HasSubstr("expired"));
}

TEST_F(AuthAccounts, BadInputsNameTheField) {
  EXPECT_THAT(accounts->request_code("555", "a").body, HasSubstr("phone:"));
  EXPECT_THAT(accounts->verify("555", "123456", "x").body, HasSubstr("phone:"));
  EXPECT_THAT(accounts->verify(kPhone, "12a456", "x").body, HasSubstr("code:"));
  EXPECT_THAT(accounts->verify(kPhone, "123456", "").body, HasSubstr("device_name:"));
  EXPECT_EQ(accounts->verify(kPhone, "123456", std::string(65, 'x')).status, 400);
}

TEST_F(AuthAccounts, RateLimitsPerPhoneAndPerAddress) {
  settings.requests_per_phone_per_hour = 2;
  settings.requests_per_address_per_hour = 3;
  make();
  EXPECT_EQ(accounts->request_code(kPhone, "10.0.0.1").status, 202);
  EXPECT_EQ(accounts->request_code(kPhone, "10.0.0.2").status, 202);
  auto r = accounts->request_code(kPhone, "10.0.0.3");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(error_code(r), "rate_limited");
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "Retry-After");
  EXPECT_GT(std::stoi(r.headers[0].second), 3500);
  // The refused phone did not use up 10.0.0.3's budget: three other phones still pass.
  EXPECT_EQ(accounts->request_code("+15551230002", "10.0.0.3").status, 202);
  EXPECT_EQ(accounts->request_code("+15551230003", "10.0.0.3").status, 202);
  EXPECT_EQ(accounts->request_code("+15551230004", "10.0.0.3").status, 202);
  EXPECT_EQ(accounts->request_code("+15551230005", "10.0.0.3").status, 429);
  EXPECT_EQ(sms->sent.size(), 5u);
}

TEST_F(AuthAccounts, TestNumbersUseTheirFixedCodeAndSendNothing) {
  settings.requests_per_phone_per_hour = 1;
  make(false);  // no SMS provider at all
  for (int i = 0; i < 3; ++i) EXPECT_EQ(accounts->request_code(kTestPhone, "a").status, 202);
  EXPECT_EQ(accounts->verify(kTestPhone, "424242", "x").status, 200);
  EXPECT_TRUE(sms->sent.empty());
  auto r = accounts->request_code(kPhone, "a");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(error_code(r), "unavailable");
  EXPECT_THAT(r.body, HasSubstr("no SMS provider"));
}

TEST_F(AuthAccounts, SmsFailureIsUnavailable) {
  sms->fail = true;
  auto r = accounts->request_code(kPhone, "a");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(error_code(r), "unavailable");
}

TEST_F(AuthAccounts, RefreshRotatesAndTheOldTokenStopsWorking) {
  auto first = login();
  auto r = accounts->refresh(std::string(first.at("refresh_token").as_string()));
  ASSERT_EQ(r.status, 200) << r.body;
  auto second = body(r);
  EXPECT_EQ(second.at("device_id"), first.at("device_id"));
  EXPECT_NE(second.at("refresh_token"), first.at("refresh_token"));
  EXPECT_EQ(accounts->refresh(std::string(first.at("refresh_token").as_string())).status, 401);
  EXPECT_EQ(accounts->refresh("nonsense").status, 401);
  EXPECT_EQ(accounts->refresh(std::string(second.at("refresh_token").as_string())).status, 200);
}

TEST_F(AuthAccounts, RefreshTokensExpire) {
  auto first = login();
  now_ms += 30LL * 24 * 3600 * 1000;
  EXPECT_EQ(accounts->refresh(std::string(first.at("refresh_token").as_string())).status, 401);
}

TEST_F(AuthAccounts, BannedUsersAndRemovedDevices) {
  auto a = login();
  std::string user(a.at("user_id").as_string()), device(a.at("device_id").as_string());
  std::string access(a.at("access_token").as_string());
  store->set_banned(user, true);
  EXPECT_TRUE(accounts->verify_access_token(access));  // still cached
  accounts->forget(user);
  EXPECT_FALSE(accounts->verify_access_token(access));
  EXPECT_EQ(accounts->refresh(std::string(a.at("refresh_token").as_string())).status, 403);
  accounts->request_code(kPhone, "a");
  auto r = accounts->verify(kPhone, last_code(), "x");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(error_code(r), "forbidden");

  store->set_banned(user, false);
  auto b = login();
  std::string access_b(b.at("access_token").as_string());
  store->remove_device(user, std::string(b.at("device_id").as_string()));
  now_ms += Accounts::kIdentityCache.count() * 1000 + 1;  // the cache runs out on its own
  EXPECT_FALSE(accounts->verify_access_token(access_b));
  EXPECT_FALSE(accounts->verify_access_token("garbage"));
}

TEST(AuthRateLimiter, SlidingWindow) {
  RateLimiter limit(2, std::chrono::seconds(60));
  auto t0 = RateLimiter::Clock::now();
  EXPECT_FALSE(limit.acquire("k", t0));
  EXPECT_FALSE(limit.acquire("k", t0 + std::chrono::seconds(10)));
  EXPECT_EQ(limit.acquire("k", t0 + std::chrono::seconds(20)), std::chrono::seconds(40));
  EXPECT_FALSE(limit.acquire("other", t0));
  EXPECT_FALSE(limit.acquire("k", t0 + std::chrono::seconds(60)));
  EXPECT_TRUE(limit.check("k", t0 + std::chrono::seconds(61)));
}

TEST(AuthRoutes, BodyFieldsAndClientAddress) {
  auto ok = read_string_fields(R"({"phone":"+15551230001","x":1})", {"phone"});
  ASSERT_FALSE(ok.error);
  EXPECT_EQ(ok.values.at(0), "+15551230001");
  auto msg = [](std::string_view body) {
    auto r = read_string_fields(body, {"phone", "code"});
    return r.error ? r.error->status == 400 ? r.error->body : "status?" : "accepted";
  };
  EXPECT_THAT(msg("{"), HasSubstr("body: not valid JSON"));
  EXPECT_THAT(msg("[1]"), HasSubstr("body: expected a JSON object"));
  EXPECT_THAT(msg(R"({"phone":"+1"})"), HasSubstr("code: missing"));
  EXPECT_THAT(msg(R"({"phone":1,"code":"1"})"), HasSubstr("phone: expected a string"));
  EXPECT_THAT(msg(R"({"phone":null,"code":"1"})"), HasSubstr("phone: missing"));
  EXPECT_THAT(msg(std::string(5000, ' ')), HasSubstr("body: larger than"));
  EXPECT_THAT(msg("{}"), HasSubstr(R"("code":"bad_request")"));
  EXPECT_EQ(client_ip("1.2.3.4:5678"), "1.2.3.4");
  EXPECT_EQ(client_ip("[::1]:5678"), "::1");
}

}  // namespace
}  // namespace sb::core
