// SPDX-License-Identifier: Apache-2.0
// CORS, off unless server.cors_origins names the page's origin: only then do replies carry
// Access-Control-Allow-Origin, and only then is a preflight (OPTIONS) answered.
#pragma once

#include <string>
#include <string_view>

#include <switchboard/http.hpp>

#include "kernel/host/settings.hpp"

namespace sb::kernel {

// `origin` (the request's Origin header) when it is configured, else empty.
std::string cors_origin(const ServerSettings& settings, std::string_view origin);

// The 204 that lets a configured origin's page send the request it announced.
HttpResponse cors_preflight(const std::string& origin);

// Lets the configured origin's page read `response`.
void add_cors_headers(HttpResponse& response, const std::string& origin);

}  // namespace sb::kernel
