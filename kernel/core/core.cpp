// SPDX-License-Identifier: Apache-2.0
// See core.hpp. Destruction order matters: routes and timers go first (no new work), then
// live sessions are told to go, the pool is joined (no work left running), and only then
// the Engine and Accounts that work refers to.
#include "kernel/core/core.hpp"

#include <algorithm>
#include <chrono>

#include <boost/asio/post.hpp>
#include <switchboard/events/device.hpp>
#include <switchboard/services/account_store.hpp>
#include <switchboard/services/sms.hpp>

#include "kernel/core/admin_routes.hpp"
#include "kernel/core/auth_routes.hpp"
#include "kernel/core/cached_stores.hpp"
#include "kernel/core/chat_activity.hpp"
#include "kernel/core/core_metrics.hpp"
#include "kernel/core/engine.hpp"
#include "kernel/core/push_dispatcher.hpp"
#include "kernel/core/secrets.hpp"
#include "kernel/core/session.hpp"
#include "kernel/core/social_stores.hpp"
#include "kernel/core/status_sweep.hpp"

namespace sb::core {

Core::Core(CoreParts parts)
    : log_(parts.log), pool_(std::make_shared<boost::asio::thread_pool>(kWorkers)) {
  std::shared_ptr<AccountStore> store = nullptr;
  if (auto raw = parts.services.get<AccountStore>())
    store = account_store_ = std::make_shared<CachedAccountStore>(raw, parts.messaging.read_cache);
  if (!store) {
    log_.warn(
        "no account store configured (a plugin providing \"account-store\"): the /v1/auth "
        "endpoints and the protocol are off");
    return;
  }
  auto sms = parts.services.get<SmsProvider>();
  if (!sms && parts.auth.test_numbers.empty())
    log_.warn("no SMS provider configured (a plugin providing \"sms\"): nobody can log in");
  else if (!sms)
    log_.warn("no SMS provider configured: only [auth] test_numbers can log in");
  auto key = AccessTokens::load_or_create_key(parts.data_dir);
  accounts_ = std::make_unique<Accounts>(parts.auth, std::move(store), std::move(sms), key, log_);
  accounts_->on_verified([&bus = parts.bus](const std::string& user, const std::string& device,
                                            const std::string& name) {
    DeviceVerified e{user, device, name, json::object{}};
    bus.submit(e);  // a veto changes nothing: the device is registered already
    return e.extras.is_object() ? e.extras.as_object() : json::object{};
  });
  routes_ = register_auth_routes(parts.router, *accounts_, *pool_, log_);
  start_engine(parts, key);
  Counter* reuses = parts.metrics ? &parts.metrics->counter("sb_refresh_token_reuse_total",
                                                            "Refresh tokens presented a second "
                                                            "time (the device was logged out)")
                                  : nullptr;
  accounts_->on_token_reuse([this, reuses](const std::string& user, const std::string& device) {
    if (reuses) reuses->inc();
    if (engine_) engine_->revoke(user, device, "revoked");
  });
}

void Core::start_engine(CoreParts& parts, const std::string& key) {
  std::shared_ptr<SocialStore> social = nullptr;
  if (auto raw = parts.services.get<SocialStore>())
    social = std::make_shared<CachedSocialStore>(raw, parts.messaging.read_cache);
  Stores stores{account_store_,
                parts.services.get<MessageStore>(),
                parts.services.get<GroupStore>(),
                parts.services.get<KeyStore>(),
                std::move(social),
                parts.services.get<MessageAcks>(),
                parts.services.get<PushStore>(),
                parts.services.get<GroupAccess>()};
  std::string missing;
  if (!stores.messages) missing += " message-store";
  if (!stores.groups) missing += " group-store";
  if (!stores.keys) missing += " key-store";
  if (!stores.social) missing += " social-store";
  if (!missing.empty()) {
    log_.warn("the messaging protocol is off: no plugin provides" + missing);
    return;
  }
  engine_ = std::make_shared<Engine>(parts.messaging, std::move(stores), *accounts_, parts.bus,
                                     parts.scheduler, log_, pool_, parts.plugin_ops, key);
  if (engine_->stores.push && parts.metrics)
    start_push(parts);
  else
    log_.info("push notifications are off: no store provides \"push-store\"");
  auto retention = parts.messaging.retention == kernel::RetentionMode::keep
                       ? Retention::keep
                       : Retention::until_delivered;
  auto ttl = std::chrono::duration_cast<std::chrono::milliseconds>(parts.messaging.undelivered_ttl);
  sweeper_ = parts.scheduler.every(parts.messaging.sweep_interval, [this, retention, ttl] {
    // A sweep that outlasts the interval is not joined by a second one on another worker.
    if (sweeping_.exchange(true)) return;
    post([this, retention, ttl] {
      try {
        auto t0 = std::chrono::steady_clock::now();
        auto n = engine_->stores.messages->sweep(engine_->now_ms(), retention, ttl.count());
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - t0)
                      .count();
        if (n > 0) log_.info("retention sweep", {{"deleted_messages", n}, {"ms", ms}});
      } catch (const std::exception& e) {
        log_.warn("retention sweep failed", {{"error", e.what()}});
      }
      sweeping_ = false;
    });
  });
  if (parts.metrics) metrics_timer_ = start_core_metrics(*engine_, *parts.metrics, parts.scheduler);
  start_ack_watch(parts.scheduler);
  start_social(parts);
  auto admin =
      register_admin_routes(parts.router, *engine_, *pool_, admin_token(key), parts.services);
  for (auto& r : admin) routes_.push_back(std::move(r));
}

