// SPDX-License-Identifier: Apache-2.0
// The kernel's own settings, as typed structs filled from the validated config file
// (config.cpp) and read by the parts of the kernel (server, bus, logging, plugin host).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <switchboard/json.hpp>

namespace sb::kernel {

struct ServerSettings {
  std::string listen = "0.0.0.0:8080";  // host:port; port 0 picks a free one
  std::string data_dir = "./data";
  std::string node_id;   // empty: the host name
  int io_threads = 0;    // 0: one per core
  std::string tls_cert;  // PEM file; TLS is on when both are set
  std::string tls_key;
  std::size_t max_header_bytes = 8 * 1024;
  std::size_t max_body_bytes = 1024 * 1024;
  std::chrono::milliseconds header_timeout{10'000};  // whole header must arrive within this
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds keepalive_timeout{60'000};
  std::chrono::milliseconds drain_timeout{10'000};
  std::size_t max_connections = 19'000;
  std::size_t max_connections_per_address = 256;  // plain HTTP, before any upgrade; 0: no cap
  bool public_only = false;                       // admin surfaces refuse to serve on this listener
  std::string metrics_token;  // Bearer token for /metrics and /readyz details off loopback
  // Web origins ("https://app.example") whose pages may call the API cross-origin; empty:
  // no CORS headers at all, so browsers keep other sites' pages from reading replies.
  std::vector<std::string> cors_origins;
};

enum class LogFormat { text, json };

struct LogSettings {
  std::string level = "info";  // trace, debug, info, warn, error
  LogFormat format = LogFormat::text;
};

enum class FailureMode { open, closed };

// [bus.handlers.<instance>]: how the deployment wires one plugin instance's handlers.
struct HandlerRule {
  std::optional<int> priority;                        // overrides the plugin's own
  std::optional<std::chrono::milliseconds> deadline;  // interceptors
  std::optional<FailureMode> failure_mode;            // interceptors
  std::optional<std::vector<std::string>> events;     // only these events reach it
  json::object filter;                                // field -> value the event must have
};

struct BusSettings {
  int observer_threads = 2;
  std::size_t queue_capacity = 10'000;  // per observer worker
  std::chrono::milliseconds default_deadline{100};
  FailureMode default_failure_mode = FailureMode::open;
  std::map<std::string, HandlerRule> handlers;  // by instance id
};

// [auth]: one-time login codes, their rate limits and the lifetimes of device credentials.
struct AuthSettings {
  std::chrono::seconds code_ttl{300};
  int max_attempts = 5;                    // wrong codes before a new one must be requested
  int requests_per_phone_per_hour = 5;     // code requests, per phone number
  int requests_per_address_per_hour = 30;  // code requests, per client IP address
  int requests_per_prefix_per_hour =
      100;  // code requests, per phone number without its last 4 digits
  std::chrono::seconds access_token_ttl{900};
  std::chrono::hours refresh_token_ttl{30 * 24};
  std::map<std::string, std::string> test_numbers;  // E.164 phone -> fixed 6-digit code
};

enum class RetentionMode { until_delivered, keep };

// At most `count` events per `window`; count 0: no limit.
struct RateRule {
  int count = 0;
  std::chrono::seconds window{60};
};

// [limits]: per-device and per-address rate limits of the op classes, and per-call caps.
struct LimitsSettings {
  RateRule sends_per_device{1200, std::chrono::seconds(60)};
  RateRule sends_per_address{6000, std::chrono::seconds(60)};
  RateRule group_changes_per_device{60, std::chrono::seconds(60)};
  RateRule group_changes_per_address{300, std::chrono::seconds(60)};
  RateRule lookups_per_device{30, std::chrono::seconds(3600)};
  RateRule lookups_per_address{100, std::chrono::seconds(3600)};
  RateRule prekey_fetches_per_device{60, std::chrono::seconds(60)};
  RateRule prekey_fetches_per_address{300, std::chrono::seconds(60)};
  RateRule prekey_fetches_per_pair{10, std::chrono::seconds(3600)};  // one user's of another's
  RateRule reads_per_device{600, std::chrono::seconds(60)};          // sync, history
  RateRule reads_per_address{3000, std::chrono::seconds(60)};
  RateRule contact_changes_per_device{60, std::chrono::seconds(60)};  // contacts.add, .remove
  RateRule contact_changes_per_address{300, std::chrono::seconds(60)};
  RateRule blocks_per_device{30, std::chrono::seconds(60)};  // block, unblock
  RateRule blocks_per_address{150, std::chrono::seconds(60)};
  RateRule presence_subscriptions_per_device{60, std::chrono::seconds(60)};
  RateRule presence_subscriptions_per_address{300, std::chrono::seconds(60)};
  RateRule push_subscriptions_per_device{30, std::chrono::seconds(3600)};  // subscribe, remove
  RateRule push_subscriptions_per_address{300, std::chrono::seconds(3600)};
  RateRule status_posts_per_device{60, std::chrono::seconds(3600)};
  RateRule status_posts_per_address{300, std::chrono::seconds(3600)};
  RateRule profile_changes_per_device{60, std::chrono::seconds(3600)};  // profile.set
  RateRule profile_changes_per_address{300, std::chrono::seconds(3600)};
  RateRule media_urls_per_device{120, std::chrono::seconds(60)};  // media.url
  RateRule media_urls_per_address{600, std::chrono::seconds(60)};
  std::size_t lookup_max_phones = 100;  // phones in one users.lookup
};

// [messaging]: the core's limits and retention.
struct MessagingSettings {
  std::size_t max_body_bytes = 64 * 1024;  // a send's payload (body or all bodies)
  RetentionMode retention = RetentionMode::until_delivered;
  std::chrono::hours undelivered_ttl{30 * 24};
  std::chrono::milliseconds sweep_interval{60'000};
  std::size_t max_group_members = 256;
  int prekeys_low_threshold = 10;
  std::chrono::milliseconds presence_coalesce{1'000};
  // How long the core keeps a recipient's devices, existence and blocks (0: no cache).
  std::chrono::milliseconds read_cache{1'000};
  // Push: while a device has not come back since its last push, at most one more per
  // interval; a failing push is retried up to push_max_tries times within push_give_up.
  std::chrono::milliseconds push_interval{60'000};
  int push_max_tries = 5;
  std::chrono::milliseconds push_give_up{600'000};
  // Who may add a user to groups until they choose: "everyone", "contacts" or "nobody".
  std::string group_add_privacy = "contacts";
  // A session holding events back until its device acks (window full, or a replay page
  // waiting) that gets no ack for this long is closed as slow_consumer; 0: never.
  std::chrono::milliseconds slow_consumer_timeout{30'000};
  LimitsSettings limits;  // from [limits]
};

}  // namespace sb::kernel
