// SPDX-License-Identifier: Apache-2.0
// See op_limits.hpp. A refusal records nothing, so a client that keeps retrying too early
// does not push its own retry_after further out.
#include "kernel/core/op_limits.hpp"

#include "kernel/core/protocol.hpp"

namespace sb::core {

NamedLimit::NamedLimit(std::string setting, kernel::RateRule rule)
    : setting_(std::move(setting)), rule_(rule), limiter_(rule.count, rule.window) {}

void NamedLimit::refuse(std::chrono::seconds wait, std::string_view what) const {
  throw ProtocolError("rate_limited",
                      "too many " + std::string(what) + ": " + setting_ + " is " +
                          std::to_string(rule_.count) + "; retry after " +
                          std::to_string(wait.count()) + " s",
                      {{"retry_after", wait.count()}, {"limit", setting_}});
}

void NamedLimit::take(const std::string& key, std::string_view what) {
  if (rule_.count <= 0) return;
  if (auto wait = limiter_.acquire(key)) refuse(*wait, what);
}

void NamedLimit::check(const std::string& key, std::string_view what) {
  if (rule_.count <= 0) return;
  if (auto wait = limiter_.check(key)) refuse(*wait, what);
}

namespace {
NamedLimit limit(const char* key, kernel::RateRule rule) {
  return NamedLimit(std::string("limits.") + key, rule);
}
}  // namespace

OpLimits::OpLimits(const kernel::LimitsSettings& s)
    : prekey_pairs(limit("prekey_fetches_per_pair_per_hour", s.prekey_fetches_per_pair)),
      sends_{limit("sends_per_device_per_minute", s.sends_per_device),
             limit("sends_per_address_per_minute", s.sends_per_address), "sends"},
      group_changes_{limit("group_changes_per_device_per_minute", s.group_changes_per_device),
                     limit("group_changes_per_address_per_minute", s.group_changes_per_address),
                     "group changes"},
      lookups_{limit("lookups_per_device_per_hour", s.lookups_per_device),
               limit("lookups_per_address_per_hour", s.lookups_per_address), "contact lookups"},
      prekey_fetches_{limit("prekey_fetches_per_device_per_minute", s.prekey_fetches_per_device),
                      limit("prekey_fetches_per_address_per_minute", s.prekey_fetches_per_address),
                      "prekey fetches"},
      reads_{limit("reads_per_device_per_minute", s.reads_per_device),
             limit("reads_per_address_per_minute", s.reads_per_address), "sync and history calls"},
      contact_changes_{
          limit("contact_changes_per_device_per_minute", s.contact_changes_per_device),
          limit("contact_changes_per_address_per_minute", s.contact_changes_per_address),
          "contact changes"},
      blocks_{limit("blocks_per_device_per_minute", s.blocks_per_device),
              limit("blocks_per_address_per_minute", s.blocks_per_address), "blocks and unblocks"},
      presence_subscriptions_{limit("presence_subscriptions_per_device_per_minute",
                                    s.presence_subscriptions_per_device),
                              limit("presence_subscriptions_per_address_per_minute",
                                    s.presence_subscriptions_per_address),
                              "presence subscriptions"},
      push_subscriptions_{
          limit("push_subscriptions_per_device_per_hour", s.push_subscriptions_per_device),
          limit("push_subscriptions_per_address_per_hour", s.push_subscriptions_per_address),
          "push subscription changes"},
      status_posts_{limit("status_posts_per_device_per_hour", s.status_posts_per_device),
                    limit("status_posts_per_address_per_hour", s.status_posts_per_address),
                    "status posts"},
      profile_changes_{limit("profile_changes_per_device_per_hour", s.profile_changes_per_device),
                       limit("profile_changes_per_address_per_hour", s.profile_changes_per_address),
                       "profile changes"},
      media_urls_{limit("media_urls_per_device_per_minute", s.media_urls_per_device),
                  limit("media_urls_per_address_per_minute", s.media_urls_per_address),
                  "media download links"} {}

OpLimits::Class* OpLimits::class_of(std::string_view op) {
  if (op == "send") return &sends_;
  if (op == "users.lookup") return &lookups_;
  if (op == "keys.bundle") return &prekey_fetches_;
  if (op == "sync" || op == "history") return &reads_;
  if (op == "media.url") return &media_urls_;
  if (op.starts_with("group.") && op != "group.info") return &group_changes_;
  if (op == "contacts.add" || op == "contacts.remove") return &contact_changes_;
  if (op == "block" || op == "unblock") return &blocks_;
  if (op == "presence.subscribe") return &presence_subscriptions_;
  if (op == "push.subscribe" || op == "push.remove") return &push_subscriptions_;
  if (op == "status.post") return &status_posts_;
  if (op == "profile.set") return &profile_changes_;
  return nullptr;
}

void OpLimits::admit(std::string_view op, const std::string& user, const std::string& device,
                     const std::string& address) {
  auto* c = class_of(op);
  if (!c) return;
  auto who = user + '\x1f' + device;
  // Both checked before either records, so one refusal does not use up the other budget.
  c->per_device.check(who, c->what);
  if (!address.empty()) c->per_address.check(address, c->what);
  c->per_device.take(who, c->what);
  if (!address.empty()) c->per_address.take(address, c->what);
}

}  // namespace sb::core