void Core::start_social(CoreParts& parts) {
  auto& e = *engine_;
  SocialStores social{parts.services.get<ProfileStore>(), parts.services.get<StatusStore>(),
                      parts.services.get<ChatListStore>(), parts.services.get<Directory>(),
                      parts.services.get<MediaRefs>()};
  attach_social_stores(e, social);
  if (social.chat_list)
    for (auto& s : observe_chat_activity(e, parts.bus)) social_.push_back(std::move(s));
  if (social.statuses)
    social_.push_back(parts.scheduler.every(parts.messaging.sweep_interval, [this] {
      if (status_sweeping_.exchange(true)) return;
      post([this] {
        try {
          auto n = sweep_expired_statuses(*engine_, engine_->now_ms());
          if (n > 0) log_.info("status sweep", {{"expired_statuses", n}});
        } catch (const std::exception& ex) {
          log_.warn("status sweep failed", {{"error", ex.what()}});
        }
        status_sweeping_ = false;
      });
    }));
  if (!social.media) log_.info("no media-refs service: status posts and avatars are text only");
}

void Core::start_ack_watch(Scheduler& scheduler) {
  auto& watch = engine_->ack_watch;
  if (!watch.enabled()) return;
  // A quarter of the timeout: a session is closed at most 25% late, and the timer costs a
  // map lookup when nobody is behind.
  auto period = std::clamp(watch.timeout() / 4, std::chrono::milliseconds(50),
                           std::chrono::milliseconds(1000));
  ack_timer_ = scheduler.every(period, [this] {
    auto now = std::chrono::steady_clock::now();
    for (auto& s : engine_->ack_watch.due(now)) s->post([s, now] { s->check_acks(now); });
  });
}

void Core::start_push(CoreParts& parts) {
  auto& engine = *engine_;
  engine.push = std::make_shared<PushDispatcher>(PushParts{
      parts.messaging, parts.services,
      [instances = parts.instances] { return instances(PushProvider::service_name); },
      engine.stores.push, engine.stores.accounts, parts.bus, parts.scheduler, *parts.metrics, log_,
      // The pool, not the Core: a provider may answer after the Core is gone.
      [pool = pool_](std::function<void()> work) { boost::asio::post(*pool, std::move(work)); },
      [] { return Accounts::system_now_ms(); }});
  engine.push->start();
  auto providers = engine.push->providers();
  if (providers.empty()) log_.info("no push provider loaded: offline devices are not woken");
  for (auto& [id, p] : providers)
    log_.info("push provider", {{"instance", id}, {"kind", p->kind()}});
}

Core::~Core() {
  stop();
}

void Core::stop() {
  if (stopped_) return;
  stopped_ = true;
  routes_.clear();
  sweeper_.reset();
  social_.clear();
  if (engine_ && engine_->push) engine_->push->stop();
  metrics_timer_.reset();
  ack_timer_.reset();
  if (engine_) engine_->presence.stop();
  pool_->join();
  // Work posted from now on never runs; live sessions stop holding the engine alive.
  if (engine_) engine_->sessions.clear();
  if (engine_) detach_social_stores(*engine_);
}

void Core::post(std::function<void()> work) {
  boost::asio::post(*pool_, std::move(work));
}

std::shared_ptr<ClientSession> Core::open(std::shared_ptr<ClientLink> link,
                                          SessionOptions options) {
  if (!engine_ || stopped_) return nullptr;
  auto s = std::make_shared<Session>(engine_, std::move(link), options.transport);
  s->start(options);
  return s;
}

std::optional<ClientIdentity> Core::check_token(std::string_view token) const {
  if (!accounts_) return std::nullopt;
  auto claims = accounts_->tokens().verify(token, Accounts::system_now_ms() / 1000);
  if (!claims) return std::nullopt;
  return ClientIdentity{claims->who.user, claims->who.device};
}

std::optional<Identity> Core::verify_access_token(std::string_view token) {
  return accounts_ ? accounts_->verify_access_token(token) : std::nullopt;
}

void Core::verify_access_token_async(std::string token,
                                     std::function<void(std::optional<Identity>)> done) {
  post([this, token = std::move(token), done = std::move(done)] {
    done(verify_access_token(token));
  });
}

void Core::forget(const std::string& user, const std::string& device) {
  if (accounts_) accounts_->forget(user, device);
}

std::string Core::admin_token(const std::string& jwt_key) {
  return sha256_hex("switchboard admin token:" + jwt_key);
}

}  // namespace sb::core
