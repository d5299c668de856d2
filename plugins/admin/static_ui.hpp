// SPDX-License-Identifier: Apache-2.0
// Serves the built admin UI at /admin (files from ui_dir, index.html for client-side
// routes) and the OpenAPI document at /v1/admin/openapi.json.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <switchboard/http.hpp>

namespace sb::admin {

// Answers a path under /admin from `ui_dir`: a file with its Content-Type; a path without
// an extension that is not a file gets index.html (client-side routing); never a directory
// listing, never a file outside ui_dir.
HttpResponse serve_ui_file(const std::string& ui_dir, std::string_view path);

// `refused` answers non-empty (an error response) when admin surfaces are off here.
std::vector<Subscription> register_static_routes(HttpRouter& router, std::string ui_dir,
                                                 std::function<bool()> public_only);

// The OpenAPI 3 document (openapi.json, embedded at build time).
std::string_view openapi_document();

}  // namespace sb::admin
