// SPDX-License-Identifier: Apache-2.0
// Push subscriptions of the calling device: which providers exist (with what a client needs
// to subscribe, e.g. the VAPID key), subscribe, list, remove. The provider checks a
// subscription before it is stored, so a bad key is refused now, not at the first push.
#include <algorithm>

#include "kernel/core/dispatcher.hpp"
#include "kernel/core/engine.hpp"
#include "kernel/core/push_dispatcher.hpp"
#include "kernel/core/secrets.hpp"

namespace sb::core {

namespace {

constexpr std::size_t kMaxSubscriptionsPerDevice = 10;
constexpr std::size_t kMaxEndpointBytes = 4096;

PushDispatcher& push_of(Call& c) {
  if (!c.engine.push || !c.engine.stores.push)
    throw ProtocolError("unavailable",
                        "push notifications are off: no store provides "
                        "\"push-store\"");
  return *c.engine.push;
}

json::object describe(const PushSubscription& s) {
  return {
      {"id", s.id}, {"provider", s.provider}, {"endpoint", s.endpoint}, {"created", s.created_ms}};
}

std::string known_names(PushDispatcher& push) {
  std::string names;
  for (auto& [id, p] : push.providers()) names += (names.empty() ? "" : ", ") + id;
  return names.empty() ? "none is loaded" : "loaded: " + names;
}

void op_providers(Call& c) {
  json::array out;
  for (auto& [id, p] : push_of(c).providers()) {
    json::object o = p->public_info();
    o["id"] = id;
    o["kind"] = p->kind();
    out.push_back(std::move(o));
  }
  c.ok({{"providers", std::move(out)}});
}

void op_subscribe(Call& c) {
  auto& push = push_of(c);
  auto f = c.fields();
  PushSubscription s;
  s.user = c.user();
  s.device = c.device();
  s.provider = f.string("provider", 64);
  auto provider = push.provider(s.provider);
  if (!provider)
    throw bad_request("field \"provider\": no push provider \"" + s.provider + "\" (" +
                      known_names(push) + ")");
  // Web Push subscriptions carry an endpoint; FCM, APNs and relays a token.
  auto endpoint = f.opt_string("endpoint", kMaxEndpointBytes);
  auto token = f.opt_string("token", kMaxEndpointBytes);
  if (!endpoint && !token) throw bad_request("field \"endpoint\" (or \"token\"): required");
  s.endpoint = endpoint ? *endpoint : *token;
  if (s.endpoint.empty()) throw bad_request("field \"endpoint\": must not be empty");
  if (auto* keys = f.find("keys")) {
    if (!keys->is_object()) throw bad_request("field \"keys\": expected an object");
    Fields k(keys->as_object());
    s.p256dh = k.opt_string("p256dh", 256).value_or("");
    s.auth = k.opt_string("auth", 64).value_or("");
  }
  if (auto problem = provider->check(s)) throw bad_request(*problem);
  auto existing = c.engine.stores.push->push_subscriptions(s.user, s.device);
  bool replaces = std::any_of(existing.begin(), existing.end(), [&](const PushSubscription& e) {
    return e.provider == s.provider && e.endpoint == s.endpoint;
  });
  if (!replaces && existing.size() >= kMaxSubscriptionsPerDevice)
    throw ProtocolError("too_large",
                        "a device may hold at most " + std::to_string(kMaxSubscriptionsPerDevice) +
                            " push subscriptions; remove one first",
                        {{"limit", kMaxSubscriptionsPerDevice}});
  s.id = new_id("ps_");
  s.created_ms = c.engine.now_ms();
  c.engine.stores.push->put_push_subscription(s);
  // The store keeps the id of a subscription this one replaced.
  for (auto& stored : c.engine.stores.push->push_subscriptions(s.user, s.device))
    if (stored.provider == s.provider && stored.endpoint == s.endpoint) s = stored;
  c.ok({{"subscription", describe(s)}});
}

void op_list(Call& c) {
  push_of(c);
  json::array out;
  for (auto& s : c.engine.stores.push->push_subscriptions(c.user(), c.device()))
    out.push_back(describe(s));
  c.ok({{"subscriptions", std::move(out)}});
}

void op_remove(Call& c) {
  push_of(c);
  auto id = c.fields().string("subscription", 64);
  if (!c.engine.stores.push->remove_push_subscription(c.user(), c.device(), id))
    throw not_found("this device has no push subscription \"" + id + "\"");
  c.ok();
}

}  // namespace

void add_push_ops(OpTable& ops) {
  ops.emplace("push.providers", &op_providers);
  ops.emplace("push.subscribe", &op_subscribe);
  ops.emplace("push.list", &op_list);
  ops.emplace("push.remove", &op_remove);
}

}  // namespace sb::core
