// SPDX-License-Identifier: Apache-2.0
// The kernel's own config sections declared as schemas, so that the file, --help and the admin
// UI all read their keys, defaults and bounds from one place.
#include <cstdint>
#include <limits>

#include "kernel/host/config.hpp"

namespace sb::kernel {

namespace {

constexpr double kMaxTimeoutMs = 3'600'000;

// Handler rules override the plugin's own choices only when given, so their keys default to
// null rather than to a value.
ConfigKey optional(ConfigKey k) {
  k.default_value = nullptr;
  return k;
}

}  // namespace

const ConfigSchema& server_schema() {
  static const ConfigSchema schema{
      key_string("listen", "0.0.0.0:8080", "Address to listen on, host:port (port 0 picks one)"),
      key_string("data_dir", "./data", "Directory for the node's data (databases, media)"),
      key_string("node_id", "", "This node's id in a cluster; empty: the host name"),
      key_int("io_threads", 0, "Network I/O threads; 0: one per core", 0, 256),
      key_string("tls_cert", "",
                 "PEM certificate file; TLS is on when tls_cert and tls_key are set"),
      key_string("tls_key", "", "PEM private key file"),
      key_int("max_header_bytes", 8 * 1024, "Largest accepted HTTP request header", 1024,
              1024 * 1024),
      key_int("max_body_bytes", 1024 * 1024, "Largest accepted HTTP request body", 1024,
              1024.0 * 1024 * 1024),
      key_int("header_timeout_ms", 10'000, "Time for a whole request header to arrive", 1,
              kMaxTimeoutMs),
      key_int("body_timeout_ms", 30'000, "Time for a request body to arrive", 1, kMaxTimeoutMs),
      key_int("keepalive_timeout_ms", 60'000, "Idle time before a keep-alive connection closes", 1,
              kMaxTimeoutMs),
      key_int("drain_timeout_ms", 10'000, "Time SIGTERM gives connections to finish", 1,
              kMaxTimeoutMs),
      key_int("max_connections", 19'000, "Connections accepted at once", 1, 1'000'000),
      key_int("max_connections_per_address", 256,
              "Plain-HTTP connections one client address may hold open at once (a WebSocket "
              "counts against its transport's own cap once upgraded); 0: no cap",
              0, 1'000'000),
      key_bool("public_only", false,
               "The listener faces the public: admin surfaces (the admin plugin's API and UI) "
               "refuse to serve on it"),
      key_strings("cors_origins", {},
                  "Web origins (scheme://host[:port]) whose pages may call the API from a "
                  "browser; empty: CORS is off"),
      secret(key_string("metrics_token", "",
                        "Bearer token that lets a non-loopback caller read /metrics and the "
                        "per-plugin body of /readyz; empty: loopback callers only")),
  };
  return schema;
}

const ConfigSchema& log_schema() {
  static const ConfigSchema schema{
      key_string("level", "info", "Lowest level written",
                 {"trace", "debug", "info", "warn", "error"}),
      key_string("format", "text", "One line per record, as text or as JSON", {"text", "json"}),
  };
  return schema;
}

const ConfigSchema& plugins_schema() {
  static const ConfigSchema schema{
      key_strings("dirs", {}, "Directories searched for libsb_<name>.so; empty: the built-in one"),
  };
  return schema;
}

const ConfigSchema& bus_schema() {
  static const ConfigSchema schema{
      key_int("observer_threads", 2, "Worker threads running observers", 1, 64),
      key_int("queue_capacity", 10'000, "Events queued per observer worker before overflow", 1,
              10'000'000),
      key_int("default_deadline_ms", 100, "Time an interceptor may take unless its rule says", 1,
              60'000),
      key_string("default_failure_mode", "open",
                 "What a late or failing interceptor means: open lets the change through, "
                 "closed refuses it",
                 {"open", "closed"}),
  };
  return schema;
}

const ConfigSchema& bus_handler_schema() {
  static const ConfigSchema schema{
      optional(key_int("priority", 0, "Overrides the plugin's priority (higher runs first)",
                       std::numeric_limits<std::int32_t>::min(),
                       std::numeric_limits<std::int32_t>::max())),
      optional(key_int("deadline_ms", 0, "Interceptor deadline", 1, 60'000)),
      optional(key_string("failure_mode", "", "Interceptor failure mode", {"open", "closed"})),
      optional(key_strings("events", {}, "Only these events (dotted names) reach the instance")),
      key_table("filter", "Event fields (JSON form) that must equal these values"),
  };
  return schema;
}

const ConfigSchema& auth_schema() {
  static const ConfigSchema schema{
      key_int("code_ttl_s", 300, "Seconds a one-time login code stays valid", 1, 3600),
      key_int("max_attempts", 5, "Wrong codes accepted before a new code must be requested", 1,
              100),
      key_int("requests_per_phone_per_hour", 5, "Login codes one phone number may request per hour",
              1, 10'000),
      key_int("requests_per_address_per_hour", 30,
              "Login codes one client IP address may request per hour", 1, 1'000'000),
      key_int("requests_per_prefix_per_hour", 100,
              "Login codes that may be requested per hour for the phone numbers sharing all but "
              "their last 4 digits (a spray across many numbers)",
              1, 1'000'000),
      key_int("access_token_ttl_s", 900, "Lifetime of an access token (JWT), in seconds", 1,
              86'400),
      key_int("refresh_token_ttl_days", 30, "Lifetime of a refresh token, in days", 1, 3650),
      key_table("test_numbers",
                "Phone numbers (E.164) with a fixed 6-digit code: no SMS is sent, no rate limit"),
  };
  return schema;
}

const ConfigSchema& messaging_schema() {
  static const ConfigSchema schema{
      key_int("max_body_bytes", 64 * 1024,
              "Largest message payload (a body, or all per-device bodies together), in bytes", 1,
              16 * 1024 * 1024),
      key_string("retention", "until-delivered",
                 "until-delivered: delete a message once every recipient device acked it; "
                 "keep: server-side history",
                 {"until-delivered", "keep"}),
      key_int("undelivered_ttl_days", 30, "Days an undelivered message is kept", 1, 3650),
      key_int("sweep_interval_s", 60, "Seconds between retention sweeps", 1, 86'400),
      key_int("max_group_members", 256, "Largest group", 2, 100'000),
      key_int("prekeys_low_threshold", 10,
              "A device with fewer one-time prekeys left gets keys.low", 0, 10'000),
      key_int("presence_coalesce_ms", 1000,
              "Presence changes within this window are merged (a flapping link sends nothing)", 0,
              60'000),
      key_int("read_cache_ms", 1000,
              "How long a send may reuse a recipient's devices, existence and blocks read from "
              "the store. Changes made through this node apply at once; another node's after "
              "at most this long. 0: read the store every time",
              0, 60'000),
      key_int("push_interval_ms", 60'000,
              "A device that has not come back since its last push gets at most one more push "
              "per this many milliseconds, however many messages arrive",
              100, 86'400'000),
      key_int("push_max_tries", 5,
              "Sends of one push before giving up (429, 5xx and network errors are retried "
              "with exponential backoff and jitter, honouring Retry-After)",
              1, 20),
      key_int("push_give_up_s", 600, "Seconds after which a push still failing is dropped", 1,
              86'400),
      key_string("group_add_privacy", "contacts",
                 "Who may add a user to groups until they choose (privacy.set \"groups\"): "
                 "everyone, contacts (people the user has as contacts) or nobody",
                 {"everyone", "contacts", "nobody"}),
      key_int("slow_consumer_timeout_ms", 30'000,
              "A session that holds events back until its device acks (1,024 unacked events "
              "pushed, or a replayed page not yet acked) and gets no ack for this long is "
              "closed as slow_consumer (WebSocket 1008). 0: never",
              0, 3'600'000),
  };
  return schema;
}

}  // namespace sb::kernel
