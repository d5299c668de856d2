// SPDX-License-Identifier: Apache-2.0
// The /v1/auth/* HTTP endpoints: request bodies checked on the I/O thread (cheap), the
// store work handed to the core's worker pool, which answers the responder.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/thread_pool.hpp>
#include <switchboard/http.hpp>
#include <switchboard/log.hpp>
#include <switchboard/subscription.hpp>

#include "kernel/core/accounts.hpp"

namespace sb::core {

// Bodies of the auth endpoints are a few short strings; anything larger is refused.
inline constexpr std::size_t kMaxAuthBodyBytes = 4096;

// The named string fields of a JSON object body, or the 400 answer naming what is wrong
// (not JSON, not an object, a field missing, of the wrong type or too long).
struct BodyFields {
  std::vector<std::string> values;
  std::optional<HttpResponse> error;
};
BodyFields read_string_fields(std::string_view body, const std::vector<std::string>& names);

// "1.2.3.4:5678" -> "1.2.3.4", "[::1]:5678" -> "::1".
std::string client_ip(std::string_view remote_address);

// POST /v1/auth/request-code, /v1/auth/verify and /v1/auth/refresh.
std::vector<Subscription> register_auth_routes(HttpRouter& router, Accounts& accounts,
                                               boost::asio::thread_pool& pool, Logger& log);

}  // namespace sb::core
