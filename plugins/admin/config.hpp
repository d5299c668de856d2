// SPDX-License-Identifier: Apache-2.0
// The admin plugin's config: where the built UI is, session lifetimes, login limits and the
// dashboard's sampling.
#pragma once

#include <chrono>
#include <string>

#include <switchboard/config_schema.hpp>

namespace sb::admin {

struct Config {
  std::string ui_dir;
  std::chrono::minutes session_idle{30};
  std::chrono::hours session_absolute{12};
  int login_failures_per_account = 5;
  int login_failures_per_address = 20;
  std::chrono::minutes login_window{15};
  std::chrono::seconds sample_interval{5};
  std::chrono::minutes history{60};
  std::size_t audit_memory = 10'000;

  static sb::ConfigSchema schema() {
    return {
        sb::key_string("ui_dir", "",
                       "Directory of the built admin UI (admin-ui/dist); empty: the build's or "
                       "the installed copy next to the binary"),
        sb::key_int("session_idle_minutes", 30, "A session unused this long ends", 1, 24 * 60),
        sb::key_int("session_absolute_hours", 12, "A session ends this long after login", 1,
                    24 * 30),
        sb::key_int("login_failures_per_account", 5,
                    "Failed logins per admin account within login_window_minutes before "
                    "logins to it are refused (429)",
                    1, 1000),
        sb::key_int("login_failures_per_address", 20,
                    "Failed logins per client IP address within login_window_minutes", 1, 10000),
        sb::key_int("login_window_minutes", 15, "The window the login limits count in", 1, 24 * 60),
        sb::key_int("sample_interval_s", 5, "How often the dashboard samples the metrics", 1, 60),
        sb::key_int("history_minutes", 60, "How much dashboard history is kept in memory", 1,
                    24 * 60),
        sb::key_int("audit_memory", 10000,
                    "Audit entries kept in memory for browsing (all are in audit.jsonl)", 100,
                    1'000'000),
    };
  }
  static Config load(const sb::ConfigView& v) {
    Config c;
    c.ui_dir = v.string("ui_dir");
    c.session_idle = std::chrono::minutes(v.integer("session_idle_minutes"));
    c.session_absolute = std::chrono::hours(v.integer("session_absolute_hours"));
    c.login_failures_per_account = static_cast<int>(v.integer("login_failures_per_account"));
    c.login_failures_per_address = static_cast<int>(v.integer("login_failures_per_address"));
    c.login_window = std::chrono::minutes(v.integer("login_window_minutes"));
    c.sample_interval = std::chrono::seconds(v.integer("sample_interval_s"));
    c.history = std::chrono::minutes(v.integer("history_minutes"));
    c.audit_memory = static_cast<std::size_t>(v.integer("audit_memory"));
    return c;
  }
};

}  // namespace sb::admin
