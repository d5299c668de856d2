// SPDX-License-Identifier: Apache-2.0
// The kernel's own admin endpoint, present with or without the admin plugin: POST
// /v1/admin/ban, for `switchboard ban` on the same machine (loopback only, a token derived
// from the key). A ban is written to the admin plugin's audit log when it is loaded.
#pragma once

#include <string>
#include <vector>

#include <boost/asio/thread_pool.hpp>
#include <switchboard/http.hpp>
#include <switchboard/services.hpp>

namespace sb::core {

class Engine;

// Body {"user": id | "phone": E.164, "banned": true|false (default true)}. `services`
// (where AdminAudit is looked up per call) outlives the routes.
std::vector<Subscription> register_admin_routes(HttpRouter& router, Engine& engine,
                                                boost::asio::thread_pool& pool,
                                                std::string admin_token, ServiceRegistry& services);

}  // namespace sb::core
