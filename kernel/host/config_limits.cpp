// SPDX-License-Identifier: Apache-2.0
// The [limits] section: rate limits per device and per client address for each class of op
// (sends, group changes, contact lookups, prekey fetches, reads, contact changes, blocks,
// presence and push subscriptions, status posts, profile changes) and per-call caps.
#include <chrono>

#include "kernel/host/config.hpp"

namespace sb::kernel {

namespace {

using std::chrono::seconds;

// "<what>_per_<scope>_per_<unit>": the count allowed in one window; 0 switches it off.
struct RuleKey {
  const char* name;
  RateRule LimitsSettings::*rule;
  const char* what;
};

constexpr seconds kMinute{60}, kHour{3600};

const std::vector<RuleKey>& rule_keys() {
  static const std::vector<RuleKey> keys{
      {"sends_per_device_per_minute", &LimitsSettings::sends_per_device, "sends by one device"},
      {"sends_per_address_per_minute", &LimitsSettings::sends_per_address,
       "sends from one client address"},
      {"group_changes_per_device_per_minute", &LimitsSettings::group_changes_per_device,
       "group ops other than group.info by one device"},
      {"group_changes_per_address_per_minute", &LimitsSettings::group_changes_per_address,
       "group ops other than group.info from one client address"},
      {"lookups_per_device_per_hour", &LimitsSettings::lookups_per_device,
       "users.lookup calls by one device"},
      {"lookups_per_address_per_hour", &LimitsSettings::lookups_per_address,
       "users.lookup calls from one client address"},
      {"prekey_fetches_per_device_per_minute", &LimitsSettings::prekey_fetches_per_device,
       "keys.bundle calls by one device"},
      {"prekey_fetches_per_address_per_minute", &LimitsSettings::prekey_fetches_per_address,
       "keys.bundle calls from one client address"},
      {"prekey_fetches_per_pair_per_hour", &LimitsSettings::prekey_fetches_per_pair,
       "keys.bundle calls by one user for the same other user (their one-time prekeys)"},
      {"reads_per_device_per_minute", &LimitsSettings::reads_per_device,
       "sync and history calls by one device"},
      {"reads_per_address_per_minute", &LimitsSettings::reads_per_address,
       "sync and history calls from one client address"},
      {"contact_changes_per_device_per_minute", &LimitsSettings::contact_changes_per_device,
       "contacts.add and contacts.remove calls by one device"},
      {"contact_changes_per_address_per_minute", &LimitsSettings::contact_changes_per_address,
       "contacts.add and contacts.remove calls from one client address"},
      {"blocks_per_device_per_minute", &LimitsSettings::blocks_per_device,
       "block and unblock calls by one device"},
      {"blocks_per_address_per_minute", &LimitsSettings::blocks_per_address,
       "block and unblock calls from one client address"},
      {"presence_subscriptions_per_device_per_minute",
       &LimitsSettings::presence_subscriptions_per_device,
       "presence.subscribe calls by one device"},
      {"presence_subscriptions_per_address_per_minute",
       &LimitsSettings::presence_subscriptions_per_address,
       "presence.subscribe calls from one client address"},
      {"push_subscriptions_per_device_per_hour", &LimitsSettings::push_subscriptions_per_device,
       "push.subscribe and push.remove calls by one device"},
      {"push_subscriptions_per_address_per_hour", &LimitsSettings::push_subscriptions_per_address,
       "push.subscribe and push.remove calls from one client address"},
      {"status_posts_per_device_per_hour", &LimitsSettings::status_posts_per_device,
       "status.post calls by one device"},
      {"status_posts_per_address_per_hour", &LimitsSettings::status_posts_per_address,
       "status.post calls from one client address"},
      {"profile_changes_per_device_per_hour", &LimitsSettings::profile_changes_per_device,
       "profile.set calls by one device"},
      {"profile_changes_per_address_per_hour", &LimitsSettings::profile_changes_per_address,
       "profile.set calls from one client address"},
      {"media_urls_per_device_per_minute", &LimitsSettings::media_urls_per_device,
       "media.url calls (signed download links) by one device"},
      {"media_urls_per_address_per_minute", &LimitsSettings::media_urls_per_address,
       "media.url calls (signed download links) from one client address"},
  };
  return keys;
}

seconds window_of(std::string_view name) {
  return name.ends_with("_per_hour") ? kHour : kMinute;
}

}  // namespace

const ConfigSchema& limits_schema() {
  static const ConfigSchema schema = [] {
    ConfigSchema s;
    const LimitsSettings defaults;
    for (auto& k : rule_keys()) {
      std::string name = k.name;
      std::string unit = window_of(name) == kHour ? "hour" : "minute";
      s.push_back(key_int(name, (defaults.*k.rule).count,
                          std::string("Most ") + k.what + " per " + unit +
                              "; beyond it rate_limited with retry_after. 0: no limit",
                          0, 1'000'000));
    }
    s.push_back(key_int("lookup_max_phones", static_cast<std::int64_t>(defaults.lookup_max_phones),
                        "Most phone numbers in one users.lookup", 1, 1000));
    return s;
  }();
  return schema;
}

LimitsSettings limits_settings(const json::object& validated) {
  ConfigView v(validated);
  LimitsSettings out;
  for (auto& k : rule_keys())
    out.*k.rule = RateRule{static_cast<int>(v.integer(k.name)), window_of(k.name)};
  out.lookup_max_phones = static_cast<std::size_t>(v.integer("lookup_max_phones"));
  return out;
}

}  // namespace sb::kernel
