// SPDX-License-Identifier: Apache-2.0
// The kernel's minimal admin endpoint until the admin plugin exists: POST /v1/admin/ban,
// for `switchboard ban` on the same machine (loopback only, a token derived from the key).
#pragma once

#include <string>
#include <vector>

#include <boost/asio/thread_pool.hpp>
#include <switchboard/http.hpp>

namespace sb::core {

class Engine;

// Body {"user": id | "phone": E.164, "banned": true|false (default true)}.
std::vector<Subscription> register_admin_routes(HttpRouter& router, Engine& engine,
                                                boost::asio::thread_pool& pool,
                                                std::string admin_token);

}  // namespace sb::core
