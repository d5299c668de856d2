// SPDX-License-Identifier: Apache-2.0
// Every route of the admin API: method, pattern, the handler's name and the least role it
// needs. The plugin registers exactly these (and refuses to start when a handler is missing),
// and tests/admin checks openapi.json against this table, so an undocumented route fails.
// Depends on nothing, so the test can include it.
#pragma once

#include <string_view>

namespace sb::admin {

enum class Need { none, viewer, operator_, owner };

struct RouteSpec {
  std::string_view method;
  std::string_view pattern;
  std::string_view handler;
  Need need;
};

inline constexpr RouteSpec kRoutes[] = {
    {"POST", "/v1/admin/login", "login", Need::none},
    {"POST", "/v1/admin/logout", "logout", Need::viewer},
    {"GET", "/v1/admin/me", "me", Need::viewer},
    {"GET", "/v1/admin/openapi.json", "openapi", Need::none},
    {"GET", "/v1/admin/dashboard", "dashboard", Need::viewer},
    {"GET", "/v1/admin/users", "users", Need::viewer},
    {"GET", "/v1/admin/users/{id}", "user", Need::viewer},
    {"POST", "/v1/admin/users/{id}/devices/{device}/revoke", "revoke_device", Need::operator_},
    {"POST", "/v1/admin/users/{id}/ban", "ban", Need::operator_},
    {"POST", "/v1/admin/users/{id}/unban", "unban", Need::operator_},
    {"DELETE", "/v1/admin/users/{id}", "delete_user", Need::operator_},
    {"POST", "/v1/admin/users/bulk", "bulk_users", Need::operator_},
    {"GET", "/v1/admin/groups", "groups", Need::viewer},
    {"GET", "/v1/admin/groups/{id}", "group", Need::viewer},
    {"POST", "/v1/admin/groups/{id}/disband", "disband", Need::operator_},
    {"POST", "/v1/admin/notices", "notice", Need::operator_},
    {"GET", "/v1/admin/plugins", "plugins", Need::viewer},
    {"PUT", "/v1/admin/plugins/{id}/config", "plugin_config", Need::operator_},
    {"GET", "/v1/admin/wiring", "wiring", Need::viewer},
    {"GET", "/v1/admin/bots", "bots", Need::viewer},
    {"GET", "/v1/admin/bots/{name}", "bot", Need::viewer},
    {"PUT", "/v1/admin/bots/{name}", "bot_source", Need::operator_},
    {"POST", "/v1/admin/bots/{name}/reload", "bot_reload", Need::operator_},
    {"POST", "/v1/admin/bots/{name}/enable", "bot_enable", Need::operator_},
    {"POST", "/v1/admin/bots/{name}/disable", "bot_disable", Need::operator_},
    {"GET", "/v1/admin/audit", "audit", Need::viewer},
    {"GET", "/v1/admin/admins", "admins", Need::viewer},
    {"POST", "/v1/admin/admins", "admin_add", Need::owner},
    {"PUT", "/v1/admin/admins/{name}", "admin_role", Need::owner},
    {"DELETE", "/v1/admin/admins/{name}", "admin_remove", Need::owner},
    {"GET", "/v1/admin/tokens", "tokens", Need::viewer},
    {"POST", "/v1/admin/tokens", "token_add", Need::owner},
    {"DELETE", "/v1/admin/tokens/{id}", "token_remove", Need::owner},
};

}  // namespace sb::admin
